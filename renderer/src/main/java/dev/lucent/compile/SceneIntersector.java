package dev.lucent.compile;

import static org.lwjgl.system.MemoryUtil.memGetFloat;
import static org.lwjgl.system.MemoryUtil.memGetInt;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMaterial;
import dev.lucent.core.Layout.LcMesh;
import java.util.Arrays;

/**
 * Two-level ray traversal of a {@link CompiledScene} on the CPU: the reference every GPU layout is checked
 * against, and the CPU renderer's intersector. The TLAS is traversed in world space; at each instance the ray
 * is taken into object space with the instance's world-to-object rows, direction NOT renormalised, so a t
 * found in a BLAS is the same t along the world ray; then the mesh's BLAS is traversed. Both levels visit
 * the nearer child first and skip stacked nodes that start beyond the closest hit so far.
 *
 * <p>Primitive tests: {@link RayPrimitives} (slab ray/box widened by 2 gamma(3), Moller-Trumbore ray/triangle,
 * both sides, hits with tMin &lt; t &lt; tMax, edges inclusive).
 *
 * <p>Not thread-safe: it owns a traversal stack and scratch state; use one per thread. Tracing allocates
 * nothing. Pool reads go straight to the off-heap addresses, which are re-read per ray, so the intersector
 * stays valid across {@link CompiledScene#updateInstances} (but not during one).
 */
public final class SceneIntersector implements Intersector {
    private static final float MISS = RayPrimitives.MISS;

    private final CompiledScene scene;
    private final HitFilter filter;
    /** Per material: the filter must be consulted (alpha mask or blend). */
    private final boolean[] alphaTested;

    private int[] stack = new int[64];
    private float[] stackT = new float[64];
    /** The current ray in the current instance's object space. */
    private float rox, roy, roz, rdx, rdy, rdz;
    /** Barycentrics of the last triangle test that hit. */
    private final float[] triUV = new float[2];
    /** The closest accepted hit of the current ray. */
    private int hitInstance, hitTriangle;
    private float hitU, hitV;

    public SceneIntersector(CompiledScene scene) {
        this(scene, null);
    }

    /** @param filter consulted for alpha-tested materials' triangles, or null to accept every hit */
    public SceneIntersector(CompiledScene scene, HitFilter filter) {
        this.scene = scene;
        this.filter = filter;
        this.alphaTested = new boolean[scene.materialCount];
        for (int i = 0; i < scene.materialCount; i++) {
            int flags = scene.materials.getInt((long) i * LcMaterial.BYTES + LcMaterial.FLAGS);
            alphaTested[i] = (flags & (Layout.LC_MATERIAL_ALPHA_MASK | Layout.LC_MATERIAL_ALPHA_BLEND)) != 0;
        }
    }

    /**
     * Closest hit along origin + t * direction (world space) with tMin < t < tMax; tMax may be infinite.
     * The direction need not be unit length. Fills {@code hit} and returns true when something was hit.
     */
    @Override
    public boolean intersect(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax,
            Hit hit) {
        float t = trace(ox, oy, oz, dx, dy, dz, tMin, tMax, false);
        if (t == MISS) return false;
        hit.t = t;
        hit.u = hitU;
        hit.v = hitV;
        hit.instance = hitInstance;
        hit.triangle = hitTriangle;
        return true;
    }

    /** Whether anything lies along origin + t * direction with tMin < t < tMax (any hit, world space). */
    @Override
    public boolean occluded(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax) {
        return trace(ox, oy, oz, dx, dy, dz, tMin, tMax, true) != MISS;
    }

    /** Returns the closest (or, with {@code any}, the first) accepted hit's t, or MISS. */
    private float trace(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax,
            boolean any) {
        CompiledScene s = scene;
        if (s.tlasNodeCount == 0 || !(tMin < tMax)) return MISS;
        long nodes = s.tlasNodes.address(), slots = s.tlasInstances.address();
        float ix = inverse(dx), iy = inverse(dy), iz = inverse(dz);
        float best = tMax;
        boolean found = false;
        if (box(nodes, ox, oy, oz, ix, iy, iz, tMin, best) == MISS) return MISS;
        int sp = 0, node = 0;
        for (;;) {
            long n = nodes + (long) node * LcBvhNode.BYTES;
            int count = memGetInt(n + LcBvhNode.COUNT), leftFirst = memGetInt(n + LcBvhNode.LEFT_FIRST);
            if (count > 0) {
                for (int k = 0; k < count; k++) {
                    int inst = memGetInt(slots + 4L * (leftFirst + k));
                    float t = instance(inst, ox, oy, oz, dx, dy, dz, tMin, best, any, sp);
                    if (t < best) {
                        best = t;
                        found = true;
                        if (any) return t;
                    }
                }
            } else {
                node = nearerChild(nodes, leftFirst, ox, oy, oz, ix, iy, iz, tMin, best, sp);
                if (node >= 0) {
                    sp++;
                    continue;
                }
            }
            sp = pop(sp, 0, best);
            if (sp < 0) return found ? best : MISS;
            node = stack[sp];
        }
    }

