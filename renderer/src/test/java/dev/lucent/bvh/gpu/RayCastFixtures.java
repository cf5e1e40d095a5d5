package dev.lucent.bvh.gpu;

import dev.lucent.bvh.Bvh;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcTriangle;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.ProceduralMeshes;
import java.util.SplittableRandom;

/**
 * Meshes, rays and reference answers for the GPU-layout tests: brute force over every triangle, and a plain
 * traversal of the builder's own LcBvhNode tree with a conservative (double precision, padded) box test, so
 * both give exactly the closest hit the shared Moeller-Trumbore test defines.
 */
final class RayCastFixtures {
    private RayCastFixtures() {}

    /** Random triangles of varying size in [-1, 1]^3. */
    static Mesh soup(int triangles, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Mesh m = new Mesh("soup");
        m.positions = new float[triangles * 9];
        m.indices = new int[triangles * 3];
        m.materials = new int[triangles];
        for (int t = 0; t < triangles; t++) {
            float cx = (float) r.nextDouble(-1, 1), cy = (float) r.nextDouble(-1, 1), cz = (float) r.nextDouble(-1, 1);
            float s = (float) (0.02 + 0.2 * r.nextDouble() * r.nextDouble());
            for (int k = 0; k < 3; k++) {
                m.positions[t * 9 + k * 3] = cx + (float) r.nextDouble(-s, s);
                m.positions[t * 9 + k * 3 + 1] = cy + (float) r.nextDouble(-s, s);
                m.positions[t * 9 + k * 3 + 2] = cz + (float) r.nextDouble(-s, s);
                m.indices[t * 3 + k] = t * 3 + k;
            }
        }
        return m;
    }

