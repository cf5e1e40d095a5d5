package dev.lucent.material;

import org.joml.Vector3f;
import org.joml.Vector3fc;

/**
 * Fresnel reflectance. Angles are measured from the surface normal on the side the light arrives from;
 * {@code eta} is always n(transmitted side) / n(incident side).
 */
public final class Fresnel {
    private Fresnel() {}

    /**
     * Exact unpolarised reflectance of a smooth dielectric interface (Born and Wolf): the mean of the s and p
     * amplitudes squared. Returns 1 under total internal reflection. {@code cosThetaI} is taken in absolute
     * value.
     */
    public static float dielectric(float cosThetaI, float eta) {
        float ci = Math.min(Math.abs(cosThetaI), 1);
        float sin2T = (1 - ci * ci) / (eta * eta);
        if (sin2T >= 1) return 1;
        float ct = (float) Math.sqrt(1 - sin2T);
        float rs = (ci - eta * ct) / (ci + eta * ct);
        float rp = (eta * ci - ct) / (eta * ci + ct);
        return 0.5f * (rs * rs + rp * rp);
    }

    /** Schlick's approximation F0 + (1 - F0)(1 - cos)^5, the glTF conductor Fresnel for one channel. */
    public static float schlick(float cosTheta, float f0) {
        float m = 1 - Math.min(Math.abs(cosTheta), 1);
        float m2 = m * m;
        return f0 + (1 - f0) * (m2 * m2 * m);
    }

    /**
     * Cosine-weighted hemispherical average of {@link #dielectric}, 2 * integral over mu in [0,1] of F(mu) mu:
     * the fraction of diffuse (Lambertian) light the interface reflects. For eta > 1 the integral's closed form
     * (FresnelTest checks it against quadrature to 1e-6); for eta < 1 the reciprocity relation
     * 1 - Fbar(1/eta) = (1 - Fbar(eta)) / eta^2. Double precision: the closed form cancels near eta = 1.
     */
    public static double diffuseReflectance(double eta) {
        if (Math.abs(eta - 1) < 1e-4) return 0;
        if (eta < 1) return 1 - (1 - diffuseReflectance(1 / eta)) * eta * eta;
        double n = eta, n2 = n * n, n4 = n2 * n2;
        return 0.5 + (n - 1) * (3 * n + 1) / (6 * (n + 1) * (n + 1))
                + n2 * (n2 - 1) * (n2 - 1) / ((n2 + 1) * (n2 + 1) * (n2 + 1)) * Math.log((n - 1) / (n + 1))
                - 2 * n2 * n * (n2 + 2 * n - 1) / ((n2 + 1) * (n4 - 1))
                + 8 * n4 * (n4 + 1) / ((n2 + 1) * (n4 - 1) * (n4 - 1)) * Math.log(n);
    }

    /**
     * Refracts {@code w} (unit, pointing away from the surface on the side {@code n} points to, so w.n > 0)
     * through the interface with normal {@code n} and relative index {@code eta}. Writes the transmitted
     * direction (unit, pointing away on the other side) to {@code out}; returns false under total internal
     * reflection, leaving {@code out} unchanged. {@code out} may alias {@code w}.
     */
    public static boolean refract(Vector3fc w, Vector3fc n, float eta, Vector3f out) {
        float cosI = w.dot(n);
        float sin2T = Math.max(0, 1 - cosI * cosI) / (eta * eta);
        if (sin2T >= 1) return false;
        float cosT = (float) Math.sqrt(1 - sin2T);
        float k = cosI / eta - cosT;
        out.set(-w.x() / eta + k * n.x(), -w.y() / eta + k * n.y(), -w.z() / eta + k * n.z());
        return true;
    }

    /** Mirror reflection of {@code w} about the unit vector {@code n}: 2 (w.n) n - w. {@code out} may alias w. */
    public static void reflect(Vector3fc w, Vector3fc n, Vector3f out) {
        float d = 2 * w.dot(n);
        out.set(d * n.x() - w.x(), d * n.y() - w.y(), d * n.z() - w.z());
    }
}
