package dev.lucent.image;

/**
 * The sRGB transfer functions of IEC 61966-2-1, exact piecewise form (not the 2.2 power approximation).
 * {@link #encode} is the OETF from linear [0,1] to the non-linear signal; {@link #decode} is its inverse.
 */
public final class Srgb {
    private Srgb() {}

    /** Linear to sRGB signal: 12.92 v for v <= 0.0031308, else 1.055 v^(1/2.4) - 0.055. */
    public static double encode(double linear) {
        if (linear <= 0.0031308) return 12.92 * linear;
        return 1.055 * Math.pow(linear, 1.0 / 2.4) - 0.055;
    }

    /** sRGB signal to linear: s / 12.92 for s <= 0.04045, else ((s + 0.055) / 1.055)^2.4. */
    public static double decode(double signal) {
        if (signal <= 0.04045) return signal / 12.92;
        return Math.pow((signal + 0.055) / 1.055, 2.4);
    }

    /** Rounds a [0,1] signal to 8 bits: floor(s * 255 + 0.5), clamped to 0..255 (NaN gives 0). */
    public static int quantize(double signal) {
        double v = Math.floor(signal * 255.0 + 0.5);
        if (!(v > 0)) return 0;
        return v >= 255 ? 255 : (int) v;
    }
}
