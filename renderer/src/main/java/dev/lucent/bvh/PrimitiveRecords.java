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
 * Centroids are handled doubled ({@code min + max}) to save a multiply; "centroid box" below always means
 * the box of doubled centroids.
 */
final class PrimitiveRecords {
    /** Slots gathered per task. */
    private static final int GATHER_CHUNK = 1 << 15;
    /** Largest primitive count whose bounds fit one float array. */
    static final int MAX_PRIMITIVES = (Integer.MAX_VALUE - 16) / 6;

    final float[] box;
    final int[] ids;
    /** Box of all primitives and box of all doubled centroids (min xyz, max xyz), set by {@link #gather}. */
    final float[] rootBox = BoxMath.empty(), rootCentroids = BoxMath.empty();

    private PrimitiveRecords(int n) {
        box = new float[n * 6];
        ids = new int[n];
    }

    int count() { return ids.length; }

    /**
     * Copies every primitive's bounds in parallel (must run inside a ForkJoinPool for parallelism; {@code
     * prims.bounds} is called concurrently from pool threads). Throws IllegalArgumentException naming the
     * first primitive whose bounds are not finite or not ordered (min > max).
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
        ForkJoinTask.invokeAll(jobs);
        for (Gather g : jobs) {
            BoxMath.union(r.rootBox, g.box);
            BoxMath.union(r.rootCentroids, g.centroids);
        }
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

    /** Grows {@code box6} by the bounds of slots [from, to) and {@code centroids6} by their doubled centroids. */
    void bounds(int from, int to, float[] box6, float[] centroids6) {
        float[] b = box;
        float bx0 = box6[0], by0 = box6[1], bz0 = box6[2], bx1 = box6[3], by1 = box6[4], bz1 = box6[5];
        float cx0 = centroids6[0], cy0 = centroids6[1], cz0 = centroids6[2];
        float cx1 = centroids6[3], cy1 = centroids6[4], cz1 = centroids6[5];
        for (int i = from; i < to; i++) {
            int o = i * 6;
            float x0 = b[o], y0 = b[o + 1], z0 = b[o + 2], x1 = b[o + 3], y1 = b[o + 4], z1 = b[o + 5];
            bx0 = Math.min(bx0, x0);
            by0 = Math.min(by0, y0);
            bz0 = Math.min(bz0, z0);
            bx1 = Math.max(bx1, x1);
            by1 = Math.max(by1, y1);
            bz1 = Math.max(bz1, z1);
            float cx = x0 + x1, cy = y0 + y1, cz = z0 + z1;
            cx0 = Math.min(cx0, cx);
            cy0 = Math.min(cy0, cy);
            cz0 = Math.min(cz0, cz);
            cx1 = Math.max(cx1, cx);
            cy1 = Math.max(cy1, cy);
            cz1 = Math.max(cz1, cz);
        }
        box6[0] = bx0;
        box6[1] = by0;
        box6[2] = bz0;
        box6[3] = bx1;
        box6[4] = by1;
        box6[5] = bz1;
        centroids6[0] = cx0;
        centroids6[1] = cy0;
        centroids6[2] = cz0;
        centroids6[3] = cx1;
        centroids6[4] = cy1;
        centroids6[5] = cz1;
    }

    private static final class Gather extends RecursiveAction {
        private final PrimitiveBounds prims;
        private final PrimitiveRecords r;
        private final int from, to;
        final float[] box = BoxMath.empty(), centroids = BoxMath.empty();

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
                    if (!(tmp[k] <= tmp[k + 3]) || !Float.isFinite(tmp[k]) || !Float.isFinite(tmp[k + 3])) {
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
            r.bounds(from, to, box, centroids);
        }
    }
}
