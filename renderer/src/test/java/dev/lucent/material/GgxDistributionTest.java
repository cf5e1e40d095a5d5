package dev.lucent.material;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

class GgxDistributionTest {
    /** Midpoint quadrature over the hemisphere in (theta, phi) with a fine theta grid near the pole. */
    private interface SphericalFn { double at(Vector3f w); }

    private static double integrateHemisphere(SphericalFn f, int nTheta, int nPhi) {
        Vector3f w = new Vector3f();
        double sum = 0;
        for (int i = 0; i < nTheta; i++) {
            // theta = (pi/2) s^2 concentrates points at the pole, where the narrow lobes live.
            double s0 = (double) i / nTheta, s1 = (double) (i + 1) / nTheta, sm = (s0 + s1) / 2;
            double theta = Math.PI / 2 * sm * sm, dTheta = Math.PI / 2 * (s1 * s1 - s0 * s0);
            for (int j = 0; j < nPhi; j++) {
                double phi = 2 * Math.PI * (j + 0.5) / nPhi;
                w.set((float) (Math.sin(theta) * Math.cos(phi)), (float) (Math.sin(theta) * Math.sin(phi)),
                        (float) Math.cos(theta));
                sum += f.at(w) * Math.sin(theta) * dTheta * (2 * Math.PI / nPhi);
            }
        }
        return sum;
    }

    @Test
    void projectedMicrofacetAreaIsOne() {
        for (float alpha : new float[] {0.01f, 0.1f, 0.5f, 1f}) {
            double area = integrateHemisphere(h -> GgxDistribution.d(h, alpha) * h.z, 4000, 64);
            assertEquals(1, area, 2e-3, "alpha " + alpha);
        }
    }

    @Test
    void visibleNormalsIntegrateToOne() {
        for (float alpha : new float[] {0.05f, 0.3f, 1f}) {
            for (float cosO : new float[] {1f, 0.6f, 0.1f}) {
                Vector3f wo = new Vector3f((float) Math.sqrt(1 - cosO * cosO), 0, cosO);
                double total = integrateHemisphere(h -> GgxDistribution.pdfVisibleNormal(wo, h, alpha), 3000, 256);
                assertEquals(1, total, 3e-3, "alpha " + alpha + " cosO " + cosO);
            }
        }
    }

    @Test
    void smithLambdaKnownValues() {
        // alpha = 1, theta = 60 degrees: tan^2 = 3, Lambda = (sqrt(4) - 1)/2 = 1/2, G1 = 2/3.
        Vector3f w = new Vector3f((float) Math.sin(Math.PI / 3), 0, 0.5f);
        assertEquals(0.5f, GgxDistribution.lambda(w, 1), 1e-6);
        assertEquals(2f / 3, GgxDistribution.g1(w, 1), 1e-6);
        assertEquals(1f / 2, GgxDistribution.g2(w, w, 1), 1e-6); // 1 / (1 + 1/2 + 1/2)
        assertEquals(1, GgxDistribution.g1(new Vector3f(0, 0, 1), 0.7f), 0);
        assertEquals(0, GgxDistribution.g1(new Vector3f(1, 0, 0), 0.7f), 0);
        // D at the pole: 1 / (pi alpha^2).
        assertEquals(1 / (Math.PI * 0.01), GgxDistribution.d(new Vector3f(0, 0, 1), 0.1f), 1e-3);
    }

    @Test
    void sampledVisibleNormalsFaceTheViewer() {
        Vector3f wo = new Vector3f(0.8f, 0, 0.6f), h = new Vector3f();
        for (int i = 0; i < 1000; i++) {
            float u0 = (i % 37) / 37f, u1 = (i / 37) / 28f;
            GgxDistribution.sampleVisibleNormal(wo, 0.4f, u0, u1, h);
            assertEquals(1, h.length(), 1e-5);
            assertTrue(h.z > 0);
            assertTrue(wo.dot(h) >= -1e-6, "back-facing visible normal");
        }
        assertTrue(GgxDistribution.isDelta(GgxDistribution.alpha(0.03f)));
        assertFalse(GgxDistribution.isDelta(GgxDistribution.alpha(0.04f)));
    }
}
