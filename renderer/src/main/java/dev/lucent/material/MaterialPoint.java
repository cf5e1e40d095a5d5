package dev.lucent.material;

import org.joml.Vector3f;

/**
 * A material's values at one surface point, as {@link MaterialEvaluator} produces them: BSDF parameters,
 * opacity, emission and the normal-map normal. Mutable, reused per thread.
 */
public final class MaterialPoint {
    /** Parameters for {@link GltfBsdf}, textures applied. */
    public final BsdfParams bsdf = new BsdfParams();
    /** Opacity: baseColor factor alpha times texture alpha, in [0, 1]. */
    public float alpha = 1;
    /** Emitted radiance (linear rgb, W/(sr m^2) scale of the scene): emission factor times the decoded texture. */
    public final Vector3f emission = new Vector3f();
    /**
     * Unit normal in tangent space (x along the tangent, y the bitangent, z the interpolated normal) from the
     * normal map, xy scaled by normalScale; (0, 0, 1) without a normal map. Apply with
     * {@link ShadingFrame#applyNormalMap}.
     */
    public final Vector3f normalTs = new Vector3f(0, 0, 1);
    public boolean hasNormalMap;
    /** LC_MATERIAL_* flags (double-sided, alpha mask, alpha blend), copied from the material. */
    public int flags;
    /** Alpha-mask threshold, copied from the material. */
    public float alphaCutoff;

    /** Scratch RGBA for texture lookups, so evaluation allocates nothing. */
    final float[] texel = new float[4];
}
