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

    /**
     * THRESHOLD[k - 1] is the smallest non-negative float v with quantize(encode(v)) >= k, for k = 1..255.
     * Math.pow is semi-monotonic, so quantize(encode(v)) never decreases with v and the thresholds give
     * exactly the same code as the formula, without a pow per channel.
     */
    private static final float[] THRESHOLD = new float[255];

    static {
        for (int k = 1; k <= 255; k++) {
            int lo = 0, hi = Float.floatToRawIntBits(1f); // non-negative floats order like their bit patterns
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (quantize(encode(Float.intBitsToFloat(mid))) >= k) hi = mid;
                else lo = mid + 1;
            }
            THRESHOLD[k - 1] = Float.intBitsToFloat(lo);
        }
    }

    /** quantize(encode(v)) for a display-linear float, by binary search of precomputed thresholds. */
    public static int encode8(float linear) {
        if (!(linear >= THRESHOLD[0])) return 0; // also NaN
        int lo = 0, hi = 255;                      // answer in [1, 255]: largest k with THRESHOLD[k-1] <= v
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (THRESHOLD[mid - 1] <= linear) lo = mid;
            else hi = mid;
        }
        return THRESHOLD[hi - 1] <= linear ? hi : lo;
    }

    /** Rounds a [0,1] signal to 8 bits: floor(s * 255 + 0.5), clamped to 0..255 (NaN gives 0). */
    public static int quantize(double signal) {
        double v = Math.floor(signal * 255.0 + 0.5);
        if (!(v > 0)) return 0;
        return v >= 255 ? 255 : (int) v;
    }
}
