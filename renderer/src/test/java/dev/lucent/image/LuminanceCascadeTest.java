package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LuminanceCascadeTest {
    /** Scales 1, 4, 16, 64. */
    private static final LuminanceCascade C = new LuminanceCascade(1f, 4f, 4);

    @Test
    void scalesAreLogSpaced() {
        assertArrayEquals(new float[] {1f, 4f, 16f, 64f}, C.scales(), 0f);
    }

    @Test
    void aSampleIsSplitLinearlyInItsInverseLuminanceBetweenTheTwoBracketingBuffers() {
        assertEquals(0, C.lowerIndex(0.5f));
        assertEquals(1f, C.lowerWeight(0.5f, C.scale(0)), 0f);           // below the first scale: all in 0
        assertEquals(0, C.lowerIndex(2f));
        // L = 2 between 1 and 4: w = (1/2 - 1/4) / (1 - 1/4) = 1/3 into buffer 0, 2/3 into buffer 1.
        assertEquals(1f / 3, C.lowerWeight(2f, C.scale(0)), 1e-6f);
        assertEquals(1, C.lowerIndex(4f));
        assertEquals(1f, C.lowerWeight(4f, C.scale(1)), 0f);             // exactly on a scale: all there
        assertEquals(2, C.lowerIndex(1000f));                            // beyond the last scale
        assertEquals(0f, C.lowerWeight(1000f, C.scale(2)), 0f);          // all in the last buffer
    }

    @Test
    void filmCascadeBuffersSumToTheColourAndHoldEachSampleWhereItsLuminanceSays() {
        Film film = new Film(3, 2, C);
        Random rnd = new Random(5);
        for (int s = 0; s < 200; s++) {
            for (int p = 0; p < 6; p++) {
                float v = (float) Math.exp(rnd.nextGaussian() * 2);     // 0.01 .. 100, every buffer
                film.addSample(p, v, 0.5f * v, 2f * v, 1, 1, 1, 0, 0, 1, 1f);
            }
        }
        assertTrue(film.hasCascades());
        float[] m = film.cascadeMeans();
        float[] beauty = film.beautyRgb();
        for (int p = 0; p < 6; p++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int i = 0; i < 4; i++) sum += m[3 * (i * 6 + p) + c];
                assertEquals(beauty[3 * p + c], sum, 1e-5 * beauty[3 * p + c]);
            }
        }
        // One sample of luminance 2 (grey): 1/3 of it in buffer 0, 2/3 in buffer 1, none elsewhere.
        Film one = new Film(1, 1, C);
        one.addSample(0, 2f, 2f, 2f, 1, 1, 1, 0, 0, 1, 1f);
        float[] b = one.cascadeMeans();
        assertEquals(2f / 3, b[0], 1e-6f);
        assertEquals(4f / 3, b[3], 1e-6f);
        assertEquals(0f, b[6], 0f);
        assertEquals(0f, b[9], 0f);
    }

    @Test
    void theOutputCarriesTheCascadeLayersAndAStateFileKeepsThemExactly() {
        Film film = new Film(2, 2, C);
        for (int s = 0; s < 5; s++) {
            for (int p = 0; p < 4; p++) film.addSample(p, 0.3f * s * (p + 1), 0.2f, 7f * s, 1, 1, 1, 0, 0, 1, 1f);
        }
        ExrImage out = FilmIo.stateImage(film, ImageMetadata.lucent());
        assertEquals("start=1.0 ratio=4.0 count=4", out.attribute(FilmIo.CASCADE_ATTRIBUTE));
        LuminanceCascade read = FilmIo.cascadeOf(out, null);
        assertEquals(C, read);
        assertArrayEquals(film.cascadeMeans(), FilmIo.cascadeMeans(out, read), 0f);
        Film back = FilmIo.fromState(out, null);
        assertTrue(back.hasCascades());
        assertEquals(C, back.cascade());
        assertArrayEquals(film.cascadeMeans(), back.cascadeMeans(), 0f);
        // Resuming continues the split exactly as an uninterrupted film would.
        film.addSample(0, 3f, 3f, 3f, 1, 1, 1, 0, 0, 1, 1f);
        back.addSample(0, 3f, 3f, 3f, 1, 1, 1, 0, 0, 1, 1f);
        assertArrayEquals(film.cascadeMeans(), back.cascadeMeans(), 0f);
    }

    @Test
    void samplesMergedWithoutASplitLeaveNoCascadeLayersAndTheAttributeSaysWhy() {
        Film film = new Film(1, 1, C);
        film.addSample(0, 1f, 1f, 1f, 1, 1, 1, 0, 0, 1, 1f);
        film.mergeSamples(0, 4, new double[] {1, 1, 1}, new double[3], new float[] {1, 1, 1}, new float[3], 1f, 4);
        assertFalse(film.hasCascades());
        ExrImage out = FilmIo.stateImage(film, ImageMetadata.lucent());
        assertEquals(FilmIo.NO_CASCADE, out.attribute(FilmIo.CASCADE_ATTRIBUTE));
        assertFalse(out.hasChannel(ExrImage.channelName(FilmIo.CASCADE + "0", "R")));
        assertNull(FilmIo.cascadeOf(out, null));
        Film back = FilmIo.fromState(out, null);
        assertFalse(back.hasCascades());
        assertFalse(back.recordsCascade(), "a state without the cascade resumes without one");
        assertEquals(FilmIo.CASCADE_MERGED, back.cascadeAbsence());
        // A film that never recorded one says the same once GPU samples are merged into it.
        Film plain = new Film(1, 1);
        plain.mergeSamples(0, 4, new double[] {1, 1, 1}, new double[3], new float[] {1, 1, 1}, new float[3], 1f, 4);
        assertEquals(FilmIo.CASCADE_MERGED, plain.cascadeAbsence());
    }

    @Test
    void aMalformedCascadeAttributeIsASceneException() {
        Film film = new Film(1, 1, C);
        film.addSample(0, 1f, 1f, 1f, 1, 1, 1, 0, 0, 1, 1f);
        ExrImage out = FilmIo.outputImage(film, ImageMetadata.lucent());
        assertNotNull(FilmIo.cascadeOf(out, null));
        out.putAttribute(FilmIo.CASCADE_ATTRIBUTE, "start=1 ratio=0.5 count=4");
        assertThrows(dev.lucent.scene.SceneException.class, () -> FilmIo.cascadeOf(out, null));
    }

    /** A 1x1 image whose attribute describes {@link #C} with every cascade channel but {@code skip}. */
    private static ExrImage cascadeLayersWithout(String skip) {
        ExrImage img = new ExrImage(1, 1);
        img.putAttribute(FilmIo.CASCADE_ATTRIBUTE, FilmIo.describe(C));
        for (int i = 0; i < C.count(); i++) {
            for (String c : ExrImage.RGB) {
                String name = ExrImage.channelName(FilmIo.CASCADE + i, c);
                if (!name.equals(skip)) img.putChannel(name, new float[] {0.25f});
            }
        }
        return img;
    }

    @Test
    void aMalformedSetOfCascadeLayersIsASceneExceptionNamingTheLayer() {
        assertEquals(C, FilmIo.cascadeOf(cascadeLayersWithout(null), null));
        for (String skip : new String[] {"cascade2.G", "cascade0.R", "cascade3.B"}) {
            dev.lucent.scene.SceneException e = assertThrows(dev.lucent.scene.SceneException.class,
                    () -> FilmIo.cascadeOf(cascadeLayersWithout(skip), null), skip);
            String layer = skip.substring(0, skip.indexOf('.'));
            assertTrue(e.getMessage().contains("firefly cascade layer '" + layer + "': missing channel '" + skip
                    + "'"), e.getMessage());
        }
        ExrImage uint = cascadeLayersWithout(null);
        uint.putUintChannel("cascade1.R", new int[] {7});
        dev.lucent.scene.SceneException e = assertThrows(dev.lucent.scene.SceneException.class,
                () -> FilmIo.cascadeOf(uint, null));
        assertTrue(e.getMessage().contains("firefly cascade layer 'cascade1': channel 'cascade1.R' is UINT, expected"
                + " float"), e.getMessage());
        // A state file with such layers fails the same way, not as an internal error.
        Film film = new Film(1, 1, C);
        film.addSample(0, 1f, 1f, 1f, 1, 1, 1, 0, 0, 1, 1f);
        ExrImage state = FilmIo.stateImage(film, ImageMetadata.lucent());
        state.putUintChannel("cascade3.G", new int[] {0});
        assertThrows(dev.lucent.scene.SceneException.class, () -> FilmIo.fromState(state, null));
    }

    @Test
    void anImageWithNoneOfTheDescribedLayersHasNoCascade() {
        ExrImage img = new ExrImage(1, 1);
        img.putAttribute(FilmIo.CASCADE_ATTRIBUTE, FilmIo.describe(C));
        assertNull(FilmIo.cascadeOf(img, null));
    }

    @Test
    void theOutputsCascadeLayersHaveTheBitsOfCascadeMeansInTheFile(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws java.io.IOException {
        Film film = new Film(5, 3, LuminanceCascade.DEFAULT);
        Random rnd = new Random(11);
        for (int s = 0; s < 40; s++) {
            for (int p = 0; p < 15; p++) {
                float v = (float) Math.exp(rnd.nextGaussian() * 3);
                film.addSample(p, v, 0.7f * v, (float) rnd.nextDouble() * v, 1, 1, 1, 0, 0, 1, 1f);
            }
        }
        ImageMetadata meta = ImageMetadata.lucent();
        ExrImage now = FilmIo.outputImage(film, meta);
        // The output as it was built from cascadeMeans(): each buffer's slice as an interleaved layer.
        ExrImage before = FilmIo.outputImage(film, meta);
        float[] means = film.cascadeMeans();
        int n = film.pixelCount();
        for (int i = 0; i < LuminanceCascade.DEFAULT.count(); i++) {
            before.putLayer(FilmIo.CASCADE + i, ExrImage.RGB, java.util.Arrays.copyOfRange(means, 3 * i * n,
                    3 * (i + 1) * n), ExrPixelType.FLOAT);
            for (String c : ExrImage.RGB) {
                String name = ExrImage.channelName(FilmIo.CASCADE + i, c);
                float[] a = before.channel(name), b = now.channel(name);
                for (int p = 0; p < n; p++) {
                    assertEquals(Float.floatToRawIntBits(a[p]), Float.floatToRawIntBits(b[p]), name + " " + p);
                }
            }
        }
        java.nio.file.Path a = dir.resolve("before.exr"), b = dir.resolve("now.exr");
        ExrWriter.write(a, before);
        ExrWriter.write(b, now);
        assertArrayEquals(java.nio.file.Files.readAllBytes(a), java.nio.file.Files.readAllBytes(b), "same file");
    }
}
