package dev.lucent.bvh.gpu;

import static dev.lucent.core.Layout.LC_CWBVH_STACK_SIZE;

import dev.lucent.core.Layout.LcCwbvhNode;
import dev.lucent.core.Layout.LcTriangle;
import dev.lucent.core.NativeBuffer;

/**
 * Java reference traversal of the {@link Cwbvh8GpuLayout} (LcCwbvhNode) with the box decoding, triangle test and
 * visiting order of {@code shaders/cuda/cwbvh8_traversal.cuh}: at each node the hit leaf children's triangles are
 * intersected in memory order, then the hit interior children are visited in increasing {@code slot ^ octant}
 * order, the rest of the node's hit children waiting on a stack as one group. Hits report the pool triangle
 * index stored in LcTriangle v0.w.
 *
 * <p>Not thread-safe: it owns its stack; use one per thread.
 */
public final class Cwbvh8Traversal {
    private final int[] stackBase = new int[LC_CWBVH_STACK_SIZE], stackBits = new int[LC_CWBVH_STACK_SIZE];
    private final float[] uv = new float[2];

    /** Result of the last walk: t (lowered tMax), barycentrics, pool triangle index. */
    float t, u, v;
    int triangle;

    /** Closest hit in one tree from node {@code root}; {@code hit.instance} is set to 0. */
    public boolean closestHit(NativeBuffer nodes, int root, NativeBuffer triangles, float ox, float oy, float oz,
            float dx, float dy, float dz, float tMin, float tMax, GpuHit hit) {
        return single(nodes, root, triangles, ox, oy, oz, dx, dy, dz, tMin, tMax, hit, false);
    }

    /** Any hit in one tree; {@code hit} receives the first hit found. */
    public boolean anyHit(NativeBuffer nodes, int root, NativeBuffer triangles, float ox, float oy, float oz,
            float dx, float dy, float dz, float tMin, float tMax, GpuHit hit) {
        return single(nodes, root, triangles, ox, oy, oz, dx, dy, dz, tMin, tMax, hit, true);
    }

    private boolean single(NativeBuffer nodes, int root, NativeBuffer triangles, float ox, float oy, float oz,
            float dx, float dy, float dz, float tMin, float tMax, GpuHit hit, boolean any) {
        hit.miss(tMax);
        if (!(tMax >= tMin)) return false;
        if (!walk(nodes, root, triangles, ox, oy, oz, dx, dy, dz, tMin, tMax, any)) return false;
        hit.t = t;
        hit.u = u;
        hit.v = v;
        hit.triangle = triangle;
        hit.instance = 0;
        return true;
    }

