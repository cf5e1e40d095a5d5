package dev.lucent.material;

import dev.lucent.sampling.Warps;
import org.joml.Vector3f;
import org.joml.Vector3fc;

/**
 * glTF {@code diffuse_brdf}: Lambertian reflection 1/pi (times the colour and weights {@link GltfBsdf}
 * applies), sampled with the cosine-weighted hemisphere. Local frame, wo.z > 0; reflection only.
 */
public final class DiffuseBrdf {
    private DiffuseBrdf() {}

    static final float INV_PI = (float) (1 / Math.PI);

    /** f = 1/pi when wo and wi are both above the surface, else 0. */
    public static float eval(Vector3fc wo, Vector3fc wi) {
        return wo.z() > 0 && wi.z() > 0 ? INV_PI : 0;
    }

    /** Density of {@link #sample}: cos(theta_i)/pi above the surface. */
    public static float pdf(Vector3fc wo, Vector3fc wi) {
        return wo.z() > 0 ? Warps.cosineHemispherePdf(wi.z()) : 0;
    }

    /** Cosine-weighted direction above the surface; returns false if it lands on the horizon. */
    public static boolean sample(float u0, float u1, float[] scratch3, Vector3f wi) {
        Warps.sampleCosineHemisphere(u0, u1, scratch3);
        wi.set(scratch3[0], scratch3[1], scratch3[2]);
        return wi.z > 0;
    }
}
