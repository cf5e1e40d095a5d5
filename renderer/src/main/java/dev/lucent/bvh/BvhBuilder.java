package dev.lucent.bvh;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;

/**
 * Builds a {@link Bvh} over primitive bounds. PLACEHOLDER: median split on the longest centroid axis,
 * single-threaded; the binned SAH builder replaces the body, the signature stays.
 */
public final class BvhBuilder {
    private BvhBuilder() {}

    public static Bvh build(PrimitiveBounds prims, BvhOptions options) {
        long t0 = System.nanoTime();
        int n = prims.count();
        float[] b = new float[n * 6];
        float[] tmp = new float[6];
        for (int i = 0; i < n; i++) {
            prims.bounds(i, tmp);
            System.arraycopy(tmp, 0, b, i * 6, 6);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int maxNodes = Math.max(1, 2 * n - 1);
        NativeBuffer nodes = NativeBuffer.allocate((long) maxNodes * LcBvhNode.BYTES);
        int[] count = {1};
        int depth = split(b, order, 0, n, 0, nodes, count, Math.max(1, options.maxLeafSize()), 1);
        Bvh bvh = new Bvh(nodes, count[0], order, new BvhStats(n, count[0], 0, depth, 0, 0, 0, 0,
                (System.nanoTime() - t0) / 1e6, (long) count[0] * LcBvhNode.BYTES));
        return bvh;
    }

    private static int split(float[] b, int[] order, int first, int cnt, int node, NativeBuffer nodes, int[] count,
            int leaf, int depth) {
        float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
        float[] hi = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = first; i < first + cnt; i++) {
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], b[order[i] * 6 + a]);
                hi[a] = Math.max(hi[a], b[order[i] * 6 + 3 + a]);
            }
        }
        long o = (long) node * LcBvhNode.BYTES;
        nodes.putFloat(o + LcBvhNode.MIN_X, lo[0]);
        nodes.putFloat(o + LcBvhNode.MIN_Y, lo[1]);
        nodes.putFloat(o + LcBvhNode.MIN_Z, lo[2]);
        nodes.putFloat(o + LcBvhNode.MAX_X, hi[0]);
        nodes.putFloat(o + LcBvhNode.MAX_Y, hi[1]);
        nodes.putFloat(o + LcBvhNode.MAX_Z, hi[2]);
        if (cnt <= leaf) {
            nodes.putInt(o + LcBvhNode.LEFT_FIRST, first);
            nodes.putInt(o + LcBvhNode.COUNT, Math.max(cnt, 1));
            return depth;
        }
        int axis = hi[1] - lo[1] > hi[0] - lo[0] ? 1 : 0;
        if (hi[2] - lo[2] > hi[axis] - lo[axis]) axis = 2;
        final int ax = axis;
        Integer[] sub = new Integer[cnt];
        for (int i = 0; i < cnt; i++) sub[i] = order[first + i];
        java.util.Arrays.sort(sub, (p, q) -> Float.compare(b[p * 6 + ax] + b[p * 6 + 3 + ax],
                b[q * 6 + ax] + b[q * 6 + 3 + ax]));
        for (int i = 0; i < cnt; i++) order[first + i] = sub[i];
        int left = count[0];
        count[0] += 2;
        nodes.putInt(o + LcBvhNode.LEFT_FIRST, left);
        nodes.putInt(o + LcBvhNode.COUNT, 0);
        int half = cnt / 2;
        int d1 = split(b, order, first, half, left, nodes, count, leaf, depth + 1);
        int d2 = split(b, order, first + half, cnt - half, left + 1, nodes, count, leaf, depth + 1);
        return Math.max(d1, d2);
    }
}
