package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.Layout.LcEmitter;
import dev.lucent.core.TestPaths;
import dev.lucent.light.LightSampler;
import dev.lucent.scene.Light;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.Test;

/** The GPU light-selection table against the Java LightSampler, and the emitter order the GPU look-up needs. */
class GpuLightTableTest {
    @Test
    void cornellBoxEmittersAreSortedAndTheTableMatchesTheLightSampler() {
        Scene s = SceneLoader.load(TestPaths.projectRoot().resolve("scenes/cornell-box/cornell-box.obj"));
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertTrue(cs.emitterCount > 0, "the Cornell box has an emissive ceiling light");
            GpuLightTable.requireSortedEmitters(cs);
            float[] t = GpuLightTable.of(cs);
            LightSampler ls = new LightSampler(cs, null);
            assertEquals(ls.groupPmf(LightSampler.GROUP_PUNCTUAL), t[0]);
            assertEquals(ls.groupPmf(LightSampler.GROUP_EMITTERS), t[1]);
            assertEquals(ls.groupPmf(LightSampler.GROUP_ENVIRONMENT), t[2]);
            assertEquals(1, t[0] + t[1] + t[2], 1e-6);
            // Swapping two emitters breaks the (instance, triangle) order the GPU binary search relies on.
            if (cs.emitterCount > 1) {
                int a = cs.emitters.getInt(LcEmitter.TRIANGLE), b = cs.emitters.getInt(LcEmitter.BYTES + LcEmitter.TRIANGLE);
                cs.emitters.putInt(LcEmitter.TRIANGLE, b);
                cs.emitters.putInt(LcEmitter.BYTES + LcEmitter.TRIANGLE, a);
                assertThrows(IllegalStateException.class, () -> GpuLightTable.requireSortedEmitters(cs));
            }
        }
    }

    @Test
    void punctualProbabilitiesFollowPowerAndTheCdfEndsAtOne() {
        Scene s = SceneLoader.load(TestPaths.projectRoot().resolve("scenes/cornell-box/cornell-box.obj"));
        for (float intensity : new float[] {1, 3}) {
            Light l = new Light("p" + intensity, Light.Type.POINT);
            l.intensity = intensity;
            s.lights.add(l);
            Node n = new Node("light" + intensity);
            n.light = s.lights.size() - 1;
            s.addNode(n);
        }
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            float[] t = GpuLightTable.of(cs);
            assertEquals(2, (int) t[3]);
            assertEquals(0.25f, t[5], 1e-6f);
            assertEquals(0.75f, t[7], 1e-6f);
            assertEquals(0.25f, t[4], 1e-6f);
            assertEquals(1f, t[6]);
            assertTrue(t[0] > 0 && t[1] > 0);
        }
    }
}
