package dev.lucent.bvh;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;

/**
 * Shape, quality and cost of one built BVH.
 *
 * <p>{@code maxDepth} counts nodes on the longest root-to-leaf path (a single-leaf tree has depth 1).
 * {@code sahCost} is the surface area heuristic with traversal cost 1 and intersection cost 1, normalised by
 * the root's surface area: sum over interior nodes of A(n)/A(root) plus sum over leaves of
 * count(n) A(n)/A(root) (the root counts as an interior node; a single-leaf tree costs its primitive count;
 * when the root's area is 0 every ratio counts as 1).
 * {@code buildMillis} is wall-clock build time; {@code memoryBytes} what the built tree keeps (node buffer and
 * primitive order).
 */
public record BvhStats(int primitives, int nodeCount, int leafCount, int maxDepth, int minLeafSize,
        int maxLeafSize, double avgLeafSize, double sahCost, double buildMillis, long memoryBytes) {

    /**
     * Measures the tree in {@code nodes} ({@code LcBvhNode} layout, root at 0). A root with count 0 and an
     * empty box (the empty tree) gives zero leaves, depth 0 and cost 0.
     */
    public static BvhStats of(NativeBuffer nodes, int nodeCount, int primitives, double buildMillis,
            long memoryBytes) {
        if (primitives == 0) return new BvhStats(0, nodeCount, 0, 0, 0, 0, 0, 0, buildMillis, memoryBytes);
        double rootArea = area(nodes, 0);
        int leaves = 0, maxDepth = 0, minLeaf = Integer.MAX_VALUE, maxLeaf = 0;
        double interiorArea = 0, leafArea = 0;
        int[] stack = new int[128];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = 1;
        while (top > 0) {
            int depth = stack[--top], node = stack[--top];
            long o = (long) node * LcBvhNode.BYTES;
            int count = nodes.getInt(o + LcBvhNode.COUNT);
            double a = area(nodes, node);
            if (count > 0) {
                leaves++;
                maxDepth = Math.max(maxDepth, depth);
                minLeaf = Math.min(minLeaf, count);
                maxLeaf = Math.max(maxLeaf, count);
                leafArea += a * count;
                continue;
            }
            interiorArea += a;
            int left = nodes.getInt(o + LcBvhNode.LEFT_FIRST);
            if (left <= node || left + 1 >= nodeCount) {
                throw new IllegalStateException("node " + node + " has children " + left + ", " + (left + 1)
                        + " outside the tree of " + nodeCount);
            }
            if (top + 4 > stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
            stack[top++] = left + 1;
            stack[top++] = depth + 1;
            stack[top++] = left;
            stack[top++] = depth + 1;
        }
        double sah = rootArea > 0 ? (interiorArea + leafArea) / rootArea
                : (nodeCount - leaves) + (double) primitives;
        return new BvhStats(primitives, nodeCount, leaves, maxDepth, minLeaf, maxLeaf, (double) primitives / leaves,
                sah, buildMillis, memoryBytes);
    }

    private static double area(NativeBuffer nodes, int node) {
        long o = (long) node * LcBvhNode.BYTES;
        return BoxMath.halfArea(nodes.getFloat(o + LcBvhNode.MIN_X), nodes.getFloat(o + LcBvhNode.MIN_Y),
                nodes.getFloat(o + LcBvhNode.MIN_Z), nodes.getFloat(o + LcBvhNode.MAX_X),
                nodes.getFloat(o + LcBvhNode.MAX_Y), nodes.getFloat(o + LcBvhNode.MAX_Z));
    }
}
