package dev.lucent.bvh;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * A built subtree before its nodes have global indices: either a {@link BvhNodeBlock} built by one task, or
 * a split node whose two children are subtrees built by other tasks.
 *
 * <p>{@link #assemble} lays every subtree out in the one order a sequential depth-first build with paired
 * child allocation produces: a node at slot s with children L and R puts L's root at r, R's root at r + 1,
 * then L's other nodes from r + 2, then R's other nodes. Node indices therefore depend only on the tree's
 * shape, never on how the work was split into tasks or scheduled, which makes the result identical for any
 * thread count.
 */
final class BvhSubtree {
    /** Copy jobs smaller than this many nodes are batched into one task. */
    private static final int COPY_BATCH_NODES = 1 << 16;

    private final BvhNodeBlock block;
    private final float[] box;
    private BvhSubtree left, right;
    private int nodeCount;
    private int rootSlot, restStart;

    private BvhSubtree(BvhNodeBlock block, float[] box) {
        this.block = block;
        this.box = box;
        this.nodeCount = block != null ? block.size : -1;
    }

    static BvhSubtree of(BvhNodeBlock block) {
        return new BvhSubtree(block, null);
    }

    /** A split node with box {@code box} (min xyz, max xyz; copied) whose children are set later. */
    static BvhSubtree split(float[] box) {
        return new BvhSubtree(null, box.clone());
    }

    void setChild(boolean leftSide, BvhSubtree child) {
        if (leftSide) left = child;
        else right = child;
    }

    /** Nodes in this subtree; valid once every child is set. */
    int nodeCount() {
        if (nodeCount < 0) {
            // Iterative post-order so that arbitrarily deep chains of split nodes cannot overflow the stack.
            List<BvhSubtree> order = new ArrayList<>();
            List<BvhSubtree> stack = new ArrayList<>(List.of(this));
            while (!stack.isEmpty()) {
                BvhSubtree s = stack.remove(stack.size() - 1);
                if (s.nodeCount >= 0) continue;
                order.add(s);
                stack.add(s.left);
                stack.add(s.right);
            }
            for (int i = order.size() - 1; i >= 0; i--) {
                BvhSubtree s = order.get(i);
                long c = 1L + s.left.nodeCount + s.right.nodeCount;
                if (c > Integer.MAX_VALUE) throw new IllegalStateException("more than 2^31 BVH nodes");
                s.nodeCount = (int) c;
            }
        }
        return nodeCount;
    }

    /**
     * Writes the whole tree, root at node 0, into a new buffer of exactly {@link #nodeCount} nodes; blocks are
     * copied by tasks in {@code pool}, or in the calling thread when {@code pool} is null.
     */
    NativeBuffer assemble(ForkJoinPool pool) {
        int total = nodeCount();
        NativeBuffer out = NativeBuffer.allocate((long) total * LcBvhNode.BYTES);
        try {
            List<BvhSubtree> blocks = new ArrayList<>();
            List<BvhSubtree> stack = new ArrayList<>();
            rootSlot = 0;
            restStart = 1;
            stack.add(this);
            while (!stack.isEmpty()) {
                BvhSubtree s = stack.remove(stack.size() - 1);
                if (s.block != null) {
                    blocks.add(s);
                    continue;
                }
                long o = (long) s.rootSlot * LcBvhNode.BYTES;
                out.putFloat(o + LcBvhNode.MIN_X, s.box[0]);
                out.putFloat(o + LcBvhNode.MIN_Y, s.box[1]);
                out.putFloat(o + LcBvhNode.MIN_Z, s.box[2]);
                out.putFloat(o + LcBvhNode.MAX_X, s.box[3]);
                out.putFloat(o + LcBvhNode.MAX_Y, s.box[4]);
                out.putFloat(o + LcBvhNode.MAX_Z, s.box[5]);
                out.putInt(o + LcBvhNode.LEFT_FIRST, s.restStart);
                out.putInt(o + LcBvhNode.COUNT, 0);
                s.left.rootSlot = s.restStart;
                s.left.restStart = s.restStart + 2;
                s.right.rootSlot = s.restStart + 1;
                s.right.restStart = s.restStart + 1 + s.left.nodeCount;
                stack.add(s.right);
                stack.add(s.left);
            }
            List<ForkJoinTask<?>> jobs = new ArrayList<>();
            int from = 0, batchNodes = 0;
            for (int i = 0; i < blocks.size(); i++) {
                batchNodes += blocks.get(i).nodeCount;
                if (batchNodes >= COPY_BATCH_NODES || i == blocks.size() - 1) {
                    jobs.add(new CopyBlocks(blocks.subList(from, i + 1), out));
                    from = i + 1;
                    batchNodes = 0;
                }
            }
            if (pool == null) {
                for (ForkJoinTask<?> job : jobs) job.invoke();
            } else {
                pool.invoke(new RecursiveAction() {
                    @Override
                    protected void compute() { invokeAll(jobs); }
                });
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /** Copies blocks to their slots, releasing each block's heap words as soon as it is written. */
    private static final class CopyBlocks extends RecursiveAction {
        private final List<BvhSubtree> blocks;
        private final NativeBuffer out;

        CopyBlocks(List<BvhSubtree> blocks, NativeBuffer out) {
            this.blocks = blocks;
            this.out = out;
        }

        @Override
        protected void compute() {
            for (BvhSubtree s : blocks) {
                BvhNodeBlock b = s.block;
                b.relocate(s.restStart);
                out.putInts((long) s.rootSlot * LcBvhNode.BYTES, b.words, 0, BvhNodeBlock.WORDS);
                if (b.size > 1) {
                    out.putInts((long) s.restStart * LcBvhNode.BYTES, b.words, BvhNodeBlock.WORDS,
                            (b.size - 1) * BvhNodeBlock.WORDS);
                }
                b.words = null;
            }
        }
    }
}
