package dev.lucent.bvh.gpu;

import static dev.lucent.core.Layout.LC_BVH2_LEAF_COUNT_BITS;

import dev.lucent.bvh.Bvh;
import dev.lucent.core.Layout.LcBvh2Node;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;

/**
 * The GPU BVH2 layout ({@code LcBvh2Node}, 64 bytes, lucent_layout.h) after Aila &amp; Laine 2009, "Understanding
 * the efficiency of ray traversal on GPUs": each node stores both children's boxes, so one fetch decides which
 * children a ray enters; leaves live in the parent's child slot, not in nodes of their own.
 *
 * <p>Derived from the builder's {@code LcBvhNode} tree by {@link #convert}: every reachable interior builder
 * node becomes one GPU node, numbered in depth-first pre-order, left child first (a parent's left subtree
 * follows it in memory). A child slot holds an interior node index ({@code >= 0}) or a leaf,
 * {@code ~((first << LC_BVH2_LEAF_COUNT_BITS) | (count - 1))}, so a leaf holds 1..{@value #MAX_LEAF_PRIMITIVES}
 * primitives starting below {@value #MAX_FIRST_PRIMITIVE}. A tree whose root is itself a leaf becomes one node
 * whose two slots both name that leaf, the second with a box at +infinity that no finite ray enters.
 * Builder node indices are local to the tree; the conversion adds {@code nodeBase} to GPU node indices and
 * {@code primitiveBase} to leaf primitives, so the output addresses one shared pool.
 */
public final class Bvh2GpuLayout implements AutoCloseable {
    /** Most primitives one leaf can hold in the encoding. */
    public static final int MAX_LEAF_PRIMITIVES = 1 << LC_BVH2_LEAF_COUNT_BITS;
    /** Exclusive bound on a leaf's first primitive index (global). */
    public static final int MAX_FIRST_PRIMITIVE = 1 << (31 - LC_BVH2_LEAF_COUNT_BITS);

    private final NativeBuffer nodes;
    private final int nodeCount;
    private final int depth;

    private Bvh2GpuLayout(NativeBuffer nodes, int nodeCount, int depth) {
        this.nodes = nodes;
        this.nodeCount = nodeCount;
        this.depth = depth;
    }

    /** Converts a whole builder BVH (primitive and node indices unchanged: base 0). */
    public static Bvh2GpuLayout fromBvh(Bvh bvh) {
        Shape shape = shape(bvh.nodes(), 0);
        NativeBuffer out = NativeBuffer.allocate((long) shape.nodeCount() * LcBvh2Node.BYTES);
        convert(bvh.nodes(), 0, 0, out, 0);
        return new Bvh2GpuLayout(out, shape.nodeCount(), shape.depth());
    }

    /** LcBvh2Node pool, root at 0. */
    public NativeBuffer nodes() { return nodes; }
    public int nodeCount() { return nodeCount; }
    /** Interior nodes on the longest root-to-leaf path: the most stack entries a traversal of it pushes. */
    public int depth() { return depth; }

    @Override
    public void close() { nodes.close(); }

    /** Size of a converted tree: GPU nodes written and interior depth. */
    public record Shape(int nodeCount, int depth) {}

    /** The shape {@link #convert} will produce for the builder tree whose root is node {@code srcFirst}. */
    public static Shape shape(NativeBuffer src, long srcFirst) {
        if (src.getInt(srcFirst * LcBvhNode.BYTES + LcBvhNode.COUNT) > 0) return new Shape(1, 1);
        int interior = 0, depth = 0;
        int[] stack = new int[64], level = new int[64];
        int sp = 0;
        stack[sp] = 0;
        level[sp++] = 1;
        while (sp > 0) {
            int node = stack[--sp], lv = level[sp];
            interior++;
            depth = Math.max(depth, lv);
            int left = src.getInt((srcFirst + node) * LcBvhNode.BYTES + LcBvhNode.LEFT_FIRST);
            for (int c = left; c <= left + 1; c++) {
                if (src.getInt((srcFirst + c) * LcBvhNode.BYTES + LcBvhNode.COUNT) > 0) continue;
                if (sp == stack.length) {
                    stack = java.util.Arrays.copyOf(stack, sp * 2);
                    level = java.util.Arrays.copyOf(level, sp * 2);
                }
                stack[sp] = c;
                level[sp++] = lv + 1;
            }
        }
        return new Shape(interior, depth);
    }

