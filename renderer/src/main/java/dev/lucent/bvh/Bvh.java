package dev.lucent.bvh;

import dev.lucent.core.NativeBuffer;

/**
 * A binary BVH in the builder's layout ({@code LcBvhNode}, 32 bytes, see lucent_layout.h), root at node 0.
 * Leaves address primitives through {@link #primitiveOrder()}: leaf primitive slot k is original primitive
 * {@code primitiveOrder()[k]}. The scene compiler reorders triangles into that order so leaves are
 * contiguous runs. Every other layout (GPU BVH2, wide BVHs) is derived from this by a named conversion.
 * A tree over zero primitives is one node with an empty box (min = +inf, max = -inf) and count 0.
 */
public final class Bvh implements AutoCloseable {
    private final NativeBuffer nodes;
    private final int nodeCount;
    private final int[] primitiveOrder;
    private final BvhStats stats;

    public Bvh(NativeBuffer nodes, int nodeCount, int[] primitiveOrder, BvhStats stats) {
        this.nodes = nodes;
        this.nodeCount = nodeCount;
        this.primitiveOrder = primitiveOrder;
        this.stats = stats;
    }

    public NativeBuffer nodes() { return nodes; }
    public int nodeCount() { return nodeCount; }
    public int[] primitiveOrder() { return primitiveOrder; }
    public BvhStats stats() { return stats; }

    @Override
    public void close() { nodes.close(); }
}
