package dev.lucent.material;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

class FresnelTest {
    @Test
    void normalIncidenceIsSquaredReflectionCoefficient() {
        for (float eta : new float[] {1.33f, 1.5f, 2.4f, 1 / 1.5f}) {
            float r = (eta - 1) / (eta + 1);
            assertEquals(r * r, Fresnel.dielectric(1, eta), 1e-6, "eta " + eta);
        }
        assertEquals(0.04f, Fresnel.dielectric(1, 1.5f), 1e-6);
    }

    @Test
    void brewsterAngleKillsThePComponent() {
        float eta = 1.5f;
        double thetaB = Math.atan(eta);
        double ci = Math.cos(thetaB), ct = Math.sin(thetaB); // at Brewster, theta_i + theta_t = 90 degrees
        double rs = (ci - eta * ct) / (ci + eta * ct);
        assertEquals(0.5 * rs * rs, Fresnel.dielectric((float) ci, eta), 1e-6);
    }

    @Test
    void totalInternalReflectionBeyondCriticalAngle() {
        float eta = 1 / 1.5f; // leaving glass
        float cosCritical = (float) Math.sqrt(1 - eta * eta);
        assertEquals(1, Fresnel.dielectric(cosCritical - 1e-3f, eta));
        assertTrue(Fresnel.dielectric(cosCritical + 1e-2f, eta) < 1);
        assertEquals(1, Fresnel.dielectric(0, 1.5f), 1e-6); // grazing from outside
        Vector3f out = new Vector3f(7, 7, 7);
        assertFalse(Fresnel.refract(new Vector3f(0.9f, 0, (float) Math.sqrt(1 - 0.81)), new Vector3f(0, 0, 1),
                eta, out));
        assertEquals(7, out.x);
    }

    @Test
    void refractionObeysSnell() {
        float eta = 1.5f;
        Vector3f n = new Vector3f(0, 0, 1);
        for (float thetaDeg = 0; thetaDeg < 90; thetaDeg += 7.5f) {
            double th = Math.toRadians(thetaDeg);
            Vector3f w = new Vector3f((float) Math.sin(th) * 0.6f, (float) Math.sin(th) * 0.8f, (float) Math.cos(th));
            Vector3f t = new Vector3f();
            assertTrue(Fresnel.refract(w, n, eta, t));
            assertEquals(1, t.length(), 1e-5);
            assertTrue(t.z < 0);
            double sinT = Math.sqrt(t.x * t.x + t.y * t.y);
            assertEquals(Math.sin(th) / eta, sinT, 1e-5, "theta " + thetaDeg);
            // Refracted tangential component points opposite to the incident direction's (it continues onward).
            assertTrue(thetaDeg == 0 || t.x * w.x < 0);
            Vector3f back = new Vector3f();
            assertTrue(Fresnel.refract(t, n.negate(new Vector3f()), 1 / eta, back)); // reversibility
            assertEquals(w.x, back.x, 1e-5);
            assertEquals(w.y, back.y, 1e-5);
            assertEquals(w.z, back.z, 1e-5);
        }
    }

    @Test
    void schlickMatchesDefinition() {
        assertEquals(0.3f, Fresnel.schlick(1, 0.3f), 1e-7);
        assertEquals(1, Fresnel.schlick(0, 0.3f), 1e-7);
        assertEquals(0.3f + 0.7f / 32, Fresnel.schlick(0.5f, 0.3f), 1e-7);
    }

    /** 2 * integral of F(mu) mu over [0,1] by composite Simpson, split at the critical angle. */
    private static double quadrature(double eta) {
        double muC = eta < 1 ? Math.sqrt(1 - eta * eta) : 0;
        return 2 * (simpson(0, muC, eta) + simpson(muC, 1, eta));
    }

    private static double simpson(double a, double b, double eta) {
        int n = 20000;
        double hh = (b - a) / n, sum = 0;
        for (int i = 0; i <= n; i++) {
            double mu = a + i * hh;
            double f = mu * exactFresnel(mu, eta);
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * hh / 3;
    }

    private static double exactFresnel(double ci, double eta) {
        double s2 = (1 - ci * ci) / (eta * eta);
        if (s2 >= 1) return 1;
        double ct = Math.sqrt(1 - s2);
        double rs = (ci - eta * ct) / (ci + eta * ct), rp = (eta * ci - ct) / (eta * ci + ct);
        return 0.5 * (rs * rs + rp * rp);
    }

    @Test
    void diffuseReflectanceClosedFormMatchesQuadrature() {
        for (double eta : new double[] {1.01, 1.1, 1.33, 1.5, 2, 3, 5, 1 / 1.5, 1 / 1.1}) {
            assertEquals(quadrature(eta), Fresnel.diffuseReflectance(eta), 1e-6, "eta " + eta);
        }
        assertEquals(0.0917780, Fresnel.diffuseReflectance(1.5), 1e-6);
        assertEquals(0, Fresnel.diffuseReflectance(1), 0);
    }
}
