package dev.lucent.image;

/**
 * Krzysztof Narkowicz's 2015 fit of the ACES RRT + sRGB ODT tone curve ("ACES Filmic Tone Mapping Curve",
 * knarkowicz.wordpress.com, 2016-01-06), applied per channel:
 * {@code f(x) = saturate(x (2.51 x + 0.03) / (x (2.43 x + 0.59) + 0.14))}.
 *
 * <p>The fit is pre-exposed as published (input 1 maps to about 0.80; the original ACES curve corresponds
 * to scaling the input by 0.6, which here is an exposure of log2(0.6) = -0.74 stops). Being a per-channel
 * luminance fit, it over-saturates bright colours; it is not Stephen Hill's fit with the RRT/ODT matrices.
 */
public final class AcesToneMapper implements ToneMapper {
    public static final String NAME = "aces";

    private static final double A = 2.51, B = 0.03, C = 2.43, D = 0.59, E = 0.14;

    @Override
    public String name() { return NAME; }

    /** The curve for one channel value. */
    public static double curve(double x) {
        double y = (x * (A * x + B)) / (x * (C * x + D) + E);
        return Math.min(1.0, Math.max(0.0, y));
    }

    @Override
    public void map(float[] rgb, int offset) {
        for (int c = 0; c < 3; c++) rgb[offset + c] = (float) curve(rgb[offset + c]);
    }
}