    /** Axis-aligned grid quads plus degenerate triangles: zero area, collinear, repeated vertex. */
    static Mesh awkward() {
        int n = 12;
        Mesh m = new Mesh("awkward");
        m.positions = new float[(n + 1) * (n + 1) * 3 + 9 * 3];
        int tris = 2 * n * n + 3;
        m.indices = new int[tris * 3];
        m.materials = new int[tris];
        int v = 0;
        for (int j = 0; j <= n; j++) {
            for (int i = 0; i <= n; i++) {
                m.positions[v * 3] = i / (float) n;
                m.positions[v * 3 + 1] = 0.25f;
                m.positions[v * 3 + 2] = j / (float) n;
                v++;
            }
        }
        int t = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int a = j * (n + 1) + i, b = a + 1, c = a + n + 1, d = c + 1;
                m.indices[t * 3] = a; m.indices[t * 3 + 1] = c; m.indices[t * 3 + 2] = b; t++;
                m.indices[t * 3] = b; m.indices[t * 3 + 1] = c; m.indices[t * 3 + 2] = d; t++;
            }
        }
        float[][] degenerate = {
            {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, // one point
            {0.1f, 0.6f, 0.1f, 0.5f, 0.6f, 0.5f, 0.9f, 0.6f, 0.9f}, // collinear
            {0.2f, 0.7f, 0.2f, 0.2f, 0.7f, 0.2f, 0.8f, 0.7f, 0.3f}, // repeated vertex
        };
        for (float[] d : degenerate) {
            for (int k = 0; k < 3; k++) {
                System.arraycopy(d, k * 3, m.positions, v * 3, 3);
                m.indices[t * 3 + k] = v++;
            }
            t++;
        }
        return m;
    }

    static Mesh blobs(long triangles, long seed) { return ProceduralMeshes.blobs(triangles, seed); }

    /** A world-space test ray: origin, direction, tMin, tMax. */
    record Ray(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax) {}

    /**
     * Rays around the bounds {lo, hi}: a third from random outside points aimed at random points inside, a
     * third with random directions from inside (one or two direction components exactly zero in every fourth),
     * a third with random finite tMax; tMin 0.
     */
    static Ray[] rays(float[] lo, float[] hi, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Ray[] out = new Ray[count];
        for (int i = 0; i < count; i++) {
            float[] o = new float[3], d = new float[3];
            for (int a = 0; a < 3; a++) {
                float ext = hi[a] - lo[a];
                o[a] = (float) (lo[a] - 0.5 * ext + 2 * ext * r.nextDouble());
                float target = (float) (lo[a] + ext * r.nextDouble());
                d[a] = i % 3 == 0 ? target - o[a] : (float) r.nextDouble(-1, 1);
            }
            if (i % 4 == 1) d[i % 3] = 0f;
            if (i % 8 == 5) d[(i + 1) % 3] = 0f;
            if (d[0] == 0 && d[1] == 0 && d[2] == 0) d[1] = 1f;
            float tMax = i % 3 == 2 ? (float) (r.nextDouble() * 2) : Float.POSITIVE_INFINITY;
            out[i] = new Ray(o[0], o[1], o[2], d[0], d[1], d[2], 0f, tMax);
        }
        return out;
    }

    /** Positions and triangles of {@code mesh} in the BVH's primitive order, as LcTriangle. */
    static NativeBuffer gpuTriangles(Mesh mesh, Bvh bvh) {
        int n = mesh.triangleCount();
        NativeBuffer positions = NativeBuffer.allocate((long) mesh.positions.length * 4);
        positions.putFloats(0, mesh.positions, 0, mesh.positions.length);
        NativeBuffer tris = NativeBuffer.allocate((long) n * 12);
        int[] order = bvh.primitiveOrder();
        for (int k = 0; k < n; k++) tris.putInts((long) k * 12, mesh.indices, order[k] * 3, 3);
        NativeBuffer out = NativeBuffer.allocate((long) n * LcTriangle.BYTES);
        GpuTriangleLayout.convert(positions, tris, 0, mesh.vertexCount(), 0, n, out);
        positions.close();
        tris.close();
        return out;
    }

    /** LcTriangles of {@code mesh} in the order a CWBVH tree asks for ({@code order[k]}: builder primitive slot). */
    static NativeBuffer wideTriangles(Mesh mesh, Bvh bvh, int[] order) {
        int n = mesh.triangleCount();
        NativeBuffer positions = NativeBuffer.allocate((long) mesh.positions.length * 4);
        positions.putFloats(0, mesh.positions, 0, mesh.positions.length);
        NativeBuffer tris = NativeBuffer.allocate((long) n * 12);
        int[] prim = bvh.primitiveOrder();
        for (int k = 0; k < n; k++) tris.putInts((long) k * 12, mesh.indices, prim[k] * 3, 3);
        NativeBuffer out = NativeBuffer.allocate((long) n * LcTriangle.BYTES);
        GpuTriangleLayout.convertReordered(positions, tris, 0, mesh.vertexCount(), order, 0, order.length, out, 0);
        positions.close();
        tris.close();
        return out;
    }

    /** Closest hit over all triangles [0, count) of {@code tris}; the first of equal-t hits wins. */
    static void bruteForce(NativeBuffer tris, int count, Ray ray, GpuHit hit, boolean any) {
        hit.miss(ray.tMax());
        float[] uv = new float[2];
        float tMax = ray.tMax();
        for (int k = 0; k < count; k++) {
            float t = triangleHit(tris, k, ray, tMax, uv, hit);
            if (!Float.isNaN(t)) {
                tMax = t;
                if (any) return;
            }
        }
    }

    /**
     * Tests triangle {@code k} of {@code tris} against {@code ray} up to {@code tMax}; on a hit records it in
     * {@code hit} (instance 0) and returns its distance, else returns NaN.
     */
    private static float triangleHit(NativeBuffer tris, int k, Ray ray, float tMax, float[] uv, GpuHit hit) {
        float t = Bvh2Traversal.intersectTriangle(tris, k, ray.ox(), ray.oy(), ray.oz(), ray.dx(), ray.dy(),
                ray.dz(), ray.tMin(), tMax, uv);
        if (Float.isNaN(t)) return t;
        hit.t = t;
        hit.u = uv[0];
        hit.v = uv[1];
        hit.triangle = k;
        hit.instance = 0;
        return t;
    }

    /** Closest hit by walking the builder's LcBvhNode tree (leaf slots index {@code tris}). */
    static void builderTree(NativeBuffer nodes, NativeBuffer tris, Ray ray, GpuHit hit) {
        hit.miss(ray.tMax());
        float[] uv = new float[2];
        float tMax = ray.tMax();
        int[] stack = new int[256];
        int sp = 0;
        stack[sp++] = 0;
        while (sp > 0) {
            long o = (long) stack[--sp] * LcBvhNode.BYTES;
            if (!boxHit(nodes, o, ray, tMax)) continue;
            int count = nodes.getInt(o + LcBvhNode.COUNT), lf = nodes.getInt(o + LcBvhNode.LEFT_FIRST);
            if (count == 0) {
                stack[sp++] = lf;
                stack[sp++] = lf + 1;
                continue;
            }
            for (int k = lf; k < lf + count; k++) {
                float t = triangleHit(tris, k, ray, tMax, uv, hit);
                if (!Float.isNaN(t)) tMax = t;
            }
        }
    }

    /** Conservative slab test in double with a relative pad of 1e-6 of the box size. */
    private static boolean boxHit(NativeBuffer nodes, long o, Ray ray, float tMax) {
        double enter = 0, exit = tMax;
        float[] orig = {ray.ox(), ray.oy(), ray.oz()}, dir = {ray.dx(), ray.dy(), ray.dz()};
        for (int a = 0; a < 3; a++) {
            double lo = nodes.getFloat(o + LcBvhNode.MIN_X + 4L * a), hi = nodes.getFloat(o + LcBvhNode.MAX_X + 4L * a);
            double pad = 1e-6 * (hi - lo) + 1e-7 * Math.max(Math.abs(lo), Math.abs(hi));
            lo -= pad;
            hi += pad;
            if (dir[a] == 0) {
                if (orig[a] < lo || orig[a] > hi) return false;
                continue;
            }
            double t0 = (lo - orig[a]) / dir[a], t1 = (hi - orig[a]) / dir[a];
            enter = Math.max(enter, Math.min(t0, t1));
            exit = Math.min(exit, Math.max(t0, t1));
        }
        return enter <= exit * (1 + 1e-9) + 1e-12;
    }
}
