package dev.lucent.image;

/**
 * Khronos PBR Neutral tone mapper, implemented from the specification in KhronosGroup/ToneMapping
 * (PBR_Neutral/README.md). With F90 = 0.04, Ks = 0.8 - F90 = 0.76 and Kd = 0.15, for input c = (R, G, B):
 * <pre>
 *   x  = min(R, G, B)
 *   f  = x - x^2 / (4 F90)   if x &lt;= 2 F90,   else F90
 *   p  = max(c - f)
 *   pn = 1 - (1 - Ks)^2 / (p + 1 - 2 Ks)
 *   g  = 1 / (Kd (p - pn) + 1)
 *   out = c - f                                     if p &lt;= Ks
 *   out = (c - f) (pn / p) g + (pn, pn, pn) (1 - g)  otherwise
 * </pre>
 * Below the compression start the mapping is the identity minus the offset f (so a colour whose smallest
 * component is at least 0.08 and whose largest is at most 0.8 only loses 0.04 per channel); above it, the
 * peak is compressed towards 1 (never reached) and the colour desaturated towards white. Computed in double.
 */
public final class NeutralToneMapper implements ToneMapper {
    public static final String NAME = "neutral";

    static final double F90 = 0.04;
    static final double KS = 0.8 - F90;
    static final double KD = 0.15;

    @Override
    public String name() { return NAME; }

    @Override
    public void map(float[] rgb, int offset) {
        double r = rgb[offset], g = rgb[offset + 1], b = rgb[offset + 2];
        double x = Math.min(r, Math.min(g, b));
        double f = x <= 2 * F90 ? x - x * x / (4 * F90) : F90;
        r -= f;
        g -= f;
        b -= f;
        double p = Math.max(r, Math.max(g, b));
        if (p > KS) {
            double pn = 1 - (1 - KS) * (1 - KS) / (p + 1 - 2 * KS);
            double w = 1 / (KD * (p - pn) + 1);
            double s = pn / p * w;
            double white = pn * (1 - w);
            r = r * s + white;
            g = g * s + white;
            b = b * s + white;
        }
        rgb[offset] = (float) r;
        rgb[offset + 1] = (float) g;
        rgb[offset + 2] = (float) b;
    }
}
