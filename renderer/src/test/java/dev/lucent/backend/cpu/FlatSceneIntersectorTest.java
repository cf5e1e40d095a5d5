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

/** The flattened 4-wide layout is well formed and reports the same hits as the reference two-level traversal. */
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

    /**
     * The 4-wide layout's invariants: every slot lies in exactly one leaf, every child box holds the triangles
     * below it, unused child slots have empty boxes, and the tree has fewer nodes than a binary one would.
     */
    private static void checkWideLayout(FlatSceneBvh flat) {
        int[] seen = new int[flat.triangleCount];
        float[] bounds = new float[6];
        for (int n = 0; n < flat.nodeCount; n++) {
            for (int c = 0; c < 4; c++) {
                int o = 24 * n + c;
                boolean empty = flat.boxes4[o] == Float.POSITIVE_INFINITY;
                if (empty) {
                    assertEquals(Float.NEGATIVE_INFINITY, flat.boxes4[o + 12], "empty child box, node " + n);
                    continue;
                }
                java.util.Arrays.fill(bounds, 0, 3, Float.POSITIVE_INFINITY);
                java.util.Arrays.fill(bounds, 3, 6, Float.NEGATIVE_INFINITY);
                gather(flat, flat.children4[4 * n + c], bounds, seen);
                for (int a = 0; a < 3; a++) {
                    // Slack for v0 + e edge rounding (the builder boxed the vertices themselves).
                    float lo = bounds[a], hi = bounds[3 + a];
                    float slack = 1e-6f * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)));
                    assertTrue(flat.boxes4[o + 4 * a] <= lo + slack && flat.boxes4[o + 12 + 4 * a] >= hi - slack,
                            "node " + n + " child " + c + " box does not hold its triangles");
                }
            }
        }
        // Counted once per ancestor chain: a slot under depth-d leaves is seen d times; check it is seen at all
        // and that leaves alone cover each slot once.
        int[] leafCount = new int[flat.triangleCount];
        for (int l = 0; l < flat.leaves.length / 2; l++) {
            for (int k = 0; k < flat.leaves[2 * l + 1]; k++) leafCount[flat.leaves[2 * l] + k]++;
        }
        for (int i = 0; i < flat.triangleCount; i++) {
            assertEquals(1, leafCount[i], "slot " + i + " leaves");
            assertTrue(seen[i] > 0, "slot " + i + " unreachable");
        }
        assertTrue(flat.nodeCount <= Math.max(1, flat.triangleCount / 2), flat.nodeCount + " nodes");
    }

    /** Grows {@code bounds} by the triangles below child ref {@code ref}, counting each slot reached. */
    private static void gather(FlatSceneBvh flat, int ref, float[] bounds, int[] seen) {
        if (ref < 0) {
            int leaf = -(ref + 1);
            for (int k = 0; k < flat.leaves[2 * leaf + 1]; k++) {
                int slot = flat.leaves[2 * leaf] + k, o = 9 * slot;
                seen[slot]++;
                for (int v = 0; v < 3; v++) {
                    for (int a = 0; a < 3; a++) {
                        float x = flat.triangles[o + a] + (v == 0 ? 0 : flat.triangles[o + 3 * v + a]);
                        bounds[a] = Math.min(bounds[a], x);
                        bounds[3 + a] = Math.max(bounds[3 + a], x);
                    }
                }
            }
            return;
        }
        for (int c = 0; c < 4; c++) {
            if (flat.boxes4[24 * ref + c] != Float.POSITIVE_INFINITY) gather(flat, flat.children4[4 * ref + c], bounds, seen);
        }
    }

    private static void compare(Scene scene, int rays) {
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.defaults())) {
            FlatSceneBvh flat = FlatSceneBvh.build(cs, BvhOptions.defaults());
            assertTrue(FlatSceneBvh.suits(cs));
            checkWideLayout(flat);
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
