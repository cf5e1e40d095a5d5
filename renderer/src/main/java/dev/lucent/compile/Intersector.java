package dev.lucent.compile;

/**
 * Ray queries against a compiled scene, in world space. {@link SceneIntersector} (two-level traversal of the
 * compiled TLAS and BLAS pools) is the reference; backends may trace through layouts derived from the same
 * scene (for example one flattened BVH) as long as they report the same hits: the same instance, global
 * triangle, barycentrics and ray parameter. Implementations are used by one thread at a time.
 */
public interface Intersector {
    /**
     * Closest hit along origin + t * direction with tMin &lt; t &lt; tMax (tMax may be infinite; the direction
     * need not be unit length). Fills {@code hit} and returns true when something was hit.
     */
    boolean intersect(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax, Hit hit);

    /** Whether anything lies along origin + t * direction with tMin &lt; t &lt; tMax. */
    boolean occluded(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax);
}
