package dev.lucent.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link CudaRenderer} cuts a frame into bands of whole rows for its devices: band i covers rows
 * [{@link #rowBegin}(i), {@link #rowEnd}(i)), the bands cover every row once in order, and bands are handed out
 * in index order to whichever device asks next. Every band start is a multiple of 4 (the kernels' 4-row tiles).
 *
 * <p>{@link #guided} is guided self-scheduling (Polychronopoulos and Kuck 1987, with the chunk halved as in
 * factoring, Hummel, Schonberg and Flynn 1992): each band is the remaining rows over twice the device count, so
 * the first bands are large (full launches) and the last ones small, and the device that finishes last waits for
 * at most one small band. Which band a device renders never changes a pixel's samples, so the image is the same
 * for any plan. Measured on two H200s (docs/benchmarks.md), guided bands matched equal ones on the Cornell box
 * and lost 5-15% on the helmet and the 10M scene: every sample pass of a small band is its own launch of one or
 * two waves, whose tail of long paths idles the GPU, which costs more than the balance gains. {@link
 * CudaRenderer} therefore renders equal bands by default; guided plans stay for {@code PathTraceBenchmark}.
 */
public final class CudaBandPlan {
    /** Rows per tile of the megakernel's launch grid (8 x 4 pixels per warp); band starts are multiples of it. */
    public static final int TILE_ROWS = 4;
    /**
     * Smallest guided band in pixels: about one wave of the 128-register megakernel on an H200 (132 SMs x 512
     * resident threads = 67,584), so a band below it would leave SMs idle in every pass.
     */
    public static final int MIN_BAND_PIXELS = 65_536;

    private final int[] starts; // bandCount + 1 boundaries, starts[0] = 0, starts[bandCount] = height

    private CudaBandPlan(int[] starts) {
        this.starts = starts;
    }

    /** Bands of {@code bandRows} rows (the last may be shorter). */
    public static CudaBandPlan equal(int height, int bandRows) {
        if (height < 1 || bandRows < 1) throw new IllegalArgumentException("height " + height + ", bandRows " + bandRows);
        int n = (height + bandRows - 1) / bandRows;
        int[] s = new int[n + 1];
        for (int i = 0; i < n; i++) s[i] = i * bandRows;
        s[n] = height;
        return new CudaBandPlan(s);
    }

    /**
     * Guided bands for {@code devices} devices: one band (the whole frame) for one device; otherwise each band
     * is ceil(remaining / (2 x devices)) rows rounded up to whole tiles, at least {@code minPixels / width} rows
     * (whole tiles); when fewer than two minimum bands are left, they become one band (up to 1.5 minimum bands)
     * or two halves.
     */
    public static CudaBandPlan guided(int width, int height, int devices, int minPixels) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("image " + width + "x" + height);
        if (devices <= 1) return new CudaBandPlan(new int[] {0, height});
        int minRows = roundUpToTile(Math.max(1, (minPixels + width - 1) / width));
        List<Integer> s = new ArrayList<>();
        int row = 0;
        while (row < height) {
            s.add(row);
            int remaining = height - row;
            int rows = Math.max(minRows, roundUpToTile((remaining + 2 * devices - 1) / (2 * devices)));
            if (remaining - rows < minRows) {
                // The band after this one would be under the minimum: what is left becomes one band, or two
                // halves when it is over 1.5 minimum bands, so the last band is never far over the others.
                rows = remaining <= minRows + minRows / 2 ? remaining : roundUpToTile((remaining + 1) / 2);
            }
            row += Math.min(rows, remaining);
        }
        s.add(height);
        return new CudaBandPlan(s.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@link #guided(int, int, int, int)} with {@link #MIN_BAND_PIXELS}. */
    public static CudaBandPlan guided(int width, int height, int devices) {
        return guided(width, height, devices, MIN_BAND_PIXELS);
    }

    private static int roundUpToTile(int rows) {
        return (rows + TILE_ROWS - 1) / TILE_ROWS * TILE_ROWS;
    }

    public int bandCount() { return starts.length - 1; }
    public int rowBegin(int band) { return starts[band]; }
    public int rowEnd(int band) { return starts[band + 1]; }
    public int height() { return starts[starts.length - 1]; }

    /** Rows of the largest band (the size of a band download buffer). */
    public int maxRows() {
        int m = 0;
        for (int i = 0; i < bandCount(); i++) m = Math.max(m, rowEnd(i) - rowBegin(i));
        return m;
    }

    /** Rows of each band, in order. */
    public int[] bandRows() {
        int[] r = new int[bandCount()];
        for (int i = 0; i < r.length; i++) r[i] = rowEnd(i) - rowBegin(i);
        return r;
    }

    @Override
    public String toString() {
        return bandCount() + " bands " + Arrays.toString(bandRows());
    }
}
