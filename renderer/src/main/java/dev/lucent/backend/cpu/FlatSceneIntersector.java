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
 * as the precomputed (v0, e1, e2)). Per 4-wide node the four boxes are tested and the hit children sorted by
 * entry distance (a five-comparator network); the nearest is visited next, the others stacked far to near;
 * stacked entries that start beyond the closest hit are skipped.
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
        final float[] b4 = bvh.boxes4, tris = bvh.triangles;
        final int[] ch = bvh.children4, leaves = bvh.leaves;
        final boolean[] alpha = bvh.alphaTested;
        float ix = RayPrimitives.inverse(dx), iy = RayPrimitives.inverse(dy), iz = RayPrimitives.inverse(dz);
        float best = tMax;
        int found = -1;
        int sp = 0, ref = 0; // a node (>= 0) or a leaf (< 0), as in FlatSceneBvh.children4
        int r0, r1, r2, r3;
        float t0, t1, t2, t3;
        for (;;) {
            if (ref < 0) {
                int leaf = -(ref + 1);
                int count = leaves[2 * leaf + 1], first = leaves[2 * leaf];
                for (int slot = first, end = first + count; slot < end; slot++) {
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
                int o = 24 * ref;
                t0 = RayPrimitives.box(b4[o], b4[o + 4], b4[o + 8], b4[o + 12], b4[o + 16], b4[o + 20], ox, oy, oz,
                        ix, iy, iz, tMin, best);
                t1 = RayPrimitives.box(b4[o + 1], b4[o + 5], b4[o + 9], b4[o + 13], b4[o + 17], b4[o + 21], ox, oy,
                        oz, ix, iy, iz, tMin, best);
                t2 = RayPrimitives.box(b4[o + 2], b4[o + 6], b4[o + 10], b4[o + 14], b4[o + 18], b4[o + 22], ox, oy,
                        oz, ix, iy, iz, tMin, best);
                t3 = RayPrimitives.box(b4[o + 3], b4[o + 7], b4[o + 11], b4[o + 15], b4[o + 19], b4[o + 23], ox, oy,
                        oz, ix, iy, iz, tMin, best);
                int c = 4 * ref;
                r0 = ch[c];
                r1 = ch[c + 1];
                r2 = ch[c + 2];
                r3 = ch[c + 3];
                // Sort the four (t, ref) pairs by t with a 5-comparator network; misses (infinite t) sort last.
                if (t1 < t0) { float t = t0; t0 = t1; t1 = t; int r = r0; r0 = r1; r1 = r; }
                if (t3 < t2) { float t = t2; t2 = t3; t3 = t; int r = r2; r2 = r3; r3 = r; }
                if (t2 < t0) { float t = t0; t0 = t2; t2 = t; int r = r0; r0 = r2; r2 = r; }
                if (t3 < t1) { float t = t1; t1 = t3; t3 = t; int r = r1; r1 = r3; r3 = r; }
                if (t2 < t1) { float t = t1; t1 = t2; t2 = t; int r = r1; r1 = r2; r2 = r; }
                if (t0 != MISS) {
                    if (sp + 3 >= stack.length) grow();
                    if (t3 != MISS) { stack[sp] = r3; stackT[sp] = t3; sp++; }
                    if (t2 != MISS) { stack[sp] = r2; stackT[sp] = t2; sp++; }
                    if (t1 != MISS) { stack[sp] = r1; stackT[sp] = t1; sp++; }
                    ref = r0;
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
                    ref = stack[sp];
                    break;
                }
            }
        }
    }

    private void grow() {
        stack = Arrays.copyOf(stack, stack.length * 2);
        stackT = Arrays.copyOf(stackT, stackT.length * 2);
    }
}