    /**
     * Writes the GPU nodes of the builder tree rooted at node {@code srcFirst} of {@code src} into {@code dst}
     * starting at node {@code nodeBase} (byte {@code nodeBase * 64}); child indices written are global
     * ({@code nodeBase} added), leaf first primitives get {@code primitiveBase} added. Returns the shape written.
     *
     * @throws IllegalArgumentException if a leaf holds more than {@value #MAX_LEAF_PRIMITIVES} primitives or a
     *     leaf's global first primitive reaches {@value #MAX_FIRST_PRIMITIVE}
     */
    public static Shape convert(NativeBuffer src, long srcFirst, int primitiveBase, NativeBuffer dst, int nodeBase) {
        Shape shape = shape(src, srcFirst);
        if (src.getInt(srcFirst * LcBvhNode.BYTES + LcBvhNode.COUNT) > 0) {
            long o = (long) nodeBase * LcBvh2Node.BYTES;
            int leaf = leafOf(src, srcFirst, 0, primitiveBase);
            writeChild(dst, o, 0, src, srcFirst, 0, leaf);
            float inf = Float.POSITIVE_INFINITY;
            writeBox(dst, o, 1, inf, inf, inf, inf, inf, inf, leaf);
            return shape;
        }
        // Pending (builder node, GPU parent, slot) triples; an interior node gets its GPU index when popped, so
        // indices follow depth-first pre-order.
        int[] pend = new int[3 * 64];
        int sp = 0, next = nodeBase;
        pend[0] = 0;
        pend[1] = -1;
        pend[2] = 0;
        sp = 1;
        while (sp > 0) {
            sp--;
            int node = pend[3 * sp], parent = pend[3 * sp + 1], slot = pend[3 * sp + 2];
            int self = next++;
            if (parent >= 0) {
                dst.putInt((long) parent * LcBvh2Node.BYTES + (slot == 0 ? LcBvh2Node.CHILD0 : LcBvh2Node.CHILD1),
                        self);
            }
            long o = (long) self * LcBvh2Node.BYTES;
            int left = src.getInt((srcFirst + node) * LcBvhNode.BYTES + LcBvhNode.LEFT_FIRST);
            for (int s = 0; s < 2; s++) {
                int child = left + s;
                boolean leafChild = src.getInt((srcFirst + child) * LcBvhNode.BYTES + LcBvhNode.COUNT) > 0;
                writeChild(dst, o, s, src, srcFirst, child, leafChild ? leafOf(src, srcFirst, child, primitiveBase) : 0);
            }
            // Push the right child first so the left one is popped, and numbered, next.
            for (int s = 1; s >= 0; s--) {
                int child = left + s;
                if (src.getInt((srcFirst + child) * LcBvhNode.BYTES + LcBvhNode.COUNT) > 0) continue;
                if (3 * sp + 3 > pend.length) pend = java.util.Arrays.copyOf(pend, pend.length * 2);
                pend[3 * sp] = child;
                pend[3 * sp + 1] = self;
                pend[3 * sp + 2] = s;
                sp++;
            }
        }
        return shape;
    }

    /** Encodes a leaf of {@code count} primitives starting at {@code first} (global). */
    public static int encodeLeaf(int first, int count) {
        if (count < 1 || count > MAX_LEAF_PRIMITIVES) {
            throw new IllegalArgumentException("leaf of " + count + " primitives; the BVH2 GPU layout holds 1.."
                    + MAX_LEAF_PRIMITIVES + " per leaf (build with maxLeafSize <= " + MAX_LEAF_PRIMITIVES + ")");
        }
        if (first < 0 || first >= MAX_FIRST_PRIMITIVE) {
            throw new IllegalArgumentException("leaf starts at primitive " + first + "; the BVH2 GPU layout addresses "
                    + MAX_FIRST_PRIMITIVE + " primitives per pool");
        }
        return ~((first << LC_BVH2_LEAF_COUNT_BITS) | (count - 1));
    }

    public static boolean isLeaf(int child) { return child < 0; }
    public static int leafFirst(int child) { return ~child >>> LC_BVH2_LEAF_COUNT_BITS; }
    public static int leafCount(int child) { return (~child & (MAX_LEAF_PRIMITIVES - 1)) + 1; }

    private static int leafOf(NativeBuffer src, long srcFirst, int node, int primitiveBase) {
        long o = (srcFirst + node) * LcBvhNode.BYTES;
        return encodeLeaf(primitiveBase + src.getInt(o + LcBvhNode.LEFT_FIRST), src.getInt(o + LcBvhNode.COUNT));
    }

    private static void writeChild(NativeBuffer dst, long o, int slot, NativeBuffer src, long srcFirst, int node,
            int child) {
        long s = (srcFirst + node) * LcBvhNode.BYTES;
        writeBox(dst, o, slot, src.getFloat(s + LcBvhNode.MIN_X), src.getFloat(s + LcBvhNode.MAX_X),
                src.getFloat(s + LcBvhNode.MIN_Y), src.getFloat(s + LcBvhNode.MAX_Y),
                src.getFloat(s + LcBvhNode.MIN_Z), src.getFloat(s + LcBvhNode.MAX_Z), child);
    }

    private static void writeBox(NativeBuffer dst, long o, int slot, float minX, float maxX, float minY, float maxY,
            float minZ, float maxZ, int child) {
        if (slot == 0) {
            dst.putFloat(o + LcBvh2Node.C0_MIN_X, minX);
            dst.putFloat(o + LcBvh2Node.C0_MAX_X, maxX);
            dst.putFloat(o + LcBvh2Node.C0_MIN_Y, minY);
            dst.putFloat(o + LcBvh2Node.C0_MAX_Y, maxY);
            dst.putFloat(o + LcBvh2Node.C0_MIN_Z, minZ);
            dst.putFloat(o + LcBvh2Node.C0_MAX_Z, maxZ);
            dst.putInt(o + LcBvh2Node.CHILD0, child);
        } else {
            dst.putFloat(o + LcBvh2Node.C1_MIN_X, minX);
            dst.putFloat(o + LcBvh2Node.C1_MAX_X, maxX);
            dst.putFloat(o + LcBvh2Node.C1_MIN_Y, minY);
            dst.putFloat(o + LcBvh2Node.C1_MAX_Y, maxY);
            dst.putFloat(o + LcBvh2Node.C1_MIN_Z, minZ);
            dst.putFloat(o + LcBvh2Node.C1_MAX_Z, maxZ);
            dst.putInt(o + LcBvh2Node.CHILD1, child);
        }
    }
}
