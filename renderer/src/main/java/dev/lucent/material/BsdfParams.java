package dev.lucent.material;

import org.joml.Vector3f;

/**
 * The glTF metallic-roughness parameters of one surface point, after textures (filled by
 * {@link MaterialEvaluator}, read by {@link GltfBsdf}). Plain and mutable so one instance per thread is reused
 * for every hit. Defaults are glTF's (white, fully metallic, fully rough, opaque, ior 1.5).
 */
public final class BsdfParams {
    /** Linear Rec.709 base colour (x = r, y = g, z = b), each in [0, 1]. */
    public final Vector3f baseColor = new Vector3f(1, 1, 1);
    /** Metal fraction in [0, 1]. */
    public float metallic = 1;
    /** Perceptual roughness in [0, 1]; the GGX alpha is roughness^2. */
    public float roughness = 1;
    /** KHR_materials_transmission fraction of the dielectric base that is specular transmission, [0, 1]. */
    public float transmission = 0;
    /** Index of refraction of the material relative to the medium outside (KHR_materials_ior), >= 1. */
    public float ior = 1.5f;

    public BsdfParams set(float r, float g, float b, float metallic, float roughness, float transmission,
            float ior) {
        baseColor.set(r, g, b);
        this.metallic = metallic;
        this.roughness = roughness;
        this.transmission = transmission;
        this.ior = ior;
        return this;
    }

    public BsdfParams set(BsdfParams o) {
        return set(o.baseColor.x, o.baseColor.y, o.baseColor.z, o.metallic, o.roughness, o.transmission, o.ior);
    }

    @Override
    public String toString() {
        return String.format("base=(%.3g,%.3g,%.3g) metallic=%.3g roughness=%.3g transmission=%.3g ior=%.3g",
                baseColor.x, baseColor.y, baseColor.z, metallic, roughness, transmission, ior);
    }
}
