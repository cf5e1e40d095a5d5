package dev.lucent.backend.cpu;

import dev.lucent.compile.Hit;
import dev.lucent.compile.HitFilter;
import dev.lucent.compile.Intersector;
import java.util.Arrays;

/**
 * Single-level traversal of a {@link FlatSceneBvh}, reporting hits exactly as
 * {@link dev.lucent.compile.SceneIntersector} does (instance, global triangle, barycentrics of the second and
 * third vertex, t along the given world ray). The same primitive tests: slab ray/box with the far distance
 * widened by 2 gamma(3) (Ize 2013) and zero direction components replaced by +-1e-30; Moller-Trumbore
 * ray/triangle on the precomputed (v0, e1, e2), both faces, tMin &lt; t &lt; tMax, edges inclusive. Nearer child
 * first; stacked nodes that start beyond the closest hit are skipped.
 *
 * <p>Not thread-safe: one per thread. Tracing allocates nothing.
 */
public final class FlatSceneIntersector implements Intersector {
    private static final float MISS = Float.POSITIVE_INFINITY;
    private static final float SLAB_WIDEN = 2 * (3 * 0x1p-24f) / (1 - 3 * 0x1p-24f);
    private static final float TINY_DIR = 1e-30f;

    private final FlatSceneBvh bvh;
    private final HitFilter filter;
    private int[] stack = new int[64];
    private float[] stackT = new float[64];
    private int hitSlot;
    private float hitU, hitV;

    /** @param filter consulted for alpha-tested triangles, or null to accept every hit */
    public FlatSceneIntersector(FlatSceneBvh bvh, HitFilter filter) {
        this.bvh = bvh;
        this.filter = filter;
    }

    @Override
    public boolean intersect(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax,
            Hit hit) {
        float t = trace(ox, oy, oz, dx, dy, dz, tMin, tMax, false);
        if (t == MISS) return false;
        hit.t = t;
        hit.u = hitU;
        hit.v = hitV;
        hit.instance = bvh.instances[hitSlot];
        hit.triangle = bvh.globalTriangles[hitSlot];
        return true;
    }

    @Override
    public boolean occluded(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax) {
        return trace(ox, oy, oz, dx, dy, dz, tMin, tMax, true) != MISS;
    }

    private static float inverse(float d) {
        return 1f / (Math.abs(d) > TINY_DIR ? d : Math.copySign(TINY_DIR, d));
    }

    private float trace(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax,
            boolean any) {
        if (!(tMin < tMax)) return MISS;
        final float[] boxes = bvh.boxes, tris = bvh.triangles;
        final int[] links = bvh.links;
        final boolean[] alpha = bvh.alphaTested;
        float ix = inverse(dx), iy = inverse(dy), iz = inverse(dz);
        boolean nx = ix < 0, ny = iy < 0, nz = iz < 0;
        float best = tMax;
        int found = -1;
        if (box(boxes, 0, ox, oy, oz, ix, iy, iz, nx, ny, nz, tMin, best) == MISS) return MISS;
        int sp = 0, node = 0;
        for (;;) {
            int count = links[2 * node + 1], leftFirst = links[2 * node];
            if (count > 0) {
                for (int slot = leftFirst, end = leftFirst + count; slot < end; slot++) {
                    int o = 9 * slot;
                    float v0x = tris[o], v0y = tris[o + 1], v0z = tris[o + 2];
                    float e1x = tris[o + 3], e1y = tris[o + 4], e1z = tris[o + 5];
                    float e2x = tris[o + 6], e2y = tris[o + 7], e2z = tris[o + 8];
                    float px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
                    float det = e1x * px + e1y * py + e1z * pz;
                    if (det == 0) continue;
                    float inv = 1 / det;
                    float sx = ox - v0x, sy = oy - v0y, sz = oz - v0z;
                    float u = (sx * px + sy * py + sz * pz) * inv;
                    if (!(u >= 0 && u <= 1)) continue;
                    float qx = sy * e1z - sz * e1y, qy = sz * e1x - sx * e1z, qz = sx * e1y - sy * e1x;
                    float v = (dx * qx + dy * qy + dz * qz) * inv;
                    if (!(v >= 0 && u + v <= 1)) continue;
                    float t = (e2x * qx + e2y * qy + e2z * qz) * inv;
                    if (!(t > tMin && t < best)) continue;
                    if (alpha[slot] && filter != null
                            && !filter.accept(bvh.instances[slot], bvh.globalTriangles[slot], u, v)) {
                        continue;
                    }
                    best = t;
                    found = slot;
                    hitU = u;
                    hitV = v;
                    if (any) {
                        hitSlot = slot;
                        return t;
                    }
                }
            } else {
                int a = leftFirst, b = leftFirst + 1;
                float ta = box(boxes, a, ox, oy, oz, ix, iy, iz, nx, ny, nz, tMin, best);
                float tb = box(boxes, b, ox, oy, oz, ix, iy, iz, nx, ny, nz, tMin, best);
                if (tb < ta) {
                    int c = a;
                    a = b;
                    b = c;
                    float tc = ta;
                    ta = tb;
                    tb = tc;
                }
                if (ta != MISS) {
                    if (tb != MISS) {
                        if (sp == stack.length) grow();
                        stack[sp] = b;
                        stackT[sp] = tb;
                        sp++;
                    }
                    node = a;
                    continue;
                }
            }
            for (;;) {
                if (sp == 0) {
                    if (found < 0) return MISS;
                    hitSlot = found;
                    return best;
                }
                sp--;
                if (stackT[sp] < best) {
                    node = stack[sp];
                    break;
                }
            }
        }
    }

    private void grow() {
        stack = Arrays.copyOf(stack, stack.length * 2);
        stackT = Arrays.copyOf(stackT, stackT.length * 2);
    }

    /**
     * Entry distance into node {@code n}'s box clipped to [tMin, tMax], or MISS. The near and far planes are
     * picked per axis from the direction's sign (the same distances SceneIntersector's min/max picks), each
     * computed as (plane - origin) * inverse so the gamma(3) widening bounds its rounding.
     */
    private static float box(float[] b, int n, float ox, float oy, float oz, float ix, float iy, float iz,
            boolean nx, boolean ny, boolean nz, float tMin, float tMax) {
        int o = 6 * n;
        float x0 = (b[o + (nx ? 3 : 0)] - ox) * ix, x1 = (b[o + (nx ? 0 : 3)] - ox) * ix;
        float y0 = (b[o + (ny ? 4 : 1)] - oy) * iy, y1 = (b[o + (ny ? 1 : 4)] - oy) * iy;
        float z0 = (b[o + (nz ? 5 : 2)] - oz) * iz, z1 = (b[o + (nz ? 2 : 5)] - oz) * iz;
        float near = Math.max(Math.max(x0, y0), z0);
        float far = Math.min(Math.min(x1, y1), z1);
        near -= Math.abs(near) * SLAB_WIDEN;
        far += Math.abs(far) * SLAB_WIDEN;
        near = Math.max(near, tMin);
        far = Math.min(far, tMax);
        return near <= far ? near : MISS;
    }
}
