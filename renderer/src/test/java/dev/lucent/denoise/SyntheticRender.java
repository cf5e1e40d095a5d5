package dev.lucent.denoise;

import java.util.Arrays;
import java.util.Random;

/**
 * A synthetic render for denoiser tests: per pixel a noise-free albedo, normal, depth and irradiance; the
 * beauty is albedo x irradiance plus Gaussian noise of standard deviation {@code sigma x beauty} (relative,
 * like Monte Carlo noise), and the variance layer holds that sigma^2 exactly.
 */
final class SyntheticRender {
    final int width;
    final int height;
    final float[] albedo;
    final float[] normal;
    final float[] depth;
    final float[] irradiance;

    SyntheticRender(int width, int height) {
        this.width = width;
        this.height = height;
        int n = width * height;
        albedo = new float[3 * n];
        normal = new float[3 * n];
        depth = new float[n];
        irradiance = new float[3 * n];
        Arrays.fill(depth, 5f);
    }

    void set(int x, int y, float[] a, float[] nrm, float irr) {
        int p = y * width + x;
        for (int c = 0; c < 3; c++) {
            albedo[3 * p + c] = a[c];
            normal[3 * p + c] = nrm[c];
            irradiance[3 * p + c] = irr;
        }
    }

    /** The noise-free beauty. */
    float[] truth() {
        float[] t = new float[albedo.length];
        for (int i = 0; i < t.length; i++) t[i] = albedo[i] * irradiance[i];
        return t;
    }

    /** A noisy render with relative noise sigma, seeded. */
    DenoiseInput noisy(double sigma, long seed) {
        Random rnd = new Random(seed);
        float[] t = truth();
        float[] colour = new float[t.length];
        float[] variance = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            double s = sigma * t[i];
            colour[i] = (float) (t[i] + s * rnd.nextGaussian());
            variance[i] = (float) (s * s);
        }
        return new DenoiseInput(width, height, colour, albedo, normal, depth, variance, 16);
    }

    /** Mean squared error of {@code rgb} against the truth. */
    double mse(float[] rgb) {
        float[] t = truth();
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            double d = rgb[i] - t[i];
            s += d * d;
        }
        return s / t.length;
    }

    /** Mean of channel c over column x. */
    static double columnMean(float[] rgb, int width, int height, int x, int c) {
        double s = 0;
        for (int y = 0; y < height; y++) s += rgb[3 * (y * width + x) + c];
        return s / height;
    }
}
