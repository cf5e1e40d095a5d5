package dev.lucent.material;

import org.joml.Vector3f;
import org.joml.Vector3fc;

/**
 * glTF {@code specular_btdf} (KHR_materials_transmission): GGX microfacet refraction after Walter et al. 2007,
 * "Microfacet Models for Refraction through Rough Surfaces", eq. 21, without the (1 - F) factor and the tint
 * (the caller applies both). Local frame with wo.z > 0 and wi.z < 0; {@code eta} = n(wi side) / n(wo side).
 * Generalised half vector h = normalize(wo + eta wi), flipped to h.z > 0.
 *
 * <p>Lucent's BTDF omits Walter's 1/eta^2 radiance-compression factor (pbrt-v4's TransportMode::Radiance
 * scaling): it cancels on every path that enters and leaves a closed dielectric, and camera and lights sit in
 * the outside medium. Without it the lobe's albedo is at most 1 in both directions; the price is that
 * f(wo, wi) = eta^2 f(wi, wo) instead of the symmetric form.
 */
public final class SpecularBtdf {
    private SpecularBtdf() {}

    /**
     * Writes the generalised half vector of a transmission pair; false when (wo, wi) is not a transmission
     * pair or h would be back-facing to either direction (Walter's "microfacet must face both" condition).
     */
    public static boolean halfVector(Vector3fc wo, Vector3fc wi, float eta, Vector3f h) {
        if (wo.z() <= 0 || wi.z() >= 0) return false;
        h.set(wi).mul(eta).add(wo);
        float len2 = h.lengthSquared();
        if (!(len2 > 0)) return false;
        h.mul(1 / (float) Math.sqrt(len2));
        if (h.z < 0) h.negate();
        return wo.dot(h) > 0 && wi.dot(h) < 0;
    }

    /** The denominator (wi.h + wo.h / eta)^2 shared by the BTDF and its Jacobian. */
    private static float denom(Vector3fc wo, Vector3fc wi, Vector3fc h, float eta) {
        float s = wi.dot(h) + wo.dot(h) / eta;
        return s * s;
    }

    /** D G2 |wi.h| |wo.h| / (|cos theta_i| |cos theta_o| (wi.h + wo.h/eta)^2), h from {@link #halfVector}. */
    public static float eval(Vector3fc wo, Vector3fc wi, Vector3fc h, float alpha, float eta) {
        float dn = denom(wo, wi, h, eta);
        if (!(dn > 0)) return 0;
        return GgxDistribution.d(h, alpha) * GgxDistribution.g2(wo, wi, alpha)
                * Math.abs(wi.dot(h) * wo.dot(h)) / (Math.abs(wi.z() * wo.z()) * dn);
    }

    /** Density of refracting wo through a visible normal: D_wo(h) |wi.h| / (wi.h + wo.h/eta)^2. */
    public static float pdf(Vector3fc wo, Vector3fc wi, Vector3fc h, float alpha, float eta) {
        float dn = denom(wo, wi, h, eta);
        if (!(dn > 0)) return 0;
        return GgxDistribution.pdfVisibleNormal(wo, h, alpha) * Math.abs(wi.dot(h)) / dn;
    }

    /** Refracts wo through the microfacet h; false under total internal reflection or if wi ends above. */
    public static boolean refractThrough(Vector3fc wo, Vector3fc h, float eta, Vector3f wi) {
        return Fresnel.refract(wo, h, eta, wi) && wi.z < 0;
    }
}
