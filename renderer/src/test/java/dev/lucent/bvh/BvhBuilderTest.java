package dev.lucent.bvh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;
import dev.lucent.core.TestPaths;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BvhBuilderTest {
    /** Primitives given directly as boxes (6 floats each). */
    record Boxes(float[]... boxes) implements PrimitiveBounds {
        @Override
        public int count() { return boxes.length; }

        @Override
        public void bounds(int prim, float[] out) { System.arraycopy(boxes[prim], 0, out, 0, 6); }
    }

    @Test
    void twoSeparatedBoxesSplitWithKnownCost() {
        try (Bvh bvh = BvhBuilder.build(new Boxes(new float[] {0, 0, 0, 1, 1, 1}, new float[] {2, 0, 0, 3, 1, 1}),
                BvhOptions.defaults())) {
            BvhStats s = bvh.stats();
            assertEquals(3, s.nodeCount());
            assertEquals(2, s.leafCount());
            assertEquals(2, s.maxDepth());
            // Root half-area 3 + 1 + 3 = 7; children 3 each: 1 + (3 + 3) / 7.
            assertEquals(1 + 6.0 / 7, s.sahCost(), 1e-12);
            assertArrayEquals(new float[] {0, 0, 0, 3, 1, 1}, box(bvh.nodes(), 0));
            assertEquals(1, bvh.nodes().getInt(LcBvhNode.LEFT_FIRST));
            assertEquals(0, bvh.nodes().getInt(LcBvhNode.COUNT));
            assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, box(bvh.nodes(), 1));
            assertArrayEquals(new float[] {2, 0, 0, 3, 1, 1}, box(bvh.nodes(), 2));
            assertEquals(32L * 3 + 4 * 2, s.memoryBytes());
        }
    }

    @Test
    void coincidentCentroidsMakeOneLeafOrSplitInTheMiddle() {
        float[] b = {0, 0, 0, 1, 1, 1};
        try (Bvh leaf = BvhBuilder.build(new Boxes(b, b, b), BvhOptions.defaults())) {
            assertEquals(1, leaf.nodeCount());
            assertEquals(3, leaf.nodes().getInt(LcBvhNode.COUNT));
            assertEquals(3.0, leaf.stats().sahCost(), 1e-12);
        }
        try (Bvh split = BvhBuilder.build(new Boxes(b, b, b), new BvhOptions(1, 16, 1))) {
            assertEquals(5, split.nodeCount());
            assertEquals(3, split.stats().leafCount());
            assertEquals(1, split.stats().maxLeafSize());
            // Every box is the root box: 2 interior nodes + 3 leaves of one primitive.
            assertEquals(5.0, split.stats().sahCost(), 1e-12);
        }
        float[][] many = new float[1000][];
        for (int i = 0; i < many.length; i++) many[i] = new float[] {-1, -i, -1, 1, i, 1};
        try (Bvh bvh = BvhBuilder.build(new Boxes(many), new BvhOptions(4, 16, 2))) {
            BvhInvariants.check(bvh, new Boxes(many), 4);
        }
    }

    @Test
    void emptyInputGivesOneEmptyNode() {
        try (Bvh bvh = BvhBuilder.build(new Boxes(), BvhOptions.defaults())) {
            assertEquals(1, bvh.nodeCount());
            assertEquals(0, bvh.primitiveOrder().length);
            assertEquals(Float.POSITIVE_INFINITY, bvh.nodes().getFloat(LcBvhNode.MIN_X));
            assertEquals(Float.NEGATIVE_INFINITY, bvh.nodes().getFloat(LcBvhNode.MAX_X));
            assertEquals(0, bvh.stats().leafCount());
            TriangleBvhTraversal tr = new TriangleBvhTraversal(bvh, new float[0], new int[0]);
            BvhRay ray = new BvhRay(0, 0, 0, 1, 0, 0, 0, Float.POSITIVE_INFINITY);
            assertTrue(!tr.closestHit(ray, new TriangleHit()) && !tr.anyHit(ray));
        }
    }

    @Test
    void rejectsInvalidBoundsAndOptions() {
        var e = assertThrows(IllegalArgumentException.class, () -> BvhBuilder.build(
                new Boxes(new float[] {0, 0, 0, 1, 1, 1}, new float[] {0, Float.NaN, 0, 1, 1, 1}),
                BvhOptions.defaults()));
        assertTrue(e.getMessage().contains("primitive 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BvhBuilder.build(
                new Boxes(new float[] {0, 0, 0, -1, 1, 1}), BvhOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> BvhBuilder.build(
                new Boxes(new float[] {0, 0, 0, 1, 1, 1e31f}), BvhOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> BvhBuilder.build(
                new Boxes(new float[] {0, 0, Float.NEGATIVE_INFINITY, 1, 1, 1}), BvhOptions.defaults()));
        Boxes ok = new Boxes(new float[] {0, 0, 0, 1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> BvhBuilder.build(ok, new BvhOptions(0, 16, 1)));
        assertThrows(IllegalArgumentException.class, () -> BvhBuilder.build(ok, new BvhOptions(4, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> BvhBuilder.build(ok, new BvhOptions(4, 16, -1)));
    }

    @Test
    void treeInvariantsHoldForManyMeshesAndOptions() {
        List<TestMeshes> meshes = List.of(TestMeshes.soup(5000, 0.05f, 1), TestMeshes.sphere(40, 80),
                TestMeshes.degenerate(2), TestMeshes.blobs(60_000, 3));
        for (TestMeshes m : meshes) {
            for (BvhOptions o : List.of(new BvhOptions(1, 8, 1), new BvhOptions(4, 16, 2),
                    new BvhOptions(8, 32, 3), new BvhOptions(16, 2, 2))) {
                try (Bvh bvh = BvhBuilder.build(m.bounds(), o)) {
                    BvhInvariants.check(bvh, m.bounds(), o.maxLeafSize());
                    assertEquals(m.triangles(), bvh.stats().primitives());
                }
            }
        }
    }

    @Test
    void nestedBoxesBuildAnUnbalancedValidTree() {
        // Box i = [0, 1.2^i]^3 (11 orders of magnitude): any side holding the largest box has the root's area,
        // so the SAH splits a few of the largest boxes off the rest at a time: the tree is far from balanced.
        int n = 150;
        float[][] boxes = new float[n][];
        for (int i = 0; i < n; i++) {
            float s = (float) Math.pow(1.2, i);
            boxes[i] = new float[] {0, 0, 0, s, s, s};
        }
        try (Bvh bvh = BvhBuilder.build(new Boxes(boxes), new BvhOptions(1, 16, 2))) {
            BvhInvariants.check(bvh, new Boxes(boxes), 1);
            assertEquals(n, bvh.stats().leafCount());
            assertTrue(bvh.stats().maxDepth() > 2 * 8, "depth " + bvh.stats().maxDepth());
            // Children whose box is the root's box lead down to the single largest box.
            NativeBuffer nodes = bvh.nodes();
            float[] root = box(nodes, 0);
            int node = 0;
            while (nodes.getInt((long) node * LcBvhNode.BYTES + LcBvhNode.COUNT) == 0) {
                int left = nodes.getInt((long) node * LcBvhNode.BYTES + LcBvhNode.LEFT_FIRST);
                boolean inLeft = java.util.Arrays.equals(box(nodes, left), root);
                assertTrue(inLeft != java.util.Arrays.equals(box(nodes, left + 1), root), "node " + node);
                node = inLeft ? left : left + 1;
            }
            long o = (long) node * LcBvhNode.BYTES;
            assertEquals(1, nodes.getInt(o + LcBvhNode.COUNT));
            assertEquals(n - 1, bvh.primitiveOrder()[nodes.getInt(o + LcBvhNode.LEFT_FIRST)]);
        }
    }

    @Test
    void sameTreeForEveryThreadCount() {
        // Large enough that the root uses parallel binning and the block partition.
        TestMeshes m = TestMeshes.blobs(2 * BinnedSahSplitter.BLOCK_PARTITION_MIN, 11);
        try (Bvh one = BvhBuilder.build(m.bounds(), new BvhOptions(4, 16, 1));
                Bvh four = BvhBuilder.build(m.bounds(), new BvhOptions(4, 16, 4))) {
            assertEquals(one.nodeCount(), four.nodeCount());
            assertArrayEquals(one.primitiveOrder(), four.primitiveOrder());
            assertArrayEquals(bytes(one.nodes(), one.nodeCount()), bytes(four.nodes(), four.nodeCount()));
            BvhInvariants.check(four, m.bounds(), 4);
        }
    }

    @Test
    void binnedSahWithinFivePercentOfFullSweep() throws IOException {
        List<TestMeshes> meshes = List.of(TestMeshes.sphere(64, 128), TestMeshes.soup(20_000, 0.05f, 5),
                TestMeshes.blobs(30_000, 9), TestMeshes.obj(TestPaths.sharedScenes().resolve("models/stanford-bunny.obj")));
        for (TestMeshes m : meshes) {
            try (Bvh binned = BvhBuilder.build(m.bounds(), BvhOptions.defaults());
                    Bvh full = FullSweepBvhBuilder.build(m.bounds(), 4)) {
                BvhInvariants.check(full, m.bounds(), 4);
                double ratio = binned.stats().sahCost() / full.stats().sahCost();
                assertTrue(ratio < 1.05, m.name() + ": binned " + binned.stats().sahCost() + " vs full sweep "
                        + full.stats().sahCost());
            }
        }
    }

    static float[] box(NativeBuffer nodes, int node) {
        long o = (long) node * LcBvhNode.BYTES;
        return new float[] {nodes.getFloat(o), nodes.getFloat(o + 4), nodes.getFloat(o + 8),
                nodes.getFloat(o + 16), nodes.getFloat(o + 20), nodes.getFloat(o + 24)};
    }

    static byte[] bytes(NativeBuffer nodes, int nodeCount) {
        byte[] out = new byte[nodeCount * LcBvhNode.BYTES];
        nodes.slice(0, out.length).get(out);
        return out;
    }
}
