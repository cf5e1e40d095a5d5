package dev.lucent.material;

import org.joml.Vector3f;
import org.joml.Vector3fc;

/**
 * The isotropic GGX (Trowbridge-Reitz) microfacet distribution in the local shading frame (+z = macro normal),
 * with height-correlated Smith masking-shadowing and visible-normal sampling. Sources: Walter et al. 2007,
 * "Microfacet Models for Refraction through Rough Surfaces" (D, G1); Heitz 2014, "Understanding the
 * Masking-Shadowing Function in Microfacet-Based BRDFs" (Lambda, height-correlated G2); Heitz 2018,
 * "Sampling the GGX Distribution of Visible Normals" (sampling). {@code alpha} is the GGX width,
 * roughness^2 in glTF terms. Directions are unit vectors; microfacet normals h have h.z >= 0.
 */
public final class GgxDistribution {
    private GgxDistribution() {}

    /**
     * Below this alpha (roughness about 0.032) a specular lobe is a perfect mirror/refractor: the lobes are
     * narrower than float directions resolve and light sampling could never hit them. Same value as pbrt-v4.
     */
    public static final float DELTA_ALPHA = 1e-3f;

    /** GGX width alpha = roughness^2 for a glTF perceptual roughness (clamped to [0, 1]). */
    public static float alpha(float roughness) {
        float r = Math.min(Math.max(roughness, 0), 1);
        return r * r;
    }

    /** True when lobes of this alpha are treated as Dirac deltas. */
    public static boolean isDelta(float alpha) {
        return alpha < DELTA_ALPHA;
    }

    /**
     * Microfacet normal density D(h) (1/sr, normalised so that the integral of D(h) h.z over the hemisphere is
     * 1). Written as alpha^2 / (pi (alpha^2 z^2 + x^2 + y^2)^2), which avoids the cancellation in
     * 1 - z^2 (1 - alpha^2) for the narrow lobes.
     */
    public static float d(Vector3fc h, float alpha) {
        if (h.z() <= 0) return 0;
        float a2 = alpha * alpha;
        float t = a2 * h.z() * h.z() + h.x() * h.x() + h.y() * h.y();
        return a2 / ((float) Math.PI * t * t);
    }

    /** Smith Lambda(w) = (sqrt(1 + alpha^2 tan^2 theta) - 1) / 2; infinite at grazing. */
    public static float lambda(Vector3fc w, float alpha) {
        float z2 = w.z() * w.z();
        if (z2 == 0) return Float.POSITIVE_INFINITY;
        float tan2 = (w.x() * w.x() + w.y() * w.y()) / z2;
        return 0.5f * ((float) Math.sqrt(1 + alpha * alpha * tan2) - 1);
    }

    /** Smith masking G1(w) = 1 / (1 + Lambda(w)). */
    public static float g1(Vector3fc w, float alpha) {
        return 1 / (1 + lambda(w, alpha));
    }

    /** Height-correlated masking-shadowing G2(wo, wi) = 1 / (1 + Lambda(wo) + Lambda(wi)). */
    public static float g2(Vector3fc wo, Vector3fc wi, float alpha) {
        return 1 / (1 + lambda(wo, alpha) + lambda(wi, alpha));
    }

    /**
     * Density of visible normals D_wo(h) = G1(wo) max(0, wo.h) D(h) / |wo.z| (1/sr over h), the density
     * {@link #sampleVisibleNormal} draws h with.
     */
    public static float pdfVisibleNormal(Vector3fc wo, Vector3fc h, float alpha) {
        float cosO = Math.abs(wo.z());
        if (cosO == 0) return 0;
        return g1(wo, alpha) * Math.max(0, wo.dot(h)) * d(h, alpha) / cosO;
    }

    /**
     * Draws a microfacet normal h visible from {@code wo} (wo.z > 0) with density {@link #pdfVisibleNormal}
     * (Heitz 2018, listing 1): stretch wo to the alpha = 1 configuration, sample the projected hemisphere as a
     * disk warped toward the visible half, lift, unstretch. Writes unit h (h.z >= 0) to {@code h}.
     */
    public static void sampleVisibleNormal(Vector3fc wo, float alpha, float u0, float u1, Vector3f h) {
        // Stretched view direction (hemisphere configuration).
        float vx = alpha * wo.x(), vy = alpha * wo.y(), vz = wo.z();
        float invLen = 1 / (float) Math.sqrt(vx * vx + vy * vy + vz * vz);
        vx *= invLen;
        vy *= invLen;
        vz *= invLen;
        // Orthonormal basis (t1, t2, v) around the stretched view direction.
        float lensq = vx * vx + vy * vy;
        float t1x, t1y, t1z;
        if (lensq > 0) {
            float inv = 1 / (float) Math.sqrt(lensq);
            t1x = -vy * inv;
            t1y = vx * inv;
            t1z = 0;
        } else {
            t1x = 1;
            t1y = 0;
            t1z = 0;
        }
        float t2x = vy * t1z - vz * t1y, t2y = vz * t1x - vx * t1z, t2z = vx * t1y - vy * t1x;
        // Uniform disk point, then the half of the disk hidden from v is squeezed into the visible half.
        float r = (float) Math.sqrt(u0);
        float phi = 2 * (float) Math.PI * u1;
        float p1 = r * (float) Math.cos(phi), p2 = r * (float) Math.sin(phi);
        float s = 0.5f * (1 + vz);
        p2 = (1 - s) * (float) Math.sqrt(Math.max(0, 1 - p1 * p1)) + s * p2;
        float pz = (float) Math.sqrt(Math.max(0, 1 - p1 * p1 - p2 * p2));
        // Hemisphere normal, then unstretch back to the ellipsoid configuration.
        float nx = p1 * t1x + p2 * t2x + pz * vx;
        float ny = p1 * t1y + p2 * t2y + pz * vy;
        float nz = p1 * t1z + p2 * t2z + pz * vz;
        h.set(alpha * nx, alpha * ny, Math.max(1e-7f, nz)).normalize();
    }
}
