package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HalfBufferInputTest {
    private static DenoiseInput pixels(float[] colour, float[] variance, float[] depth, int spp) {
        int n = depth.length;
        float[] albedo = new float[3 * n];
        float[] normal = new float[3 * n];
        java.util.Arrays.fill(albedo, 0.5f);
        return new DenoiseInput(n, 1, colour, albedo, normal, depth, variance, spp);
    }

    @Test
    void combinedIsTheMeanOfTheHalvesWithAQuarterOfTheirVarianceSum() {
        float inf = Float.POSITIVE_INFINITY;
        DenoiseInput a = pixels(new float[] {1, 2, 3, 0, 0, 0, 4, 4, 4},
                new float[] {0.4f, 0.4f, 0.4f, 0, 0, 0, 1, 1, 1}, new float[] {2, inf, 3}, 8);
        DenoiseInput b = pixels(new float[] {3, 2, 1, 0, 0, 0, 0, 0, 0},
                new float[] {0.8f, 0.8f, 0.8f, 0, 0, 0, 1, 1, 1}, new float[] {4, inf, inf}, 8);
        DenoiseInput all = new HalfBufferInput(a, b).combined();
        assertArrayEquals(new float[] {2, 2, 2, 0, 0, 0, 2, 2, 2}, all.color());
        assertArrayEquals(new float[] {0.3f, 0.3f, 0.3f, 0, 0, 0, 0.5f, 0.5f, 0.5f}, all.variance(), 1e-7f);
        // Both hit: mean; neither: infinity; one: that one's depth.
        assertArrayEquals(new float[] {3, inf, 3}, all.depth());
        assertEquals(16, all.spp());
    }

    @Test
    void halvesOfDifferentSizesAreRefused() {
        DenoiseInput a = pixels(new float[3], new float[3], new float[1], 1);
        DenoiseInput b = pixels(new float[6], new float[6], new float[2], 1);
        assertThrows(IllegalArgumentException.class, () -> new HalfBufferInput(a, b));
    }
}
