package dev.lucent.bvh.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.bvh.Bvh;
import dev.lucent.bvh.BvhBuilder;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.gpu.InstancedMeshPools.Placement;
import dev.lucent.bvh.gpu.RayCastFixtures.Ray;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcCwbvhNode;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compressed 8-wide layout: structure, conservative quantisation, and hits equal to the builder's tree. */
class Cwbvh8GpuLayoutTest {
    @Test
    void stepExponentIsSmallestCoveringPowerOfTwo() {
        assertEquals(0, Cwbvh8GpuLayout.stepExponent(255f));
        assertEquals(1, Cwbvh8GpuLayout.stepExponent(256f));
        assertEquals(-8, Cwbvh8GpuLayout.stepExponent(255f / 256f));
        assertEquals(-126, Cwbvh8GpuLayout.stepExponent(0f));
    }

    @Test
    void everyTriangleOnceAndDecodedBoxesContainTheirTriangles() {
        Mesh mesh = RayCastFixtures.blobs(8000, 4);
        try (Bvh bvh = BvhBuilder.build(InstancedMeshPools.triangleBounds(mesh), BvhOptions.defaults());
                Cwbvh8GpuLayout wide = Cwbvh8GpuLayout.fromBvh(bvh)) {
            Cwbvh8GpuLayout.Tree tree = wide.tree();
            int[] seen = new int[mesh.triangleCount()];
            for (int slot : tree.order()) seen[slot]++;
            for (int k = 0; k < seen.length; k++) assertEquals(1, seen[k], "slot " + k);
            // Collapse must absorb on average more than two binary interior nodes per wide node. (The bound was
            // a third with the median-split placeholder's full 4-triangle leaves; SAH leaves vary in size.)
            int binaryInterior = (bvh.nodeCount() - 1) / 2;
            assertTrue(tree.nodeCount() < binaryInterior / 2,
                    tree.nodeCount() + " wide nodes for " + binaryInterior + " binary interior nodes");
            NativeBuffer n = wide.nodes();
            float[] b = new float[6];
            int interior = 0;
            for (int node = 0; node < tree.nodeCount(); node++) {
                long o = (long) node * LcCwbvhNode.BYTES;
                int eim = n.getInt(o + LcCwbvhNode.EXYZ_IMASK), imask = eim >>> 24;
                int childBase = n.getInt(o + LcCwbvhNode.CHILD_BASE), triBase = n.getInt(o + LcCwbvhNode.TRIANGLE_BASE);
                int children = 0;
                for (int s = 0; s < 8; s++) {
                    int m = (n.getInt(o + LcCwbvhNode.META0 + 4L * (s >> 2)) >>> (8 * (s & 3))) & 0xFF;
                    if (m == 0) continue;
                    children++;
                    float[] box = decode(n, o, s);
                    if ((imask & (1 << s)) != 0) {
                        assertEquals(0xFF, m);
                        interior++;
                        int child = childBase + Integer.bitCount(imask & ((1 << s) - 1));
                        assertTrue(child > node && child < tree.nodeCount());
                    } else {
                        for (int k = 0; k < m >>> 5; k++) {
                            int slotTri = tree.order()[triBase + (m & 31) + k];
                            InstancedMeshPools.triangleBounds(mesh).bounds(bvh.primitiveOrder()[slotTri], b);
                            for (int a = 0; a < 3; a++) {
                                assertTrue(box[a] <= b[a] && b[3 + a] <= box[3 + a], "triangle inside its leaf box");
                            }
                        }
                    }
                }
                assertTrue(children >= 1 && children <= 8);
            }
            assertEquals(tree.nodeCount() - 1, interior, "every node but the root is some node's child");
        }
    }

    @Test
    void hitsEqualBuilderTree() {
        for (Mesh mesh : List.of(RayCastFixtures.soup(3000, 1), RayCastFixtures.blobs(5000, 2), RayCastFixtures.awkward())) {
            try (Bvh bvh = BvhBuilder.build(InstancedMeshPools.triangleBounds(mesh), BvhOptions.defaults());
                    Cwbvh8GpuLayout wide = Cwbvh8GpuLayout.fromBvh(bvh);
                    NativeBuffer poolTris = RayCastFixtures.gpuTriangles(mesh, bvh);
                    NativeBuffer wideTris = RayCastFixtures.wideTriangles(mesh, bvh, wide.tree().order())) {
                float[] lo = new float[3], hi = new float[3];
                for (int a = 0; a < 3; a++) {
                    lo[a] = bvh.nodes().getFloat(LcBvhNode.MIN_X + 4 * a);
                    hi[a] = bvh.nodes().getFloat(LcBvhNode.MAX_X + 4 * a);
                }
                Ray[] rays = RayCastFixtures.rays(lo, hi, 6000, 78);
                Cwbvh8Traversal trav = new Cwbvh8Traversal();
                GpuHit got = new GpuHit(), ref = new GpuHit(), any = new GpuHit();
                float[] uv = new float[2];
                for (int i = 0; i < rays.length; i++) {
                    Ray r = rays[i];
                    trav.closestHit(wide.nodes(), 0, wideTris, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(), r.tMin(),
                            r.tMax(), got);
                    RayCastFixtures.builderTree(bvh.nodes(), poolTris, r, ref);
                    assertEquals(ref.isHit(), got.isHit(), mesh.name + " ray " + i + ": " + ref + " vs " + got);
                    if (ref.isHit()) {
                        assertEquals(ref.t, got.t, 0f, mesh.name + " ray " + i);
                        if (ref.triangle != got.triangle) {
                            float t = Bvh2Traversal.intersectTriangle(poolTris, got.triangle, r.ox(), r.oy(), r.oz(),
                                    r.dx(), r.dy(), r.dz(), r.tMin(), Float.POSITIVE_INFINITY, uv);
                            assertEquals(ref.t, t, 0f, "tie at ray " + i);
                        }
                    }
                    boolean occluded = trav.anyHit(wide.nodes(), 0, wideTris, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(),
                            r.dz(), r.tMin(), r.tMax(), any);
                    assertEquals(ref.isHit(), occluded, mesh.name + " ray " + i + " any hit");
                }
            }
        }
    }

