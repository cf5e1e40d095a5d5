package dev.lucent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.Hit;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.compile.SceneIntersector;
import dev.lucent.core.TestPaths;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.scene.Shapes;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flattened layout reports the same hits as the reference two-level traversal. */
class FlatSceneIntersectorTest {

    /** Instances of a sphere and a box: rotated, scaled unevenly, mirrored; plus a shared mesh used twice. */
    private static Scene instancedScene() {
        Scene s = new Scene(Path.of("flat-test.json"));
        s.materials.add(new Material("m"));
        Mesh sphere = Shapes.sphere(1, 24), box = Shapes.box(1, 2, 0.5f);
        s.meshes.add(sphere);
        s.meshes.add(box);
        Random r = new Random(3);
        for (int i = 0; i < 12; i++) {
            Node n = new Node("n" + i);
            n.mesh = i % 2;
            n.translation.set(r.nextFloat() * 6 - 3, r.nextFloat() * 6 - 3, r.nextFloat() * 6 - 3);
            n.rotation.rotateXYZ(r.nextFloat() * 3, r.nextFloat() * 3, r.nextFloat() * 3);
            n.scale.set(0.5f + r.nextFloat(), 0.5f + r.nextFloat(), (i == 5 ? -1 : 1) * (0.5f + r.nextFloat()));
            s.addNode(n);
        }
        return s;
    }

    private static void compare(Scene scene, int rays) {
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.defaults())) {
            FlatSceneBvh flat = FlatSceneBvh.build(cs, BvhOptions.defaults());
            assertTrue(FlatSceneBvh.suits(cs));
            FlatSceneIntersector a = new FlatSceneIntersector(flat, null);
            SceneIntersector b = new SceneIntersector(cs);
            float[] box = new float[6];
            for (int k = 0; k < 3; k++) {
                box[k] = cs.globals.getFloat(16 + 4 * k);
                box[3 + k] = cs.globals.getFloat(32 + 4 * k);
            }
            Random r = new Random(11);
            Hit ha = new Hit(), hb = new Hit();
            int hits = 0, sameTriangle = 0;
            for (int i = 0; i < rays; i++) {
                float ox = lerp(box[0], box[3], r.nextFloat() * 1.4f - 0.2f);
                float oy = lerp(box[1], box[4], r.nextFloat() * 1.4f - 0.2f);
                float oz = lerp(box[2], box[5], r.nextFloat() * 1.4f - 0.2f);
                float dx = (float) r.nextGaussian(), dy = (float) r.nextGaussian(), dz = (float) r.nextGaussian();
                float tMax = r.nextInt(4) == 0 ? r.nextFloat() * 3 : Float.POSITIVE_INFINITY;
                boolean fa = a.intersect(ox, oy, oz, dx, dy, dz, 0, tMax, ha);
                boolean fb = b.intersect(ox, oy, oz, dx, dy, dz, 0, tMax, hb);
                assertEquals(fb, fa, "ray " + i);
                assertEquals(fb, a.occluded(ox, oy, oz, dx, dy, dz, 0, tMax), "occluded, ray " + i);
                if (!fa) continue;
                hits++;
                assertEquals(hb.t, ha.t, 1e-4f * Math.max(1, hb.t), "t, ray " + i);
                if (ha.instance == hb.instance && ha.triangle == hb.triangle) {
                    sameTriangle++;
                    assertEquals(hb.u, ha.u, 1e-3f, "u, ray " + i);
                    assertEquals(hb.v, ha.v, 1e-3f, "v, ray " + i);
                }
            }
            assertTrue(hits > rays / 20, hits + " hits");
            // Different triangles only at ties (shared edges, coincident surfaces), where t agrees.
            assertTrue(sameTriangle >= hits * 0.995, sameTriangle + " of " + hits + " on the same triangle");
        }
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    @Test
    void instancedTransformedAndMirroredMeshes() {
        compare(instancedScene(), 20000);
    }

    @Test
    void cornellBox() {
        compare(SceneLoader.load(TestPaths.projectRoot().resolve("scenes/cornell-box.json")), 20000);
    }
}
