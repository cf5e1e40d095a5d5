package dev.lucent.metrics;

/**
 * Peak signal-to-noise ratio in dB, {@code 10 log10(1 / MSE)}, with MSE the mean over pixels and channels of
 * the squared difference of the two <b>display signals</b> (see {@link DisplayEncoding}: tone-mapped, sRGB
 * encoded, in [0,1], peak 1). +infinity for identical signals. A constant offset of 0.1 in the signal is
 * 20 dB; 1/255 is 48.1 dB.
 */
public final class Psnr {
    private Psnr() {}

    /** PSNR of two display signals (floats in [0,1]). */
    public static double of(RgbImage testSignal, RgbImage referenceSignal) {
        testSignal.requireSameSize(referenceSignal);
        float[] t = testSignal.rgb();
        float[] r = referenceSignal.rgb();
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            double d = (double) t[i] - r[i];
            sum += d * d;
        }
        return fromMse(sum / t.length);
    }

    /** 10 log10(1 / mse); +infinity for mse 0. */
    public static double fromMse(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : -10.0 * Math.log10(mse);
    }
}
