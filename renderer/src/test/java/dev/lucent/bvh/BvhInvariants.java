package dev.lucent.bvh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;

/** Structural checks every builder-layout tree must pass. */
final class BvhInvariants {
    private BvhInvariants() {}

    /**
     * Every node reachable exactly once; children adjacent and after their parent; child boxes inside the
     * parent's; every leaf within maxLeafSize and its box containing its primitives' bounds; leaves covering
     * each primitive slot exactly once; primitiveOrder a permutation; node count 2 leaves - 1; stats consistent.
     */
    static void check(Bvh bvh, PrimitiveBounds prims, int maxLeafSize) {
        NativeBuffer nodes = bvh.nodes();
        int n = prims.count(), nodeCount = bvh.nodeCount();
        int[] order = bvh.primitiveOrder();
        assertEquals(n, order.length);
        boolean[] seenPrim = new boolean[n], seenSlot = new boolean[n], seenNode = new boolean[nodeCount];
        for (int p : order) {
            assertTrue(p >= 0 && p < n && !seenPrim[p], "primitive order is not a permutation at " + p);
            seenPrim[p] = true;
        }
        int[] stack = new int[2 * nodeCount + 2];
        int top = 0, leaves = 0, maxLeaf = 0;
        stack[top++] = 0;
        seenNode[0] = true;
        float[] pb = new float[6];
        while (top > 0) {
            int node = stack[--top];
            long o = (long) node * LcBvhNode.BYTES;
            float[] box = BvhBuilderTest.box(nodes, node);
            int lf = nodes.getInt(o + LcBvhNode.LEFT_FIRST), count = nodes.getInt(o + LcBvhNode.COUNT);
            if (count > 0) {
                leaves++;
                maxLeaf = Math.max(maxLeaf, count);
                assertTrue(count <= maxLeafSize, "leaf " + node + " holds " + count);
                for (int k = lf; k < lf + count; k++) {
                    assertTrue(k >= 0 && k < n && !seenSlot[k], "slot " + k + " in two leaves or out of range");
                    seenSlot[k] = true;
                    prims.bounds(order[k], pb);
                    for (int a = 0; a < 3; a++) {
                        assertTrue(box[a] <= pb[a] && pb[a + 3] <= box[a + 3], "leaf " + node + " misses prim");
                    }
                }
                continue;
            }
            assertTrue(lf > node && lf + 1 < nodeCount, "children of " + node + " at " + lf);
            for (int c = lf; c <= lf + 1; c++) {
                assertTrue(!seenNode[c], "node " + c + " reached twice");
                seenNode[c] = true;
                float[] cb = BvhBuilderTest.box(nodes, c);
                for (int a = 0; a < 3; a++) {
                    assertTrue(box[a] <= cb[a] && cb[a + 3] <= box[a + 3], "child " + c + " outside parent " + node);
                }
                stack[top++] = c;
            }
        }
        for (int k = 0; k < n; k++) assertTrue(seenSlot[k], "slot " + k + " in no leaf");
        for (int k = 0; k < nodeCount; k++) assertTrue(seenNode[k], "node " + k + " unreachable");
        assertEquals(2 * leaves - 1, nodeCount);
        assertEquals(leaves, bvh.stats().leafCount());
        assertEquals(maxLeaf, bvh.stats().maxLeafSize());
        assertEquals(nodeCount, bvh.stats().nodeCount());
    }
}
