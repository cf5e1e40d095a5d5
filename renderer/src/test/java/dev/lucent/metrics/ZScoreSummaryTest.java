package dev.lucent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZScoreSummaryTest {
    private static final int W = 64, H = 64;

    /** A render of truth with per-sample noise sigma: mean of Gaussian noise, variance sigma^2. */
    private static RgbImage render(RgbImage truth, double sigma, long seed) {
        return MetricsTestImages.noisyUnclamped(truth, sigma, seed);
    }

    private static RgbImage variance(double sigma) {
        float v = (float) (sigma * sigma);
        return MetricsTestImages.constant(W, H, v, v, v);
    }

    @Test
    void agreeingRendersLookStandardNormal() {
        RgbImage truth = MetricsTestImages.pattern(W, H);
        ZScoreSummary z = ZScoreSummary.of(render(truth, 0.05, 1), variance(0.05), render(truth, 0.05, 2),
                variance(0.05), 16);
        assertEquals(3L * W * H, z.samples());
        assertEquals(1.0, z.rmsZ(), 0.03);
        assertEquals(0.0, z.meanZ(), 0.03);
        assertTrue(z.fractionBeyond3() < 0.006, "beyond 3: " + z.fractionBeyond3());
        assertEquals(48, z.blocks());
        assertTrue(z.maxBlockZ() < 4, "max block z " + z.maxBlockZ());
    }

    @Test
    void regionalBiasTooSmallPerPixelIsFlaggedByBlocks() {
        RgbImage truth = MetricsTestImages.pattern(W, H);
        float[] biased = truth.rgb().clone();
        // +0.5 sigma_diff in one 16x16 block: per pixel invisible, block z = 0.5 * 16 = 8.
        double sigmaDiff = 0.05 * Math.sqrt(2);
        for (int y = 16; y < 32; y++) {
            for (int x = 32; x < 48; x++) {
                for (int c = 0; c < 3; c++) biased[3 * (y * W + x) + c] += (float) (0.5 * sigmaDiff);
            }
        }
        ZScoreSummary z = ZScoreSummary.of(render(new RgbImage(W, H, biased), 0.05, 3), variance(0.05),
                render(truth, 0.05, 4), variance(0.05), 16);
        assertTrue(z.fractionBeyond3() < 0.01, "per-pixel tail " + z.fractionBeyond3());
        assertTrue(z.maxBlockZ() > 5, "max block z " + z.maxBlockZ());
        assertEquals(3.0 / 48, z.fractionBlocksBeyond3(), 1.0 / 48);
    }

    @Test
    void valuesWithoutNoiseEstimateAreCountedApart() {
        RgbImage a = MetricsTestImages.constant(4, 4, 1, 1, 1);
        float[] b = a.rgb().clone();
        b[0] = 2;
        float[] zero = new float[48];
        ZScoreSummary z = ZScoreSummary.of(a, new RgbImage(4, 4, zero), new RgbImage(4, 4, b),
                new RgbImage(4, 4, zero), 16);
        assertEquals(0, z.samples());
        assertEquals(47, z.zeroVarianceEqual());
        assertEquals(1, z.zeroVarianceDiffer());
        assertEquals(0, z.blocks());
    }

    @Test
    void knownZOfOnePixel() {
        float[] a = new float[3];
        float[] b = new float[3];
        Arrays.fill(a, 3f);
        Arrays.fill(b, 1f);
        float[] va = {1f, 1f, 1f};
        float[] vb = {3f, 3f, 3f};
        ZScoreSummary z = ZScoreSummary.of(new RgbImage(1, 1, a), new RgbImage(1, 1, va), new RgbImage(1, 1, b),
                new RgbImage(1, 1, vb), 16);
        assertEquals(1.0, z.meanZ(), 1e-12); // (3 - 1) / sqrt(1 + 3)
        assertEquals(1.0, z.maxBlockZ(), 1e-12);
    }
}
