package dev.lucent.bvh.gpu;

import static dev.lucent.core.Layout.LC_BVH2_STACK_SIZE;

import dev.lucent.core.Layout.LcBvh2Node;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcTriangle;
import dev.lucent.core.NativeBuffer;

/**
 * Java reference traversal of the GPU layouts ({@link Bvh2GpuLayout} nodes, {@link GpuTriangleLayout}
 * triangles, {@link GpuSceneLayout} two-level scenes) with the box and triangle arithmetic of
 * {@code shaders/cuda/bvh2_traversal.cuh} and its closest-hit visiting order, so GPU results can be checked
 * against it ray by ray: hits agree to rounding (nvcc fuses multiply-adds and 1/det is approximate on the GPU;
 * Java rounds every operation). The GPU's any-hit walk is speculative and may report a different occluder.
 * Tests check this traversal against the builder's own tree and brute force.
 *
 * <p>Ray/box: slab test with the direction reciprocal clamped to |d| &gt;= 1e-20 and the box exit widened by
 * 2 gamma(3) (Ize 2013, "Robust BVH ray traversal"). Ray/triangle: Moeller-Trumbore, double-sided, t in
 * (tMin, tMax). Near child first; with equal entry distances child 0 first.
 *
 * <p>Not thread-safe: it owns its traversal stack; use one per thread.
 */
public final class Bvh2Traversal {
    static final float BOX_EXIT_WIDEN = 1.0000004f;
    static final float RCP_CLAMP = 1e-20f;

    private final int[] stack = new int[LC_BVH2_STACK_SIZE];
    private final float[] rows = new float[12];
    private final float[] uv = new float[2];
    private final Cwbvh8Traversal wide = new Cwbvh8Traversal();

    // Current ray, object space of the tree being walked.
    private float ox, oy, oz, dx, dy, dz, ix, iy, iz, oix, oiy, oiz, tMin;
    private float tMax, hu, hv;
    private int hTriangle;

    /** Closest hit in one tree (no instances): nodes from {@code root}, triangles of {@code triangles}. */
    public boolean closestHit(NativeBuffer nodes, int root, NativeBuffer triangles, float ox, float oy, float oz,
            float dx, float dy, float dz, float tMin, float tMax, GpuHit hit) {
        return single(nodes, root, triangles, ox, oy, oz, dx, dy, dz, tMin, tMax, hit, false);
    }

    /** Any hit in one tree; {@code hit} receives the first hit found. */
    public boolean anyHit(NativeBuffer nodes, int root, NativeBuffer triangles, float ox, float oy, float oz,
            float dx, float dy, float dz, float tMin, float tMax, GpuHit hit) {
        return single(nodes, root, triangles, ox, oy, oz, dx, dy, dz, tMin, tMax, hit, true);
    }

    /** Closest hit of a world-space ray in a two-level scene. */
    public boolean closestHit(GpuSceneLayout scene, float ox, float oy, float oz, float dx, float dy, float dz,
            float tMin, float tMax, GpuHit hit) {
        return twoLevel(scene, ox, oy, oz, dx, dy, dz, tMin, tMax, hit, false);
    }

    /** Any hit of a world-space ray in a two-level scene; {@code hit} receives the first hit found. */
    public boolean anyHit(GpuSceneLayout scene, float ox, float oy, float oz, float dx, float dy, float dz,
            float tMin, float tMax, GpuHit hit) {
        return twoLevel(scene, ox, oy, oz, dx, dy, dz, tMin, tMax, hit, true);
    }

    private boolean single(NativeBuffer nodes, int root, NativeBuffer triangles, float ox, float oy, float oz,
            float dx, float dy, float dz, float tMin, float tMax, GpuHit hit, boolean any) {
        hit.miss(tMax);
        if (!(tMax >= tMin)) return false;
        setRay(ox, oy, oz, dx, dy, dz, tMin);
        this.tMax = tMax;
        if (!walk(nodes, root, 0, any, triangles)) return false;
        hit.t = this.tMax;
        hit.u = hu;
        hit.v = hv;
        hit.triangle = hTriangle;
        hit.instance = 0;
        return true;
    }

