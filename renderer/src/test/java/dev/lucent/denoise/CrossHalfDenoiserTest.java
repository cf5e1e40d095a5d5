package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossHalfDenoiserTest {
    private static final int W = 96, H = 64;
    private static final float[] UP = {0, 1, 0};
    private static final float[] RIGHT = {1, 0, 0};
    private static final float[] GREY = {0.5f, 0.5f, 0.5f};
    private static final float[] BLUE = {0.2f, 0.25f, 0.7f};

    /** Left half grey facing up, right half blue facing right; irradiance 1. */
    private static SyntheticRender twoSurfaces() {
        SyntheticRender s = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) s.set(x, y, x < W / 2 ? GREY : BLUE, x < W / 2 ? UP : RIGHT, 1f);
        }
        return s;
    }

    /**
     * One half buffer of {@code samples} samples per pixel of heavy-tailed noise: each sample is the truth
     * times 0.8 plus, with probability 1/64, the truth times 0.2 * 64 (a rare bright path carrying a fifth of
     * the pixel's energy), so the mean is the truth; the variance layer is the sample variance of the mean, as
     * a film measures it.
     */
    private static DenoiseInput heavyTailedHalf(SyntheticRender s, int samples, long seed) {
        Random rnd = new Random(seed);
        float[] t = s.truth();
        int n = W * H;
        float[] colour = new float[3 * n];
        float[] variance = new float[3 * n];
        for (int p = 0; p < n; p++) {
            int events = 0;
            for (int i = 0; i < samples; i++) if (rnd.nextInt(64) == 0) events++;
            for (int c = 0; c < 3; c++) {
                double base = 0.8 * t[3 * p + c], spike = 0.2 * 64 * t[3 * p + c];
                double mean = base + spike * events / samples;
                // Sample variance of values {base + spike} (events times) and {base}, divided by the count.
                double f = (double) events / samples;
                double var = spike * spike * f * (1 - f) * samples / (samples - 1.0) / samples;
                colour[3 * p + c] = (float) mean;
                variance[3 * p + c] = (float) var;
            }
        }
        return new DenoiseInput(W, H, colour, s.albedo, s.normal, s.depth, variance, samples);
    }

    @Test
    void heavyTailedNoiseIsRemovedBetterThanByTheFixedFilter() {
        SyntheticRender s = twoSurfaces();
        HalfBufferInput halves = new HalfBufferInput(heavyTailedHalf(s, 32, 1), heavyTailedHalf(s, 32, 2));
        DenoiseInput all = halves.combined();
        double raw = s.mse(all.color());
        double fixed = s.mse(new CpuDenoiser(CpuDenoiserSettings.defaults(), 2).denoise(all));
        CrossHalfDenoiser.Result r = new CrossHalfDenoiser().run(halves);
        double selected = s.mse(r.image());
        // The fixed filter refuses to mix the pixels whose samples found no event (variance estimate 0) with
        // those that did; the selection takes the regression, whose weights come from the other half. At least
        // 1.25 dB less error than the fixed filter (measured: 1.9 dB).
        assertTrue(selected < 0.75 * fixed, "mse raw " + raw + ", cpu " + fixed + ", cpu-nfor " + selected);
        long strong = java.util.Arrays.stream(r.choice()).filter(k -> k > 0).count();
        assertTrue(strong > W * H / 2, "pixels on the regression: " + strong);
    }

    @Test
    void noiseFreeHalvesComeBackUnchanged() {
        SyntheticRender s = twoSurfaces();
        DenoiseInput clean = s.noisy(0, 1);
        float[] out = new CrossHalfDenoiser().denoise(new HalfBufferInput(clean, clean));
        assertArrayEquals(s.truth(), out);
    }

    @Test
    void gaussianNoiseGetsFilteredAndTheEdgeStays() {
        SyntheticRender s = twoSurfaces();
        HalfBufferInput halves = new HalfBufferInput(s.noisy(0.3, 1), s.noisy(0.3, 2));
        DenoiseInput all = halves.combined();
        float[] out = new CrossHalfDenoiser().denoise(halves);
        double gain = 10 * Math.log10(s.mse(all.color()) / s.mse(out));
        assertTrue(gain > 10, "PSNR gain " + gain + " dB");
        double step = SyntheticRender.columnMean(out, W, H, W / 2 - 1, 1)
                - SyntheticRender.columnMean(out, W, H, W / 2, 1);
        assertTrue(Math.abs(step - 0.25) < 0.025, "green step " + step + ", expected 0.25");
    }

    @Test
    void sameBitsForAnyThreadCount() {
        SyntheticRender s = twoSurfaces();
        HalfBufferInput halves = new HalfBufferInput(heavyTailedHalf(s, 16, 3), heavyTailedHalf(s, 16, 4));
        float[] one = new CrossHalfDenoiser(CrossHalfDenoiser.defaultBank(1), 4, true, 1.0, 1).denoise(halves);
        float[] three = new CrossHalfDenoiser(CrossHalfDenoiser.defaultBank(3), 4, true, 1.0, 3).denoise(halves);
        assertArrayEquals(one, three);
    }
}
