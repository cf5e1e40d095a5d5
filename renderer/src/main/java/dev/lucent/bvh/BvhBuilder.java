package dev.lucent.bvh;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Builds a binary {@link Bvh} over primitive bounds with the binned surface area heuristic (object splits;
 * Wald 2007, "On fast construction of SAH-based bounding volume hierarchies"; see {@link BinnedSahSplitter}).
 *
 * <p>Usage: {@code try (Bvh bvh = BvhBuilder.build(bounds, BvhOptions.defaults())) { ... }}.
 *
 * <p>Output: {@code LcBvhNode}s (32 bytes), root at node 0, an interior node's children at
 * {@code leftFirst} and {@code leftFirst + 1}, leaves covering slots [leftFirst, leftFirst + count) of
 * {@link Bvh#primitiveOrder()}. Nodes are numbered depth-first with paired child allocation (a node's
 * children, then the left child's subtree, then the right child's), and node boxes are exact unions of their
 * primitives' bounds. The node buffer holds exactly {@link Bvh#nodeCount()} nodes. Zero primitives give one
 * node with an empty box (min = +inf, max = -inf) and count 0, which a traversal that tests the root box
 * first never enters.
 *
 * <p>Parallelism: inputs of at most {@value #SEQUENTIAL_MAX} primitives are built in the calling thread.
 * Above that, bounds are gathered and large nodes binned and partitioned by pool tasks, and subtrees
 * above {@value #SEQUENTIAL_MAX} primitives become ForkJoin tasks building into their own node blocks, which
 * are then copied to indices that depend only on the tree's shape ({@link BvhSubtree}). The result (node
 * bytes and primitive order) is identical for every thread count. {@link PrimitiveBounds#bounds} is called
 * concurrently from pool threads and must tolerate that.
 *
 * <p>Memory: 28 bytes per primitive while building (bounds and index), plus the node blocks (32 bytes per
 * node) and the final off-heap node buffer; no object per primitive. Up to
 * {@value PrimitiveRecords#MAX_PRIMITIVES} primitives.
 */
public final class BvhBuilder {
    /** Subtrees with at most this many primitives are built by one task into one node block. */
    static final int SEQUENTIAL_MAX = 1 << 14;

    private BvhBuilder() {}

    /**
     * Builds the BVH. Options: {@code maxLeafSize} >= 1, {@code bins} in [2, 256], {@code threads} >= 0
     * (0 = all available processors). Throws IllegalArgumentException for invalid options or primitive
     * bounds that are not finite, exceed +-1e30 or have min > max (callers loading files turn that into a
     * SceneException naming the file).
     */
    public static Bvh build(PrimitiveBounds prims, BvhOptions options) {
        if (options.maxLeafSize() < 1) throw new IllegalArgumentException("maxLeafSize must be >= 1");
        if (options.bins() < 2 || options.bins() > 256) throw new IllegalArgumentException("bins must be 2..256");
        if (options.threads() < 0) throw new IllegalArgumentException("threads must be >= 0");
        int threads = options.threads() == 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
        long t0 = System.nanoTime();
        if (prims.count() == 0) return empty(t0);
        if (prims.count() <= SEQUENTIAL_MAX) {
            // One block's worth: build in the calling thread; a pool would cost more than it saves.
            PrimitiveRecords rec = PrimitiveRecords.gather(prims);
            int n = rec.count();
            BinnedSahSplitter splitter = new BinnedSahSplitter(rec, options.bins(), options.maxLeafSize());
            BvhSubtree tree = BvhSubtree.of(buildBlock(splitter, 0, n, rec.rootBox));
            return finish(tree.assemble(null), tree.nodeCount(), rec, t0);
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            PrimitiveRecords rec = pool.invoke(new RecursiveTask<PrimitiveRecords>() {
                @Override
                protected PrimitiveRecords compute() { return PrimitiveRecords.gather(prims); }
            });
            int n = rec.count();
            BvhSubtree tree = pool.invoke(new SubtreeTask(rec, options, 0, n, rec.rootBox));
            return finish(tree.assemble(pool), tree.nodeCount(), rec, t0);
        } finally {
            pool.shutdown();
        }
    }

    private static Bvh finish(NativeBuffer nodes, int nodeCount, PrimitiveRecords rec, long t0) {
        double millis = (System.nanoTime() - t0) / 1e6;
        int n = rec.count();
        return new Bvh(nodes, nodeCount, rec.ids, BvhStats.of(nodes, nodeCount, n, millis, memoryBytes(nodeCount, n)));
    }

    /** Bytes the built tree keeps: the node buffer plus the primitive order. */
    static long memoryBytes(int nodeCount, int primitives) {
        return (long) nodeCount * LcBvhNode.BYTES + 4L * primitives;
    }

    private static Bvh empty(long t0) {
        NativeBuffer nodes = NativeBuffer.allocate(LcBvhNode.BYTES);
        float inf = Float.POSITIVE_INFINITY;
        nodes.putFloat(LcBvhNode.MIN_X, inf);
        nodes.putFloat(LcBvhNode.MIN_Y, inf);
        nodes.putFloat(LcBvhNode.MIN_Z, inf);
        nodes.putFloat(LcBvhNode.MAX_X, -inf);
        nodes.putFloat(LcBvhNode.MAX_Y, -inf);
        nodes.putFloat(LcBvhNode.MAX_Z, -inf);
        return new Bvh(nodes, 1, new int[0], BvhStats.of(nodes, 1, 0, (System.nanoTime() - t0) / 1e6,
                memoryBytes(1, 0)));
    }

    /**
     * Builds the subtree over slots [first, first + count). Walks down a chain of splits, always continuing
     * with the larger child and forking the smaller one when it exceeds {@link #SEQUENTIAL_MAX} (so nested
     * joins are at most log2(n) deep); children at or below that size are built sequentially into blocks.
     */
    private static final class SubtreeTask extends RecursiveTask<BvhSubtree> {
        private final PrimitiveRecords rec;
        private final BvhOptions options;
        private final int first, count;
        private final float[] box;

        SubtreeTask(PrimitiveRecords rec, BvhOptions options, int first, int count, float[] box) {
            this.rec = rec;
            this.options = options;
            this.first = first;
            this.count = count;
            this.box = box.clone();
        }

        @Override
        protected BvhSubtree compute() {
            BinnedSahSplitter splitter = new BinnedSahSplitter(rec, options.bins(), options.maxLeafSize());
            List<SubtreeTask> forked = new ArrayList<>();
            List<BvhSubtree> forkedParents = new ArrayList<>();
            List<Boolean> forkedSides = new ArrayList<>();
            BvhSubtree root = null, parent = null;
            boolean side = false;
            int f = first, c = count;
            float[] b = box;
            while (true) {
                int mid = c > SEQUENTIAL_MAX ? splitter.split(f, c, b) : -2;
                BvhSubtree here = mid == -2 ? BvhSubtree.of(buildBlock(splitter, f, c, b))
                        : mid == -1 ? BvhSubtree.of(leafBlock(f, c, b)) : BvhSubtree.split(b);
                if (parent == null) root = here;
                else parent.setChild(side, here);
                if (mid < 0) break;
                int lc = mid - f, rc = f + c - mid;
                boolean leftSmaller = lc < rc;
                int sf = leftSmaller ? f : mid, sc = leftSmaller ? lc : rc;
                float[] sb = (leftSmaller ? splitter.leftBox : splitter.rightBox).clone();
                float[] lb = (leftSmaller ? splitter.rightBox : splitter.leftBox).clone();
                if (sc > SEQUENTIAL_MAX) {
                    SubtreeTask t = new SubtreeTask(rec, options, sf, sc, sb);
                    t.fork();
                    forked.add(t);
                    forkedParents.add(here);
                    forkedSides.add(leftSmaller);
                } else {
                    here.setChild(leftSmaller, BvhSubtree.of(buildBlock(splitter, sf, sc, sb)));
                }
                parent = here;
                side = !leftSmaller;
                f = leftSmaller ? mid : f;
                c = leftSmaller ? rc : lc;
                b = lb;
            }
            for (int i = forked.size() - 1; i >= 0; i--) {
                forkedParents.get(i).setChild(forkedSides.get(i), forked.get(i).join());
            }
            return root;
        }
    }

    private static BvhNodeBlock leafBlock(int first, int count, float[] box) {
        BvhNodeBlock blk = new BvhNodeBlock(1);
        blk.setLeaf(blk.add(box), first, count);
        return blk;
    }

    /** Builds the whole subtree over [first, first + count) into one block, depth-first with paired children. */
    static BvhNodeBlock buildBlock(BinnedSahSplitter splitter, int first, int count, float[] box) {
        // SAH trees with leaves of up to a few primitives have about 1.06 nodes per primitive; grows if not.
        BvhNodeBlock blk = new BvhNodeBlock(count + count / 8 + 16);
        blk.add(box);
        // Work stack of (node, first, count); the node's box is already in the block.
        int[] st = new int[3 * 64];
        st[0] = 0;
        st[1] = first;
        st[2] = count;
        int top = 1;
        float[] nodeBox = new float[6];
        while (top > 0) {
            top--;
            int node = st[top * 3], f = st[top * 3 + 1], c = st[top * 3 + 2];
            for (int k = 0; k < 6; k++) nodeBox[k] = blk.bound(node, k);
            int mid = splitter.split(f, c, nodeBox);
            if (mid < 0) {
                blk.setLeaf(node, f, c);
                continue;
            }
            int left = blk.addPair(splitter.leftBox, splitter.rightBox);
            blk.setInterior(node, left);
            if ((top + 2) * 3 > st.length) st = java.util.Arrays.copyOf(st, st.length * 2);
            // Right pushed first so the left subtree is finished first (depth-first node numbering).
            st[top * 3] = left + 1;
            st[top * 3 + 1] = mid;
            st[top * 3 + 2] = f + c - mid;
            top++;
            st[top * 3] = left;
            st[top * 3 + 1] = f;
            st[top * 3 + 2] = mid - f;
            top++;
        }
        return blk;
    }
}
