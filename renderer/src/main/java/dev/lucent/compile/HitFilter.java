package dev.lucent.compile;

/**
 * Decides whether a candidate hit counts, for alpha cut-outs. {@link SceneIntersector} consults it only for
 * triangles whose material has LC_MATERIAL_ALPHA_MASK or LC_MATERIAL_ALPHA_BLEND; every other hit is
 * accepted without a call. Called from the tracing thread; must not allocate on hot paths.
 */
@FunctionalInterface
public interface HitFilter {
    /**
     * @param instance LcInstance index
     * @param triangle global triangle index
     * @param u barycentric weight of the second vertex
     * @param v barycentric weight of the third vertex
     * @return true if the surface is there (the hit counts), false to let the ray pass through
     */
    boolean accept(int instance, int triangle, float u, float v);
}
