package dev.lucent.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Distribution1DTest {
    static final float[] WEIGHTS = {0, 1, 3, 0, 2, 5, 0.5f, 0};

    @Test
    void pdfIntegratesToOneAndPmfIsNormalisedWeight() {
        Distribution1D d = new Distribution1D(WEIGHTS);
        double integral = 0, pmfSum = 0;
        for (int i = 0; i < d.size(); i++) {
            integral += d.pdf(i) / d.size();
            pmfSum += d.pmf(i);
            assertEquals(WEIGHTS[i] / 11.5f, d.pmf(i), 1e-6, "pmf " + i);
        }
        assertEquals(1.0, integral, 1e-6);
        assertEquals(1.0, pmfSum, 1e-6);
        assertEquals(11.5f / 8, d.integral(), 1e-6);
    }

    @Test
    void continuousSamplesFollowPdfInsideBinsToo() {
        Distribution1D d = new Distribution1D(WEIGHTS);
        int sub = 4, bins = d.size() * sub, n = 200_000;
        long[] observed = new long[bins];
        double[] expected = new double[bins];
        for (int b = 0; b < bins; b++) expected[b] = n * d.pdf(b / sub) / bins;
        SplittableRandom rng = new SplittableRandom(1);
        Distribution1D.Sample s = new Distribution1D.Sample();
        for (int i = 0; i < n; i++) {
            float x = d.sampleContinuous((float) rng.nextDouble(), s);
            assertTrue(x >= 0 && x < 1, "x = " + x);
            assertEquals(s.offset, d.binOf(x));
            assertEquals(d.pdf(x), s.pdf, 0f);
            observed[Math.min((int) (x * bins), bins - 1)]++;
        }
        ChiSquare.assertFits(observed, expected, "continuous samples");
    }

    @Test
    void discreteSamplesFollowPmfAndRemappedOffsetIsUniform() {
        Distribution1D d = new Distribution1D(WEIGHTS);
        int n = 100_000, remapBins = 20;
        long[] observed = new long[d.size()];
        long[] remapped = new long[remapBins];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            float u = (float) rng.nextDouble();
            int k = d.sampleDiscrete(u);
            observed[k]++;
            float r = d.remap(u, k);
            assertTrue(r >= 0 && r < 1);
            remapped[(int) (r * remapBins)]++;
        }
        double[] expected = new double[d.size()];
        for (int i = 0; i < d.size(); i++) expected[i] = n * d.pmf(i);
        ChiSquare.assertFits(observed, expected, "discrete samples");
        double[] flat = new double[remapBins];
        java.util.Arrays.fill(flat, (double) n / remapBins);
        ChiSquare.assertFits(remapped, flat, "remapped offsets");
    }

    @Test
    void zeroWeightBinsAreNeverChosenEvenAtTheEnds() {
        Distribution1D d = new Distribution1D(WEIGHTS);
        assertEquals(1, d.sampleDiscrete(0f));
        assertEquals(6, d.sampleDiscrete(Math.nextDown(1f)));
        assertEquals(6, d.sampleDiscrete(1f));
        Distribution1D.Sample s = new Distribution1D.Sample();
        assertEquals(1f / 8, d.sampleContinuous(0f, s), 1e-7);
        assertTrue(d.sampleContinuous(Math.nextDown(1f), s) < 7f / 8);
        assertEquals(0f, d.pdf(0.05f));
        assertEquals(0f, d.pmf(3));
    }

    @Test
    void allZeroFallsBackToUniform() {
        Distribution1D d = new Distribution1D(new float[5]);
        assertTrue(d.isUniformFallback());
        Distribution1D.Sample s = new Distribution1D.Sample();
        for (int i = 0; i < 5; i++) {
            assertEquals(1f, d.pdf(i), 1e-6);
            assertEquals(0.2f, d.pmf(i), 1e-6);
        }
        assertEquals(0.5f, d.sampleContinuous(0.5f, s), 1e-6);
        assertEquals(1f, s.pdf, 1e-6);
        assertEquals(3, d.sampleDiscrete(0.7f));
    }

    @Test
    void negativeWeightsCountByMagnitudeAndNonFiniteAreRejected() {
        Distribution1D d = new Distribution1D(new float[] {-1, 3});
        assertEquals(0.25f, d.pmf(0), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new Distribution1D(new float[] {1, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Distribution1D(new float[0]));
    }
}
