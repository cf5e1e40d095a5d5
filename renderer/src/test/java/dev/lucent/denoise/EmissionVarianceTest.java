package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EmissionVarianceTest {
    private static final int W = 4, H = 3;

    /** A W x H input at {@code spp} samples whose emission is {@code e} (3 per pixel); the rest does not matter. */
    private static DenoiseInput input(float[] e, int spp) {
        int n = W * H;
        return new DenoiseInput(W, H, new float[3 * n], new float[3 * n], new float[3 * n], new float[n],
                new float[3 * n], spp, e, null, null);
    }

    @Test
    void boundIsMeanTimesDistanceToTheLargestNeighbourOverSamples() {
        float[] e = new float[3 * W * H];
        // Pixel (1, 1): half covered by an emitter of 1 (red) and 4 (green) seen in full at (2, 1) and (0, 0).
        int p = 3 * (1 * W + 1);
        e[p] = 0.5f;
        e[p + 1] = 2f;
        e[3 * (1 * W + 2)] = 1f;
        e[3 * (0 * W + 0) + 1] = 4f;
        // Outside (1, 1)'s 3x3 neighbourhood: ignored.
        e[3 * (1 * W + 3)] = 100f;
        DenoiseInput in = input(e, 100);
        assertEquals(0.5f * (1f - 0.5f) / 100, EmissionVariance.bound(in, 1, 1, 0), 1e-9f);
        assertEquals(2f * (4f - 2f) / 100, EmissionVariance.bound(in, 1, 1, 1), 1e-9f);
        // No emission in blue: no coverage noise.
        assertEquals(0f, EmissionVariance.bound(in, 1, 1, 2));
        // The emitter's fully covered pixel next to the 100: 1 x 99 / 100; the corner (0, 0) is its own maximum.
        assertEquals(0.99f, EmissionVariance.bound(in, 2, 1, 0), 1e-6f);
        assertEquals(0f, EmissionVariance.bound(in, 0, 0, 1));
    }

    @Test
    void unknownSampleCountGivesNoBound() {
        float[] e = new float[3 * W * H];
        e[0] = 0.5f;
        e[3] = 1f;
        assertEquals(0f, EmissionVariance.bound(input(e, 0), 0, 0, 0));
    }
}
