package dev.lucent.metrics;

/**
 * Relative mean squared error on scene-linear HDR values (Rousselle, Knaus, Zwicker 2011):
 * {@code mean over pixels and channels of (t - r)^2 / (r^2 + 0.01)}, r the reference, t the test image. The
 * 0.01 keeps dark pixels from dominating. 0 for identical images; a test image that is 10% off everywhere
 * on a bright reference gives about 0.01. Non-finite samples are counted as 0.
 */
public final class RelativeMse {
    /** The epsilon added to r^2. */
    public static final double EPSILON = 0.01;

    private RelativeMse() {}

    public static double of(RgbImage test, RgbImage reference) {
        test.requireSameSize(reference);
        float[] t = test.rgb();
        float[] r = reference.rgb();
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            double rv = finite(r[i]);
            double d = finite(t[i]) - rv;
            sum += d * d / (rv * rv + EPSILON);
        }
        return sum / t.length;
    }

    private static double finite(float v) {
        return Float.isFinite(v) ? v : 0.0;
    }
}
