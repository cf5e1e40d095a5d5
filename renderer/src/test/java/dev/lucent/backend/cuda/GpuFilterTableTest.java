package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lucent.image.PixelFilter;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GPU's pixel-filter sampling (the table GpuFilterTable writes, inverted as pixel_filter.cuh and its Java
 * mirror {@link GpuFilterTable#sample} do) gives the same film offsets as {@link PixelFilter#sample}, bit for
 * bit, for every filter the CLI offers: the condition for CPU and CUDA images to agree per pixel.
 */
class GpuFilterTableTest {
    static java.util.List<String> filters() {
        return PixelFilter.names();
    }

    @ParameterizedTest
    @MethodSource("filters")
    void offsetsEqualTheCpuFilterBitForBit(String name) {
        PixelFilter f = PixelFilter.named(name);
        double[] table = GpuFilterTable.of(f);
        float[] dxy = new float[2];
        SplittableRandom rng = new SplittableRandom(12345);
        float[] edges = {0f, Math.nextUp(0f), 0.25f, 0.5f, Math.nextDown(0.5f), 0.75f, Math.nextDown(1f)};
        for (int k = 0; k < 200_000 + edges.length; k++) {
            // The sampler's floats are multiples of 2^-24 (Hashing.toUnitFloat); edges add the extremes.
            float u = k < edges.length ? edges[k] : (rng.nextInt() >>> 8) * 0x1p-24f;
            f.sample(u, u, dxy);
            float gpu = GpuFilterTable.sample(table, u);
            assertEquals(Float.floatToRawIntBits(dxy[0]), Float.floatToRawIntBits(gpu),
                    name + " at u = " + u + ": cpu " + dxy[0] + ", gpu " + gpu);
        }
    }

    @ParameterizedTest
    @MethodSource("filters")
    void tableKindFollowsTheFilter(String name) {
        double[] t = GpuFilterTable.of(PixelFilter.named(name));
        int kind = (int) t[0];
        switch (name) {
            case "box" -> assertEquals(GpuFilterTable.BOX, kind);
            case "tent" -> assertEquals(GpuFilterTable.TENT, kind);
            default -> {
                assertEquals(GpuFilterTable.TABULATED, kind);
                assertEquals(GpuFilterTable.HEADER + 3 * GpuFilterTable.SEGMENTS + 2, t.length);
            }
        }
        assertEquals(PixelFilter.named(name).radius(), t[1], 0);
    }

    @org.junit.jupiter.api.Test
    void aProfileThatIntegratesToZeroIsRefused() {
        PixelFilter zero = new PixelFilter() {
            @Override public String name() { return "zero"; }
            @Override public double radius() { return 1; }
            @Override public double profile(double x) { return 0; }
            @Override public void sample(float u0, float u1, float[] dxy) {}
        };
        assertThrows(IllegalArgumentException.class, () -> GpuFilterTable.of(zero));
    }
}
