package dev.lucent.backend.cpu;

import dev.lucent.compile.Hit;
import dev.lucent.compile.HitFilter;
import dev.lucent.compile.Intersector;
import dev.lucent.compile.RayPrimitives;
import java.util.Arrays;

/**
 * Single-level traversal of a {@link FlatSceneBvh}, reporting hits exactly as
 * {@link dev.lucent.compile.SceneIntersector} does (instance, global triangle, barycentrics of the second and
 * third vertex, t along the given world ray), with the same primitive tests ({@link RayPrimitives}; triangles
 * as the precomputed (v0, e1, e2)). Nearer child first; stacked nodes that start beyond the closest hit are
 * skipped.
 *
 * <p>Not thread-safe: one per thread. Tracing allocates nothing.
 */
public final class FlatSceneIntersector implements Intersector {
    private static final float MISS = RayPrimitives.MISS;

    private final FlatSceneBvh bvh;
    private final HitFilter filter;
    private int[] stack = new int[64];
    private float[] stackT = new float[64];
    private int hitSlot;
    private final float[] triUV = new float[2];
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

    private float trace(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax,
            boolean any) {
        if (!(tMin < tMax)) return MISS;
        final float[] boxes = bvh.boxes, tris = bvh.triangles;
        final int[] links = bvh.links;
        final boolean[] alpha = bvh.alphaTested;
        float ix = RayPrimitives.inverse(dx), iy = RayPrimitives.inverse(dy), iz = RayPrimitives.inverse(dz);
        float best = tMax;
        int found = -1;
        if (box(boxes, 0, ox, oy, oz, ix, iy, iz, tMin, best) == MISS) return MISS;
        int sp = 0, node = 0;
        for (;;) {
            int count = links[2 * node + 1], leftFirst = links[2 * node];
            if (count > 0) {
                for (int slot = leftFirst, end = leftFirst + count; slot < end; slot++) {
                    int o = 9 * slot;
                    float t = RayPrimitives.triangle(tris[o], tris[o + 1], tris[o + 2], tris[o + 3], tris[o + 4],
                            tris[o + 5], tris[o + 6], tris[o + 7], tris[o + 8], ox, oy, oz, dx, dy, dz, tMin, best,
                            triUV);
                    if (!(t < best)) continue;
                    float u = triUV[0], v = triUV[1];
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
                float ta = box(boxes, a, ox, oy, oz, ix, iy, iz, tMin, best);
                float tb = box(boxes, b, ox, oy, oz, ix, iy, iz, tMin, best);
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

    /** {@link RayPrimitives#box} against node {@code n}'s box (min xyz, max xyz at 6 n). */
    private static float box(float[] b, int n, float ox, float oy, float oz, float ix, float iy, float iz,
            float tMin, float tMax) {
        int o = 6 * n;
        return RayPrimitives.box(b[o], b[o + 1], b[o + 2], b[o + 3], b[o + 4], b[o + 5], ox, oy, oz, ix, iy, iz,
                tMin, tMax);
    }
}
