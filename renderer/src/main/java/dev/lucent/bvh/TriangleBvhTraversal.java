package dev.lucent.bvh;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;

/**
 * Reference single-tree traversal of a builder-layout {@link Bvh} over indexed triangles: the answer every
 * other node layout and backend is compared against. Stack-based, nearer child first.
 *
 * <p>Answers are exact functions of the triangles, independent of the tree: {@link #closestHit} returns, among
 * the triangles whose {@link #intersectTriangle} distance lies in [tMin, tMax], the one with the smallest t,
 * ties going to the smaller primitive index; {@link #anyHit} says whether any such triangle exists. So a
 * brute-force loop over all triangles with {@link #intersectTriangle} gives the same answers, provided the box
 * test never culls a box whose triangle would be accepted. The box test is therefore widened by
 * {@value #BOX_SLACK} relative: a margin over the rounding of the slab test and of the triangle test's t (not
 * a proof; the tests check exact agreement with brute force on 80 000 rays, including rays along shared
 * edges, on faces and through duplicate triangles).
 *
 * <p>Immutable and thread-safe; {@link #closestHit} and {@link #anyHit} allocate only a small stack.
 */
public final class TriangleBvhTraversal {
    /**
     * Relative widening of each slab interval: covers the slab test's own rounding (2 gamma(3), Ize 2013,
     * "Robust BVH ray traversal", JCGT 2(2)) with margin for the rounding of the triangle test's t.
     */
    public static final float BOX_SLACK = 1e-6f;

    private final NativeBuffer nodes;
    private final int[] order;
    private final float[] positions;
    private final int[] indices;
    private final int stackSize;

    /**
     * @param bvh tree built over these triangles (primitive i = triangle i)
     * @param positions xyz per vertex, in the tree's space
     * @param indices three vertex indices per triangle, in original primitive order (the order the
     *        {@link PrimitiveBounds} presented them to the builder)
     */
    public TriangleBvhTraversal(Bvh bvh, float[] positions, int[] indices) {
        if (indices.length / 3 != bvh.primitiveOrder().length) {
            throw new IllegalArgumentException(indices.length / 3 + " triangles but the BVH has "
                    + bvh.primitiveOrder().length + " primitives");
        }
        this.nodes = bvh.nodes();
        this.order = bvh.primitiveOrder();
        this.positions = positions;
        this.indices = indices;
        this.stackSize = Math.max(1, bvh.stats().maxDepth()) + 1;
    }

    /**
     * Finds the closest hit in [ray.tMin, ray.tMax] (ties to the smaller primitive index) and stores it in
     * {@code hit}; returns whether there is one ({@code hit} is cleared when there is not).
     */
    public boolean closestHit(BvhRay ray, TriangleHit hit) {
        hit.clear();
        float best = ray.tMax;
        int bestPrim = -1;
        float bestU = 0, bestV = 0;
        TriangleHit scratch = new TriangleHit();
        int[] stackNode = new int[stackSize];
        float[] stackT = new float[stackSize];
        int top = 0;
        if (intersectNode(ray, nodes, 0, best) == Float.POSITIVE_INFINITY) return false;
        int node = 0;
        while (true) {
            long o = (long) node * LcBvhNode.BYTES;
            int count = nodes.getInt(o + LcBvhNode.COUNT), lf = nodes.getInt(o + LcBvhNode.LEFT_FIRST);
            if (count > 0) {
                for (int k = lf; k < lf + count; k++) {
                    int prim = order[k];
                    if (intersectPrim(ray, prim, best, scratch)
                            && (bestPrim < 0 || scratch.t < best || prim < bestPrim)) {
                        best = scratch.t;
                        bestPrim = prim;
                        bestU = scratch.u;
                        bestV = scratch.v;
                    }
                }
            } else {
                float tl = intersectNode(ray, nodes, lf, best), tr = intersectNode(ray, nodes, lf + 1, best);
                boolean hl = tl != Float.POSITIVE_INFINITY, hr = tr != Float.POSITIVE_INFINITY;
                if (hl && hr) {
                    boolean leftFirst = tl <= tr;
                    node = leftFirst ? lf : lf + 1;
                    stackNode[top] = leftFirst ? lf + 1 : lf;
                    stackT[top++] = leftFirst ? tr : tl;
                    continue;
                }
                if (hl || hr) {
                    node = hl ? lf : lf + 1;
                    continue;
                }
            }
            // Pop the next subtree whose box entry still lies within the best distance found.
            do {
                if (top == 0) {
                    if (bestPrim < 0) return false;
                    hit.t = best;
                    hit.u = bestU;
                    hit.v = bestV;
                    hit.prim = bestPrim;
                    return true;
                }
                node = stackNode[--top];
            } while (stackT[top] > best);
        }
    }

