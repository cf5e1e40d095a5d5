package dev.lucent.denoise;

import java.util.Arrays;

/**
 * Takes isolated Monte Carlo outliers out of a render before it is filtered: pixels whose mean holds one or a
 * few rare, very bright samples (on DamagedHelmet under the sky, sun paths clamped to the radiance clamp: one
 * sample of 10 among 128 lifts a pixel by 0.078 while its neighbours sit near 0.03). A filter that weights
 * neighbours by colour cannot average such a pixel away (its variance estimate is as extreme as its value, so
 * it refuses its neighbours and they refuse it); left in, these pixels held 72% of the squared display error
 * of the raw 128-spp helmet image in 1% of its pixels (docs/benchmarks.md, "Denoising", denoise4).
 *
 * <p>Per channel, on the demodulated colour {@code u = (colour - emission) / (albedo + 0.01)} (as
 * {@link CpuDenoiser}) with standard error {@code s = sqrt(variance) / (albedo + 0.01)}, over the 8
 * neighbours whose camera rays hit geometry (the pixel's own must hit and see no emission, and at least 3
 * neighbours must hit; an emitter's pixels are left alone, since where the pixel footprint straddles a light's
 * edge the variance is the emission's coverage noise, not the reflected light's):
 * with {@code u~} and {@code s~} the medians (the upper one for an even count) of the neighbours' u and s, a
 * pixel with {@code s > ratio * s~} and {@code u > u~} is an outlier and loses {@code min(u - u~, s)} (one
 * clamped sample among N lifts the mean by about one standard error, so this removes about that sample's
 * share), and its variance becomes {@code s~^2} (both times {@code (albedo + 0.01)^2} back in colour units).
 * Everything else is copied.
 *
 * <p>This is a biased estimator: the removed energy is not put back (spreading it over a 7x7 to 25x25 box of
 * neighbours lost 1.3 to 2.4 dB against removing it, as the energy removed is not where the rare paths land on
 * average), and pixels that missed a rare path its neighbours found stay too dark. It pays because the
 * variance it removes is much larger than the bias: helmet 128 spp through {@link CpuDenoiser} 45.89 to
 * 46.71 dB PSNR, through {@link RegressionFilter} 46.36 to 47.57 dB, with the Cornell box and the material test
 * within 0.1 dB (better at most sample counts) except the regression at 16 spp on the material test (-0.1 to
 * -0.3 dB).
 *
 * <p>Multithreaded over rows; each output value depends only on the input, bit-identical for any thread
 * count.
 */
public final class OutlierFilter {
    /**
     * Ratio of {@link CpuDenoiserSettings#defaults()} and {@link RegressionFilter#defaults}: a standard error 5
     * times the neighbours' median.
     */
    public static final float DEFAULT_RATIO = 5f;

    private final float ratio;
    private final int threads;

    /**
     * @param ratio a pixel is an outlier when its standard error exceeds this many times its neighbours'
     *              median (and its value their median); must be at least 1
     */
    public OutlierFilter(float ratio, int threads) {
        if (!(ratio >= 1)) throw new IllegalArgumentException("outlier ratio must be at least 1: " + ratio);
        if (threads < 1) throw new IllegalArgumentException("threads " + threads);
        this.ratio = ratio;
        this.threads = threads;
    }

    public float ratio() { return ratio; }

    /**
     * {@code in} with its outliers removed: a new input whose colour and variance arrays are new, every other
     * array shared with {@code in}.
     */
    public DenoiseInput apply(DenoiseInput in) {
        int w = in.width(), h = in.height(), n = in.pixelCount();
        float[] u = new float[3 * n];
        float[] s = new float[3 * n];
        float[] colour = new float[3 * n];
        float[] variance = new float[3 * n];
        try (RowBands bands = new RowBands(threads)) {
            bands.run(h, (y0, y1) -> demodulate(in, y0, y1, u, s));
            bands.run(h, (y0, y1) -> removeRows(in, y0, y1, u, s, colour, variance));
        }
        return new DenoiseInput(w, h, colour, in.albedo(), in.normal(), in.depth(), variance, in.spp(),
                in.emission(), in.motion(), in.previousDepth(), null, in.roughness());
    }

