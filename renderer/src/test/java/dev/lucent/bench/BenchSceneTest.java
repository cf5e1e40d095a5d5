package dev.lucent.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lucent.backend.cuda.RayCastBenchmark;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.NativeBuffer;
import org.junit.jupiter.api.Test;

/** The benchmark's scenes: the procedural scene's camera and light, and the default shadow light. */
class BenchSceneTest {
    @Test
    void proceduralSceneSeesTheFieldLikeTheRayCastingBenchmark() {
        long n = 20_000;
        BenchScene bs = BenchScene.procedural(n);
        assertEquals("procedural-20000", bs.name());
        float s = BenchScene.proceduralFieldSize(n);
        try (CompiledScene cs = SceneCompiler.compile(bs.loader().get(),
                new CompileOptions(0, 1920, 1080, BvhOptions.defaults(), null));
                NativeBuffer expected = RayCastBenchmark.camera(s, 1920, 1080)) {
            assertEquals(1, cs.meshCount);
            long o = (long) cs.selectedCamera * LcCamera.BYTES;
            for (long field : new long[] {LcCamera.POSITION, LcCamera.RIGHT, LcCamera.UP, LcCamera.FORWARD}) {
                for (int k = 0; k < 3; k++) {
                    float want = expected.getFloat(field + 4L * k), got = cs.cameras.getFloat(o + field + 4L * k);
                    assertEquals(want, got, 1e-5f * Math.max(1, Math.abs(want)), "camera field " + field + "[" + k + "]");
                }
            }
        }
        // Light: a square of side 0.2 s centred half a field above the centre.
        assertArrayEquals(new float[] {-0.1f * s, 0.5f * s, -0.1f * s, 0.2f * s, 0, 0, 0, 0, 0.2f * s},
                bs.shadowLight());
        assertThrows(IllegalArgumentException.class, () -> BenchScene.procedural(0));
    }

    @Test
    void defaultShadowLightHangsUnderTheTopOfTheBounds() {
        // A Cornell-like room 0..1 x 0..1 x 0..2: a 0.4 x 0.4 square at height 0.9, centred over the floor.
        float[] l = BenchScene.defaultShadowLight(new float[] {0, 0, 0}, new float[] {1, 1, 2});
        assertArrayEquals(new float[] {0.3f, 0.9f, 0.8f, 0.4f, 0, 0, 0, 0, 0.4f}, l, 1e-6f);
    }
}