    /** Whether any triangle is hit within [ray.tMin, ray.tMax]. */
    public boolean anyHit(BvhRay ray) {
        TriangleHit scratch = new TriangleHit();
        int[] stack = new int[stackSize];
        int top = 0;
        float tMax = ray.tMax;
        if (intersectNode(ray, nodes, 0, tMax) == Float.POSITIVE_INFINITY) return false;
        int node = 0;
        while (true) {
            long o = (long) node * LcBvhNode.BYTES;
            int count = nodes.getInt(o + LcBvhNode.COUNT), lf = nodes.getInt(o + LcBvhNode.LEFT_FIRST);
            if (count > 0) {
                for (int k = lf; k < lf + count; k++) {
                    if (intersectPrim(ray, order[k], tMax, scratch)) return true;
                }
            } else {
                float tl = intersectNode(ray, nodes, lf, tMax), tr = intersectNode(ray, nodes, lf + 1, tMax);
                boolean hl = tl != Float.POSITIVE_INFINITY, hr = tr != Float.POSITIVE_INFINITY;
                if (hl && hr) {
                    boolean leftFirst = tl <= tr;
                    node = leftFirst ? lf : lf + 1;
                    stack[top++] = leftFirst ? lf + 1 : lf;
                    continue;
                }
                if (hl || hr) {
                    node = hl ? lf : lf + 1;
                    continue;
                }
            }
            if (top == 0) return false;
            node = stack[--top];
        }
    }

    private boolean intersectPrim(BvhRay ray, int prim, float tMax, TriangleHit out) {
        float[] p = positions;
        int a = indices[prim * 3] * 3, b = indices[prim * 3 + 1] * 3, c = indices[prim * 3 + 2] * 3;
        return intersectTriangle(ray, p[a], p[a + 1], p[a + 2], p[b], p[b + 1], p[b + 2], p[c], p[c + 1], p[c + 2],
                ray.tMin, tMax, out);
    }

    /**
     * Slab test of node {@code node} of {@code nodes} ({@code LcBvhNode} layout) against [ray.tMin, tMax];
     * see {@link #intersectAabb}.
     */
    public static float intersectNode(BvhRay ray, NativeBuffer nodes, int node, float tMax) {
        long o = (long) node * LcBvhNode.BYTES;
        return intersectAabb(ray, nodes.getFloat(o + LcBvhNode.MIN_X), nodes.getFloat(o + LcBvhNode.MIN_Y),
                nodes.getFloat(o + LcBvhNode.MIN_Z), nodes.getFloat(o + LcBvhNode.MAX_X),
                nodes.getFloat(o + LcBvhNode.MAX_Y), nodes.getFloat(o + LcBvhNode.MAX_Z), tMax);
    }

