package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.Film;
import dev.lucent.image.LuminanceCascade;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CascadeReweightFilterTest {
    private static final int W = 24, H = 20, N = 128;
    /** Scales 1/64 .. 256 (ratio 4). */
    private static final LuminanceCascade CASCADE = new LuminanceCascade(1f / 64, 4f, 8);
    /** Clamped sun-path sample value, as on DamagedHelmet with --clamp 10. */
    private static final float RARE = 10f;
    private static final float KAPPA = 8f;

    /** A grey surface lit to about 0.2 per sample (+-25% noise), N samples per pixel. */
    private static Film flatFilm(long seed) {
        Film film = new Film(W, H, CASCADE);
        Random rnd = new Random(seed);
        for (int p = 0; p < W * H; p++) {
            for (int s = 0; s < N; s++) {
                float v = 0.2f * (float) (1 + 0.25 * (2 * rnd.nextDouble() - 1));
                film.addSample(p, v, v, v, 0.5f, 0.5f, 0.5f, 0, 1, 0, 2f);
            }
        }
        return film;
    }

    /** Like {@link #flatFilm}, with sample 0 of the pixels listed replaced by one of value {@code value}. */
    private static Film filmWith(long seed, float value, int... pixels) {
        Film film = new Film(W, H, CASCADE);
        Random rnd = new Random(seed);
        for (int p = 0; p < W * H; p++) {
            boolean special = false;
            for (int q : pixels) special |= q == p;
            for (int s = 0; s < N; s++) {
                float v = 0.2f * (float) (1 + 0.25 * (2 * rnd.nextDouble() - 1));
                if (special && s == 0) v = value;
                film.addSample(p, v, v, v, 0.5f, 0.5f, 0.5f, 0, 1, 0, 2f);
            }
        }
        return film;
    }

    private static CascadeReweightFilter filter() {
        return new CascadeReweightFilter(KAPPA, CascadeReweightFilter.DEFAULT_MIN_BRIGHTNESS, 2);
    }

    @Test
    void aFireflyFreeImageIsLeftUnchanged() {
        DenoiseInput in = DenoiseInput.fromFilm(flatFilm(1));
        DenoiseInput out = filter().apply(in);
        assertArrayEquals(in.color(), out.color(), 0f);
        assertArrayEquals(in.variance(), out.variance(), 0f);
        assertNull(out.cascades());
    }

    @Test
    void aLoneFireflysEnergyIsDampedAndItsVarianceWithIt() {
        int p = 9 * W + 11;
        DenoiseInput in = DenoiseInput.fromFilm(filmWith(2, RARE, p));
        DenoiseInput out = filter().apply(in);
        // The pixel was lifted by about (10 - 0.2) / 128 = 0.077 over its neighbours' 0.2.
        assertTrue(in.color()[3 * p] > 0.27f, "lifted " + in.color()[3 * p]);
        // Luminance 10 lies between the scales 4 (buffer 4, 1/5 of it) and 16 (buffer 5, 4/5). At 128 samples
        // and kappa 8, a sample 20 times the pixel's value is mostly trusted by the brightness test (buffer 4
        // keeps nearly all of it); the one of scale 16 stands alone in its 3x3 neighbourhood and keeps about 0.2.
        float[] r = filter().weights(in, p);
        for (int i = 0; i < 4; i++) assertEquals(1f, r[i], 0f, "buffer " + i);
        assertTrue(r[4] > 0.9f, "buffer 4: " + r[4]);
        assertEquals(0.2f, r[5], 0.05f);
        for (int c = 0; c < 3; c++) {
            float lift = out.color()[3 * p + c] - 0.2f;
            assertTrue(lift < 0.4f * 0.077f, "kept " + lift + " of the 0.077 lift");
            assertTrue(out.variance()[3 * p + c] < 0.5f * in.variance()[3 * p + c],
                    "variance " + in.variance()[3 * p + c] + " -> " + out.variance()[3 * p + c]);
        }
        // The neighbours have nothing above their own brightness: unchanged.
        int q = p + 1;
        for (int c = 0; c < 3; c++) assertEquals(in.color()[3 * q + c], out.color()[3 * q + c], 0f);
    }

    @Test
    void aConsistentBrightRegionIsKept() {
        // Every pixel of a 6x6 block gets such a sample in 1 of 8 of its samples: 16 per pixel, a well-sampled
        // bright caustic rather than a firefly.
        Film film = new Film(W, H, CASCADE);
        Random rnd = new Random(3);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean bright = x >= 8 && x < 14 && y >= 6 && y < 12;
                for (int s = 0; s < N; s++) {
                    float v = 0.2f * (float) (1 + 0.25 * (2 * rnd.nextDouble() - 1));
                    if (bright && s % 8 == 3) v = RARE;
                    film.addSample(y * W + x, v, v, v, 0.5f, 0.5f, 0.5f, 0, 1, 0, 2f);
                }
            }
        }
        DenoiseInput in = DenoiseInput.fromFilm(film);
        DenoiseInput out = filter().apply(in);
        for (int y = 6; y < 12; y++) {
            for (int x = 8; x < 14; x++) {
                int p = y * W + x;
                for (int c = 0; c < 3; c++) {
                    assertEquals(in.color()[3 * p + c], out.color()[3 * p + c], 1e-6f * in.color()[3 * p + c],
                            "pixel (" + x + ", " + y + ")");
                }
            }
        }
        assertTrue(in.color()[3 * (8 * W + 10)] > 1.2f);
    }

    @Test
    void withoutCascadeLayersTheInputPassesThrough() {
        Film film = flatFilm(4);
        film.mergeSamples(0, 1, new double[] {0.2, 0.2, 0.2}, new double[3], new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0, 1, 0}, 2f, 1);
        DenoiseInput in = DenoiseInput.fromFilm(film);
        assertNull(in.cascades());
        assertSame(in, filter().apply(in));
    }

    @Test
    void kappaFollowsTheSampleCountAndTheDefaultFilterSkipsLowCounts() {
        assertEquals(0f, CascadeReweightFilter.kappaFor(16), 0f);
        assertEquals(2f, CascadeReweightFilter.kappaFor(64), 0f);
        assertEquals(4f, CascadeReweightFilter.kappaFor(128), 0f);
        assertEquals(8f, CascadeReweightFilter.kappaFor(4096), 0f);
        DenoiseInput in = DenoiseInput.fromFilm(filmWith(6, RARE, 5 * W + 5));
        DenoiseInput at16 = new DenoiseInput(W, H, in.color(), in.albedo(), in.normal(), in.depth(), in.variance(),
                16, in.emission(), null, null, in.cascades());
        assertSame(at16, new CascadeReweightFilter(2).apply(at16));
        assertTrue(new CascadeReweightFilter(2).apply(in).color()[3 * (5 * W + 5)] < in.color()[3 * (5 * W + 5)]);
    }

    @Test
    void emissivePixelsAreLeftAlone() {
        int p = 7 * W + 7;
        DenoiseInput in = DenoiseInput.fromFilm(filmWith(7, RARE, p));
        in.emission()[3 * p + 1] = 0.01f;
        assertEquals(in.color()[3 * p + 1], filter().apply(in).color()[3 * p + 1], 0f);
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        DenoiseInput in = DenoiseInput.fromFilm(filmWith(5, RARE, 3 * W + 4, 15 * W + 20, 0));
        float[] one = new CascadeReweightFilter(KAPPA, CascadeReweightFilter.DEFAULT_MIN_BRIGHTNESS, 1).apply(in).color();
        float[] three = new CascadeReweightFilter(KAPPA, CascadeReweightFilter.DEFAULT_MIN_BRIGHTNESS, 3).apply(in).color();
        assertArrayEquals(one, three, 0f);
    }

    @Test
    void anExrTooLargeForItsCascadeIsReadWithoutIt() {
        Film film = new Film(4, 2, LuminanceCascade.DEFAULT);
        for (int p = 0; p < 8; p++) film.addSample(p, p, 1f, 2f, 0.5f, 0.5f, 0.5f, 0f, 0f, 1f, 3f);
        dev.lucent.image.ExrImage img = dev.lucent.image.FilmIo.outputImage(film,
                dev.lucent.image.ImageMetadata.lucent());
        // 8 pixels need 3 x 8 x 8 = 192 floats.
        assertEquals(8, DenoiseInput.fromExr(img, null, 192).cascades().pixelCount());
        DenoiseInput tooLarge = DenoiseInput.fromExr(img, null, 191);
        assertNull(tooLarge.cascades());
        assertArrayEquals(film.beautyRgb(), tooLarge.color(), 0f, "the rest is read as it is");
    }
}
