package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Shapes;
import dev.lucent.scene.TextureCache;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs everywhere: the host tables computed once for all devices (one environment distribution for both tables,
 * computed beside the layout) equal, bit for bit, the tables each tracer used to compute for itself.
 */
class CudaHostSceneTest {
    @Test
    void sharedTablesEqualTheOnesComputedAlone() {
        Scene s = new Scene(Path.of("host-scene-test.json"));
        Material lamp = new Material("lamp");
        lamp.emissive = new float[] {1, 0.9f, 0.8f};
        lamp.emissiveStrength = 5;
        s.materials.add(lamp);
        Mesh sphere = Shapes.sphere(1, 16);
        sphere.materials = new int[sphere.triangleCount()];
        s.meshes.add(sphere);
        Node n = new Node("sphere");
        n.mesh = 0;
        s.addNode(n);
        s.lights.add(new Light("point", Light.Type.POINT));
        Node ln = new Node("point");
        ln.light = 0;
        ln.translation.set(0, 3, 0);
        s.addNode(ln);
        TextureCache cache = new TextureCache(s);
        s.environment.texture = cache.file(TestPaths.sharedScenes().resolve("environments/sky-afternoon.hdr"));
        cache.decodeAll();
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults().withSize(32, 32));
                CudaHostScene host = new CudaHostScene(cs)) {
            float[] lights = GpuLightTable.of(cs), env = GpuEnvironmentTable.of(cs);
            assertTrue(env.length > 2, "the sky is importance-sampled");
            assertTrue(lights[0] > 0 && lights[1] > 0 && lights[2] > 0, "punctual, emitter and sky groups");
            assertEquals(1, lights[3], "one punctual light");
            assertArrayEquals(lights, host.lightTable());
            assertArrayEquals(env, host.environmentTable());
            assertTrue(host.layout().maxBlasDepth() > 0, "the sphere's BLAS");
            assertEquals(cs, host.scene());
        }
    }
}
