package dev.lucent.scene.assimp;

import dev.lucent.scene.Material;

/**
 * Wavefront MTL (Blinn-Phong) parameters to Lucent's metallic-roughness {@link Material}. The values are what
 * Assimp reports for an MTL material (Assimp already turns "Tr" into opacity = 1 - Tr).
 *
 * <ul>
 * <li>Kd → baseColor (rgb), metallic = 0 (MTL describes dielectrics; Ks is not used: the specular lobe comes
 *     from the Fresnel term at the material's ior).
 * <li>Ns → roughness = (2 / (Ns + 2))^(1/4). The Phong exponent n and the Beckmann/GGX slope α are matched by
 *     α = sqrt(2 / (n + 2)) (Walter et al. 2007, "Microfacet Models for Refraction through Rough Surfaces",
 *     section 5.2), and glTF roughness is sqrt(α). Ns 0 → 1, Ns 10 → 0.639, Ns 100 → 0.374, Ns 1000 → 0.211.
 *     An explicit PBR "Pr" (roughness) or "Pm" (metallic) in the MTL wins over Ns and the default.
 * <li>Ke → emissive (emissiveStrength 1).
 * <li>d (or 1 - Tr) below 1: a see-through material. With illum 4, 6, 7 or 9 (the MTL illumination models
 *     with glass or refraction) it is a dielectric: transmission = 1 - d, ior = Ni (1.5 when Ni is absent or
 *     &lt;= 1), alpha stays OPAQUE, and the tint is Tf when Tf is not white, else Kd, else (Kd black, common for
 *     glass) white. Any other illum: alphaMode BLEND with baseColor alpha = d.
 * <li>Ni is carried as ior whenever it is above 1.
 * </ul>
 */
final class MtlMaterialMapping {
    private MtlMaterialMapping() {}

    /** Raw MTL values; absent values hold the MTL defaults (Assimp writes these defaults too). */
    record Mtl(String name, float[] kd, float[] ke, float ns, float opacity, float[] tf, float ni, int illum,
            Float pr, Float pm, boolean twoSided) {}

    static Material toMaterial(Mtl m) {
        Material out = new Material(m.name());
        out.baseColor = new float[] {m.kd()[0], m.kd()[1], m.kd()[2], 1};
        out.metallic = m.pm() != null ? clamp01(m.pm()) : 0;
        out.roughness = m.pr() != null ? clamp01(m.pr()) : roughnessFromShininess(m.ns());
        out.emissive = m.ke().clone();
        out.doubleSided = m.twoSided();
        if (m.ni() > 1) out.ior = m.ni();
        float opacity = clamp01(m.opacity());
        if (opacity < 1) {
            if (isGlassIllum(m.illum())) {
                out.transmission = 1 - opacity;
                if (m.ni() <= 1) out.ior = 1.5f;
                float[] tint = !isWhite(m.tf()) ? m.tf() : isBlack(m.kd()) ? new float[] {1, 1, 1} : m.kd();
                out.baseColor = new float[] {tint[0], tint[1], tint[2], 1};
                out.metallic = 0;
            } else {
                out.alphaMode = Material.AlphaMode.BLEND;
                out.baseColor[3] = opacity;
            }
        }
        return out;
    }

    /** glTF roughness for a Phong exponent: (2 / (Ns + 2))^(1/4), clamped to [0, 1]. */
    static float roughnessFromShininess(float ns) {
        if (!(ns > 0)) return 1;
        return clamp01((float) Math.pow(2.0 / (ns + 2.0), 0.25));
    }

    /** MTL illum 4 (glass), 6 and 7 (refraction), 9 (glass, no ray-traced reflection). */
    static boolean isGlassIllum(int illum) { return illum == 4 || illum == 6 || illum == 7 || illum == 9; }

    private static boolean isWhite(float[] c) { return c == null || (c[0] >= 1 && c[1] >= 1 && c[2] >= 1); }

    private static boolean isBlack(float[] c) { return c[0] <= 0 && c[1] <= 0 && c[2] <= 0; }

    private static float clamp01(float v) { return Float.isNaN(v) ? 0 : Math.max(0, Math.min(1, v)); }
}