    private boolean twoLevel(GpuSceneLayout s, float ox, float oy, float oz, float dx, float dy, float dz,
            float tMin, float tMax, GpuHit hit, boolean any) {
        hit.miss(tMax);
        if (s.instanceCount() == 0 || !(tMax >= tMin)) return false;
        this.tMax = tMax;
        float wox = ox, woy = oy, woz = oz, wdx = dx, wdy = dy, wdz = dz;
        setRay(wox, woy, woz, wdx, wdy, wdz, tMin);
        float wix = ix, wiy = iy, wiz = iz, woix = oix, woiy = oiy, woiz = oiz;
        boolean found = false;
        int sp = 0, node = 0;
        NativeBuffer tlas = s.tlasNodes();
        for (;;) {
            if (node >= 0) {
                node = interior(tlas, node, sp);
                if (node == POP) {
                    if (sp == 0) break;
                    node = stack[--sp];
                } else if (pushed) {
                    sp++;
                }
                continue;
            }
            int first = Bvh2GpuLayout.leafFirst(node), count = Bvh2GpuLayout.leafCount(node);
            for (int k = 0; k < count; k++) {
                int inst = s.tlasInstances().getInt(4L * (first + k));
                long io = (long) inst * LcInstance.BYTES;
                NativeBuffer in = s.instances();
                float[] r = rows;
                for (int j = 0; j < 12; j++) r[j] = in.getFloat(io + LcInstance.WORLD_TO_OBJECT0 + 4L * j);
                int mesh = in.getInt(io + LcInstance.MESH);
                setRay(r[0] * wox + r[1] * woy + r[2] * woz + r[3], r[4] * wox + r[5] * woy + r[6] * woz + r[7],
                        r[8] * wox + r[9] * woy + r[10] * woz + r[11], r[0] * wdx + r[1] * wdy + r[2] * wdz,
                        r[4] * wdx + r[5] * wdy + r[6] * wdz, r[8] * wdx + r[9] * wdy + r[10] * wdz, tMin);
                boolean h;
                if (s.blasLayout() == BlasLayout.CWBVH8) {
                    h = wide.walk(s.blasNodes(), s.blasRoot(mesh), s.triangles(), this.ox, this.oy, this.oz, this.dx, this.dy, this.dz, tMin,
                            this.tMax, any);
                    if (h) {
                        this.tMax = wide.t;
                        hu = wide.u;
                        hv = wide.v;
                        hTriangle = wide.triangle;
                    }
                } else {
                    h = walk(s.blasNodes(), s.blasRoot(mesh), sp, any, s.triangles());
                }
                // Back to the world ray for the rest of the TLAS.
                this.ox = wox;
                this.oy = woy;
                this.oz = woz;
                this.dx = wdx;
                this.dy = wdy;
                this.dz = wdz;
                this.ix = wix;
                this.iy = wiy;
                this.iz = wiz;
                this.oix = woix;
                this.oiy = woiy;
                this.oiz = woiz;
                if (h) {
                    found = true;
                    hit.t = this.tMax;
                    hit.u = hu;
                    hit.v = hv;
                    hit.triangle = hTriangle;
                    hit.instance = inst;
                    if (any) return true;
                }
            }
            if (sp == 0) break;
            node = stack[--sp];
        }
        return found;
    }

    private static final int POP = Integer.MIN_VALUE;
    private boolean pushed;

    /**
     * Tests both children of interior node {@code node}; returns the child to visit next (pushing the farther
     * one at stack[sp] and setting {@link #pushed} when both are entered) or {@link #POP}.
     */
    private int interior(NativeBuffer nodes, int node, int sp) {
        long o = (long) node * LcBvh2Node.BYTES;
        pushed = false;
        float e0 = box(nodes.getFloat(o + LcBvh2Node.C0_MIN_X), nodes.getFloat(o + LcBvh2Node.C0_MAX_X),
                nodes.getFloat(o + LcBvh2Node.C0_MIN_Y), nodes.getFloat(o + LcBvh2Node.C0_MAX_Y),
                nodes.getFloat(o + LcBvh2Node.C0_MIN_Z), nodes.getFloat(o + LcBvh2Node.C0_MAX_Z));
        float e1 = box(nodes.getFloat(o + LcBvh2Node.C1_MIN_X), nodes.getFloat(o + LcBvh2Node.C1_MAX_X),
                nodes.getFloat(o + LcBvh2Node.C1_MIN_Y), nodes.getFloat(o + LcBvh2Node.C1_MAX_Y),
                nodes.getFloat(o + LcBvh2Node.C1_MIN_Z), nodes.getFloat(o + LcBvh2Node.C1_MAX_Z));
        boolean h0 = !Float.isNaN(e0), h1 = !Float.isNaN(e1);
        int c0 = nodes.getInt(o + LcBvh2Node.CHILD0), c1 = nodes.getInt(o + LcBvh2Node.CHILD1);
        if (h0 && h1) {
            boolean swap = e1 < e0;
            stack[sp] = swap ? c0 : c1;
            pushed = true;
            return swap ? c1 : c0;
        }
        if (h0) return c0;
        if (h1) return c1;
        return POP;
    }

    /** Entry distance of the current ray into the box, or NaN if it misses within (tMin, tMax]. */
    private float box(float lox, float hix, float loy, float hiy, float loz, float hiz) {
        float x0 = lox * ix - oix, x1 = hix * ix - oix;
        float y0 = loy * iy - oiy, y1 = hiy * iy - oiy;
        float z0 = loz * iz - oiz, z1 = hiz * iz - oiz;
        float entry = Math.max(Math.max(Math.min(x0, x1), Math.min(y0, y1)), Math.max(Math.min(z0, z1), tMin));
        float exit = Math.min(Math.min(Math.max(x0, x1), Math.max(y0, y1)), Math.max(z0, z1)) * BOX_EXIT_WIDEN;
        exit = Math.min(exit, tMax);
        return entry <= exit ? entry : Float.NaN;
    }