    /**
     * Walks the tree from node {@code root} with an object-space ray; on a hit leaves t, u, v and triangle in
     * this object's fields and returns true.
     */
    boolean walk(NativeBuffer nodes, int root, NativeBuffer tris, float ox, float oy, float oz, float dx, float dy,
            float dz, float tMin, float tMax, boolean any) {
        float ix = 1f / (Math.abs(dx) > Bvh2Traversal.RCP_CLAMP ? dx : Math.copySign(Bvh2Traversal.RCP_CLAMP, dx));
        float iy = 1f / (Math.abs(dy) > Bvh2Traversal.RCP_CLAMP ? dy : Math.copySign(Bvh2Traversal.RCP_CLAMP, dy));
        float iz = 1f / (Math.abs(dz) > Bvh2Traversal.RCP_CLAMP ? dz : Math.copySign(Bvh2Traversal.RCP_CLAMP, dz));
        int oct = (dx < 0 ? 4 : 0) | (dy < 0 ? 2 : 0) | (dz < 0 ? 1 : 0);
        boolean found = false;
        int sp = 0;
        int node = root;
        for (;;) {
            // Visit `node`: test its 8 child boxes.
            long o = (long) node * LcCwbvhNode.BYTES;
            float px = nodes.getFloat(o + LcCwbvhNode.PX), py = nodes.getFloat(o + LcCwbvhNode.PY),
                    pz = nodes.getFloat(o + LcCwbvhNode.PZ);
            int eim = nodes.getInt(o + LcCwbvhNode.EXYZ_IMASK);
            float sx = Float.intBitsToFloat((eim & 0xFF) << 23) * ix, sy = Float.intBitsToFloat(((eim >>> 8) & 0xFF) << 23) * iy,
                    sz = Float.intBitsToFloat(((eim >>> 16) & 0xFF) << 23) * iz;
            float ax = (px - ox) * ix, ay = (py - oy) * iy, az = (pz - oz) * iz;
            int imask = eim >>> 24;
            int childBase = nodes.getInt(o + LcCwbvhNode.CHILD_BASE), triBase = nodes.getInt(o + LcCwbvhNode.TRIANGLE_BASE);
            int hits = 0, triMask = 0;
            for (int s = 0; s < 8; s++) {
                int m = byteOf(nodes.getInt(o + LcCwbvhNode.META0 + 4L * (s >> 2)), s);
                if (m == 0) continue;
                float x0 = ax + byteOf(nodes.getInt(o + LcCwbvhNode.QLO_X0 + 4L * (s >> 2)), s) * sx;
                float x1 = ax + byteOf(nodes.getInt(o + LcCwbvhNode.QHI_X0 + 4L * (s >> 2)), s) * sx;
                float y0 = ay + byteOf(nodes.getInt(o + LcCwbvhNode.QLO_Y0 + 4L * (s >> 2)), s) * sy;
                float y1 = ay + byteOf(nodes.getInt(o + LcCwbvhNode.QHI_Y0 + 4L * (s >> 2)), s) * sy;
                float z0 = az + byteOf(nodes.getInt(o + LcCwbvhNode.QLO_Z0 + 4L * (s >> 2)), s) * sz;
                float z1 = az + byteOf(nodes.getInt(o + LcCwbvhNode.QHI_Z0 + 4L * (s >> 2)), s) * sz;
                float entry = Math.max(Math.max(Math.min(x0, x1), Math.min(y0, y1)), Math.max(Math.min(z0, z1), tMin));
                float exit = Math.min(Math.min(Math.max(x0, x1), Math.max(y0, y1)), Math.max(z0, z1))
                        * Bvh2Traversal.BOX_EXIT_WIDEN;
                exit = Math.min(exit, tMax);
                if (!(entry <= exit)) continue;
                if ((imask & (1 << s)) != 0) {
                    hits |= 1 << (s ^ oct);
                } else {
                    triMask |= ((1 << (m >>> 5)) - 1) << (m & 31);
                }
            }
            // Leaf triangles of this node, in memory order.
            while (triMask != 0) {
                int k = Integer.numberOfTrailingZeros(triMask);
                triMask &= triMask - 1;
                int tri = triBase + k;
                float th = Bvh2Traversal.intersectTriangle(tris, tri, ox, oy, oz, dx, dy, dz, tMin, tMax, uv);
                if (!Float.isNaN(th)) {
                    tMax = th;
                    t = th;
                    u = uv[0];
                    v = uv[1];
                    triangle = tris.getInt((long) tri * LcTriangle.BYTES + LcTriangle.V0 + 12);
                    found = true;
                    if (any) return true;
                }
            }
            // Next interior child: this node's nearest hit child, else the nearest of the group on the stack.
            int base = childBase, bits = (hits << 8) | imask;
            if (hits == 0) {
                if (sp == 0) return found;
                sp--;
                base = stackBase[sp];
                bits = stackBits[sp];
            }
            int r = Integer.numberOfTrailingZeros(bits >>> 8);
            int slot = r ^ oct;
            bits &= ~(1 << (8 + r));
            if ((bits >>> 8) != 0) {
                stackBase[sp] = base;
                stackBits[sp] = bits;
                sp++;
            }
            node = base + Integer.bitCount(bits & 0xFF & ((1 << slot) - 1));
        }
    }

    private static int byteOf(int word, int slot) {
        return (word >>> (8 * (slot & 3))) & 0xFF;
    }
}
