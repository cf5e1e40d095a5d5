package dev.lucent.metrics;

import java.util.Random;

/** Small synthetic images for the metric tests. */
final class MetricsTestImages {
    private MetricsTestImages() {}

    static RgbImage constant(int w, int h, float r, float g, float b) {
        float[] rgb = new float[3 * w * h];
        for (int p = 0; p < w * h; p++) {
            rgb[3 * p] = r;
            rgb[3 * p + 1] = g;
            rgb[3 * p + 2] = b;
        }
        return new RgbImage(w, h, rgb);
    }

    /** A grey pattern in [0.1, 0.9]: a checkerboard of 4-pixel squares plus a smooth ramp. */
    static RgbImage pattern(int w, int h) {
        float[] rgb = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = 0.1f + 0.5f * (((x / 4) + (y / 4)) % 2) + 0.3f * x / w;
                for (int c = 0; c < 3; c++) rgb[3 * (y * w + x) + c] = v * (0.8f + 0.1f * c);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** {@code img} plus Gaussian noise of standard deviation sigma (seeded), clamped to [0,1]. */
    static RgbImage noisy(RgbImage img, double sigma, long seed) {
        Random rnd = new Random(seed);
        float[] out = img.rgb().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.min(1, Math.max(0, out[i] + sigma * rnd.nextGaussian()));
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /** {@code img} plus Gaussian noise of standard deviation sigma (seeded), not clamped. */
    static RgbImage noisyUnclamped(RgbImage img, double sigma, long seed) {
        Random rnd = new Random(seed);
        float[] out = img.rgb().clone();
        for (int i = 0; i < out.length; i++) out[i] = (float) (out[i] + sigma * rnd.nextGaussian());
        return new RgbImage(img.width(), img.height(), out);
    }

    /** {@code img} filtered by a 3x3 box (borders replicated). */
    static RgbImage boxBlur(RgbImage img) {
        int w = img.width(), h = img.height();
        float[] out = new float[img.rgb().length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    float s = 0;
                    for (int j = -1; j <= 1; j++) {
                        for (int i = -1; i <= 1; i++) {
                            int xx = Math.min(w - 1, Math.max(0, x + i));
                            int yy = Math.min(h - 1, Math.max(0, y + j));
                            s += img.get(xx, yy, c);
                        }
                    }
                    out[3 * (y * w + x) + c] = s / 9;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    static RgbImage offset(RgbImage img, float delta) {
        float[] out = img.rgb().clone();
        for (int i = 0; i < out.length; i++) out[i] += delta;
        return new RgbImage(img.width(), img.height(), out);
    }
}
