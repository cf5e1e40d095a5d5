package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.scene.SceneException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmTest {
    @TempDir
    Path dir;

    private static void add(Film f, int p, float r, float g, float b) {
        f.addSample(p, r, g, b, 0.5f, 0.5f, 0.5f, 0f, 1f, 0f, 2f);
    }

    @Test
    void meanAndVarianceMatchTwoPassStatistics() {
        double[] xs = {1, 2, 3, 4, 10, 0.5, 7.25};
        Film film = new Film(3, 2);
        int p = film.pixelIndex(2, 1);
        assertEquals(5, p);
        for (double x : xs) add(film, p, (float) x, (float) (2 * x), 5f);

        int n = xs.length;
        double mean = 0;
        for (double x : xs) mean += x;
        mean /= n;
        double ss = 0;
        for (double x : xs) ss += (x - mean) * (x - mean);
        double variance = ss / (n - 1);

        assertEquals(n, film.sampleCount(p));
        assertEquals(mean, film.mean(p, 0), 1e-12);
        assertEquals(2 * mean, film.mean(p, 1), 1e-12);
        assertEquals(5.0, film.mean(p, 2));
        assertEquals(ss, film.m2(p, 0), 1e-12);
        assertEquals(variance, film.sampleVariance(p, 0), 1e-12);
        assertEquals(4 * variance, film.sampleVariance(p, 1), 1e-11);
        assertEquals(0.0, film.sampleVariance(p, 2), "constant channel has no variance");
        assertEquals(variance / n, film.varianceOfMean(p, 0), 1e-12);
        assertEquals((float) (variance / n), film.varianceOfMeanRgb()[3 * p], 1e-6);
        assertEquals(0, film.sampleCount(0), "other pixels untouched");
        assertEquals(0.0, film.mean(0, 0));
    }

    @Test
    void varianceNeedsTwoSamples() {
        Film film = new Film(1, 1);
        add(film, 0, 3f, 3f, 3f);
        assertEquals(0.0, film.sampleVariance(0, 0));
        assertEquals(0.0, film.varianceOfMean(0, 0));
        assertEquals(3.0, film.mean(0, 0));
    }

    @Test
    void aovsAreMeansAndDepthSkipsMisses() {
        Film film = new Film(2, 1);
        film.addSample(0, 1, 1, 1, 0.2f, 0.4f, 0.6f, 0, 0, 1, 3f);
        film.addSample(0, 1, 1, 1, 0.4f, 0.8f, 0.2f, 0, 1, 0, Float.POSITIVE_INFINITY);
        film.addSample(0, 1, 1, 1, 0.0f, 0.0f, 0.1f, 0, 1, 0, 5f);
        assertEquals(0.2f, film.albedo(0, 0), 1e-7f);
        assertEquals(0.4f, film.albedo(0, 1), 1e-7f);
        assertEquals(0.3f, film.albedo(0, 2), 1e-7f);
        assertEquals(2f / 3f, film.normal(0, 1), 1e-7f);
        assertEquals(1f / 3f, film.normal(0, 2), 1e-7f);
        assertEquals(4f, film.depth(0), "mean over the two hits");
        assertEquals(2, film.depthHits(0));
        film.addSample(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, Float.POSITIVE_INFINITY);
        assertEquals(Float.POSITIVE_INFINITY, film.depth(1), "no hit: +infinity");
        assertEquals(0, film.depthHits(1));
    }

    @Test
    void emissionAndMotionAreMeansOverAllSamples() {
        Film film = new Film(1, 1);
        film.addSample(0, 2, 2, 2, 0, 0, 0, 0, 0, 1, 1f, 2f, 0f, 1f, 1.5f, -4f, 1.5f);
        film.addSample(0, 1, 1, 1, 0, 0, 0, 0, 0, 1, Float.POSITIVE_INFINITY, 0f, 0f, 3f, -0.5f, 2f,
                Float.POSITIVE_INFINITY);
        assertEquals(1f, film.emission(0, 0), 1e-7f);
        assertEquals(0f, film.emission(0, 1), 1e-7f);
        assertEquals(2f, film.emission(0, 2), 1e-7f);
        assertEquals(0.5f, film.motion(0, 0), 1e-7f);
        assertEquals(-1f, film.motion(0, 1), 1e-7f);
        assertEquals(1.5f, film.previousDepths()[0], 0f, "over the hitting sample only");
        film.addSample(0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 3f, 0f, 0f, 0f, 0f, 0f, 2.5f);
        assertEquals(2f, film.previousDepths()[0], 1e-7f, "mean over the two hits");
        film.addSample(0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 2f);
        assertEquals(2f / 4f, film.emission(0, 0), 1e-7f, "the old overload adds emission 0");
        assertEquals(1f / 4f, film.motion(0, 0), 1e-7f, "and motion 0");
        assertEquals(Float.POSITIVE_INFINITY, film.previousDepths()[0], "and an unknown previous depth");
    }

    @Test
    void nonFiniteRadianceIsCountedAndAccumulatedAsBlack() {
        Film film = new Film(1, 1);
        add(film, 0, 2f, 2f, 2f);
        add(film, 0, Float.NaN, 1f, 1f);
        add(film, 0, 1f, Float.POSITIVE_INFINITY, 1f);
        assertEquals(3, film.sampleCount(0));
        assertEquals(2.0 / 3.0, film.mean(0, 0), 1e-15);
        assertEquals(2.0 / 3.0, film.mean(0, 1), 1e-15);
        assertEquals(2, film.nonFiniteSamples());
    }

    /** Deterministic stand-in for a renderer: sample k of pixel p. */
    private static void renderSample(Film film, int p, int k) {
        SplittableRandom r = new SplittableRandom(p * 1_000_003L + k);
        float v = (float) (r.nextDouble() * r.nextDouble() * 40);   // heavy-tailed like real radiance
        boolean miss = r.nextInt(5) == 0;
        film.addSample(p, v, v * 0.5f, (float) r.nextDouble(), (float) r.nextDouble(), 0.25f, 0.75f,
                (float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1),
                miss ? Float.POSITIVE_INFINITY : (float) r.nextDouble(1, 100), (float) r.nextDouble(), 0f,
                v * 0.1f, (float) r.nextDouble(-3, 3), (float) r.nextDouble(-3, 3), (float) r.nextDouble(1, 100));
    }

    private static void render(Film film, int fromSample, int toSample, int threads) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                for (int y = id; y < film.height(); y += threads) {          // rows dealt round-robin
                    for (int x = film.width() - 1; x >= 0; x--) {             // any pixel order
                        for (int k = fromSample; k < toSample; k++) renderSample(film, film.pixelIndex(x, y), k);
                    }
                }
            }));
        }
        for (Thread w : workers) w.start();
        for (Thread w : workers) w.join();
    }

    private static void assertSameState(Film a, Film b) {
        assertArrayEquals(a.count, b.count, "counts");
        assertArrayEquals(a.mean, b.mean, 0.0, "means");       // assertArrayEquals(double[], double[], 0) is exact
        assertArrayEquals(a.m2, b.m2, 0.0, "M2");
        assertArrayEquals(a.albedo, b.albedo, 0f, "albedo");
        assertArrayEquals(a.normal, b.normal, 0f, "normal");
        assertArrayEquals(a.depth, b.depth, 0f, "depth");
        assertArrayEquals(a.depthHits, b.depthHits, "depth hits");
        assertArrayEquals(a.emission, b.emission, 0f, "emission");
        assertArrayEquals(a.motion, b.motion, 0f, "motion");
        assertArrayEquals(a.previousDepth, b.previousDepth, 0f, "previous depth");
        for (int i = 0; i < a.mean.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a.mean[i]), Double.doubleToRawLongBits(b.mean[i]));
            assertEquals(Double.doubleToRawLongBits(a.m2[i]), Double.doubleToRawLongBits(b.m2[i]));
        }
        assertEquals(a.nonFiniteSamples(), b.nonFiniteSamples());
    }

    @Test
    void resultIsIndependentOfThreadCount() throws InterruptedException {
        Film one = new Film(24, 16);
        Film four = new Film(24, 16);
        render(one, 0, 12, 1);
        render(four, 0, 12, 4);
        assertSameState(one, four);
    }

    @Test
    void saveLoadContinueIsBitIdenticalToOneRun() throws InterruptedException {
        Film uninterrupted = new Film(24, 16);
        render(uninterrupted, 0, 20, 2);

        Film first = new Film(24, 16);
        render(first, 0, 7, 2);
        Path state = dir.resolve("resume/state.exr");
        FilmIo.save(state, first, ImageMetadata.lucent().put(ImageMetadata.SAMPLES, "7"));
        Film resumed = FilmIo.load(state);
        assertSameState(first, resumed);
        render(resumed, 7, 20, 3);
        assertSameState(uninterrupted, resumed);

        ExrImage a = FilmIo.outputImage(uninterrupted, ImageMetadata.lucent());
        ExrImage b = FilmIo.outputImage(resumed, ImageMetadata.lucent());
        assertArrayEquals(a.channel("R"), b.channel("R"), 0f);
        assertArrayEquals(a.channel("variance.G"), b.channel("variance.G"), 0f);
    }

    @Test
    void aPlainFilmRecordsNoCascadeAndItsOutputHasNoCascadeLayers() {
        Film film = new Film(4, 3);
        assertFalse(film.recordsCascade());
        assertNull(film.cascadeHigh, "no cascade buffers allocated");
        assertNull(film.cascade());
        for (int p = 0; p < film.pixelCount(); p++) {
            for (int k = 0; k < 4; k++) renderSample(film, p, k);
        }
        assertFalse(film.hasCascades());
        assertEquals(FilmIo.CASCADE_NOT_ASKED, film.cascadeAbsence());
        assertThrows(IllegalStateException.class, film::cascadeMeans);
        ExrImage img = ExrReader.decode(ExrWriter.encode(FilmIo.stateImage(film, ImageMetadata.lucent())), null);
        assertTrue(img.channelNames().stream().noneMatch(c -> c.startsWith(FilmIo.CASCADE)), "no cascade layers");
        assertEquals(FilmIo.NONE + FilmIo.CASCADE_NOT_ASKED, img.attribute(FilmIo.CASCADE_ATTRIBUTE));
        // Resumed, it still records none and keeps the reason; the colour continues as without a cascade.
        Film back = FilmIo.fromState(img, null);
        assertFalse(back.recordsCascade());
        assertSame(FilmIo.CASCADE_NOT_ASKED, back.cascadeAbsence());
        Film recording = new Film(4, 3, LuminanceCascade.DEFAULT);
        for (int p = 0; p < film.pixelCount(); p++) {
            for (int k = 0; k < 5; k++) renderSample(recording, p, k);
            renderSample(back, p, 4);
        }
        for (int p = 0; p < film.pixelCount(); p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(recording.mean(p, c), back.mean(p, c), 0.0, "the split changes no bit");
            }
        }
    }

    @Test
    void outputImageHasBeautyAndAovLayers() {
        Film film = new Film(4, 3, LuminanceCascade.DEFAULT);
        for (int p = 0; p < film.pixelCount(); p++) {
            for (int k = 0; k < 4; k++) renderSample(film, p, k);
        }
        ExrImage img = ExrReader.decode(ExrWriter.encode(FilmIo.outputImage(film, ImageMetadata.lucent())), null);
        List<String> expected = new ArrayList<>(List.of("A", "B", "G", "R", "albedo.B", "albedo.G", "albedo.R"));
        // The firefly cascade (every sample was split): cascade0..7, as the channel names sort.
        for (int i = 0; i < LuminanceCascade.DEFAULT.count(); i++) {
            for (String c : List.of("B", "G", "R")) expected.add(FilmIo.CASCADE + i + "." + c);
        }
        expected.addAll(List.of("depth.Z", "emission.B", "emission.G", "emission.R", "motion.X", "motion.Y",
                "normal.X", "normal.Y", "normal.Z", "previousDepth.Z", "variance.B", "variance.G", "variance.R"));
        assertEquals(expected, new ArrayList<>(img.channelNames()));
        assertArrayEquals(film.cascadeMeans(), FilmIo.cascadeMeans(img, LuminanceCascade.DEFAULT), 0f);
        assertArrayEquals(film.beautyRgb(), img.layer("", ExrImage.RGB), 0f);
        assertArrayEquals(film.albedoRgb(), img.layer("albedo", ExrImage.RGB), 0f);
        assertArrayEquals(film.normalXyz(), img.layer("normal", ExrImage.XYZ), 0f);
        assertArrayEquals(film.depths(), img.channel("depth.Z"), 0f);
        assertArrayEquals(film.emissionRgb(), img.layer("emission", ExrImage.RGB), 0f);
        assertArrayEquals(film.motionXy(), img.layer("motion", FilmIo.XY), 0f);
        assertEquals(1f, img.channel("A")[7]);
        assertEquals("Lucent", img.attribute("Software"));
    }

    @Test
    void loadingAPlainOutputFileIsRefused() {
        Film film = new Film(2, 2);
        Path out = dir.resolve("out.exr");
        FilmIo.writeOutput(out, film, ImageMetadata.lucent());
        SceneException e = assertThrows(SceneException.class, () -> FilmIo.load(out));
        assertTrue(e.getMessage().contains("not a Lucent film state"), e.getMessage());

        ExrImage broken = FilmIo.stateImage(film, ImageMetadata.lucent());
        ExrImage missing = new ExrImage(2, 2);
        for (String name : broken.channelNames()) {
            if (!name.equals(FilmIo.SAMPLES)) {
                if (broken.pixelType(name) == ExrPixelType.UINT) missing.putUintChannel(name, broken.uintChannel(name));
                else missing.putChannel(name, broken.channel(name));
            }
        }
        broken.attributes().forEach(missing::putAttribute);
        e = assertThrows(SceneException.class, () -> FilmIo.fromState(missing, Path.of("partial.exr")));
        assertTrue(e.getMessage().contains(FilmIo.SAMPLES), e.getMessage());
    }

    @Test
    void displayTransformReadsTheBeauty() {
        Film film = new Film(2, 1);
        add(film, 0, 0.5f, 0.5f, 0.5f);
        add(film, 1, 0f, 0f, 0f);
        LdrImage img = new DisplayTransform(0, new ClampToneMapper(), false).apply(film);
        assertEquals(188, img.get(0, 0, 0));
        assertEquals(0, img.get(1, 0, 2));
    }

    @Test
    void mergedSummaryEqualsAddingTheSamplesOneByOne() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        Film sequential = new Film(1, 1), merged = new Film(1, 1), part = new Film(1, 1);
        for (int k = 0; k < 40; k++) {
            float r = (float) rng.nextDouble(), g = (float) rng.nextDouble() * 5, b = (float) rng.nextDouble() * 0.1f;
            float depth = k % 3 == 0 ? Float.POSITIVE_INFINITY : 1 + k;
            sequential.addSample(0, r, g, b, 0.5f, 0.25f, k, 0, 1, 0, depth);
            // The first 15 samples go straight in; the other 25 are summarised in `part` and merged.
            if (k < 15) merged.addSample(0, r, g, b, 0.5f, 0.25f, k, 0, 1, 0, depth);
            else part.addSample(0, r, g, b, 0.5f, 0.25f, k, 0, 1, 0, depth);
        }
        merged.mergeSamples(0, part.sampleCount(0), new double[] {part.mean(0, 0), part.mean(0, 1), part.mean(0, 2)},
                new double[] {part.m2(0, 0), part.m2(0, 1), part.m2(0, 2)},
                new float[] {part.albedo(0, 0), part.albedo(0, 1), part.albedo(0, 2)},
                new float[] {part.normal(0, 0), part.normal(0, 1), part.normal(0, 2)}, part.depth(0), part.depthHits(0));
        assertEquals(40, merged.sampleCount(0));
        for (int c = 0; c < 3; c++) {
            assertEquals(sequential.mean(0, c), merged.mean(0, c), 1e-12 * Math.abs(sequential.mean(0, c)));
            assertEquals(sequential.m2(0, c), merged.m2(0, c), 1e-9 * sequential.m2(0, c));
            assertEquals(sequential.albedo(0, c), merged.albedo(0, c), 1e-5f * Math.max(1, Math.abs(sequential.albedo(0, c))));
            assertEquals(sequential.normal(0, c), merged.normal(0, c), 1e-6f);
        }
        assertEquals(sequential.depthHits(0), merged.depthHits(0));
        assertEquals(sequential.depth(0), merged.depth(0), 1e-4f);
    }

    @Test
    void mergedTemporalAovsEqualAddingTheSamplesOneByOne() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        Film sequential = new Film(1, 1), merged = new Film(1, 1), part = new Film(1, 1);
        for (int k = 0; k < 30; k++) {
            float depth = k % 4 == 0 ? Float.POSITIVE_INFINITY : 2 + k;
            float e = (float) rng.nextDouble() * 3, mx = (float) rng.nextDouble() * 8 - 4, my = -0.5f * k;
            float pd = depth < Float.POSITIVE_INFINITY ? depth + 0.25f : Float.POSITIVE_INFINITY;
            sequential.addSample(0, 1, 1, 1, 0, 0, 0, 0, 0, 1, depth, e, 2 * e, 0, mx, my, pd);
            Film f = k < 11 ? merged : part;
            f.addSample(0, 1, 1, 1, 0, 0, 0, 0, 0, 1, depth, e, 2 * e, 0, mx, my, pd);
        }
        mergePart(merged, part);
        for (int c = 0; c < 3; c++) assertEquals(sequential.emission(0, c), merged.emission(0, c), 1e-5f);
        for (int c = 0; c < 2; c++) assertEquals(sequential.motion(0, c), merged.motion(0, c), 1e-4f);
        assertEquals(sequential.previousDepths()[0], merged.previousDepths()[0], 1e-4f);
        assertTrue(sequential.previousDepths()[0] > 2 && sequential.previousDepths()[0] < 32);

        // One hitting sample with an unknown previous position (+infinity) makes the merged pixel's unknown.
        Film unknown = new Film(1, 1);
        unknown.addSample(0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, Float.POSITIVE_INFINITY);
        Film known = new Film(1, 1);
        known.addSample(0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 4);
        mergePart(known, unknown);
        assertEquals(Float.POSITIVE_INFINITY, known.previousDepths()[0]);
    }

    /** Merges pixel 0 of {@code part} into {@code into} as a GPU backend's summary. */
    private static void mergePart(Film into, Film part) {
        into.mergeSamples(0, part.sampleCount(0), new double[] {part.mean(0, 0), part.mean(0, 1), part.mean(0, 2)},
                new double[] {part.m2(0, 0), part.m2(0, 1), part.m2(0, 2)},
                new float[] {part.albedo(0, 0), part.albedo(0, 1), part.albedo(0, 2)},
                new float[] {part.normal(0, 0), part.normal(0, 1), part.normal(0, 2)}, part.depth(0), part.depthHits(0),
                new float[] {part.emission(0, 0), part.emission(0, 1), part.emission(0, 2)}, part.motion(0, 0),
                part.motion(0, 1), part.previousDepths()[0]);
    }

    @Test
    void cascadeFitsChecksTheLargestArrayTheCascadeAllocates() {
        LuminanceCascade c = LuminanceCascade.DEFAULT;
        // cascadeMeans() allocates 3 count n floats: 24 n with 8 buffers, at most MAX_ARRAY_LENGTH.
        assertTrue(Film.cascadeFits(89_478_484L, c, Film.MAX_ARRAY_LENGTH));
        assertFalse(Film.cascadeFits(89_478_485L, c, Film.MAX_ARRAY_LENGTH));
        assertFalse(Film.cascadeFits(102_000_000L, c, Film.MAX_ARRAY_LENGTH), "3 (count - 1) n would fit here");
        assertTrue(Film.cascadeFits(10_000, 8_947, c));
        assertFalse(Film.cascadeFits(10_000, 8_948, c));
        assertTrue(Film.cascadeFits(4, c, 96));
        assertFalse(Film.cascadeFits(5, c, 96));
    }

    @Test
    void aFilmTooLargeForItsCascadeFailsBeforeAllocatingAnything() {
        // 90 million pixels: 3 (count - 1) n fits in an int, 3 count n does not (cascadeMeans would overflow).
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Film(10_000, 9_000, LuminanceCascade.DEFAULT));
        assertTrue(e.getMessage().contains("too large for a cascade of 8 buffers"), e.getMessage());
    }

    @Test
    void aFilmWithoutACascadeSaysWhyAsItIsTold() {
        Film film = new Film(2, 1);
        film.setCascadeAbsence(FilmIo.CASCADE_TOO_LARGE);
        assertEquals(FilmIo.CASCADE_TOO_LARGE, film.cascadeAbsence());
        assertEquals(FilmIo.NONE + FilmIo.CASCADE_TOO_LARGE,
                FilmIo.outputImage(film, ImageMetadata.lucent()).attribute(FilmIo.CASCADE_ATTRIBUTE));
        Film recording = new Film(2, 1, LuminanceCascade.DEFAULT);
        assertThrows(IllegalStateException.class, () -> recording.setCascadeAbsence(FilmIo.CASCADE_TOO_LARGE));
    }
}
