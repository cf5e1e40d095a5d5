package dev.lucent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.Film;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cross-backend agreement criteria on films of known noise and bias. */
class FilmAgreementTest {
    private static Film noisy(double level, long seed, int n) {
        Film f = new Film(32, 32);
        Random r = new Random(seed);
        for (int p = 0; p < 32 * 32; p++) {
            for (int s = 0; s < n; s++) {
                float v = (float) (level * (1 + 0.5 * r.nextGaussian()));
                f.addSample(p, v, v, v, 0, 0, 0, 0, 0, 1, 1);
            }
        }
        return f;
    }

    @Test
    void independentRendersOfOneImageAgreeAndABiasedOneDoesNot() {
        FilmAgreement same = FilmAgreement.of(noisy(1, 1, 16), noisy(1, 2, 16));
        assertTrue(same.relativeMseWithinNoise(), "relative MSE within noise: " + same.summary());
        assertTrue(same.noBiasedRegion(), "no biased region: " + same.summary());
        assertTrue(same.agrees());
        FilmAgreement biased = FilmAgreement.of(noisy(1, 1, 16), noisy(1.2, 2, 16));
        assertTrue(biased.worstRegionZ() > 5, "a 20% brighter image has biased regions: " + biased.summary());
        assertFalse(biased.agrees());
        assertTrue(biased.worstRegionSumB() > biased.worstRegionSumA());
        FilmAgreement identical = FilmAgreement.of(noisy(1, 3, 4), noisy(1, 3, 4));
        assertEquals(0, identical.relativeMse());
        assertEquals(0, identical.worstRegionZ());
        assertEquals(0, identical.pixels().meanZ());
    }

    /** One pixel far off: its 16x16 region (of four) is the worst; the relative MSE counts the one difference. */
    @Test
    void findsTheBiasedRegion() {
        Film a = new Film(32, 32), b = new Film(32, 32);
        for (int p = 0; p < 32 * 32; p++) {
            for (int s = 0; s < 2; s++) {
                float v = s == 0 ? 0.9f : 1.1f; // mean 1, variance of the mean 0.01
                a.addSample(p, v, v, v, 0, 0, 0, 0, 0, 1, 1);
                float w = p == 20 * 32 + 5 ? v + 10 : v;
                b.addSample(p, w, w, w, 0, 0, 0, 0, 0, 1, 1);
            }
        }
        FilmAgreement ag = FilmAgreement.of(a, b);
        assertEquals(0, ag.worstRegionX());
        assertEquals(16, ag.worstRegionY());
        // Region: 256 pixels x 3 channels, sum of variances 768 x 0.02 = 15.36; difference 30.
        assertEquals(30 / Math.sqrt(15.36), ag.worstRegionZ(), 1e-3);
        assertEquals(300.0 / (32 * 32 * 3), ag.relativeMse(), 1e-5);
        assertFalse(ag.agrees());
    }
}
