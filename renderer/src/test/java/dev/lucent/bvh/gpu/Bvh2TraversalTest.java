package dev.lucent.bvh.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.bvh.Bvh;
import dev.lucent.bvh.BvhBuilder;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.gpu.InstancedMeshPools.Placement;
import dev.lucent.bvh.gpu.RayCastFixtures.Ray;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java reference traversal of the GPU layout returns exactly the hits of the builder's own tree and of brute
 * force (same triangle test, so the same t; a different triangle only at an exact tie in t), single-tree and
 * two-level with transformed instances.
 */
class Bvh2TraversalTest {
    @Test
    void singleTreeMatchesBuilderTreeAndBruteForce() {
        for (Mesh mesh : List.of(RayCastFixtures.soup(3000, 1), RayCastFixtures.blobs(5000, 2), RayCastFixtures.awkward())) {
            try (Bvh bvh = BvhBuilder.build(InstancedMeshPools.triangleBounds(mesh), BvhOptions.defaults());
                    Bvh2GpuLayout gpu = Bvh2GpuLayout.fromBvh(bvh);
                    NativeBuffer tris = RayCastFixtures.gpuTriangles(mesh, bvh)) {
                float[] lo = new float[3], hi = new float[3];
                for (int a = 0; a < 3; a++) {
                    lo[a] = bvh.nodes().getFloat(LcBvhNode.MIN_X + 4 * a);
                    hi[a] = bvh.nodes().getFloat(LcBvhNode.MAX_X + 4 * a);
                }
                Ray[] rays = RayCastFixtures.rays(lo, hi, 6000, 77);
                Bvh2Traversal trav = new Bvh2Traversal();
                GpuHit got = new GpuHit(), tree = new GpuHit(), brute = new GpuHit(), any = new GpuHit();
                int hits = 0;
                for (int i = 0; i < rays.length; i++) {
                    Ray r = rays[i];
                    trav.closestHit(gpu.nodes(), 0, tris, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(), r.tMin(),
                            r.tMax(), got);
                    RayCastFixtures.builderTree(bvh.nodes(), tris, r, tree);
                    assertSameHit(tree, got, tris, r, mesh.name + " ray " + i + " vs builder tree");
                    if (i % 3 == 0) {
                        RayCastFixtures.bruteForce(tris, mesh.triangleCount(), r, brute, false);
                        assertSameHit(brute, got, tris, r, mesh.name + " ray " + i + " vs brute force");
                    }
                    boolean occluded = trav.anyHit(gpu.nodes(), 0, tris, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(),
                            r.dz(), r.tMin(), r.tMax(), any);
                    assertEquals(got.isHit(), occluded, mesh.name + " ray " + i + " any vs closest");
                    if (occluded) assertRealHit(any, tris, r);
                    if (got.isHit()) hits++;
                }
                assertTrue(hits > rays.length / 10 && hits < rays.length, mesh.name + ": " + hits + " hits");
            }
        }
    }

    @Test
    void twoLevelMatchesBruteForceOverTransformedInstances() {
        Mesh quad = new Mesh("quad");
        quad.positions = new float[] {-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0};
        quad.indices = new int[] {0, 1, 2, 0, 2, 3};
        quad.materials = new int[2];
        List<Mesh> meshes = List.of(RayCastFixtures.blobs(3000, 5), RayCastFixtures.soup(800, 6), quad);
        List<Placement> placements = List.of(
                Placement.identity(0),
                new Placement(0, rotY(0.7f, 2f, 3f, 0.5f, -4f)),
                new Placement(1, new float[] {3, 0, 0, 5, 0, 0.5f, 0, 1, 0, 0, 2, -3}), // non-uniform scale
                new Placement(1, rotY(-1.3f, 0.25f, -6f, 2f, 1f)),
                new Placement(2, rotY(0.3f, 4f, 0f, 3f, 0f)),
                new Placement(2, new float[] {0, 0, 5, -7, 0, 5, 0, 0, -5, 0, 0, 2}), // mirror + scale
                new Placement(0, rotY(2.1f, 0.5f, 6f, -1f, 5f)));
        try (InstancedMeshPools pools = InstancedMeshPools.build(meshes, placements, new BvhOptions(2, 16, 0));
                GpuSceneLayout scene = pools.toGpuLayout(BlasLayout.BVH2)) {
            assertEquals(placements.size(), scene.instanceCount());
            assertTrue(scene.tlasDepth() >= 2);
            Ray[] rays = RayCastFixtures.rays(new float[] {-9, -4, -7}, new float[] {9, 5, 8}, 4000, 11);
            Bvh2Traversal trav = new Bvh2Traversal();
            GpuHit got = new GpuHit(), brute = new GpuHit(), any = new GpuHit();
            int hits = 0;
            for (int i = 0; i < rays.length; i++) {
                Ray r = rays[i];
                trav.closestHit(scene, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(), r.tMin(), r.tMax(), got);
                bruteForceInstances(pools, scene, r, brute);
                assertEquals(brute.isHit(), got.isHit(), "ray " + i + " " + r + ": " + brute + " vs " + got);
                if (brute.isHit()) {
                    hits++;
                    assertEquals(brute.t, got.t, 0f, "ray " + i);
                    if (brute.triangle != got.triangle || brute.instance != got.instance) {
                        assertEquals(brute.t, tInInstance(pools, scene, r, got), 0f, "tie at ray " + i);
                    }
                }
                boolean occluded = trav.anyHit(scene, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(), r.tMin(),
                        r.tMax(), any);
                assertEquals(brute.isHit(), occluded, "ray " + i + " any hit");
                if (occluded) assertFalse(Float.isNaN(tInInstance(pools, scene, r, any)));
            }
            assertTrue(hits > 200, hits + " hits");
        }
    }

