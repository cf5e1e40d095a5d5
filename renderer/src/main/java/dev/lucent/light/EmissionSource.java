package dev.lucent.light;

/**
 * Emission of the scene's triangles, supplied by the integrator (wired to the material evaluator, which knows
 * materials, emissive textures and UVs). Triangles are named as in LcEmitter: the instance and the global
 * triangle index (LcMesh.firstTriangle already added). Implementations must be thread-safe.
 */
public interface EmissionSource {
    /**
     * Emitted radiance (linear RGB, W/(m^2 sr)) of the triangle's front face at barycentrics (b1, b2), the point
     * being {@code (1 - b1 - b2) p0 + b1 p1 + b2 p2} for the triangle's vertices p0, p1, p2 in index order.
     */
    void emission(int instance, int triangle, float b1, float b2, float[] rgbOut);

    /** True if the triangle's material emits from both faces (LC_MATERIAL_DOUBLE_SIDED). */
    boolean doubleSided(int instance, int triangle);
}
