package dev.lucent.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link CudaRenderer} cuts a frame into bands for its devices. Band b has {@link #rowCount}(b) launch rows;
 * launch row r is image row {@link #row}(b, r) = rowBegin + (r / rowGroup) * rowStride + r % rowGroup: groups of
 * {@link #rowGroup} consecutive rows, {@link #rowStride} rows apart (the kernels' {@code lcLaunchRow},
 * shaders/cuda/pathtrace.cu). Every image row belongs to exactly one band. A band of consecutive rows has
 * rowGroup == rowStride. A band is rendered by the device slot {@link #owner} names or, for owner -1, by
 * whichever device asks next (in index order, after the device's own bands).
 *
 * <p>Plans:
 * <ul>
 * <li>{@link #equal}: bands of consecutive rows of one height, shared out dynamically.
 * <li>{@link #guided}: guided self-scheduling (Polychronopoulos and Kuck 1987, with the chunk halved as in
 * factoring, Hummel, Schonberg and Flynn 1992): each band the remaining rows over twice the device count, so the
 * first bands are large and the last ones small. Measured on two H200s (docs/benchmarks.md), guided bands matched
 * equal ones on the Cornell box and lost 5-15% on the helmet and the 10M scene: every sample pass of a small band
 * is its own launch of one or two waves, whose tail of long paths idles the GPU.
 * <li>{@link #interleaved}: device d of n owns the groups of {@code groupRows} rows numbered d, d + n, d + 2n, ...
 * (a group is one or more 4-row tiles), so every device gets the same mix of cheap and costly rows (sky and
 * helmet, far and near terrain) and renders it in full launches; its groups are cut into a few chunks in order,
 * so a finished chunk is downloaded and merged while the next renders. Assigned statically: it assumes devices of
 * equal speed.
 * </ul>
 * Which band or device renders a pixel never changes that pixel's samples, so the image is the same for any
 * plan.
 */
public final class CudaBandPlan {
    /** Rows per tile of the kernels' launch grid (8 x 4 pixels per warp); band starts are multiples of it. */
    public static final int TILE_ROWS = 4;
    /**
     * Smallest guided band in pixels: about one wave of the 128-register megakernel on an H200 (132 SMs x 512
     * resident threads = 67,584), so a band below it would leave SMs idle in every pass.
     */
    public static final int MIN_BAND_PIXELS = 65_536;

    private final int height;
    private final int[] begin, count, group, stride, owner;

    private CudaBandPlan(int height, int[] begin, int[] count, int[] group, int[] stride, int[] owner) {
        this.height = height;
        this.begin = begin;
        this.count = count;
        this.group = group;
        this.stride = stride;
        this.owner = owner;
    }

    /** Bands of consecutive rows from {@code starts} (bandCount + 1 boundaries, 0 first, height last), any owner. */
    private static CudaBandPlan consecutive(int[] starts) {
        int n = starts.length - 1;
        int[] b = new int[n], c = new int[n], own = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = starts[i];
            c[i] = starts[i + 1] - starts[i];
            own[i] = -1;
        }
        return new CudaBandPlan(starts[n], b, c, c.clone(), c.clone(), own);
    }

    /** Bands of {@code bandRows} consecutive rows (the last may be shorter), shared out dynamically. */
    public static CudaBandPlan equal(int height, int bandRows) {
        if (height < 1 || bandRows < 1) throw new IllegalArgumentException("height " + height + ", bandRows " + bandRows);
        int n = (height + bandRows - 1) / bandRows;
        int[] s = new int[n + 1];
        for (int i = 0; i < n; i++) s[i] = i * bandRows;
        s[n] = height;
        return consecutive(s);
    }

    /**
     * Guided bands for {@code devices} devices: one band (the whole frame) for one device; otherwise each band
     * is ceil(remaining / (2 x devices)) rows rounded up to whole tiles, at least {@code minPixels / width} rows
     * (whole tiles); when fewer than two minimum bands are left, they become one band (up to 1.5 minimum bands)
     * or two halves.
     */
    public static CudaBandPlan guided(int width, int height, int devices, int minPixels) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("image " + width + "x" + height);
        if (devices <= 1) return consecutive(new int[] {0, height});
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
        return consecutive(s.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@link #guided(int, int, int, int)} with {@link #MIN_BAND_PIXELS}. */
    public static CudaBandPlan guided(int width, int height, int devices) {
        return guided(width, height, devices, MIN_BAND_PIXELS);
    }

    /**
     * Interleaved row groups: the image is cut into groups of {@code groupRows} rows (the last may be shorter);
     * device slot d of {@code devices} owns groups d, d + devices, d + 2 devices, ... and renders them as up to
     * {@code chunksPerDevice} bands (consecutive runs of its groups, as equal in group count as possible, top
     * first). Band order: chunk 0 of every device, then chunk 1, ... A device with no group gets no band.
     *
     * @param groupRows rows per group, a multiple of {@link #TILE_ROWS} (so a warp's tile stays in one group)
     */
    public static CudaBandPlan interleaved(int height, int devices, int groupRows, int chunksPerDevice) {
        if (height < 1 || devices < 1 || chunksPerDevice < 1) {
            throw new IllegalArgumentException("height " + height + ", devices " + devices + ", chunks "
                    + chunksPerDevice);
        }
        if (groupRows < TILE_ROWS || groupRows % TILE_ROWS != 0) {
            throw new IllegalArgumentException("groupRows " + groupRows + " is not a positive multiple of " + TILE_ROWS);
        }
        int groups = (height + groupRows - 1) / groupRows;
        List<int[]> bands = new ArrayList<>(); // {begin, count, group, stride, owner}
        for (int chunk = 0; chunk < chunksPerDevice; chunk++) {
            for (int d = 0; d < devices; d++) {
                int own = groups > d ? (groups - d + devices - 1) / devices : 0; // groups d, d + n, ... below groups
                int chunks = Math.min(chunksPerDevice, own);
                if (chunk >= chunks) continue;
                int first = (int) ((long) own * chunk / chunks), last = (int) ((long) own * (chunk + 1) / chunks);
                int g0 = d + first * devices, gLast = d + (last - 1) * devices;
                int rows = (last - first - 1) * groupRows + Math.min(groupRows, height - gLast * groupRows);
                bands.add(new int[] {g0 * groupRows, rows, groupRows, devices * groupRows, d});
            }
        }
        int n = bands.size();
        int[][] f = new int[5][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 5; k++) f[k][i] = bands.get(i)[k];
        }
        return new CudaBandPlan(height, f[0], f[1], f[2], f[3], f[4]);
    }

    private static int roundUpToTile(int rows) {
        return (rows + TILE_ROWS - 1) / TILE_ROWS * TILE_ROWS;
    }

    public int bandCount() { return begin.length; }
    /** Image row of band {@code band}'s launch row 0. */
    public int rowBegin(int band) { return begin[band]; }
    /** One past the last image row of band {@code band} (its rows need not all lie in between). */
    public int rowEnd(int band) { return row(band, count[band] - 1) + 1; }
    /** Launch rows (image rows) of band {@code band}. */
    public int rowCount(int band) { return count[band]; }
    /** Consecutive rows per group of band {@code band}. */
    public int rowGroup(int band) { return group[band]; }
    /** Rows from one group's start to the next group's start, in band {@code band}. */
    public int rowStride(int band) { return stride[band]; }
    /** The device slot that renders band {@code band}, or -1 for whichever asks next. */
    public int owner(int band) { return owner[band]; }
    /** Whether band {@code band} is one run of consecutive rows. */
    public boolean consecutive(int band) { return group[band] == stride[band] || count[band] <= group[band]; }
    /** Whether some band has an owner (then {@link CudaRenderer} gives each device its own bands). */
    public boolean owned() {
        for (int o : owner) if (o >= 0) return true;
        return false;
    }
    public int height() { return height; }

    /** Image row of launch row {@code r} (0 <= r < rowCount) of band {@code band}. */
    public int row(int band, int r) {
        return begin[band] + (r / group[band]) * stride[band] + r % group[band];
    }

    /** Rows of the largest band (the size of a band download buffer). */
    public int maxRows() {
        int m = 0;
        for (int c : count) m = Math.max(m, c);
        return m;
    }

    /** Rows of each band, in order. */
    public int[] bandRows() {
        return count.clone();
    }

    /** The bands of device slot {@code slot} (owner == slot), in index order. */
    public int[] bandsOf(int slot) {
        return java.util.stream.IntStream.range(0, bandCount()).filter(b -> owner[b] == slot).toArray();
    }

    @Override
    public String toString() {
        if (!owned()) return bandCount() + " bands " + Arrays.toString(bandRows());
        return bandCount() + " interleaved bands of " + group[0] + "-row groups " + Arrays.toString(bandRows());
    }
}
