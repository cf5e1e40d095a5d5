package dev.lucent.bvh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TriangleBvhTraversalTest {
    static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void triangleKnownAnswers() {
        TriangleHit h = new TriangleHit();
        BvhRay down = new BvhRay(0.25f, 0.5f, 2, 0, 0, -1, 0, INF);
        assertTrue(TriangleBvhTraversal.intersectTriangle(down, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, INF, h));
        assertEquals(2f, h.t);
        assertEquals(0.25f, h.u);
        assertEquals(0.5f, h.v);
        // Back face, with a direction of length 2: t halves.
        BvhRay up = new BvhRay(0.25f, 0.5f, -2, 0, 0, 2, 0, INF);
        assertTrue(TriangleBvhTraversal.intersectTriangle(up, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, INF, h));
        assertEquals(1f, h.t);
        // Interval limits are inclusive and exclusive beyond.
        assertTrue(TriangleBvhTraversal.intersectTriangle(down, 0, 0, 0, 1, 0, 0, 0, 1, 0, 2, 2, h));
        assertFalse(TriangleBvhTraversal.intersectTriangle(down, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1.999f, h));
        // Outside, degenerate, and parallel to the plane.
        BvhRay outside = new BvhRay(0.75f, 0.5f, 2, 0, 0, -1, 0, INF);
        assertFalse(TriangleBvhTraversal.intersectTriangle(outside, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, INF, h));
        assertFalse(TriangleBvhTraversal.intersectTriangle(down, 0, 0, 0, 1, 0, 0, 2, 0, 0, 0, INF, h));
        BvhRay parallel = new BvhRay(-1, 0.25f, 0, 1, 0, 0, 0, INF);
        assertFalse(TriangleBvhTraversal.intersectTriangle(parallel, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, INF, h));
        // Through a shared edge: both triangles of the unit square report the same hit point.
        BvhRay diag = new BvhRay(0.5f, 0.5f, 1, 0, 0, -1, 0, INF);
        assertTrue(TriangleBvhTraversal.intersectTriangle(diag, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, INF, h));
        assertTrue(TriangleBvhTraversal.intersectTriangle(diag, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, INF, h));
        assertEquals(1f, h.t);
    }

    @Test
    void boxKnownAnswers() {
        BvhRay x = new BvhRay(-2, 0.5f, 0.5f, 1, 0, 0, 0, INF);
        // Entry distances come back widened by BOX_SLACK.
        float near = 1 - TriangleBvhTraversal.BOX_SLACK;
        assertEquals(2f * near, TriangleBvhTraversal.intersectAabb(x, 0, 0, 0, 1, 1, 1, INF));
        assertEquals(INF, TriangleBvhTraversal.intersectAabb(x, 0, 0, 0, 1, 1, 1, 1.5f));
        // Zero direction components: infinite reciprocals; outside the y slab it misses, on its plane it hits.
        BvhRay above = new BvhRay(-2, 1.5f, 0.5f, 1, 0, -0f, 0, INF);
        assertEquals(INF, TriangleBvhTraversal.intersectAabb(above, 0, 0, 0, 1, 1, 1, INF));
        BvhRay onFace = new BvhRay(-2, 1, 0.5f, 1, 0, 0, 0, INF);
        assertEquals(2f * near, TriangleBvhTraversal.intersectAabb(onFace, 0, 0, 0, 1, 1, 1, INF));
        // Origin inside: entry is tMin. Flat box (zero thickness) crossed head-on: hit.
        BvhRay inside = new BvhRay(0.5f, 0.5f, 0.5f, 0, -1, 0, 0, INF);
        assertEquals(0f, TriangleBvhTraversal.intersectAabb(inside, 0, 0, 0, 1, 1, 1, INF));
        assertEquals(1.5f * near, TriangleBvhTraversal.intersectAabb(new BvhRay(0.5f, 1.5f, 0.5f, 0, -1, 0, 0, INF),
                0, 0, 0, 1, 0, 1, INF));
        // Empty box never hit.
        assertEquals(INF, TriangleBvhTraversal.intersectAabb(inside, INF, INF, INF, -INF, -INF, -INF, INF));
    }

    @Test
    void watertightOnGridVerticesAndEdges() {
        TestMeshes m = TestMeshes.degenerate(4);
        try (Bvh bvh = BvhBuilder.build(m.bounds(), BvhOptions.defaults())) {
            TriangleBvhTraversal tr = new TriangleBvhTraversal(bvh, m.positions(), m.indices());
            TriangleHit h = new TriangleHit();
            BvhRay ray = new BvhRay();
            // The y = 0 grid spans [-5, 5] in x and z; the other squares stand above it, so rays from below
            // hit the grid first. Vertices, edge midpoints, diagonal midpoints, cell centres.
            for (float x = -5; x <= 5; x += 0.5f) {
                for (float z = -5; z <= 5; z += 0.5f) {
                    ray.set(x, -3, z, 0, 1, 0, 0, INF);
                    assertTrue(tr.closestHit(ray, h), "leak at " + x + ", " + z);
                    assertEquals(3f, h.t, "at " + x + ", " + z);
                    assertTrue(tr.anyHit(ray));
                }
            }
        }
    }

    @Test
    void closestAndAnyHitEqualBruteForce() {
        List<TestMeshes> meshes = List.of(TestMeshes.soup(3000, 0.1f, 21), TestMeshes.sphere(24, 48),
                TestMeshes.degenerate(22), TestMeshes.blobs(4000, 23));
        int[][] optionSets = {{4, 16}, {1, 8}, {8, 32}};
        int m = 0;
        for (TestMeshes mesh : meshes) {
            int[] o = optionSets[m % optionSets.length];
            try (Bvh bvh = BvhBuilder.build(mesh.bounds(), new BvhOptions(o[0], o[1], 2))) {
                compareWithBruteForce(mesh, bvh, 20_000, 100 + m);
            }
            m++;
        }
    }

    private static void compareWithBruteForce(TestMeshes mesh, Bvh bvh, int rays, long seed) {
        TriangleBvhTraversal tr = new TriangleBvhTraversal(bvh, mesh.positions(), mesh.indices());
        SplittableRandom r = new SplittableRandom(seed);
        float[] lo = {INF, INF, INF}, hi = {-INF, -INF, -INF};
        float[] p = mesh.positions();
        for (int i = 0; i < p.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], p[i]);
            hi[i % 3] = Math.max(hi[i % 3], p[i]);
        }
        BvhRay ray = new BvhRay();
        TriangleHit got = new TriangleHit(), want = new TriangleHit();
        int hits = 0, kinds = 6;
        int[] hitsPerKind = new int[kinds];
        for (int k = 0; k < rays; k++) {
            int kind = k % kinds;
            float[] o = new float[3], d = new float[3];
            float tMin = 0, tMax = INF;
            switch (kind) {
                case 0 -> { // random origin in the slightly enlarged bounds, random direction
                    for (int a = 0; a < 3; a++) o[a] = lerp(lo[a], hi[a], (float) r.nextDouble(-0.2, 1.2));
                    randomDirection(r, d);
                }
                case 1 -> { // starts exactly on a triangle (a vertex, an edge point or an interior point)
                    int t = r.nextInt(mesh.triangles());
                    float u = pickBary(r), v = pickBary(r) * (1 - u);
                    for (int a = 0; a < 3; a++) {
                        o[a] = p[mesh.indices()[t * 3] * 3 + a] * (1 - u - v) + p[mesh.indices()[t * 3 + 1] * 3 + a] * u
                                + p[mesh.indices()[t * 3 + 2] * 3 + a] * v;
                    }
                    randomDirection(r, d);
                }
                case 2 -> { // axis-aligned through vertex coordinates, with +0 / -0 other components
                    int axis = r.nextInt(3);
                    int vtx = r.nextInt(p.length / 3);
                    for (int a = 0; a < 3; a++) o[a] = a == axis ? lo[a] - 1 : p[vtx * 3 + a];
                    d[0] = d[1] = d[2] = r.nextBoolean() ? 0f : -0f;
                    d[axis] = 1;
                    if (r.nextBoolean()) {
                        o[axis] = hi[axis] + 1;
                        d[axis] = -1;
                    }
                }
                case 3 -> { // parallel to a coordinate plane, origin on integer-ish coordinates
                    for (int a = 0; a < 3; a++) o[a] = Math.round(lerp(lo[a], hi[a], (float) r.nextDouble()));
                    randomDirection(r, d);
                    d[r.nextInt(3)] = 0;
                    if (d[0] == 0 && d[1] == 0 && d[2] == 0) d[0] = 1;
                }
                case 4 -> { // outside, pointing away: misses everything
                    randomDirection(r, d);
                    for (int a = 0; a < 3; a++) o[a] = (lo[a] + hi[a]) / 2 + d[a] * 2 * (hi[a] - lo[a] + 1);
                }
                default -> { // finite interval in the middle of the ray
                    for (int a = 0; a < 3; a++) o[a] = lerp(lo[a], hi[a], (float) r.nextDouble(-0.5, 1.5));
                    randomDirection(r, d);
                    tMin = (float) r.nextDouble(0, 1);
                    tMax = tMin + (float) r.nextDouble(0, 2);
                }
            }
            ray.set(o[0], o[1], o[2], d[0], d[1], d[2], tMin, tMax);
            boolean hit = tr.closestHit(ray, got);
            bruteForce(mesh, ray, want);
            String where = mesh.name() + " ray " + k + " kind " + kind;
            assertEquals(want.hit(), hit, where);
            assertEquals(want.prim, got.prim, where);
            if (hit) {
                assertEquals(want.t, got.t, where);
                assertEquals(want.u, got.u, where);
                assertEquals(want.v, got.v, where);
                hits++;
                hitsPerKind[kind]++;
            }
            assertEquals(want.hit(), tr.anyHit(ray), where + " (any hit)");
            if (kind == 4) assertFalse(hit, where);
        }
        // The ray mix must exercise both outcomes, and rays leaving a surface must mostly hit.
        assertTrue(hits > rays / 10 && hits < rays - rays / 10, mesh.name() + " hits " + hits);
        assertTrue(hitsPerKind[2] > 0 && hitsPerKind[3] > 0, mesh.name() + " " + java.util.Arrays.toString(hitsPerKind));
    }

    /** Closest hit over all triangles in index order with the traversal's acceptance rule. */
    static void bruteForce(TestMeshes mesh, BvhRay ray, TriangleHit out) {
        out.clear();
        float[] p = mesh.positions();
        int[] idx = mesh.indices();
        TriangleHit h = new TriangleHit();
        float best = ray.tMax;
        for (int t = 0; t < mesh.triangles(); t++) {
            int a = idx[t * 3] * 3, b = idx[t * 3 + 1] * 3, c = idx[t * 3 + 2] * 3;
            if (TriangleBvhTraversal.intersectTriangle(ray, p[a], p[a + 1], p[a + 2], p[b], p[b + 1], p[b + 2],
                    p[c], p[c + 1], p[c + 2], ray.tMin, best, h) && (out.prim < 0 || h.t < best)) {
                best = h.t;
                out.t = h.t;
                out.u = h.u;
                out.v = h.v;
                out.prim = t;
            }
        }
    }

    private static float pickBary(SplittableRandom r) {
        int k = r.nextInt(4);
        return k == 0 ? 0 : k == 1 ? 1 : k == 2 ? 0.5f : (float) r.nextDouble();
    }

    private static void randomDirection(SplittableRandom r, float[] d) {
        double z = r.nextDouble(-1, 1), ph = r.nextDouble(0, 2 * Math.PI), s = Math.sqrt(1 - z * z);
        d[0] = (float) (s * Math.cos(ph));
        d[1] = (float) (s * Math.sin(ph));
        d[2] = (float) z;
        if (d[0] == 0 && d[1] == 0 && d[2] == 0) d[2] = 1;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}