    @Test
    void twoLevelWideSceneMatchesBvh2Scene() {
        List<Mesh> meshes = List.of(RayCastFixtures.blobs(3000, 5), RayCastFixtures.soup(800, 6));
        List<Placement> placements = List.of(Placement.identity(0),
                new Placement(0, Bvh2TraversalTest.rotY(0.7f, 2f, 3f, 0.5f, -4f)),
                new Placement(1, new float[] {3, 0, 0, 5, 0, 0.5f, 0, 1, 0, 0, 2, -3}),
                new Placement(1, Bvh2TraversalTest.rotY(-1.3f, 0.25f, -6f, 2f, 1f)));
        try (InstancedMeshPools pools = InstancedMeshPools.build(meshes, placements, new BvhOptions(2, 16, 0));
                GpuSceneLayout bvh2 = pools.toGpuLayout(BlasLayout.BVH2);
                GpuSceneLayout wide = pools.toGpuLayout(BlasLayout.CWBVH8)) {
            Ray[] rays = RayCastFixtures.rays(new float[] {-9, -4, -7}, new float[] {9, 5, 8}, 4000, 12);
            Bvh2Traversal a = new Bvh2Traversal(), b = new Bvh2Traversal();
            GpuHit ha = new GpuHit(), hb = new GpuHit();
            int hits = 0;
            for (int i = 0; i < rays.length; i++) {
                Ray r = rays[i];
                a.closestHit(bvh2, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(), r.tMin(), r.tMax(), ha);
                b.closestHit(wide, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(), r.tMin(), r.tMax(), hb);
                assertEquals(ha.isHit(), hb.isHit(), "ray " + i);
                if (ha.isHit()) {
                    hits++;
                    assertEquals(ha.t, hb.t, 0f, "ray " + i);
                    assertEquals(ha.instance == hb.instance && ha.triangle == hb.triangle
                            || Bvh2Traversal.intersectInInstance(bvh2, hb.instance, hb.triangle, r.ox(), r.oy(), r.oz(),
                                    r.dx(), r.dy(), r.dz(), r.tMin(), Float.POSITIVE_INFINITY) == ha.t, true, "ray " + i);
                }
                assertEquals(ha.isHit(), b.anyHit(wide, r.ox(), r.oy(), r.oz(), r.dx(), r.dy(), r.dz(), r.tMin(),
                        r.tMax(), hb), "ray " + i + " any");
            }
            assertTrue(hits > 50, hits + " hits");
        }
    }

    @Test
    void oversizedLeafIsRejectedWithReason() {
        NativeBuffer nodes = NativeBuffer.allocate(LcBvhNode.BYTES);
        nodes.putFloat(LcBvhNode.MAX_X, 1f);
        nodes.putInt(LcBvhNode.COUNT, 5);
        try (Bvh bvh = new Bvh(nodes, 1, new int[] {0, 1, 2, 3, 4}, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cwbvh8GpuLayout.fromBvh(bvh));
            assertTrue(e.getMessage().contains("maxLeafSize"), e.getMessage());
        }
    }

    /** Child box of slot s decoded in float as the traversal does it: {lo x, y, z, hi x, y, z}. */
    private static float[] decode(NativeBuffer n, long o, int s) {
        int eim = n.getInt(o + LcCwbvhNode.EXYZ_IMASK);
        float[] box = new float[6];
        int[] qlo = {LcCwbvhNode.QLO_X0, LcCwbvhNode.QLO_Y0, LcCwbvhNode.QLO_Z0};
        int[] qhi = {LcCwbvhNode.QHI_X0, LcCwbvhNode.QHI_Y0, LcCwbvhNode.QHI_Z0};
        for (int a = 0; a < 3; a++) {
            float p = n.getFloat(o + 4L * a), step = Float.intBitsToFloat(((eim >>> (8 * a)) & 0xFF) << 23);
            box[a] = p + ((n.getInt(o + qlo[a] + 4L * (s >> 2)) >>> (8 * (s & 3))) & 0xFF) * step;
            box[3 + a] = p + ((n.getInt(o + qhi[a] + 4L * (s >> 2)) >>> (8 * (s & 3))) & 0xFF) * step;
        }
        return box;
    }
}