    /**
     * Robust slab test: returns the (widened) entry distance, at least ray.tMin, if the ray's interval
     * [ray.tMin, tMax] overlaps the box, else {@link Float#POSITIVE_INFINITY}. The near plane per axis is
     * chosen by the sign of the reciprocal direction, so an empty box (min > max) is always missed. A zero
     * direction component gives infinite reciprocals: outside that slab the ray misses; a ray lying exactly in
     * a slab plane (0 * inf = NaN) is treated as inside that slab. Each slab interval is widened by
     * {@link #BOX_SLACK} relative.
     */
    public static float intersectAabb(BvhRay ray, float minX, float minY, float minZ, float maxX, float maxY,
            float maxZ, float tMax) {
        float ix = ray.invX, iy = ray.invY, iz = ray.invZ;
        float nx = ((ix >= 0 ? minX : maxX) - ray.ox) * ix, fx = ((ix >= 0 ? maxX : minX) - ray.ox) * ix;
        float ny = ((iy >= 0 ? minY : maxY) - ray.oy) * iy, fy = ((iy >= 0 ? maxY : minY) - ray.oy) * iy;
        float nz = ((iz >= 0 ? minZ : maxZ) - ray.oz) * iz, fz = ((iz >= 0 ? maxZ : minZ) - ray.oz) * iz;
        float tNear = ray.tMin, tFar = tMax;
        // Comparisons are false for NaN, so a NaN slab bound leaves the interval unchanged.
        if (widenNear(nx) > tNear) tNear = widenNear(nx);
        if (widenNear(ny) > tNear) tNear = widenNear(ny);
        if (widenNear(nz) > tNear) tNear = widenNear(nz);
        if (widenFar(fx) < tFar) tFar = widenFar(fx);
        if (widenFar(fy) < tFar) tFar = widenFar(fy);
        if (widenFar(fz) < tFar) tFar = widenFar(fz);
        return tNear <= tFar ? tNear : Float.POSITIVE_INFINITY;
    }

    private static float widenNear(float t) {
        return t * (t > 0 ? 1 - BOX_SLACK : 1 + BOX_SLACK);
    }

    private static float widenFar(float t) {
        return t * (t > 0 ? 1 + BOX_SLACK : 1 - BOX_SLACK);
    }

    /**
     * Watertight ray/triangle test (Woop, Benthin, Wald 2013): vertices are translated to the ray origin,
     * sheared so the ray runs along +z, and the three 2D edge functions decide the hit, recomputed in double
     * when one is exactly 0, so a ray through a shared edge or vertex hits at least one of the triangles
     * sharing it. Both faces hit; degenerate (zero-area) triangles never do. On a hit with t in [tMin, tMax]
     * writes t, u (weight of b) and v (weight of c) to {@code out} and returns true; leaves {@code out.prim}.
     */
    public static boolean intersectTriangle(BvhRay ray, float ax, float ay, float az, float bx, float by,
            float bz, float cx, float cy, float cz, float tMin, float tMax, TriangleHit out) {
        float aX = ax - ray.ox, aY = ay - ray.oy, aZ = az - ray.oz;
        float bX = bx - ray.ox, bY = by - ray.oy, bZ = bz - ray.oz;
        float cX = cx - ray.ox, cY = cy - ray.oy, cZ = cz - ray.oz;
        int kx = ray.kx, ky = ray.ky, kz = ray.kz;
        float akz = pick(kz, aX, aY, aZ), bkz = pick(kz, bX, bY, bZ), ckz = pick(kz, cX, cY, cZ);
        float sx = ray.sx, sy = ray.sy;
        float pax = pick(kx, aX, aY, aZ) - sx * akz, pay = pick(ky, aX, aY, aZ) - sy * akz;
        float pbx = pick(kx, bX, bY, bZ) - sx * bkz, pby = pick(ky, bX, bY, bZ) - sy * bkz;
        float pcx = pick(kx, cX, cY, cZ) - sx * ckz, pcy = pick(ky, cX, cY, cZ) - sy * ckz;
        float u = pcx * pby - pcy * pbx;
        float v = pax * pcy - pay * pcx;
        float w = pbx * pay - pby * pax;
        if (u == 0 || v == 0 || w == 0) {
            u = (float) ((double) pcx * pby - (double) pcy * pbx);
            v = (float) ((double) pax * pcy - (double) pay * pcx);
            w = (float) ((double) pbx * pay - (double) pby * pax);
        }
        if ((u < 0 || v < 0 || w < 0) && (u > 0 || v > 0 || w > 0)) return false;
        float det = u + v + w;
        if (det == 0) return false;
        float sz = ray.sz;
        float t = (u * (sz * akz) + v * (sz * bkz) + w * (sz * ckz)) / det;
        if (!(t >= tMin && t <= tMax)) return false;
        float rcp = 1f / det;
        out.t = t;
        out.u = v * rcp;
        out.v = w * rcp;
        return true;
    }

    private static float pick(int k, float x, float y, float z) {
        return k == 0 ? x : k == 1 ? y : z;
    }
}