    /** Row-major 3x4: rotation by {@code angle} about y, uniform {@code scale}, then translation. */
    static float[] rotY(float angle, float scale, float tx, float ty, float tz) {
        float c = (float) Math.cos(angle) * scale, s = (float) Math.sin(angle) * scale;
        return new float[] {c, 0, s, tx, 0, scale, 0, ty, -s, 0, c, tz};
    }

    private static void assertSameHit(GpuHit expected, GpuHit got, NativeBuffer tris, Ray r, String what) {
        assertEquals(expected.isHit(), got.isHit(), what + ": " + expected + " vs " + got);
        if (!expected.isHit()) return;
        assertEquals(expected.t, got.t, 0f, what);
        if (expected.triangle != got.triangle) {
            // Exact tie: the other triangle must give the same t.
            float t = Bvh2Traversal.intersectTriangle(tris, got.triangle, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(),
                    r.dz(), r.tMin(), Float.POSITIVE_INFINITY, new float[2]);
            assertEquals(expected.t, t, 0f, what + " tie");
        } else {
            assertEquals(expected.u, got.u, 0f, what);
            assertEquals(expected.v, got.v, 0f, what);
        }
    }

    private static void assertRealHit(GpuHit hit, NativeBuffer tris, Ray r) {
        float t = Bvh2Traversal.intersectTriangle(tris, hit.triangle, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(),
                r.tMin(), r.tMax(), new float[2]);
        assertEquals(t, hit.t, 0f);
    }

    /** Object-space ray of instance {@code inst}, computed as the traversal does. */
    private static float[] objectRay(GpuSceneLayout scene, int inst, Ray r) {
        float[] m = new float[12];
        for (int j = 0; j < 12; j++) {
            m[j] = scene.instances().getFloat((long) inst * LcInstance.BYTES + LcInstance.WORLD_TO_OBJECT0 + 4L * j);
        }
        return new float[] {m[0] * r.ox() + m[1] * r.oy() + m[2] * r.oz() + m[3],
            m[4] * r.ox() + m[5] * r.oy() + m[6] * r.oz() + m[7], m[8] * r.ox() + m[9] * r.oy() + m[10] * r.oz() + m[11],
            m[0] * r.dx() + m[1] * r.dy() + m[2] * r.dz(), m[4] * r.dx() + m[5] * r.dy() + m[6] * r.dz(),
            m[8] * r.dx() + m[9] * r.dy() + m[10] * r.dz()};
    }

    private static void bruteForceInstances(InstancedMeshPools pools, GpuSceneLayout scene, Ray r, GpuHit hit) {
        hit.miss(r.tMax());
        float tMax = r.tMax();
        float[] uv = new float[2];
        for (int inst = 0; inst < scene.instanceCount(); inst++) {
            int mesh = scene.instances().getInt((long) inst * LcInstance.BYTES + LcInstance.MESH);
            int first = pools.meshes.getInt((long) mesh * LcMesh.BYTES + LcMesh.FIRST_TRIANGLE);
            int count = pools.meshes.getInt((long) mesh * LcMesh.BYTES + LcMesh.TRIANGLE_COUNT);
            float[] o = objectRay(scene, inst, r);
            for (int k = first; k < first + count; k++) {
                float t = Bvh2Traversal.intersectTriangle(scene.triangles(), k, o[0], o[1], o[2], o[3], o[4], o[5],
                        r.tMin(), tMax, uv);
                if (!Float.isNaN(t)) {
                    tMax = t;
                    hit.t = t;
                    hit.u = uv[0];
                    hit.v = uv[1];
                    hit.triangle = k;
                    hit.instance = inst;
                }
            }
        }
    }

    private static float tInInstance(InstancedMeshPools pools, GpuSceneLayout scene, Ray r, GpuHit hit) {
        float[] o = objectRay(scene, hit.instance, r);
        return Bvh2Traversal.intersectTriangle(scene.triangles(), hit.triangle, o[0], o[1], o[2], o[3], o[4], o[5],
                r.tMin(), Float.POSITIVE_INFINITY, new float[2]);
    }
}
