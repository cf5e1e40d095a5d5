package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionFilterTest {
    private static final int W = 80, H = 48;
    private static final float[] GREY = {0.5f, 0.5f, 0.5f};
    private static final float[] UP = {0, 1, 0};
    private static final float[] RIGHT = {1, 0, 0};

    /**
     * Left half: irradiance rising linearly from 0.5 to 1.5 across the image, normal up; right half: constant
     * irradiance 2, normal right.
     */
    private static SyntheticRender rampAndStep() {
        SyntheticRender s = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean left = x < W / 2;
                s.set(x, y, GREY, left ? UP : RIGHT, left ? 0.5f + (float) x / W : 2f);
            }
        }
        return s;
    }

    @Test
    void linearShadingIsKeptAndTheEdgeStays() {
        SyntheticRender s = rampAndStep();
        DenoiseInput in = s.noisy(0.2, 5);
        float[] out = new RegressionFilter(6, 1f, 2).denoise(in);
        double gain = 10 * Math.log10(s.mse(in.color()) / s.mse(out));
        assertTrue(gain > 8, "PSNR gain " + gain + " dB");
        // The ramp's slope, from column means 4 and 34 (left part, away from the edge): truth 0.5 / W per column.
        double slope = (SyntheticRender.columnMean(out, W, H, 34, 0)
                - SyntheticRender.columnMean(out, W, H, 4, 0)) / 30;
        assertEquals(0.5 / W, slope, 0.05 * 0.5 / W);
        // Beside the edge: column 39 is ramp (0.5 * (0.5 + 39/80) = 0.494), column 40 the step (1.0); a blur
        // over the 13x13 window would give about 0.75 on both. Measured: 0.974 on the bright side (a little
        // of the ramp leaks through taps whose patches straddle the edge).
        assertEquals(0.494, SyntheticRender.columnMean(out, W, H, W / 2 - 1, 0), 0.035);
        assertEquals(1.0, SyntheticRender.columnMean(out, W, H, W / 2, 0), 0.035);
    }

    @Test
    void sameBitsForAnyThreadCountAndCrossWeightsDiffer() {
        SyntheticRender s = rampAndStep();
        DenoiseInput a = s.noisy(0.3, 1);
        DenoiseInput b = s.noisy(0.3, 2);
        float[] one = new RegressionFilter(4, 1f, 1).filter(a, b);
        float[] three = new RegressionFilter(4, 1f, 3).filter(a, b);
        assertArrayEquals(one, three);
        float[] self = new RegressionFilter(4, 1f, 1).filter(a, a);
        assertTrue(!java.util.Arrays.equals(one, self), "weights from the other render change the result");
    }
}
