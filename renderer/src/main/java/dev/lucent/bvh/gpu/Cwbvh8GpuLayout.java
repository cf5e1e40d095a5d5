package dev.lucent.bvh.gpu;

import static dev.lucent.core.Layout.LC_CWBVH_STACK_SIZE;

import dev.lucent.bvh.Bvh;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcCwbvhNode;
import dev.lucent.core.NativeBuffer;
import java.util.Arrays;

/**
 * The compressed 8-wide GPU BVH ({@code LcCwbvhNode}, 80 bytes, lucent_layout.h) after Ylitie, Karras &amp; Laine
 * 2017, "Efficient incoherent ray traversal on GPUs through compressed wide BVHs", derived from the builder's
 * binary {@code LcBvhNode} tree by {@link #convertTree}:
 * <ul>
 * <li>collapse: a wide node starts from a binary interior node's two children and repeatedly replaces the
 *     interior child of largest surface area by its two children until it has 8 children or only leaves
 *     (greedy, not the paper's SAH-optimal dynamic program);
 * <li>slots: child c goes to slot s in increasing order of dot(centre(c) - centre(node), d_s), d_s the diagonal of
 *     octant s (bit 2: -x, bit 1: -y, bit 0: -z), assigned greedily, so a ray in octant o meets slot o's child
 *     first and visits hit children in increasing {@code s ^ o};
 * <li>quantisation: per axis the smallest power-of-two step with {@code p + 255 step >= node max}, child planes
 *     rounded outwards and checked in float, so every decoded child box contains the builder's box;
 * <li>triangles: each node's leaf triangles are made contiguous (slot order) in a new triangle order, which
 *     the tree returns; builder leaves of more than {@value #MAX_LEAF_TRIANGLES} triangles are rejected.
 * </ul>
 * Node and triangle indices are local to the tree; {@link #write} places a tree in a pool.
 *
 * <p>Status: an alternative to {@link Bvh2GpuLayout}, not the CUDA default: on an H200 its traversal
 * (cwbvh8_traversal.cuh) was faster for any-hit rays and slower for closest-hit rays (docs/benchmarks.md).
 */
public final class Cwbvh8GpuLayout implements AutoCloseable {
    /** Most triangles one leaf child can hold (meta byte: 3-bit count, 5-bit offset, at most 32 per node). */
    public static final int MAX_LEAF_TRIANGLES = 4;
    static final int WORDS = LcCwbvhNode.BYTES / 4;

    private final NativeBuffer nodes;
    private final Tree tree;

    private Cwbvh8GpuLayout(NativeBuffer nodes, Tree tree) {
        this.nodes = nodes;
        this.tree = tree;
    }

    /** Converts a whole builder BVH; triangle order entries are builder primitive slots (base 0). */
    public static Cwbvh8GpuLayout fromBvh(Bvh bvh) {
        Tree t = convertTree(bvh.nodes(), 0, 0);
        NativeBuffer out = NativeBuffer.allocate((long) t.nodeCount() * LcCwbvhNode.BYTES);
        write(t, out, 0, 0);
        return new Cwbvh8GpuLayout(out, t);
    }

    /** LcCwbvhNode pool, root at 0. */
    public NativeBuffer nodes() { return nodes; }
    public Tree tree() { return tree; }

    @Override
    public void close() { nodes.close(); }

    /**
     * One converted tree before placement: {@code words} holds {@value #WORDS} ints per node (LcCwbvhNode, child
     * and triangle bases local), {@code order[k]} is the pool triangle (primitiveBase + builder slot) at position
     * k of the tree's triangle range, {@code depth} the wide nodes on the longest root-to-leaf path.
     */
    public record Tree(int[] words, int nodeCount, int depth, int[] order) {}

    /**
     * Converts the builder tree rooted at node {@code srcFirst} of {@code src}; leaf primitives get
     * {@code primitiveBase} added in {@link Tree#order()}.
     *
     * @throws IllegalArgumentException for a leaf of more than {@value #MAX_LEAF_TRIANGLES} triangles or a tree
     *     deeper than the GPU stack ({@code LC_CWBVH_STACK_SIZE} wide levels)
     */
    public static Tree convertTree(NativeBuffer src, long srcFirst, int primitiveBase) {
        Builder b = new Builder(src, srcFirst, primitiveBase);
        b.run();
        if (b.depth > LC_CWBVH_STACK_SIZE) {
            throw new IllegalArgumentException("wide BVH depth " + b.depth + " exceeds the GPU stack of "
                    + LC_CWBVH_STACK_SIZE + " levels");
        }
        return new Tree(Arrays.copyOf(b.words, b.next * WORDS), b.next, b.depth, Arrays.copyOf(b.order, b.orderSize));
    }

