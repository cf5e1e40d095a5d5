package dev.lucent.image;

/**
 * AgX (Troy Sobotka's display rendering) in Benjamin Wrensch's minimal form ("Minimal AgX Implementation",
 * iolite-engine.com, 2023): the published inset matrix, a log2 encoding over [-12.47393, 4.026069] EV, his
 * 6th-order polynomial fit of the default AgX sigmoid, the inverse (outset) matrix, and the 2.2 power that
 * turns the curve's display-encoded output back into display-linear light (the sRGB OETF in
 * {@link DisplayTransform} then re-encodes it; sRGB and a pure 2.2 power differ slightly near black). No
 * look (the "default" look). Output clamped to [0,1].
 */
public final class AgxToneMapper implements ToneMapper {
    public static final String NAME = "agx";

    static final double MIN_EV = -12.47393;
    static final double MAX_EV = 4.026069;

    @Override
    public String name() { return NAME; }

    @Override
    public void map(float[] rgb, int offset) {
        double r = rgb[offset], g = rgb[offset + 1], b = rgb[offset + 2];
        // Inset: rotate and desaturate into the AgX working space.
        double ri = 0.842479062253094 * r + 0.0784335999999992 * g + 0.0792237451477643 * b;
        double gi = 0.0423282422610123 * r + 0.878468636469772 * g + 0.0791661274605434 * b;
        double bi = 0.0423756549057051 * r + 0.0784336 * g + 0.879142973793104 * b;
        ri = sigmoid(ri);
        gi = sigmoid(gi);
        bi = sigmoid(bi);
        // Outset: the inverse of the inset matrix.
        double ro = 1.19687900512017 * ri - 0.0980208811401368 * gi - 0.0990297440797205 * bi;
        double go = -0.0528968517574562 * ri + 1.15190312990417 * gi - 0.0989611768448433 * bi;
        double bo = -0.0529716355144438 * ri - 0.0980434501171241 * gi + 1.15107367264116 * bi;
        rgb[offset] = (float) toLinear(ro);
        rgb[offset + 1] = (float) toLinear(go);
        rgb[offset + 2] = (float) toLinear(bo);
    }

    /** Log2 encoding normalised to [0,1] over [MIN_EV, MAX_EV], then the polynomial sigmoid. */
    static double sigmoid(double v) {
        double ev = v > 0 ? Math.log(v) / Math.log(2) : MIN_EV;
        double x = (Math.min(Math.max(ev, MIN_EV), MAX_EV) - MIN_EV) / (MAX_EV - MIN_EV);
        double x2 = x * x, x4 = x2 * x2;
        return 15.5 * x4 * x2 - 40.14 * x4 * x + 31.96 * x4 - 6.868 * x2 * x + 0.4298 * x2 + 0.1191 * x - 0.00232;
    }

    private static double toLinear(double encoded) {
        return Math.pow(Math.min(Math.max(encoded, 0.0), 1.0), 2.2);
    }
}