    /**
     * Traverses instance {@code inst}'s BLAS with the world ray taken into object space; stack entries from
     * {@code base} up are free. Returns the closest accepted t below {@code tMax} (first, with any), or MISS.
     */
    private float instance(int inst, float wox, float woy, float woz, float wdx, float wdy, float wdz, float tMin,
            float tMax, boolean any, int base) {
        CompiledScene s = scene;
        long record = toObject(inst, wox, woy, woz, wdx, wdy, wdz);
        float ox = rox, oy = roy, oz = roz, dx = rdx, dy = rdy, dz = rdz;
        int mesh = memGetInt(record + LcInstance.MESH), override = memGetInt(record + LcInstance.MATERIAL_OVERRIDE);
        long mr = s.meshes.address() + (long) mesh * LcMesh.BYTES;
        int firstTriangle = memGetInt(mr + LcMesh.FIRST_TRIANGLE);
        long firstVertex = memGetInt(mr + LcMesh.FIRST_VERTEX) & 0xFFFF_FFFFL;
        long nodes = s.blasNodes.address() + (memGetInt(mr + LcMesh.FIRST_NODE) & 0xFFFF_FFFFL) * LcBvhNode.BYTES;
        long tris = s.triangles.address(), pos = s.positions.address() + firstVertex * 12;
        long mats = s.triangleMaterials.address();

        float ix = inverse(dx), iy = inverse(dy), iz = inverse(dz);
        float best = tMax;
        boolean found = false;
        if (box(nodes, ox, oy, oz, ix, iy, iz, tMin, best) == MISS) return MISS;
        int sp = base, node = 0;
        for (;;) {
            long n = nodes + (long) node * LcBvhNode.BYTES;
            int count = memGetInt(n + LcBvhNode.COUNT), leftFirst = memGetInt(n + LcBvhNode.LEFT_FIRST);
            if (count > 0) {
                for (int k = 0; k < count; k++) {
                    int tri = firstTriangle + leftFirst + k;
                    long ta = tris + (long) tri * 12;
                    long p0 = pos + (memGetInt(ta) & 0xFFFF_FFFFL) * 12;
                    long p1 = pos + (memGetInt(ta + 4) & 0xFFFF_FFFFL) * 12;
                    long p2 = pos + (memGetInt(ta + 8) & 0xFFFF_FFFFL) * 12;
                    float t = triangle(p0, p1, p2, ox, oy, oz, dx, dy, dz, tMin, best);
                    if (!(t < best)) continue;
                    if (filter != null) {
                        int material = override >= 0 ? override : memGetInt(mats + 4L * tri);
                        if (alphaTested[material] && !filter.accept(inst, tri, triUV[0], triUV[1])) continue;
                    }
                    best = t;
                    found = true;
                    hitInstance = inst;
                    hitTriangle = tri;
                    hitU = triUV[0];
                    hitV = triUV[1];
                    if (any) return t;
                }
            } else {
                node = nearerChild(nodes, leftFirst, ox, oy, oz, ix, iy, iz, tMin, best, sp);
                if (node >= 0) {
                    sp++;
                    continue;
                }
            }
            sp = pop(sp, base, best);
            if (sp < 0) return found ? best : MISS;
            node = stack[sp];
        }
    }

    /**
     * Takes the world ray into instance {@code inst}'s object space (fields rox..rdz; direction not
     * renormalised) and returns the address of its LcInstance record.
     */
    private long toObject(int inst, float wox, float woy, float woz, float wdx, float wdy, float wdz) {
        long record = scene.instances.address() + (long) inst * LcInstance.BYTES;
        long ia = record + LcInstance.WORLD_TO_OBJECT0;
        float a0 = memGetFloat(ia), a1 = memGetFloat(ia + 4), a2 = memGetFloat(ia + 8), a3 = memGetFloat(ia + 12);
        float b0 = memGetFloat(ia + 16), b1 = memGetFloat(ia + 20), b2 = memGetFloat(ia + 24),
                b3 = memGetFloat(ia + 28);
        float c0 = memGetFloat(ia + 32), c1 = memGetFloat(ia + 36), c2 = memGetFloat(ia + 40),
                c3 = memGetFloat(ia + 44);
        rox = a0 * wox + a1 * woy + a2 * woz + a3;
        roy = b0 * wox + b1 * woy + b2 * woz + b3;
        roz = c0 * wox + c1 * woy + c2 * woz + c3;
        rdx = a0 * wdx + a1 * wdy + a2 * wdz;
        rdy = b0 * wdx + b1 * wdy + b2 * wdz;
        rdz = c0 * wdx + c1 * wdy + c2 * wdz;
        return record;
    }

