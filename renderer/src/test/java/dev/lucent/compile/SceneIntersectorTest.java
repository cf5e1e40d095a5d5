package dev.lucent.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcLight;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Animation;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Node;
import dev.lucent.scene.ProceduralMeshes;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import java.util.SplittableRandom;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

class SceneIntersectorTest {
    static final float MISS = Float.POSITIVE_INFINITY;

    /** Three meshes, 24 instances with random rotation, non-uniform scale and translation, one of scale 0. */
    static Scene randomScene(long seed, boolean alphaOnCube) {
        Scene s = TestScenes.empty();
        s.materials.add(TestScenes.material("opaque"));
        Material cut = TestScenes.material("cut-out");
        if (alphaOnCube) cut.alphaMode = Material.AlphaMode.MASK;
        s.materials.add(cut);
        s.meshes.add(ProceduralMeshes.blobs(800, seed));
        s.meshes.add(TestScenes.cube(1));
        s.meshes.add(TestScenes.quad(0));
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 24; i++) {
            Node n = TestScenes.node("n" + i, i % 3);
            n.translation.set((float) r.nextDouble(-6, 6), (float) r.nextDouble(-6, 6), (float) r.nextDouble(-6, 6));
            n.rotation.rotateAxis((float) r.nextDouble(0, 6.3), new Vector3f((float) r.nextDouble(-1, 1),
                    (float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1)).normalize());
            n.scale.set((float) r.nextDouble(0.2, 2.5), (float) r.nextDouble(0.2, 2.5), (float) r.nextDouble(0.2, 2.5));
            if (i == 5) n.scale.set(0, 1, 1);
            s.addNode(n);
        }
        return s;
    }

    /** Closest accepted hit over every triangle of every instance, with the intersector's own primitives. */
    static float bruteForce(CompiledScene cs, SceneIntersector isect, float[] ray, float tMin, float tMax,
            HitFilter filter, boolean[] alphaTested, int[] hitOut) {
        float best = tMax;
        boolean found = false;
        float[] uv = new float[2];
        for (int i = 0; i < cs.instanceCount; i++) {
            long io = (long) i * LcInstance.BYTES;
            int mesh = cs.instances.getInt(io + LcInstance.MESH);
            int override = cs.instances.getInt(io + LcInstance.MATERIAL_OVERRIDE);
            int first = cs.meshes.getInt((long) mesh * LcMesh.BYTES + LcMesh.FIRST_TRIANGLE);
            int count = cs.meshes.getInt((long) mesh * LcMesh.BYTES + LcMesh.TRIANGLE_COUNT);
            for (int t = first; t < first + count; t++) {
                float h = isect.intersectOne(i, t, ray[0], ray[1], ray[2], ray[3], ray[4], ray[5], tMin, best, uv);
                if (!(h < best)) continue;
                int material = override >= 0 ? override : cs.triangleMaterials.getInt(4L * t);
                if (filter != null && alphaTested[material] && !filter.accept(i, t, uv[0], uv[1])) continue;
                best = h;
                found = true;
                hitOut[0] = i;
                hitOut[1] = t;
            }
        }
        return found ? best : MISS;
    }

    /** A ray from a random point around the scene towards a random point inside it, random length. */
    static float[] randomRay(SplittableRandom r, float[] lo, float[] hi) {
        float[] ray = new float[6];
        for (int a = 0; a < 3; a++) {
            float ext = hi[a] - lo[a];
            ray[a] = (float) r.nextDouble(lo[a] - ext * 0.5, hi[a] + ext * 0.5);
        }
        double scale = r.nextDouble(0.1, 3);
        for (int a = 0; a < 3; a++) {
            ray[3 + a] = (float) ((r.nextDouble(lo[a], hi[a]) - ray[a]) * scale);
        }
        return ray;
    }

    static void compareWithBruteForce(CompiledScene cs, SceneIntersector isect, HitFilter filter, long seed,
            int rays) {
        boolean[] alphaTested = new boolean[cs.materialCount];
        for (int m = 0; m < cs.materialCount; m++) {
            alphaTested[m] = (cs.materials.getInt(m * 96L + 56) & 6) != 0;
        }
        float[] lo = new float[3], hi = new float[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = cs.globals.getFloat(LcSceneGlobals.BBOX_MIN + 4 * a);
            hi[a] = cs.globals.getFloat(LcSceneGlobals.BBOX_MAX + 4 * a);
        }
        SplittableRandom r = new SplittableRandom(seed);
        Hit hit = new Hit();
        int[] ref = new int[2];
        float[] uv = new float[2];
        int hits = 0;
        for (int k = 0; k < rays; k++) {
            float[] ray = randomRay(r, lo, hi);
            float tMin = k % 3 == 0 ? 0 : (float) r.nextDouble(0, 0.5);
            float tMax = k % 4 == 0 ? Float.POSITIVE_INFINITY : (float) r.nextDouble(0.2, 2);
            float expected = bruteForce(cs, isect, ray, tMin, tMax, filter, alphaTested, ref);
            boolean got = isect.intersect(ray[0], ray[1], ray[2], ray[3], ray[4], ray[5], tMin, tMax, hit);
            String what = "ray " + k;
            assertEquals(expected != MISS, got, what);
            assertEquals(expected != MISS, isect.occluded(ray[0], ray[1], ray[2], ray[3], ray[4], ray[5], tMin, tMax),
                    what + " occluded");
            if (!got) continue;
            hits++;
            assertEquals(expected, hit.t, what);
            if (hit.instance != ref[0] || hit.triangle != ref[1]) {
                // A tie: the reported triangle must hit at exactly the same t.
                assertEquals(expected, isect.intersectOne(hit.instance, hit.triangle, ray[0], ray[1], ray[2], ray[3],
                        ray[4], ray[5], tMin, Float.POSITIVE_INFINITY, uv), what + " tie");
            }
            isect.intersectOne(hit.instance, hit.triangle, ray[0], ray[1], ray[2], ray[3], ray[4], ray[5], tMin,
                    Float.POSITIVE_INFINITY, uv);
            assertEquals(uv[0], hit.u, what);
            assertEquals(uv[1], hit.v, what);
        }
        assertTrue(hits > rays / 10, "only " + hits + " of " + rays + " rays hit: the test rays are too sparse");
    }

    @Test
    void twoLevelTraversalEqualsBruteForce() {
        for (long seed = 1; seed <= 2; seed++) {
            try (CompiledScene cs = SceneCompiler.compile(randomScene(seed, false), CompileOptions.defaults())) {
                assertEquals(24, cs.instanceCount);
                assertEquals(23, cs.tlasInstanceCount);
                compareWithBruteForce(cs, new SceneIntersector(cs), null, seed * 31, 2500);
            }
        }
    }

    @Test
    void hitFilterRejectsOnlyAlphaTestedTriangles() {
        try (CompiledScene cs = SceneCompiler.compile(randomScene(3, true), CompileOptions.defaults())) {
            int[] calls = {0};
            // Reject the cut-out cube's hits where u < 0.5: rays then reach what lies behind.
            HitFilter filter = (instance, triangle, u, v) -> {
                calls[0]++;
                int mesh = cs.instances.getInt((long) instance * LcInstance.BYTES + LcInstance.MESH);
                assertEquals(1, mesh, "the filter must only see the alpha-tested cube");
                return u >= 0.5f;
            };
            compareWithBruteForce(cs, new SceneIntersector(cs, filter), filter, 99, 2500);
            assertTrue(calls[0] > 0);
        }
    }

    @Test
    void worldSpaceHitOnATransformedQuadHasTheAnalyticAnswer() {
        Scene s = TestScenes.empty();
        s.meshes.add(TestScenes.quad(-1));
        Node n = TestScenes.node("quad", 0);
        // Quad scaled to 4 x 2, turned 90 degrees about +y (its +z normal now faces +x), moved to x = 3.
        n.scale.set(4, 2, 1);
        n.rotation.rotationY((float) Math.PI / 2);
        n.translation.set(3, 0, 0);
        s.addNode(n);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            SceneIntersector isect = new SceneIntersector(cs);
            Hit hit = new Hit();
            // World quad: x = 3, y in [0,2], z in [-4,0]. Ray from x = 10 along -x with direction length 2.
            assertTrue(isect.intersect(10, 1.5f, -1, -2, 0, 0, 0, Float.POSITIVE_INFINITY, hit));
            assertEquals(3.5f, hit.t, 1e-5f);
            assertEquals(0, hit.instance);
            // Object-space hit point (0.25, 0.75, 0); barycentrics follow from the triangle it lands in.
            int first = hit.triangle * 12;
            float[] p = new float[9];
            for (int c = 0; c < 3; c++) {
                int idx = cs.triangles.getInt(first + 4L * c);
                for (int a = 0; a < 3; a++) p[c * 3 + a] = cs.positions.getFloat(idx * 12L + 4L * a);
            }
            float w = 1 - hit.u - hit.v;
            assertEquals(0.25f, w * p[0] + hit.u * p[3] + hit.v * p[6], 1e-5f);
            assertEquals(0.75f, w * p[1] + hit.u * p[4] + hit.v * p[7], 1e-5f);
            // Back side hits too; tMax before the quad and rays beside it miss.
            assertTrue(isect.intersect(-5, 1.5f, -1, 1, 0, 0, 0, Float.POSITIVE_INFINITY, hit));
            assertEquals(8f, hit.t, 1e-5f);
            assertFalse(isect.intersect(10, 1.5f, -1, -2, 0, 0, 0, 3.4f, hit));
            assertFalse(isect.occluded(10, 1.5f, -1, -2, 0, 0, 0, 3.4f));
            assertTrue(isect.occluded(10, 1.5f, -1, -2, 0, 0, 0, 3.6f));
            assertFalse(isect.intersect(10, 2.5f, -1, -1, 0, 0, 0, Float.POSITIVE_INFINITY, hit));
            assertFalse(isect.intersect(10, 1.5f, -1, -1, 0, 0, 7.5f, Float.POSITIVE_INFINITY, hit));
        }
    }

    @Test
    void emptySceneHitsNothing() {
        Scene s = TestScenes.empty();
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertEquals(0, cs.tlasNodeCount);
            SceneIntersector isect = new SceneIntersector(cs);
            assertFalse(isect.intersect(0, 0, 0, 0, 0, -1, 0, Float.POSITIVE_INFINITY, new Hit()));
            assertFalse(isect.occluded(0, 0, 0, 0, 0, -1, 0, Float.POSITIVE_INFINITY));
        }
    }

    @Test
    void updateMovesInstancesAndKeepsTheBlas() {
        Scene s = TestScenes.empty();
        s.materials.add(TestScenes.material("m"));
        s.meshes.add(TestScenes.cube(0));
        s.addNode(TestScenes.node("still", 0));
        s.addNode(TestScenes.node("moving", 0));
        Animation a = new Animation("slide");
        a.channels.add(new Animation.Channel(1, Animation.Path.TRANSLATION, Animation.Interpolation.LINEAR,
                new float[] {0, 1}, new float[] {0, 0, 0, 10, 0, 0}));
        s.animations.add(a);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            SceneIntersector isect = new SceneIntersector(cs);
            Hit hit = new Hit();
            NativeBuffer blas = cs.blasNodes;
            assertFalse(isect.occluded(5, 10, 0, 0, -1, 0, 0, Float.POSITIVE_INFINITY));
            cs.updateInstances(s, 0.5f);
            assertSame(blas, cs.blasNodes);
            assertEquals(0.5f, cs.options().timeSeconds());
            assertTrue(isect.intersect(5, 10, 0, 0, -1, 0, 0, Float.POSITIVE_INFINITY, hit));
            assertEquals(9f, hit.t, 1e-5f);
            assertEquals(1, hit.instance);
            assertEquals(6f, cs.globals.getFloat(LcSceneGlobals.BBOX_MAX), 1e-3f);
            // Instances keep their identity: instance 1 is still node 1.
            assertEquals(1, cs.instanceNode(1));
        }
    }

    @Test
    void updateRewritesLightsAndEmittersAndRejectsStructuralChanges() {
        Scene s = TestScenes.empty();
        Material lamp = TestScenes.material("lamp");
        lamp.emissive = new float[] {1, 1, 1};
        s.materials.add(lamp);
        s.meshes.add(TestScenes.quad(0));
        s.addNode(TestScenes.node("panel", 0));
        s.lights.add(new Light("bulb", Light.Type.POINT));
        Node bulb = new Node("bulb");
        bulb.light = 0;
        s.addNode(bulb);
        Animation grow = new Animation("grow");
        grow.channels.add(new Animation.Channel(0, Animation.Path.SCALE, Animation.Interpolation.LINEAR,
                new float[] {0, 1}, new float[] {1, 1, 1, 3, 1, 1}));
        grow.channels.add(new Animation.Channel(1, Animation.Path.TRANSLATION, Animation.Interpolation.STEP,
                new float[] {0, 1}, new float[] {0, 0, 0, 0, 4, 0}));
        s.animations.add(grow);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertEquals(Math.PI, cs.totalEmitterPower, 1e-5);
            cs.updateInstances(s, 1);
            assertEquals(3 * Math.PI, cs.totalEmitterPower, 1e-5);
            assertEquals(1f, cs.emitters.getFloat((cs.emitterCount - 1) * 16L + 12));
            assertEquals(4f, cs.lights.getFloat(LcLight.POSITION + 4), 1e-6f);
            s.nodes.get(1).mesh = 0;
            assertThrows(SceneException.class, () -> cs.updateInstances(s, 0));
        }
    }
}
