package dev.lucent.bvh;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;

/**
 * Reference SAH builder for quality comparisons only (tests and {@link BvhBenchmark}): at every node the
 * primitives are sorted by centroid on each axis and every split position is evaluated (object splits, same
 * costs and leaf rule as {@link BvhBuilder}: traversal 1, intersection 1, leaf when one primitive or when at
 * most maxLeafSize primitives and a split costs at least as much). Single-threaded, O(n log^2 n).
 */
final class FullSweepBvhBuilder {
    private FullSweepBvhBuilder() {}

    static Bvh build(PrimitiveBounds prims, int maxLeafSize) {
        long t0 = System.nanoTime();
        int n = prims.count();
        if (n == 0) return BvhBuilder.build(prims, BvhOptions.defaults());
        float[] b = new float[6 * n];
        float[] tmp = new float[6];
        for (int i = 0; i < n; i++) {
            prims.bounds(i, tmp);
            for (int k = 0; k < 6; k++) b[i * 6 + k] = tmp[k] + 0.0f;
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        long[] keys = new long[n], bestKeys = new long[n];
        double[] rightArea = new double[n];
        BvhNodeBlock blk = new BvhNodeBlock(n);
        float[] box = BoxMath.empty();
        bounds(b, ids, 0, n, box);
        blk.add(box);
        int[] stack = new int[3 * 64];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = 0;
        stack[top++] = n;
        float[] lb = new float[6], rb = new float[6];
        while (top > 0) {
            int count = stack[--top], first = stack[--top], node = stack[--top];
            if (count <= 1) {
                blk.setLeaf(node, first, count);
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            int bestAt = -1;
            for (int axis = 0; axis < 3; axis++) {
                for (int i = 0; i < count; i++) {
                    int id = ids[first + i];
                    keys[i] = ((long) sortable(b[id * 6 + axis] + b[id * 6 + 3 + axis]) << 32) | id;
                }
                Arrays.sort(keys, 0, count);
                float[] r = BoxMath.empty();
                for (int i = count - 1; i >= 1; i--) {
                    grow(r, b, (int) keys[i]);
                    rightArea[i] = BoxMath.halfArea(r);
                }
                float[] l = BoxMath.empty();
                boolean improved = false;
                for (int i = 1; i < count; i++) {
                    grow(l, b, (int) keys[i - 1]);
                    double cost = BoxMath.halfArea(l) * i + rightArea[i] * (count - i);
                    if (cost < best) {
                        best = cost;
                        bestAt = i;
                        improved = true;
                    }
                }
                if (improved) System.arraycopy(keys, 0, bestKeys, 0, count);
            }
            float[] nodeBox = new float[6];
            for (int k = 0; k < 6; k++) nodeBox[k] = blk.bound(node, k);
            double area = BoxMath.halfArea(nodeBox);
            if (count <= maxLeafSize && area + best >= area * count) {
                blk.setLeaf(node, first, count);
                continue;
            }
            for (int i = 0; i < count; i++) ids[first + i] = (int) bestKeys[i];
            BoxMath.setEmpty(lb);
            BoxMath.setEmpty(rb);
            bounds(b, ids, first, first + bestAt, lb);
            bounds(b, ids, first + bestAt, first + count, rb);
            int left = blk.addPair(lb, rb);
            blk.setInterior(node, left);
            if (top + 6 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
            stack[top++] = left + 1;
            stack[top++] = first + bestAt;
            stack[top++] = count - bestAt;
            stack[top++] = left;
            stack[top++] = first;
            stack[top++] = bestAt;
        }
        var nodes = BvhSubtree.of(blk).assemble(ForkJoinPool.commonPool());
        double millis = (System.nanoTime() - t0) / 1e6;
        int nodeCount = blk.size;
        return new Bvh(nodes, nodeCount, ids,
                BvhStats.of(nodes, nodeCount, n, millis, BvhBuilder.memoryBytes(nodeCount, n)));
    }

    /** An int whose signed order is the float's order (finite floats, no -0). */
    private static int sortable(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    private static void grow(float[] box, float[] b, int id) {
        for (int k = 0; k < 3; k++) {
            box[k] = Math.min(box[k], b[id * 6 + k]);
            box[k + 3] = Math.max(box[k + 3], b[id * 6 + 3 + k]);
        }
    }

    private static void bounds(float[] b, int[] ids, int from, int to, float[] box) {
        for (int i = from; i < to; i++) grow(box, b, ids[i]);
    }
}