    /**
     * Walks one tree from interior node {@code root} with the stack above {@code sp0}; leaves index
     * {@code triangles}. Lowers {@link #tMax} and records the hit; returns whether any triangle was hit.
     */
    private boolean walk(NativeBuffer nodes, int root, int sp0, boolean any, NativeBuffer triangles) {
        int sp = sp0, node = root;
        boolean found = false;
        for (;;) {
            if (node >= 0) {
                node = interior(nodes, node, sp);
                if (node == POP) {
                    if (sp == sp0) return found;
                    node = stack[--sp];
                } else if (pushed) {
                    sp++;
                }
                continue;
            }
            int first = Bvh2GpuLayout.leafFirst(node), count = Bvh2GpuLayout.leafCount(node);
            for (int k = 0; k < count; k++) {
                if (triangle(triangles, first + k)) {
                    found = true;
                    if (any) return true;
                }
            }
            if (sp == sp0) return found;
            node = stack[--sp];
        }
    }

    /** Moeller-Trumbore against LcTriangle {@code tri}; on a hit in (tMin, tMax) lowers tMax and records it. */
    private boolean triangle(NativeBuffer tris, int tri) {
        float t = intersectTriangle(tris, tri, ox, oy, oz, dx, dy, dz, tMin, tMax, uv);
        if (Float.isNaN(t)) return false;
        tMax = t;
        hu = uv[0];
        hv = uv[1];
        hTriangle = tri;
        return true;
    }

    /**
     * Moeller &amp; Trumbore 1997 ray/triangle test against LcTriangle {@code tri} of {@code tris}, double-sided,
     * object space: returns t in (tMin, tMax) and writes (u, v) into {@code uv}, or returns NaN.
     */
    public static float intersectTriangle(NativeBuffer tris, int tri, float ox, float oy, float oz, float dx,
            float dy, float dz, float tMin, float tMax, float[] uv) {
        long o = (long) tri * LcTriangle.BYTES;
        float v0x = tris.getFloat(o), v0y = tris.getFloat(o + 4), v0z = tris.getFloat(o + 8);
        float e1x = tris.getFloat(o + LcTriangle.E1), e1y = tris.getFloat(o + LcTriangle.E1 + 4),
                e1z = tris.getFloat(o + LcTriangle.E1 + 8);
        float e2x = tris.getFloat(o + LcTriangle.E2), e2y = tris.getFloat(o + LcTriangle.E2 + 4),
                e2z = tris.getFloat(o + LcTriangle.E2 + 8);
        float px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
        float det = e1x * px + e1y * py + e1z * pz;
        if (det == 0f) return Float.NaN;
        float inv = 1f / det;
        float sx = ox - v0x, sy = oy - v0y, sz = oz - v0z;
        float u = (sx * px + sy * py + sz * pz) * inv;
        if (!(u >= 0f && u <= 1f)) return Float.NaN;
        float qx = sy * e1z - sz * e1y, qy = sz * e1x - sx * e1z, qz = sx * e1y - sy * e1x;
        float v = (dx * qx + dy * qy + dz * qz) * inv;
        if (!(v >= 0f && u + v <= 1f)) return Float.NaN;
        float t = (e2x * qx + e2y * qy + e2z * qz) * inv;
        if (!(t > tMin && t < tMax)) return Float.NaN;
        uv[0] = u;
        uv[1] = v;
        return t;
    }

    /**
     * t of the world-space ray against one triangle of one instance (ray moved into object space as the two-level
     * traversal does), for t in (tMin, tMax); NaN when it misses.
     */
    public static float intersectInInstance(GpuSceneLayout scene, int instance, int triangle, float ox, float oy,
            float oz, float dx, float dy, float dz, float tMin, float tMax) {
        float[] m = new float[12];
        for (int j = 0; j < 12; j++) {
            m[j] = scene.instances().getFloat((long) instance * LcInstance.BYTES + LcInstance.WORLD_TO_OBJECT0 + 4L * j);
        }
        return intersectTriangle(scene.triangles(), triangle, m[0] * ox + m[1] * oy + m[2] * oz + m[3],
                m[4] * ox + m[5] * oy + m[6] * oz + m[7], m[8] * ox + m[9] * oy + m[10] * oz + m[11],
                m[0] * dx + m[1] * dy + m[2] * dz, m[4] * dx + m[5] * dy + m[6] * dz, m[8] * dx + m[9] * dy + m[10] * dz,
                tMin, tMax, new float[2]);
    }

    private void setRay(float ox, float oy, float oz, float dx, float dy, float dz, float tMin) {
        this.ox = ox;
        this.oy = oy;
        this.oz = oz;
        this.dx = dx;
        this.dy = dy;
        this.dz = dz;
        ix = 1f / (Math.abs(dx) > RCP_CLAMP ? dx : Math.copySign(RCP_CLAMP, dx));
        iy = 1f / (Math.abs(dy) > RCP_CLAMP ? dy : Math.copySign(RCP_CLAMP, dy));
        iz = 1f / (Math.abs(dz) > RCP_CLAMP ? dz : Math.copySign(RCP_CLAMP, dz));
        oix = ox * ix;
        oiy = oy * iy;
        oiz = oz * iz;
        this.tMin = tMin;
    }
}
