package dev.lucent.bvh.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.bvh.Bvh;
import dev.lucent.bvh.BvhBuilder;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.core.Layout.LcBvh2Node;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** Structure of the BVH2 GPU layout against the builder tree it is derived from. */
class Bvh2GpuLayoutTest {
    @Test
    void leafEncodingRoundTrips() {
        for (int first : new int[] {0, 1, 12345, Bvh2GpuLayout.MAX_FIRST_PRIMITIVE - 1}) {
            for (int count = 1; count <= Bvh2GpuLayout.MAX_LEAF_PRIMITIVES; count++) {
                int c = Bvh2GpuLayout.encodeLeaf(first, count);
                assertTrue(Bvh2GpuLayout.isLeaf(c));
                assertEquals(first, Bvh2GpuLayout.leafFirst(c));
                assertEquals(count, Bvh2GpuLayout.leafCount(c));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Bvh2GpuLayout.encodeLeaf(0, 17));
        assertThrows(IllegalArgumentException.class, () -> Bvh2GpuLayout.encodeLeaf(0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Bvh2GpuLayout.encodeLeaf(Bvh2GpuLayout.MAX_FIRST_PRIMITIVE, 1));
    }

    @Test
    void everyPrimitiveInExactlyOneLeafAndBoxesCopiedFromBuilder() {
        Mesh mesh = RayCastFixtures.blobs(6000, 3);
        try (Bvh bvh = BvhBuilder.build(InstancedMeshPools.triangleBounds(mesh), BvhOptions.defaults());
                Bvh2GpuLayout gpu = Bvh2GpuLayout.fromBvh(bvh)) {
            NativeBuffer src = bvh.nodes(), dst = gpu.nodes();
            int[] seen = new int[mesh.triangleCount()];
            int interior = 0, maxDepth = 0;
            // Walk both trees in lockstep: GPU node g corresponds to builder interior node b.
            ArrayDeque<int[]> work = new ArrayDeque<>();
            work.push(new int[] {0, 0, 1});
            while (!work.isEmpty()) {
                int[] w = work.pop();
                int g = w[0], b = w[1];
                interior++;
                maxDepth = Math.max(maxDepth, w[2]);
                int left = src.getInt((long) b * LcBvhNode.BYTES + LcBvhNode.LEFT_FIRST);
                assertEquals(0, src.getInt((long) b * LcBvhNode.BYTES + LcBvhNode.COUNT));
                for (int s = 0; s < 2; s++) {
                    long go = (long) g * LcBvh2Node.BYTES, bo = (long) (left + s) * LcBvhNode.BYTES;
                    int base = s == 0 ? LcBvh2Node.C0_MIN_X : LcBvh2Node.C1_MIN_X;
                    int zBase = s == 0 ? LcBvh2Node.C0_MIN_Z : LcBvh2Node.C1_MIN_Z;
                    assertEquals(src.getFloat(bo + LcBvhNode.MIN_X), dst.getFloat(go + base));
                    assertEquals(src.getFloat(bo + LcBvhNode.MAX_X), dst.getFloat(go + base + 4));
                    assertEquals(src.getFloat(bo + LcBvhNode.MIN_Y), dst.getFloat(go + base + 8));
                    assertEquals(src.getFloat(bo + LcBvhNode.MAX_Y), dst.getFloat(go + base + 12));
                    assertEquals(src.getFloat(bo + LcBvhNode.MIN_Z), dst.getFloat(go + zBase));
                    assertEquals(src.getFloat(bo + LcBvhNode.MAX_Z), dst.getFloat(go + zBase + 4));
                    int child = dst.getInt(go + (s == 0 ? LcBvh2Node.CHILD0 : LcBvh2Node.CHILD1));
                    int count = src.getInt(bo + LcBvhNode.COUNT);
                    if (count > 0) {
                        assertTrue(Bvh2GpuLayout.isLeaf(child));
                        assertEquals(count, Bvh2GpuLayout.leafCount(child));
                        assertEquals(src.getInt(bo + LcBvhNode.LEFT_FIRST), Bvh2GpuLayout.leafFirst(child));
                        for (int k = 0; k < count; k++) seen[Bvh2GpuLayout.leafFirst(child) + k]++;
                    } else {
                        assertTrue(child > g, "pre-order: child " + child + " after parent " + g);
                        if (s == 0) assertEquals(g + 1, child, "left child directly follows its parent");
                        work.push(new int[] {child, left + s, w[2] + 1});
                    }
                }
            }
            for (int k = 0; k < seen.length; k++) assertEquals(1, seen[k], "primitive slot " + k);
            assertEquals(gpu.nodeCount(), interior);
            assertEquals((bvh.nodeCount() - 1) / 2, interior);
            assertEquals(maxDepth, gpu.depth());
        }
    }

    @Test
    void rootLeafBecomesOneNodeThatStillHits() {
        Mesh quad = new Mesh("quad");
        quad.positions = new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
        quad.indices = new int[] {0, 1, 2, 0, 2, 3};
        quad.materials = new int[2];
        try (Bvh bvh = BvhBuilder.build(InstancedMeshPools.triangleBounds(quad), BvhOptions.defaults());
                Bvh2GpuLayout gpu = Bvh2GpuLayout.fromBvh(bvh);
                NativeBuffer tris = RayCastFixtures.gpuTriangles(quad, bvh)) {
            assertEquals(1, bvh.nodeCount());
            assertEquals(1, gpu.nodeCount());
            GpuHit hit = new GpuHit();
            Bvh2Traversal trav = new Bvh2Traversal();
            assertTrue(trav.closestHit(gpu.nodes(), 0, tris, 0.25f, 0.75f, 2f, 0, 0, -1, 0, Float.POSITIVE_INFINITY, hit));
            // (0.25, 0.75) lies in triangle (0, 2, 3): P = v0 + u (v2 - v0) + v (v3 - v0) gives u = 0.25, v = 0.5.
            assertEquals(2f, hit.t, 0f);
            assertEquals(1, bvh.primitiveOrder()[hit.triangle]);
            assertEquals(0.25f, hit.u, 1e-6f);
            assertEquals(0.5f, hit.v, 1e-6f);
            assertFalse(trav.closestHit(gpu.nodes(), 0, tris, 1.5f, 0.5f, 2f, 0, 0, -1, 0, Float.POSITIVE_INFINITY, hit));
            assertFalse(hit.isHit());
            assertEquals(Float.POSITIVE_INFINITY, hit.t);
        }
    }

    @Test
    void leafTooLargeForEncodingIsRejectedWithReason() {
        NativeBuffer nodes = NativeBuffer.allocate(LcBvhNode.BYTES);
        nodes.putFloat(LcBvhNode.MAX_X, 1f);
        nodes.putInt(LcBvhNode.LEFT_FIRST, 0);
        nodes.putInt(LcBvhNode.COUNT, 20);
        int[] order = new int[20];
        for (int i = 0; i < 20; i++) order[i] = i;
        try (Bvh bvh = new Bvh(nodes, 1, order, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bvh2GpuLayout.fromBvh(bvh));
            assertTrue(e.getMessage().contains("maxLeafSize"), e.getMessage());
        }
    }
}
