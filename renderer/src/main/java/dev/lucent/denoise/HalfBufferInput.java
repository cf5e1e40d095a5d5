package dev.lucent.denoise;

/**
 * A render split into two independent halves of its samples (NFOR's half buffers, Bitterli et al. 2016):
 * {@code first} and {@code second} hold the same pixels, each the mean, variance of the mean and AOVs of its
 * own samples, the two sample sets drawn independently (different seeds, or even and odd sample indices). Each
 * half's {@link DenoiseInput#variance()} is that of its own mean. Both must have the same size.
 */
public record HalfBufferInput(DenoiseInput first, DenoiseInput second) {
    public HalfBufferInput {
        if (first == null || second == null) throw new IllegalArgumentException("half buffer is null");
        if (first.width() != second.width() || first.height() != second.height()) {
            throw new IllegalArgumentException("half buffers differ in size: " + first.width() + "x"
                    + first.height() + " and " + second.width() + "x" + second.height());
        }
    }

    /**
     * The render of all samples, as a {@link DenoiseInput}, assuming both halves hold the same number of
     * samples per pixel: colour, albedo, normal and emission are the means of the halves; the variance of the
     * mean is {@code (var_1 + var_2) / 4}; depth is the mean where both halves hit, the hitting half's depth
     * where one does, +infinity where neither does; spp the sum; no motion.
     */
    public DenoiseInput combined() {
        int n = first.pixelCount();
        float[] colour = mean(first.color(), second.color());
        float[] albedo = mean(first.albedo(), second.albedo());
        float[] normal = mean(first.normal(), second.normal());
        float[] emission = mean(first.emission(), second.emission());
        float[] variance = new float[3 * n];
        for (int i = 0; i < variance.length; i++) {
            variance[i] = 0.25f * (first.variance()[i] + second.variance()[i]);
        }
        float[] depth = new float[n];
        for (int p = 0; p < n; p++) {
            float a = first.depth()[p], b = second.depth()[p];
            boolean ha = a >= 0 && a < Float.POSITIVE_INFINITY, hb = b >= 0 && b < Float.POSITIVE_INFINITY;
            depth[p] = ha && hb ? 0.5f * (a + b) : ha ? a : hb ? b : Float.POSITIVE_INFINITY;
        }
        return new DenoiseInput(first.width(), first.height(), colour, albedo, normal, depth, variance,
                first.spp() + second.spp(), emission, null, null);
    }

    private static float[] mean(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int i = 0; i < a.length; i++) m[i] = 0.5f * (a[i] + b[i]);
        return m;
    }
}