    /**
     * Enters the inner node whose children are nodes {@code first} and {@code first + 1} of the node array at
     * {@code nodes}: returns the child whose box the ray enters first (before {@code best}), having stored the other
     * child and its entry t (MISS when the ray misses it, so that {@link #pop} passes it over) at stack slot
     * {@code sp}; or returns -1, storing nothing, when the ray enters neither box.
     */
    private int nearerChild(long nodes, int first, float ox, float oy, float oz, float ix, float iy, float iz,
            float tMin, float best, int sp) {
        long na = nodes + (long) first * LcBvhNode.BYTES;
        float ta = box(na, ox, oy, oz, ix, iy, iz, tMin, best);
        float tb = box(na + LcBvhNode.BYTES, ox, oy, oz, ix, iy, iz, tMin, best);
        if (tb < ta) {
            push(sp, first, ta);
            return first + 1;
        }
        if (ta == MISS) return -1;
        push(sp, first + 1, tb);
        return first;
    }

    /**
     * Pops stack entries down to slot {@code base} until one starts before {@code best}; returns its slot (now the
     * stack top, free again), or -1 when none does.
     */
    private int pop(int sp, int base, float best) {
        while (sp > base) {
            sp--;
            if (stackT[sp] < best) return sp;
        }
        return -1;
    }

    private void push(int at, int node, float t) {
        if (at == stack.length) {
            stack = Arrays.copyOf(stack, at * 2);
            stackT = Arrays.copyOf(stackT, at * 2);
        }
        stack[at] = node;
        stackT[at] = t;
    }

    private static float inverse(float d) {
        return RayPrimitives.inverse(d);
    }

    /** {@link RayPrimitives#box} against the LcBvhNode at address {@code n}. */
    static float box(long n, float ox, float oy, float oz, float ix, float iy, float iz, float tMin, float tMax) {
        return RayPrimitives.box(memGetFloat(n + LcBvhNode.MIN_X), memGetFloat(n + LcBvhNode.MIN_Y),
                memGetFloat(n + LcBvhNode.MIN_Z), memGetFloat(n + LcBvhNode.MAX_X), memGetFloat(n + LcBvhNode.MAX_Y),
                memGetFloat(n + LcBvhNode.MAX_Z), ox, oy, oz, ix, iy, iz, tMin, tMax);
    }

    /**
     * {@link RayPrimitives#triangle} against the triangle with vertex positions (float3) at addresses p0, p1,
     * p2; sets triUV on a hit.
     */
    private float triangle(long p0, long p1, long p2, float ox, float oy, float oz, float dx, float dy, float dz,
            float tMin, float tMax) {
        float v0x = memGetFloat(p0), v0y = memGetFloat(p0 + 4), v0z = memGetFloat(p0 + 8);
        return RayPrimitives.triangle(v0x, v0y, v0z, memGetFloat(p1) - v0x, memGetFloat(p1 + 4) - v0y,
                memGetFloat(p1 + 8) - v0z, memGetFloat(p2) - v0x, memGetFloat(p2 + 4) - v0y, memGetFloat(p2 + 8) - v0z,
                ox, oy, oz, dx, dy, dz, tMin, tMax, triUV);
    }

    /**
     * Test reference: the hit of global triangle {@code tri} of instance {@code inst} alone, using the same
     * object-space transform and triangle test as traversal, or MISS. Sets the returned barycentrics in
     * {@code uv[0..1]}.
     */
    float intersectOne(int inst, int tri, float wox, float woy, float woz, float wdx, float wdy, float wdz,
            float tMin, float tMax, float[] uv) {
        CompiledScene s = scene;
        long record = toObject(inst, wox, woy, woz, wdx, wdy, wdz);
        long mr = s.meshes.address() + (long) memGetInt(record + LcInstance.MESH) * LcMesh.BYTES;
        long pos = s.positions.address() + (memGetInt(mr + LcMesh.FIRST_VERTEX) & 0xFFFF_FFFFL) * 12;
        long ta = s.triangles.address() + (long) tri * 12;
        float t = triangle(pos + (memGetInt(ta) & 0xFFFF_FFFFL) * 12, pos + (memGetInt(ta + 4) & 0xFFFF_FFFFL) * 12,
                pos + (memGetInt(ta + 8) & 0xFFFF_FFFFL) * 12, rox, roy, roz, rdx, rdy, rdz, tMin, tMax);
        if (t != MISS) {
            uv[0] = triUV[0];
            uv[1] = triUV[1];
        }
        return t;
    }
}
