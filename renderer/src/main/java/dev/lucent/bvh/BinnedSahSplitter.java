package dev.lucent.bvh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Decides and performs one node's split for the binned SAH builder (Wald 2007, "On fast construction of
 * SAH-based bounding volume hierarchies"): the primitives' centroids are binned into {@code bins}
 * equal-width bins per axis spanning the node's box, every bin boundary is evaluated with the surface area heuristic (traversal
 * cost 1, intersection cost 1), and the primitives are partitioned in place around the cheapest boundary.
 * Nodes of at most {@code bins} primitives are instead swept exactly (every object split along each axis),
 * which there is cheaper than binning and never worse. One instance per task (it owns scratch bins); not
 * thread-safe.
 *
 * <p>Bins span the node box rather than the tighter box of the centroids (Wald bins over centroid bounds):
 * that saves tracking centroid bounds through every partition, about a tenth of the build time, and measured
 * SAH costs moved by under 0.2%. Centroids are handled doubled ({@code min + max}), which always lies within
 * the doubled node box.
 *
 * <p>Bin boxes are kept as {@link BoxMath#key} images of the bounds, so binning grows them with int min/max
 * (conditional moves; Java's float min/max must order NaN and -0 and costs several instructions each) and gives
 * exactly the float min/max.
 *
 * <p>Results never depend on thread count: binning is exact (min/max and integer counts give the same bins
 * however the work is grouped), and the partition algorithm is chosen by primitive count alone.
 */
final class BinnedSahSplitter {
    /** Nodes with at least this many primitives are binned by parallel tasks (result identical). */
    static final int PARALLEL_BINNING_MIN = 1 << 17;
    /** Nodes with at least this many primitives use the block partition; smaller ones a Hoare partition. */
    static final int BLOCK_PARTITION_MIN = 1 << 18;
    private static final int BLOCK = 1 << 16;
    /** Runs at least this long are binned with {@link #binConverging}. */
    private static final int CONVERGED_BINNING_MIN = 2048;
    private static final int BIN_CHUNK = 1 << 16;
    /** {@link BoxMath#key} of +inf and -inf: the empty box's min and max. */
    private static final int EMPTY_MIN = BoxMath.key(Float.POSITIVE_INFINITY),
            EMPTY_MAX = BoxMath.key(Float.NEGATIVE_INFINITY);

    private final PrimitiveRecords rec;
    private final int bins, maxLeafSize;
    /** Per axis and bin: box of the primitives binned there, as {@link BoxMath#key} images (min xyz, max xyz). */
    private final int[] binBox;
    private final int[] binCount;
    /** Per boundary s: SAH numerator (half area * count) and count of everything right of s. */
    private final double[] rightCost;
    private final int[] rightCount;
    private final float[] origin = new float[3], scale = new float[3];
    private final long[][] sweepOrder;
    private final float[] sweepBox;
    private final int[] sweepIds;

    /** After a split: the child boxes (min xyz, max xyz). */
    final float[] leftBox = new float[6], rightBox = new float[6];

    BinnedSahSplitter(PrimitiveRecords rec, int bins, int maxLeafSize) {
        this.rec = rec;
        this.bins = bins;
        this.maxLeafSize = maxLeafSize;
        binBox = new int[3 * bins * 6];
        binCount = new int[3 * bins];
        rightCost = new double[bins];
        rightCount = new int[bins];
        sweepOrder = new long[3][bins];
        sweepBox = new float[bins * 6];
        sweepIds = new int[bins];
    }

    /**
     * Splits the node over slots [first, first + count) with box {@code box} (the exact union of its
     * primitives' bounds). Returns the first slot of the right child (children are [first, mid) and
     * [mid, first + count), with boxes in {@link #leftBox} and {@link #rightBox}), or -1 when the node
     * must be a leaf: one primitive, or at most {@code maxLeafSize} primitives and the SAH prices a split at
     * least as high as the leaf. When every centroid coincides (no bin boundary separates anything) a node
     * above the leaf size is split at the middle of its range.
     */
    int split(int first, int count, float[] box) {
        if (count <= 1) return -1;
        final int nb = bins;
        boolean any = false;
        for (int a = 0; a < 3; a++) {
            float lo = box[a] + box[a], extent = (box[a + 3] + box[a + 3]) - lo;
            origin[a] = lo;
            scale[a] = extent > 0 ? nb / extent : 0;
            any |= extent > 0;
        }
        if (!any) return count <= maxLeafSize ? -1 : splitMiddle(first, count);
        if (count <= bins) return sweep(first, count, box);
        binAll(first, first + count);

        double best = Double.POSITIVE_INFINITY;
        int bestAxis = -1, bestSplit = -1, bestLeft = 0;
        for (int a = 0; a < 3; a++) {
            if (scale[a] == 0) continue;
            int base = a * nb;
            // Right to left: cost of the right side (area * count) for each boundary s.
            int x0 = EMPTY_MIN, y0 = x0, z0 = x0, x1 = EMPTY_MAX, y1 = x1, z1 = x1;
            int c = 0;
            double cost = 0;
            for (int s = nb - 1; s >= 1; s--) {
                int n = binCount[base + s];
                if (n > 0) {
                    int k = (base + s) * 6;
                    if (binBox[k] < x0) x0 = binBox[k];
                    if (binBox[k + 1] < y0) y0 = binBox[k + 1];
                    if (binBox[k + 2] < z0) z0 = binBox[k + 2];
                    if (binBox[k + 3] > x1) x1 = binBox[k + 3];
                    if (binBox[k + 4] > y1) y1 = binBox[k + 4];
                    if (binBox[k + 5] > z1) z1 = binBox[k + 5];
                    c += n;
                    cost = keyHalfArea(x0, y0, z0, x1, y1, z1) * c;
                }
                rightCount[s] = c;
                rightCost[s] = cost;
            }
            x0 = y0 = z0 = EMPTY_MIN;
            x1 = y1 = z1 = EMPTY_MAX;
            c = 0;
            cost = 0;
            for (int s = 1; s < nb; s++) {
                int n = binCount[base + s - 1];
                if (n > 0) {
                    int k = (base + s - 1) * 6;
                    if (binBox[k] < x0) x0 = binBox[k];
                    if (binBox[k + 1] < y0) y0 = binBox[k + 1];
                    if (binBox[k + 2] < z0) z0 = binBox[k + 2];
                    if (binBox[k + 3] > x1) x1 = binBox[k + 3];
                    if (binBox[k + 4] > y1) y1 = binBox[k + 4];
                    if (binBox[k + 5] > z1) z1 = binBox[k + 5];
                    c += n;
                    cost = keyHalfArea(x0, y0, z0, x1, y1, z1) * c;
                }
                if (c == 0 || rightCount[s] == 0) continue;
                double total = cost + rightCost[s];
                if (total < best) {
                    best = total;
                    bestAxis = a;
                    bestSplit = s;
                    bestLeft = c;
                }
            }
        }
        if (bestAxis < 0) return count <= maxLeafSize ? -1 : splitMiddle(first, count);
        if (count <= maxLeafSize) {
            double area = BoxMath.halfArea(box);
            if (area + best >= area * count) return -1;
        }
        unionBins(bestAxis, 0, bestSplit, leftBox);
        unionBins(bestAxis, bestSplit, nb, rightBox);
        int mid = count >= BLOCK_PARTITION_MIN
                ? blockPartition(first, first + count, bestAxis, bestSplit)
                : partition(first, first + count, bestAxis, bestSplit);
        if (mid - first != bestLeft) {
            throw new IllegalStateException("partition put " + (mid - first) + " primitives left, bins " + bestLeft);
        }
        return mid;
    }

    /**
     * Exact SAH sweep for nodes of at most {@code bins} primitives: per axis with centroid extent, the
     * primitives are insertion-sorted by centroid (ties by slot, so stable) and every split position is
     * evaluated. Every partition a bin boundary could make is among these, so the split is never worse than the
     * binned one, and for so few primitives sorting is cheaper than clearing and sweeping the bins. Same leaf
     * rule as the binned path.
     */
    private int sweep(int first, int count, float[] box) {
        final float[] b = rec.box;
        if (count == 2) return splitPair(first, box);
        double best = Double.POSITIVE_INFINITY;
        int bestAxis = -1, bestAt = -1;
        for (int a = 0; a < 3; a++) {
            if (scale[a] == 0) continue;
            // Sort keys: the centroid's bits made order-preserving as a signed int (no -0 occurs), above the
            // local index, so one long compare sorts by centroid with ties by slot.
            long[] ord = sweepOrder[a];
            for (int i = 0; i < count; i++) {
                int q = (first + i) * 6;
                int bits = Float.floatToRawIntBits(b[q + a] + b[q + 3 + a]);
                long key = ((long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32) | i;
                int j = i;
                while (j > 0 && ord[j - 1] > key) {
                    ord[j] = ord[j - 1];
                    j--;
                }
                ord[j] = key;
            }
            if ((ord[count - 1] >> 32) == (ord[0] >> 32)) continue;
            float x0 = Float.POSITIVE_INFINITY, y0 = x0, z0 = x0, x1 = -x0, y1 = x1, z1 = x1;
            for (int i = count - 1; i >= 1; i--) {
                int q = (first + (int) ord[i]) * 6;
                x0 = Math.min(x0, b[q]);
                y0 = Math.min(y0, b[q + 1]);
                z0 = Math.min(z0, b[q + 2]);
                x1 = Math.max(x1, b[q + 3]);
                y1 = Math.max(y1, b[q + 4]);
                z1 = Math.max(z1, b[q + 5]);
                rightCost[i] = BoxMath.halfArea(x0, y0, z0, x1, y1, z1) * (count - i);
            }
            x0 = Float.POSITIVE_INFINITY;
            y0 = z0 = x0;
            x1 = y1 = z1 = -x0;
            for (int i = 1; i < count; i++) {
                int q = (first + (int) ord[i - 1]) * 6;
                x0 = Math.min(x0, b[q]);
                y0 = Math.min(y0, b[q + 1]);
                z0 = Math.min(z0, b[q + 2]);
                x1 = Math.max(x1, b[q + 3]);
                y1 = Math.max(y1, b[q + 4]);
                z1 = Math.max(z1, b[q + 5]);
                double cost = BoxMath.halfArea(x0, y0, z0, x1, y1, z1) * i + rightCost[i];
                if (cost < best) {
                    best = cost;
                    bestAxis = a;
                    bestAt = i;
                }
            }
        }
        if (bestAxis < 0) return count <= maxLeafSize ? -1 : splitMiddle(first, count);
        if (count <= maxLeafSize) {
            double area = BoxMath.halfArea(box);
            if (area + best >= area * count) return -1;
        }
        long[] ord = sweepOrder[bestAxis];
        System.arraycopy(b, first * 6, sweepBox, 0, count * 6);
        System.arraycopy(rec.ids, first, sweepIds, 0, count);
        BoxMath.setEmpty(leftBox);
        BoxMath.setEmpty(rightBox);
        for (int i = 0; i < count; i++) {
            int src = (int) ord[i], q = src * 6, o = (first + i) * 6;
            float x0 = sweepBox[q], y0 = sweepBox[q + 1], z0 = sweepBox[q + 2];
            float x1 = sweepBox[q + 3], y1 = sweepBox[q + 4], z1 = sweepBox[q + 5];
            b[o] = x0;
            b[o + 1] = y0;
            b[o + 2] = z0;
            b[o + 3] = x1;
            b[o + 4] = y1;
            b[o + 5] = z1;
            rec.ids[first + i] = sweepIds[src];
            grow(i < bestAt ? leftBox : rightBox, 0, x0, y0, z0, x1, y1, z1);
        }
        return first + bestAt;
    }

    /** Two primitives have one partition whatever the axis: keep their slot order. */
    private int splitPair(int first, float[] box) {
        final float[] b = rec.box;
        int o = first * 6;
        double cost = BoxMath.halfArea(b[o], b[o + 1], b[o + 2], b[o + 3], b[o + 4], b[o + 5])
                + BoxMath.halfArea(b[o + 6], b[o + 7], b[o + 8], b[o + 9], b[o + 10], b[o + 11]);
        if (2 <= maxLeafSize) {
            double area = BoxMath.halfArea(box);
            if (area + cost >= area * 2) return -1;
        }
        for (int k = 0; k < 6; k++) {
            leftBox[k] = b[o + k];
            rightBox[k] = b[o + 6 + k];
        }
        return first + 1;
    }

    private int splitMiddle(int first, int count) {
        int mid = first + count / 2;
        BoxMath.setEmpty(leftBox);
        BoxMath.setEmpty(rightBox);
        rec.bounds(first, mid, leftBox);
        rec.bounds(mid, first + count, rightBox);
        return mid;
    }

    /** Union of the boxes of bins [from, to) on {@code axis}. */
    private void unionBins(int axis, int from, int to, float[] out) {
        BoxMath.setEmpty(out);
        for (int s = from; s < to; s++) {
            int k = (axis * bins + s) * 6;
            if (binCount[axis * bins + s] == 0) continue;
            for (int i = 0; i < 3; i++) {
                out[i] = Math.min(out[i], BoxMath.fromKey(binBox[k + i]));
                out[i + 3] = Math.max(out[i + 3], BoxMath.fromKey(binBox[k + i + 3]));
            }
        }
    }

    private void binAll(int from, int to) {
        java.util.Arrays.fill(binCount, 0, 3 * bins, 0);
        clearBins(binBox);
        int count = to - from;
        if (count < PARALLEL_BINNING_MIN || !ForkJoinTask.inForkJoinPool()) {
            bin(rec.box, from, to, bins, origin, scale, binBox, binCount);
            return;
        }
        List<BinChunk> jobs = new ArrayList<>();
        int chunk = Math.max(BIN_CHUNK, count / 64);
        for (int s = from; s < to; s += chunk) jobs.add(new BinChunk(this, s, Math.min(to, s + chunk)));
        ForkJoinTask.invokeAll(jobs);
        for (BinChunk j : jobs) {
            for (int k = 0; k < binBox.length; k += 6) {
                for (int i = 0; i < 3; i++) {
                    binBox[k + i] = Math.min(binBox[k + i], j.box[k + i]);
                    binBox[k + i + 3] = Math.max(binBox[k + i + 3], j.box[k + i + 3]);
                }
            }
            for (int k = 0; k < binCount.length; k++) binCount[k] += j.count[k];
        }
    }

    /**
     * Bins slots [from, to) on all three axes: bin = (int) ((c - origin) * scale), clamped to nb - 1, where c
     * is the doubled centroid, origin the doubled node minimum and scale nb over the doubled node extent. Axes
     * with scale 0 land in bin 0 and are never evaluated.
     */
    private static void bin(float[] b, int from, int to, int nb, float[] origin, float[] scale, int[] box,
            int[] count) {
        if (to - from >= CONVERGED_BINNING_MIN) {
            binConverging(b, from, to, nb, origin, scale, box, count);
            return;
        }
        final float ox = origin[0], oy = origin[1], oz = origin[2];
        final float sx = scale[0], sy = scale[1], sz = scale[2];
        final int last = nb - 1, yb = nb, zb = 2 * nb;
        for (int i = from; i < to; i++) {
            int o = i * 6;
            float x0 = b[o], y0 = b[o + 1], z0 = b[o + 2], x1 = b[o + 3], y1 = b[o + 4], z1 = b[o + 5];
            int bx = Math.min(last, (int) ((x0 + x1 - ox) * sx));
            int by = yb + Math.min(last, (int) ((y0 + y1 - oy) * sy));
            int bz = zb + Math.min(last, (int) ((z0 + z1 - oz) * sz));
            count[bx]++;
            count[by]++;
            count[bz]++;
            int kx0 = BoxMath.key(x0), ky0 = BoxMath.key(y0), kz0 = BoxMath.key(z0);
            int kx1 = BoxMath.key(x1), ky1 = BoxMath.key(y1), kz1 = BoxMath.key(z1);
            growKeys(box, bx * 6, kx0, ky0, kz0, kx1, ky1, kz1);
            growKeys(box, by * 6, kx0, ky0, kz0, kx1, ky1, kz1);
            growKeys(box, bz * 6, kx0, ky0, kz0, kx1, ky1, kz1);
        }
    }

    /**
     * {@link #bin} for long runs: once each bin holds many primitives its box rarely grows, so compare-and-
     * branch (well predicted, no store) beats unconditional min/max there. Same result.
     */
    private static void binConverging(float[] b, int from, int to, int nb, float[] origin, float[] scale,
            int[] box, int[] count) {
        final float ox = origin[0], oy = origin[1], oz = origin[2];
        final float sx = scale[0], sy = scale[1], sz = scale[2];
        final int last = nb - 1, yb = nb, zb = 2 * nb;
        for (int i = from; i < to; i++) {
            int o = i * 6;
            float x0 = b[o], y0 = b[o + 1], z0 = b[o + 2], x1 = b[o + 3], y1 = b[o + 4], z1 = b[o + 5];
            int bx = Math.min(last, (int) ((x0 + x1 - ox) * sx));
            int by = yb + Math.min(last, (int) ((y0 + y1 - oy) * sy));
            int bz = zb + Math.min(last, (int) ((z0 + z1 - oz) * sz));
            count[bx]++;
            count[by]++;
            count[bz]++;
            int kx0 = BoxMath.key(x0), ky0 = BoxMath.key(y0), kz0 = BoxMath.key(z0);
            int kx1 = BoxMath.key(x1), ky1 = BoxMath.key(y1), kz1 = BoxMath.key(z1);
            growBranching(box, bx * 6, kx0, ky0, kz0, kx1, ky1, kz1);
            growBranching(box, by * 6, kx0, ky0, kz0, kx1, ky1, kz1);
            growBranching(box, bz * 6, kx0, ky0, kz0, kx1, ky1, kz1);
        }
    }

    private static void growBranching(int[] box, int k, int x0, int y0, int z0, int x1, int y1, int z1) {
        if (x0 < box[k]) box[k] = x0;
        if (y0 < box[k + 1]) box[k + 1] = y0;
        if (z0 < box[k + 2]) box[k + 2] = z0;
        if (x1 > box[k + 3]) box[k + 3] = x1;
        if (y1 > box[k + 4]) box[k + 4] = y1;
        if (z1 > box[k + 5]) box[k + 5] = z1;
    }

    /** Grows key box {@code box[k..k+5]} by a key box: int min/max, which compile to conditional moves. */
    private static void growKeys(int[] box, int k, int x0, int y0, int z0, int x1, int y1, int z1) {
        box[k] = Math.min(box[k], x0);
        box[k + 1] = Math.min(box[k + 1], y0);
        box[k + 2] = Math.min(box[k + 2], z0);
        box[k + 3] = Math.max(box[k + 3], x1);
        box[k + 4] = Math.max(box[k + 4], y1);
        box[k + 5] = Math.max(box[k + 5], z1);
    }

    private static void clearBins(int[] box) {
        for (int k = 0; k < box.length; k += 6) {
            box[k] = box[k + 1] = box[k + 2] = EMPTY_MIN;
            box[k + 3] = box[k + 4] = box[k + 5] = EMPTY_MAX;
        }
    }

    /** {@link BoxMath#halfArea} of a key box. */
    private static double keyHalfArea(int x0, int y0, int z0, int x1, int y1, int z1) {
        return BoxMath.halfArea(BoxMath.fromKey(x0), BoxMath.fromKey(y0), BoxMath.fromKey(z0), BoxMath.fromKey(x1),
                BoxMath.fromKey(y1), BoxMath.fromKey(z1));
    }

    private static void grow(float[] box, int k, float x0, float y0, float z0, float x1, float y1, float z1) {
        // Unconditional min/max: cheaper than data-dependent branches while bins are filling up.
        box[k] = Math.min(box[k], x0);
        box[k + 1] = Math.min(box[k + 1], y0);
        box[k + 2] = Math.min(box[k + 2], z0);
        box[k + 3] = Math.max(box[k + 3], x1);
        box[k + 4] = Math.max(box[k + 4], y1);
        box[k + 5] = Math.max(box[k + 5], z1);
    }

    /**
     * Hoare partition of slots [from, to): slots whose bin on {@code axis} is below {@code split} go left
     * (the same bin formula as {@link #bin}, unclamped: a clamped bin is nb - 1, never below split). Returns the
     * first right slot.
     */
    private int partition(int from, int to, int axis, int split) {
        final float[] b = rec.box;
        final float o = origin[axis], s = scale[axis];
        int i = from, j = to - 1;
        while (true) {
            while (i <= j && (int) ((b[i * 6 + axis] + b[i * 6 + 3 + axis] - o) * s) < split) i++;
            while (i <= j && (int) ((b[j * 6 + axis] + b[j * 6 + 3 + axis] - o) * s) >= split) j--;
            if (i > j) return i;
            // Slot i holds a right primitive and slot j a left one (i < j).
            rec.swap(i, j);
            i++;
            j--;
        }
    }

    /**
     * Partition for large nodes: fixed blocks of {@value #BLOCK} slots are Hoare-partitioned in parallel, then
     * the right primitives that ended up below the global split point are swapped, in parallel, with the left
     * primitives above it. Block size is a constant, so the resulting order is the same for every thread count.
     */
    private int blockPartition(int from, int to, int axis, int split) {
        int blocks = (to - from + BLOCK - 1) / BLOCK;
        List<PartitionBlock> jobs = new ArrayList<>(blocks);
        for (int k = 0; k < blocks; k++) {
            jobs.add(new PartitionBlock(this, from + k * BLOCK, Math.min(to, from + (k + 1) * BLOCK), axis, split));
        }
        ForkJoinTask.invokeAll(jobs);
        int mid = from;
        for (PartitionBlock p : jobs) mid += p.mid - p.from;
        // Misplaced runs: rights inside [from, mid) and lefts inside [mid, to), each listed in slot order.
        int[] rs = new int[blocks], re = new int[blocks], ls = new int[blocks], le = new int[blocks];
        int nr = 0, nl = 0;
        long misplaced = 0;
        for (PartitionBlock p : jobs) {
            int a = p.mid, e = Math.min(p.to, mid);
            if (a < e) {
                rs[nr] = a;
                re[nr++] = e;
                misplaced += e - a;
            }
            a = Math.max(p.from, mid);
            e = p.mid;
            if (a < e) {
                ls[nl] = a;
                le[nl++] = e;
            }
        }
        List<SwapRuns> swaps = new ArrayList<>();
        for (long k = 0; k < misplaced; k += BLOCK) {
            swaps.add(new SwapRuns(rec, rs, re, nr, ls, le, nl, (int) k, (int) Math.min(misplaced, k + BLOCK)));
        }
        ForkJoinTask.invokeAll(swaps);
        return mid;
    }

    private static final class BinChunk extends RecursiveAction {
        private final BinnedSahSplitter owner;
        private final int from, to;
        final int[] box;
        final int[] count;

        BinChunk(BinnedSahSplitter owner, int from, int to) {
            this.owner = owner;
            this.from = from;
            this.to = to;
            box = new int[owner.binBox.length];
            count = new int[owner.binCount.length];
        }

        @Override
        protected void compute() {
            clearBins(box);
            bin(owner.rec.box, from, to, owner.bins, owner.origin, owner.scale, box, count);
        }
    }

    private static final class PartitionBlock extends RecursiveAction {
        private final BinnedSahSplitter owner;
        final int from, to, axis, split;
        int mid;

        PartitionBlock(BinnedSahSplitter owner, int from, int to, int axis, int split) {
            this.owner = owner;
            this.from = from;
            this.to = to;
            this.axis = axis;
            this.split = split;
        }

        @Override
        protected void compute() {
            mid = owner.partition(from, to, axis, split);
        }
    }

    /** Swaps the k-th misplaced right slot with the k-th misplaced left slot for k in [k0, k1). */
    private static final class SwapRuns extends RecursiveAction {
        private final PrimitiveRecords rec;
        private final int[] rs, re, ls, le;
        private final int nr, nl, k0, k1;

        SwapRuns(PrimitiveRecords rec, int[] rs, int[] re, int nr, int[] ls, int[] le, int nl, int k0, int k1) {
            this.rec = rec;
            this.rs = rs;
            this.re = re;
            this.nr = nr;
            this.ls = ls;
            this.le = le;
            this.nl = nl;
            this.k0 = k0;
            this.k1 = k1;
        }

        @Override
        protected void compute() {
            int ri = 0, li = 0, rSkip = k0, lSkip = k0;
            while (rSkip >= re[ri] - rs[ri]) rSkip -= re[ri] - rs[ri++];
            while (lSkip >= le[li] - ls[li]) lSkip -= le[li] - ls[li++];
            int r = rs[ri] + rSkip, l = ls[li] + lSkip;
            for (int k = k0; k < k1; k++) {
                rec.swap(r, l);
                if (++r == re[ri] && ++ri < nr) r = rs[ri];
                if (++l == le[li] && ++li < nl) l = ls[li];
            }
        }
    }
}