    /** Writes {@code tree} into {@code dst} at node {@code nodeBase}, adding the bases to child and triangle indices. */
    public static void write(Tree tree, NativeBuffer dst, int nodeBase, int triangleBase) {
        int[] w = tree.words();
        long o = (long) nodeBase * LcCwbvhNode.BYTES;
        for (int n = 0; n < tree.nodeCount(); n++) {
            for (int k = 0; k < WORDS; k++) {
                int v = w[n * WORDS + k];
                if (k == LcCwbvhNode.CHILD_BASE / 4) v += nodeBase;
                if (k == LcCwbvhNode.TRIANGLE_BASE / 4) v += triangleBase;
                dst.putInt(o + 4L * k, v);
            }
            o += LcCwbvhNode.BYTES;
        }
    }

    /** Unbiased exponent of the grid step for an extent: the smallest e with 255 * 2^e >= extent. */
    static int stepExponent(float extent) {
        if (!(extent > 0)) return -126;
        float r = extent / 255f;
        int e = Math.getExponent(r);
        if (e < -126) return -126;
        if (r > Math.scalb(1f, e)) e++;
        return e;
    }

    private static final class Builder {
        final NativeBuffer src;
        final long srcFirst;
        final int primitiveBase;
        int[] words = new int[WORDS * 1024];
        int next = 1;
        int[] order = new int[1024];
        int orderSize;
        int depth;

        Builder(NativeBuffer src, long srcFirst, int primitiveBase) {
            this.src = src;
            this.srcFirst = srcFirst;
            this.primitiveBase = primitiveBase;
        }

        long at(int node) { return (srcFirst + node) * LcBvhNode.BYTES; }
        boolean leaf(int node) { return src.getInt(at(node) + LcBvhNode.COUNT) > 0; }
        float lo(int node, int a) { return src.getFloat(at(node) + LcBvhNode.MIN_X + 4L * a); }
        float hi(int node, int a) { return src.getFloat(at(node) + LcBvhNode.MAX_X + 4L * a); }

        float area(int node) {
            float dx = hi(node, 0) - lo(node, 0), dy = hi(node, 1) - lo(node, 1), dz = hi(node, 2) - lo(node, 2);
            return dx * dy + dy * dz + dz * dx;
        }

        void run() {
            // Work items: builder node, wide node index, wide depth.
            int[] work = new int[3 * 64];
            int sp = 0;
            work[sp++] = 0;
            work[sp++] = 0;
            work[sp++] = 1;
            while (sp > 0) {
                int d = work[--sp], w = work[--sp], bn = work[--sp];
                depth = Math.max(depth, d);
                int[] kids = new int[8];
                int n;
                if (leaf(bn)) {
                    kids[0] = bn;
                    n = 1;
                } else {
                    int left = src.getInt(at(bn) + LcBvhNode.LEFT_FIRST);
                    kids[0] = left;
                    kids[1] = left + 1;
                    n = 2;
                    while (n < 8) {
                        int best = -1;
                        float bestArea = -1;
                        for (int k = 0; k < n; k++) {
                            if (!leaf(kids[k]) && area(kids[k]) > bestArea) {
                                best = k;
                                bestArea = area(kids[k]);
                            }
                        }
                        if (best < 0) break;
                        int l = src.getInt(at(kids[best]) + LcBvhNode.LEFT_FIRST);
                        kids[best] = l;
                        kids[n++] = l + 1;
                    }
                }
                int[] slotKid = assignSlots(kids, n);
                int interior = 0;
                for (int s = 0; s < 8; s++) if (slotKid[s] >= 0 && !leaf(slotKid[s])) interior++;
                int childBase = next;
                next += interior;
                ensureWords(next);
                writeNode(w, slotKid, childBase);
                int rank = 0;
                for (int s = 0; s < 8; s++) {
                    if (slotKid[s] < 0 || leaf(slotKid[s])) continue;
                    if (sp + 3 > work.length) work = Arrays.copyOf(work, work.length * 2);
                    work[sp++] = slotKid[s];
                    work[sp++] = childBase + rank++;
                    work[sp++] = d + 1;
                }
            }
        }

