package dev.lucent.compile;

/**
 * The closest hit {@link SceneIntersector#intersect} found. Mutable and reused across rays so tracing
 * allocates nothing.
 */
public final class Hit {
    /** Ray parameter: the hit point is origin + t * direction (world space, direction as given). */
    public float t;
    /** Barycentric weights of the triangle's second and third vertices; the first has 1 - u - v. */
    public float u, v;
    /** LcInstance index. */
    public int instance = -1;
    /** Global triangle index (LcMesh.firstTriangle + local index) into the triangle pools. */
    public int triangle = -1;

    @Override
    public String toString() {
        return "Hit[t=" + t + ", u=" + u + ", v=" + v + ", instance=" + instance + ", triangle=" + triangle + "]";
    }
}