    /** Number of pixels of {@code in} that {@link #apply} changes in at least one channel. */
    public int countOutliers(DenoiseInput in) {
        DenoiseInput out = apply(in);
        int count = 0;
        for (int p = 0; p < in.pixelCount(); p++) {
            for (int c = 0; c < 3; c++) {
                if (Float.compare(out.color()[3 * p + c], in.color()[3 * p + c]) != 0) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    /** u and s (class comment) of rows y0..y1-1; s is -1 where the camera ray missed (not a neighbour). */
    private static void demodulate(DenoiseInput in, int y0, int y1, float[] u, float[] s) {
        float[] colour = in.color(), variance = in.variance(), albedo = in.albedo(), emission = in.emission();
        int w = in.width();
        for (int p = y0 * w; p < y1 * w; p++) {
            boolean hit = hit(in.depth()[p]);
            for (int c = 0; c < 3; c++) {
                int i = 3 * p + c;
                float d = finiteNonNegative(albedo[i]) + CpuDenoiser.ALBEDO_EPSILON;
                u[i] = finite(colour[i] - emission[i]) / d;
                s[i] = hit ? (float) Math.sqrt(finiteNonNegative(variance[i])) / d : -1f;
            }
        }
    }

    private void removeRows(DenoiseInput in, int y0, int y1, float[] u, float[] s, float[] colourOut,
                            float[] varianceOut) {
        int w = in.width(), h = in.height();
        float[] colour = in.color(), variance = in.variance(), albedo = in.albedo(), emission = in.emission();
        float[] nu = new float[8], ns = new float[8];
        int[] nq = new int[8];
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                System.arraycopy(colour, 3 * p, colourOut, 3 * p, 3);
                System.arraycopy(variance, 3 * p, varianceOut, 3 * p, 3);
                if (s[3 * p] < 0 || emission[3 * p] > 0 || emission[3 * p + 1] > 0 || emission[3 * p + 2] > 0) {
                    continue;
                }
                int k = 0;
                for (int j = -1; j <= 1; j++) {
                    int yy = y + j;
                    if (yy < 0 || yy >= h) continue;
                    for (int i = -1; i <= 1; i++) {
                        int xx = x + i;
                        if ((i == 0 && j == 0) || xx < 0 || xx >= w) continue;
                        int q = yy * w + xx;
                        if (s[3 * q] >= 0) nq[k++] = q;
                    }
                }
                if (k < 3) continue;
                for (int c = 0; c < 3; c++) {
                    int i = 3 * p + c;
                    for (int m = 0; m < k; m++) ns[m] = s[3 * nq[m] + c];
                    Arrays.sort(ns, 0, k);
                    float sBase = ns[k / 2];
                    if (!(s[i] > ratio * sBase)) continue;
                    for (int m = 0; m < k; m++) nu[m] = u[3 * nq[m] + c];
                    Arrays.sort(nu, 0, k);
                    float base = nu[k / 2];
                    if (!(u[i] > base)) continue;
                    float d = finiteNonNegative(albedo[i]) + CpuDenoiser.ALBEDO_EPSILON;
                    colourOut[i] = colour[i] - Math.min(u[i] - base, s[i]) * d;
                    varianceOut[i] = sBase * sBase * d * d;
                }
            }
        }
    }

    private static boolean hit(float z) {
        return z >= 0 && z < Float.POSITIVE_INFINITY;
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : 0f;
    }

    private static float finiteNonNegative(float v) {
        return v > 0 && v < Float.POSITIVE_INFINITY ? v : 0f;
    }
}
