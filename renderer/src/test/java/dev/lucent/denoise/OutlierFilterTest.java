package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OutlierFilterTest {
    private static final float[] UP = {0, 1, 0};
    private static final float[] GREY = {0.5f, 0.5f, 0.5f};
    private static final int W = 64, H = 48;
    /** Samples per pixel of the simulated render, and the value of one rare sample (a clamped sun path). */
    private static final int N = 128;
    private static final float RARE = 10f;
    /** Truth everywhere: albedo 0.5 x irradiance 0.4. */
    private static final float TRUTH = 0.2f;

    private static SyntheticRender flat() {
        SyntheticRender s = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) s.set(x, y, GREY, UP, 0.4f);
        }
        return s;
    }

    /**
     * Pixel p (all channels) as the mean of N samples of which one had the value RARE: lifted by
     * (RARE - truth) / N, with the variance of the mean that one sample gives, about ((RARE - truth) / N)^2.
     */
    private static void addRareSample(DenoiseInput in, int p) {
        for (int c = 0; c < 3; c++) {
            float lift = (RARE - TRUTH) / N;
            in.color()[3 * p + c] += lift;
            in.variance()[3 * p + c] += lift * lift * (N - 1) / N;
        }
    }

    @Test
    void oneRareBrightSampleIsTakenOutAndTheVarianceCapped() {
        DenoiseInput in = flat().noisy(0.05, 3);
        int p = 20 * W + 30;
        addRareSample(in, p);
        float before = in.color()[3 * p];
        DenoiseInput out = new OutlierFilter(OutlierFilter.DEFAULT_RATIO, 2).apply(in);
        // The lift (0.0766) is gone: back to the truth within the noise (sd 0.01) of the neighbours' median.
        assertTrue(before > TRUTH + 0.06f, "lifted " + before);
        for (int c = 0; c < 3; c++) {
            assertEquals(TRUTH, out.color()[3 * p + c], 0.03f);
            assertEquals(0.01f * 0.01f, out.variance()[3 * p + c], 0.5e-4f);
        }
        // Every other pixel is copied: their standard errors are all alike.
        for (int i = 0; i < 3 * W * H; i++) {
            if (i / 3 == p) continue;
            assertEquals(in.color()[i], out.color()[i], 0f);
            assertEquals(in.variance()[i], out.variance()[i], 0f);
        }
        assertEquals(1, new OutlierFilter(OutlierFilter.DEFAULT_RATIO, 1).countOutliers(in));
    }

    @Test
    void convergedHighlightDarkOutlierEmitterAndMissAreKept() {
        DenoiseInput in = flat().noisy(0.05, 4);
        int highlight = 10 * W + 10, dark = 10 * W + 40, emitter = 30 * W + 10, miss = 30 * W + 40;
        for (int c = 0; c < 3; c++) {
            // 20 times brighter but seen by every sample: small standard error.
            in.color()[3 * highlight + c] = 20 * TRUTH;
            in.variance()[3 * highlight + c] = 1e-6f;
            // Large standard error but darker than its neighbours: not a rare bright sample.
            in.color()[3 * dark + c] = 0.5f * TRUTH;
            in.variance()[3 * dark + c] = 0.05f * 0.05f;
            // An emitter's edge: the emission's coverage noise, left alone.
            in.emission()[3 * emitter + c] = 1f;
            in.color()[3 * emitter + c] = 1.3f;
            in.variance()[3 * emitter + c] = 0.1f;
        }
        in.depth()[miss] = Float.POSITIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            in.color()[3 * miss + c] = 5f;
            in.variance()[3 * miss + c] = 1f;
        }
        DenoiseInput out = new OutlierFilter(OutlierFilter.DEFAULT_RATIO, 2).apply(in);
        assertArrayEquals(in.color(), out.color());
        assertArrayEquals(in.variance(), out.variance());
    }

    @Test
    void sameBitsForAnyThreadCount() {
        DenoiseInput in = sprinkled(7);
        DenoiseInput one = new OutlierFilter(3f, 1).apply(in);
        DenoiseInput three = new OutlierFilter(3f, 3).apply(in);
        assertArrayEquals(one.color(), three.color());
        assertArrayEquals(one.variance(), three.variance());
    }

    /** The reason for the pass: rare bright samples in 1% of the pixels survive the a-trous filter without it. */
    @Test
    void cpuDenoiserWithTheOutlierPassBeatsItWithout() {
        SyntheticRender scene = flat();
        DenoiseInput in = sprinkled(9);
        CpuDenoiserSettings with = CpuDenoiserSettings.defaults();
        CpuDenoiserSettings without = new CpuDenoiserSettings(with.levels(), with.colourSigma(), with.normalSigma(),
                with.albedoSigma(), with.depthSigma(), with.fireflyRatio());
        assertEquals(OutlierFilter.DEFAULT_RATIO, with.outlierRatio());
        assertEquals(0f, without.outlierRatio());
        double mseWith = scene.mse(new CpuDenoiser(with, 2).denoise(in));
        double mseWithout = scene.mse(new CpuDenoiser(without, 2).denoise(in));
        double gainDb = 10 * Math.log10(mseWithout / mseWith);
        assertTrue(gainDb > 3, "gain " + gainDb + " dB (" + mseWithout + " -> " + mseWith + ")");
    }

    @Test
    void ratioBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OutlierFilter(0.5f, 1));
        assertThrows(IllegalArgumentException.class, () -> new RegressionFilter(6, 1f, 0.5f, 1));
        assertThrows(IllegalArgumentException.class, () -> new CpuDenoiserSettings(5, 2.5f, 0.2f, 0.15f, 1f, 2f,
                0.5f));
    }

    /** The flat scene with relative noise 0.05 and one rare sample in 1% of the pixels, seeded. */
    private static DenoiseInput sprinkled(long seed) {
        DenoiseInput in = flat().noisy(0.05, seed);
        Random rnd = new Random(seed);
        for (int k = 0; k < W * H / 100; k++) addRareSample(in, rnd.nextInt(W * H));
        return in;
    }
}
