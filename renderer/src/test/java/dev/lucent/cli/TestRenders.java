package dev.lucent.cli;

import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrPixelType;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import java.util.Arrays;
import java.util.Random;

/**
 * Render-like EXR images for the denoise and compare command tests: two surfaces (left red facing +y, right
 * blue facing +x) under unit light, with the beauty, A and the AOV layers of {@link FilmIo#outputImage}.
 */
final class TestRenders {
    static final int W = 48, H = 32;

    private TestRenders() {}

    /** The noise-free beauty. */
    static float[] truth() {
        float[] t = new float[3 * W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float[] a = albedo(x);
                System.arraycopy(a, 0, t, 3 * (y * W + x), 3);
            }
        }
        return t;
    }

    private static float[] albedo(int x) {
        return x < W / 2 ? new float[] {0.8f, 0.2f, 0.2f} : new float[] {0.2f, 0.25f, 0.7f};
    }

    /** A render with relative Gaussian noise sigma (seeded) and its exact variance layer; sigma 0: the truth. */
    static ExrImage render(double sigma, long seed) {
        Random rnd = new Random(seed);
        float[] t = truth();
        float[] beauty = new float[t.length];
        float[] variance = new float[t.length];
        float[] albedo = new float[t.length];
        float[] normal = new float[t.length];
        float[] depth = new float[W * H];
        Arrays.fill(depth, 4f);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = y * W + x;
                System.arraycopy(albedo(x), 0, albedo, 3 * p, 3);
                normal[3 * p + (x < W / 2 ? 1 : 0)] = 1f;
            }
        }
        for (int i = 0; i < t.length; i++) {
            double s = sigma * t[i];
            beauty[i] = (float) (t[i] + s * rnd.nextGaussian());
            variance[i] = (float) (s * s);
        }
        ExrImage img = new ExrImage(W, H);
        img.putLayer("", ExrImage.RGB, beauty, ExrPixelType.FLOAT);
        float[] alpha = new float[W * H];
        Arrays.fill(alpha, 1f);
        img.putChannel("A", alpha);
        img.putLayer(FilmIo.ALBEDO, ExrImage.RGB, albedo, ExrPixelType.FLOAT);
        img.putLayer(FilmIo.NORMAL, ExrImage.XYZ, normal, ExrPixelType.FLOAT);
        img.putChannel(FilmIo.DEPTH, depth);
        img.putLayer(FilmIo.VARIANCE, ExrImage.RGB, variance, ExrPixelType.FLOAT);
        img.putAttributes(ImageMetadata.lucent().put(ImageMetadata.SAMPLES, "16"));
        return img;
    }

    /** Copy of {@code img} without channel {@code name}. */
    static ExrImage without(ExrImage img, String name) {
        ExrImage out = new ExrImage(img.width(), img.height());
        for (String c : img.channelNames()) {
            if (!c.equals(name)) out.putChannel(c, img.channel(c), img.pixelType(c));
        }
        img.attributes().forEach(out::putAttribute);
        return out;
    }

    static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return s / a.length;
    }
}
