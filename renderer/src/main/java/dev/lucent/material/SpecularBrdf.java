package dev.lucent.material;

import org.joml.Vector3f;
import org.joml.Vector3fc;

/**
 * glTF {@code specular_brdf}: GGX microfacet reflection D G2 / (4 |cos theta_o| |cos theta_i|) without the
 * Fresnel factor (the caller multiplies the Fresnel of its layer: dielectric or conductor). Local frame,
 * wo.z > 0, reflection only; half vector h = normalize(wo + wi). Sampled through visible normals, whose
 * reflection Jacobian is 1 / (4 wo.h).
 */
public final class SpecularBrdf {
    private SpecularBrdf() {}

    /** Writes the reflection half vector; false when wo and wi are not both above the surface. */
    public static boolean halfVector(Vector3fc wo, Vector3fc wi, Vector3f h) {
        if (wo.z() <= 0 || wi.z() <= 0) return false;
        h.set(wo).add(wi);
        float len2 = h.lengthSquared();
        if (!(len2 > 0)) return false;
        h.mul(1 / (float) Math.sqrt(len2));
        return true;
    }

    /** D(h) G2(wo, wi) / (4 cos theta_o cos theta_i), h the reflection half vector of (wo, wi). */
    public static float eval(Vector3fc wo, Vector3fc wi, Vector3fc h, float alpha) {
        return GgxDistribution.d(h, alpha) * GgxDistribution.g2(wo, wi, alpha) / (4 * wo.z() * wi.z());
    }

    /** Density of reflecting wo about a visible normal: D_wo(h) / (4 wo.h). */
    public static float pdf(Vector3fc wo, Vector3fc h, float alpha) {
        float woh = wo.dot(h);
        return woh > 0 ? GgxDistribution.pdfVisibleNormal(wo, h, alpha) / (4 * woh) : 0;
    }

    /** Samples h from the visible normals and reflects; false when wi falls below the surface. */
    public static boolean sample(Vector3fc wo, float alpha, float u0, float u1, Vector3f h, Vector3f wi) {
        GgxDistribution.sampleVisibleNormal(wo, alpha, u0, u1, h);
        Fresnel.reflect(wo, h, wi);
        return wi.z > 0;
    }
}
