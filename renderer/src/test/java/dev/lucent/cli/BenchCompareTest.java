package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.Film;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code lucent bench --compare}: argument checks and the image-agreement figures that decide validity. */
class BenchCompareTest {
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
        double[] same = BenchCompare.agreement(noisy(1, 1, 16), noisy(1, 2, 16));
        assertTrue(same[0] <= 2 * same[1] + 1e-4, "relative MSE within noise: " + same[0] + " vs " + same[1]);
        assertTrue(same[2] < 5, "no biased region: " + same[2]);
        double[] biased = BenchCompare.agreement(noisy(1, 1, 16), noisy(1.2, 2, 16));
        assertTrue(biased[2] > 5, "a 20% brighter image has biased regions: " + biased[2]);
        double[] identical = BenchCompare.agreement(noisy(1, 3, 4), noisy(1, 3, 4));
        assertEquals(0, identical[0]);
        assertEquals(0, identical[2]);
    }

    @Test
    void compareNeedsTwoDifferentGpuBackends() {
        CliRun r = CliRun.lucent("bench", "--compare", "cpu,vulkan");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("'cpu' is not cuda or vulkan"), r.err());
        r = CliRun.lucent("bench", "--compare", "vulkan,vulkan");
        assertTrue(r.err().contains("two different GPU backends"), r.err());
    }
}
