package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Film#mergeSummaries}: the same bits as {@link Film#mergeSamples} record by record. */
class FilmSummaryMergeTest {
    /** A layout unlike any backend's: padding first, fields shuffled, 100-byte records. */
    private static final SampleSummaryLayout LAYOUT = new SampleSummaryLayout(100, 8, 12, 24, 36, 48, 60, 64, 68, 72,
            84);

    @Test
    void bulkMergeHasTheBitsOfPerPixelMerges() {
        int w = 7, h = 5, n = w * h;
        Film bulk = new Film(w, h), single = new Film(w, h);
        SplittableRandom rnd = new SplittableRandom(11);
        // Twice, so the second merge lands on pixels that already hold samples (and some that do not).
        for (int round = 0; round < 2; round++) {
            int offset = 20 + round;
            ByteBuffer records = ByteBuffer.allocate(offset + n * LAYOUT.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p < n; p++) fill(records, offset + p * LAYOUT.bytes(), rnd, p);
            for (int y = 0; y < h; y++) bulk.mergeSummaries(y * w, w, records, offset + y * w * LAYOUT.bytes(), LAYOUT);
            for (int p = 0; p < n; p++) mergeOne(single, p, records, offset + p * LAYOUT.bytes());
            assertSameState(single, bulk);
        }
        assertTrue(bulk.sampleCount(0) > 0);
        assertFalse(bulk.hasCascades());
        assertFalse(bulk.hasRoughness());
    }

    @Test
    void recordsWithoutSamplesLeaveTheFilmAsItWas() {
        Film film = new Film(4, 1, LuminanceCascade.DEFAULT);
        ByteBuffer records = ByteBuffer.allocate(4 * LAYOUT.bytes()).order(ByteOrder.nativeOrder());
        for (int p = 0; p < 4; p++) {
            records.putInt(p * LAYOUT.bytes() + LAYOUT.count(), p == 2 ? -1 : 0);
            records.putFloat(p * LAYOUT.bytes() + LAYOUT.mean(), 5f);
        }
        film.mergeSummaries(0, 4, records, 0, LAYOUT);
        assertEquals(0, film.sampleCount(2));
        assertEquals(0.0, film.mean(1, 0));
        assertTrue(film.hasCascades(), "no sample merged, so the cascade is still complete");
    }

    @Test
    void pixelsOutsideTheFilmAreRefused() {
        Film film = new Film(4, 2);
        ByteBuffer records = ByteBuffer.allocate(16 * LAYOUT.bytes());
        assertThrows(IndexOutOfBoundsException.class, () -> film.mergeSummaries(5, 4, records, 0, LAYOUT));
        assertThrows(IndexOutOfBoundsException.class, () -> film.mergeSummaries(-1, 2, records, 0, LAYOUT));
        assertThrows(IllegalArgumentException.class, () -> new SampleSummaryLayout(96, 0, 4, 16, 28, 40, 52, 56, 60,
                64, 90));
    }

    /** A random record; every 5th pixel has no hit, every 7th none of its samples, some have odd AOVs. */
    private static void fill(ByteBuffer b, int o, SplittableRandom rnd, int p) {
        int n = p % 7 == 3 ? 0 : 1 + rnd.nextInt(300);
        int hits = p % 5 == 1 ? 0 : rnd.nextInt(n + 1);
        b.putInt(o + LAYOUT.count(), n);
        for (int c = 0; c < 3; c++) {
            b.putFloat(o + LAYOUT.mean() + 4 * c, p == 4 && c == 0 ? -0f : (float) rnd.nextDouble(0, 3));
            b.putFloat(o + LAYOUT.m2() + 4 * c, (float) rnd.nextDouble(0, 40));
            b.putFloat(o + LAYOUT.albedo() + 4 * c, (float) rnd.nextDouble());
            b.putFloat(o + LAYOUT.normal() + 4 * c, (float) rnd.nextDouble(-1, 1));
            b.putFloat(o + LAYOUT.emission() + 4 * c, p == 9 ? Float.NaN : (float) rnd.nextDouble());
        }
        b.putFloat(o + LAYOUT.depth(), hits == 0 ? Float.POSITIVE_INFINITY : (float) rnd.nextDouble(0.5, 20));
        b.putInt(o + LAYOUT.depthHits(), hits);
        b.putFloat(o + LAYOUT.previousDepth(), p % 3 == 0 ? Float.POSITIVE_INFINITY : (float) rnd.nextDouble(1, 9));
        b.putFloat(o + LAYOUT.motion(), (float) rnd.nextDouble(-4, 4));
        b.putFloat(o + LAYOUT.motion() + 4, p == 6 ? Float.POSITIVE_INFINITY : (float) rnd.nextDouble(-4, 4));
    }

    private static void mergeOne(Film film, int p, ByteBuffer b, int o) {
        double[] mean = new double[3], m2 = new double[3];
        float[] albedo = new float[3], normal = new float[3], emission = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = b.getFloat(o + LAYOUT.mean() + 4 * c);
            m2[c] = b.getFloat(o + LAYOUT.m2() + 4 * c);
            albedo[c] = b.getFloat(o + LAYOUT.albedo() + 4 * c);
            normal[c] = b.getFloat(o + LAYOUT.normal() + 4 * c);
            emission[c] = b.getFloat(o + LAYOUT.emission() + 4 * c);
        }
        film.mergeSamples(p, b.getInt(o + LAYOUT.count()), mean, m2, albedo, normal, b.getFloat(o + LAYOUT.depth()),
                b.getInt(o + LAYOUT.depthHits()), emission, b.getFloat(o + LAYOUT.motion()),
                b.getFloat(o + LAYOUT.motion() + 4), b.getFloat(o + LAYOUT.previousDepth()));
    }

    /** Every per-pixel array, bit for bit (assertArrayEquals compares doubles and floats by their bits). */
    static void assertSameState(Film expected, Film actual) {
        assertArrayEquals(expected.count, actual.count);
        assertArrayEquals(expected.mean, actual.mean);
        assertArrayEquals(expected.m2, actual.m2);
        assertArrayEquals(expected.albedo, actual.albedo);
        assertArrayEquals(expected.normal, actual.normal);
        assertArrayEquals(expected.emission, actual.emission);
        assertArrayEquals(expected.motion, actual.motion);
        assertArrayEquals(expected.depth, actual.depth);
        assertArrayEquals(expected.depthHits, actual.depthHits);
        assertArrayEquals(expected.previousDepth, actual.previousDepth);
        assertEquals(expected.hasCascades(), actual.hasCascades());
        assertEquals(expected.cascadeAbsence(), actual.cascadeAbsence());
        assertEquals(expected.hasRoughness(), actual.hasRoughness());
    }
}