        /** Greedy octant slot assignment; returns the builder child per slot, -1 for empty slots. */
        int[] assignSlots(int[] kids, int n) {
            float[] c = new float[3];
            for (int a = 0; a < 3; a++) {
                float l = Float.MAX_VALUE, h = -Float.MAX_VALUE;
                for (int k = 0; k < n; k++) {
                    l = Math.min(l, lo(kids[k], a));
                    h = Math.max(h, hi(kids[k], a));
                }
                c[a] = 0.5f * (l + h);
            }
            float[][] cost = new float[n][8];
            for (int k = 0; k < n; k++) {
                float dx = 0.5f * (lo(kids[k], 0) + hi(kids[k], 0)) - c[0];
                float dy = 0.5f * (lo(kids[k], 1) + hi(kids[k], 1)) - c[1];
                float dz = 0.5f * (lo(kids[k], 2) + hi(kids[k], 2)) - c[2];
                for (int s = 0; s < 8; s++) {
                    cost[k][s] = ((s & 4) != 0 ? -dx : dx) + ((s & 2) != 0 ? -dy : dy) + ((s & 1) != 0 ? -dz : dz);
                }
            }
            int[] slotKid = new int[8];
            Arrays.fill(slotKid, -1);
            boolean[] placed = new boolean[n];
            for (int round = 0; round < n; round++) {
                int bk = -1, bs = -1;
                float best = Float.POSITIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    if (placed[k]) continue;
                    for (int s = 0; s < 8; s++) {
                        if (slotKid[s] < 0 && (bk < 0 || cost[k][s] < best)) {
                            best = cost[k][s];
                            bk = k;
                            bs = s;
                        }
                    }
                }
                placed[bk] = true;
                slotKid[bs] = kids[bk];
            }
            return slotKid;
        }

        void writeNode(int w, int[] slotKid, int childBase) {
            int base = w * WORDS;
            float[] p = new float[3];
            int[] e = new int[3];
            float[] step = new float[3];
            for (int a = 0; a < 3; a++) {
                float l = Float.MAX_VALUE, h = -Float.MAX_VALUE;
                for (int s = 0; s < 8; s++) {
                    if (slotKid[s] < 0) continue;
                    l = Math.min(l, lo(slotKid[s], a));
                    h = Math.max(h, hi(slotKid[s], a));
                }
                int ex = stepExponent(h - l);
                while (l + 255f * Math.scalb(1f, ex) < h) ex++;
                if (ex > 127) throw new IllegalArgumentException("node extent " + (h - l) + " too large to quantise");
                p[a] = l;
                e[a] = ex;
                step[a] = Math.scalb(1f, ex);
                words[base + a] = Float.floatToRawIntBits(l);
            }
            int imask = 0;
            int[] meta = new int[8];
            int triangleBase = orderSize;
            for (int s = 0; s < 8; s++) {
                int kid = slotKid[s];
                if (kid < 0) continue;
                for (int a = 0; a < 3; a++) {
                    float cl = lo(kid, a), ch = hi(kid, a);
                    int ql = Math.max(0, Math.min(255, (int) Math.floor((cl - p[a]) / step[a])));
                    while (ql > 0 && p[a] + ql * step[a] > cl) ql--;
                    int qh = Math.max(0, Math.min(255, (int) Math.ceil((ch - p[a]) / step[a])));
                    while (qh < 255 && p[a] + qh * step[a] < ch) qh++;
                    int loWord = base + LcCwbvhNode.QLO_X0 / 4 + 4 * a + (s >> 2);
                    int hiWord = base + LcCwbvhNode.QHI_X0 / 4 + 4 * a + (s >> 2);
                    words[loWord] |= ql << (8 * (s & 3));
                    words[hiWord] |= qh << (8 * (s & 3));
                }
                if (!leaf(kid)) {
                    imask |= 1 << s;
                    meta[s] = 0xFF;
                } else {
                    int count = src.getInt(at(kid) + LcBvhNode.COUNT), first = src.getInt(at(kid) + LcBvhNode.LEFT_FIRST);
                    if (count > MAX_LEAF_TRIANGLES) {
                        throw new IllegalArgumentException("leaf of " + count + " triangles; the CWBVH layout holds 1.."
                                + MAX_LEAF_TRIANGLES + " per leaf (build with maxLeafSize <= " + MAX_LEAF_TRIANGLES + ")");
                    }
                    meta[s] = (count << 5) | (orderSize - triangleBase);
                    if (orderSize + count > order.length) order = Arrays.copyOf(order, Math.max(order.length * 2, orderSize + count));
                    for (int k = 0; k < count; k++) order[orderSize++] = primitiveBase + first + k;
                }
            }
            words[base + 3] = (e[0] + 127) | (e[1] + 127) << 8 | (e[2] + 127) << 16 | imask << 24;
            words[base + 4] = childBase;
            words[base + 5] = triangleBase;
            words[base + 6] = meta[0] | meta[1] << 8 | meta[2] << 16 | meta[3] << 24;
            words[base + 7] = meta[4] | meta[5] << 8 | meta[6] << 16 | meta[7] << 24;
        }

        void ensureWords(int nodes) {
            if ((long) nodes * WORDS > words.length) words = Arrays.copyOf(words, Math.max(words.length * 2, nodes * WORDS));
        }
    }
}
