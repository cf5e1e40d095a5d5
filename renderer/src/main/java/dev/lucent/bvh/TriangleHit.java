package dev.lucent.bvh;

/**
 * A ray/triangle hit: distance {@code t} along the ray, barycentrics {@code u} (weight of vertex 1) and
 * {@code v} (weight of vertex 2; vertex 0 has 1 - u - v), and the original primitive index ({@code prim},
 * -1 when nothing was hit).
 */
public final class TriangleHit {
    public float t, u, v;
    public int prim = -1;

    public boolean hit() { return prim >= 0; }

    public void clear() {
        t = Float.POSITIVE_INFINITY;
        u = v = 0;
        prim = -1;
    }

    @Override
    public String toString() {
        return prim < 0 ? "miss" : "hit(prim " + prim + ", t " + t + ", u " + u + ", v " + v + ")";
    }
}
