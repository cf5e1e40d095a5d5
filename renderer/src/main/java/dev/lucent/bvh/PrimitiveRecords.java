package dev.lucent.bvh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The builder's working copy of the primitives: per slot, the bounds ({@link #box}, 6 floats: min xyz, max
 * xyz) and the original primitive index ({@link #ids}), permuted together as nodes are partitioned so every
 * node's primitives stay a contiguous, sequentially read run. 28 bytes per primitive; no object per primitive.
 *
 * <p>Bounds never hold -0 (gather stores +0), so min/max by plain comparison is exact and associative.
 */
final class PrimitiveRecords {
    /** Slots gathered per task. */
    private static final int GATHER_CHUNK = 1 << 15;
    /** Largest primitive count whose bounds fit one float array. */
    static final int MAX_PRIMITIVES = (Integer.MAX_VALUE - 16) / 6;
    /** Largest accepted |coordinate|: doubled centroids and box areas must stay finite in float. */
    static final float MAX_COORDINATE = 1e30f;

    final float[] box;
    final int[] ids;
    /** Box of all primitives (min xyz, max xyz), set by {@link #gather}. */
    final float[] rootBox = BoxMath.empty();

    private PrimitiveRecords(int n) {
        box = new float[n * 6];
        ids = new int[n];
    }

    int count() { return ids.length; }

    /**
     * Copies every primitive's bounds, in parallel chunks when there is more than one chunk (call it inside the
     * builder's ForkJoinPool then; {@code prims.bounds} is called concurrently from pool threads). Throws IllegalArgumentException naming the
     * first primitive whose bounds are not finite, beyond +-{@value #MAX_COORDINATE} or not ordered (min > max).
     */
    static PrimitiveRecords gather(PrimitiveBounds prims) {
        int n = prims.count();
        if (n < 0 || n > MAX_PRIMITIVES) {
            throw new IllegalArgumentException(n + " primitives: the builder handles 0.." + MAX_PRIMITIVES);
        }
        PrimitiveRecords r = new PrimitiveRecords(n);
        List<Gather> jobs = new ArrayList<>();
        for (int from = 0; from < n; from += GATHER_CHUNK) {
            jobs.add(new Gather(prims, r, from, Math.min(n, from + GATHER_CHUNK)));
        }
        if (jobs.size() == 1) jobs.get(0).invoke();
        else ForkJoinTask.invokeAll(jobs);
        for (Gather g : jobs) BoxMath.union(r.rootBox, g.box);
        return r;
    }

    /** Swaps slots i and j. */
    void swap(int i, int j) {
        float[] b = box;
        int oi = i * 6, oj = j * 6;
        for (int k = 0; k < 6; k++) {
            float t = b[oi + k];
            b[oi + k] = b[oj + k];
            b[oj + k] = t;
        }
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }

    /** Grows {@code box6} (min xyz, max xyz) by the bounds of slots [from, to). */
    void bounds(int from, int to, float[] box6) {
        float[] b = box;
        float x0 = box6[0], y0 = box6[1], z0 = box6[2], x1 = box6[3], y1 = box6[4], z1 = box6[5];
        for (int i = from; i < to; i++) {
            int o = i * 6;
            x0 = Math.min(x0, b[o]);
            y0 = Math.min(y0, b[o + 1]);
            z0 = Math.min(z0, b[o + 2]);
            x1 = Math.max(x1, b[o + 3]);
            y1 = Math.max(y1, b[o + 4]);
            z1 = Math.max(z1, b[o + 5]);
        }
        box6[0] = x0;
        box6[1] = y0;
        box6[2] = z0;
        box6[3] = x1;
        box6[4] = y1;
        box6[5] = z1;
    }

    private static final class Gather extends RecursiveAction {
        private final PrimitiveBounds prims;
        private final PrimitiveRecords r;
        private final int from, to;
        final float[] box = BoxMath.empty();

        Gather(PrimitiveBounds prims, PrimitiveRecords r, int from, int to) {
            this.prims = prims;
            this.r = r;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            float[] tmp = new float[6];
            float[] b = r.box;
            for (int i = from; i < to; i++) {
                prims.bounds(i, tmp);
                for (int k = 0; k < 3; k++) {
                    if (!(tmp[k] <= tmp[k + 3] && tmp[k] >= -MAX_COORDINATE && tmp[k + 3] <= MAX_COORDINATE)) {
                        throw new IllegalArgumentException("primitive " + i + " has invalid bounds ["
                                + tmp[0] + ", " + tmp[1] + ", " + tmp[2] + "] .. [" + tmp[3] + ", " + tmp[4]
                                + ", " + tmp[5] + "]");
                    }
                }
                int o = i * 6;
                // Adding +0 turns -0 into +0, so min/max by comparison is exact and order-independent.
                for (int k = 0; k < 6; k++) b[o + k] = tmp[k] + 0.0f;
                r.ids[i] = i;
            }
            r.bounds(from, to, box);
        }
    }
}
