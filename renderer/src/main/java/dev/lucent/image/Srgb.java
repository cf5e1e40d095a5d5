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
     * THRESHOLD[k] is the smallest non-negative float v with quantize(encode(v)) > k, for k = 0..254.
     * Math.pow is semi-monotonic, so quantize(encode(v)) never decreases with v, and counting the thresholds
     * at or below v gives exactly the formula's code without a pow.
     */
    private static final float[] THRESHOLD = new float[255];
    /**
     * BUCKET_CODE[b] is the code of the smallest float whose bit pattern has top 16 bits b (b up to those of
     * 1.0f). A bucket spans at most 2^-7 relative, narrower than any code step except near the top, so at
     * most a couple of thresholds lie inside one bucket.
     */
    private static final byte[] BUCKET_CODE;
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);

    static {
        for (int k = 0; k < 255; k++) {
            int lo = 0, hi = ONE_BITS; // non-negative floats order like their bit patterns
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (quantize(encode(Float.intBitsToFloat(mid))) > k) hi = mid;
                else lo = mid + 1;
            }
            THRESHOLD[k] = Float.intBitsToFloat(lo);
        }
        BUCKET_CODE = new byte[(ONE_BITS >>> 16) + 1];
        int code = 0;
        for (int b = 0; b < BUCKET_CODE.length; b++) {
            float first = Float.intBitsToFloat(b << 16);
            while (code < 255 && first >= THRESHOLD[code]) code++;
            BUCKET_CODE[b] = (byte) code;
        }
    }

    /** quantize(encode(v)) for a display-linear float, from precomputed thresholds (no pow). */
    public static int encode8(float linear) {
        if (!(linear > 0)) return 0;      // zero, negatives and NaN
        if (linear >= 1f) return 255;
        int code = BUCKET_CODE[Float.floatToRawIntBits(linear) >>> 16] & 0xff;
        while (code < 255 && linear >= THRESHOLD[code]) code++;
        return code;
    }

    /** Rounds a [0,1] signal to 8 bits: floor(s * 255 + 0.5), clamped to 0..255 (NaN gives 0). */
    public static int quantize(double signal) {
        double v = Math.floor(signal * 255.0 + 0.5);
        if (!(v > 0)) return 0;
        return v >= 255 ? 255 : (int) v;
    }
}
