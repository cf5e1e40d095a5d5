package dev.lucent.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarpsTest {
    private static final int N = 1 << 16;

    /** Stratified (Sobol) points so moment checks converge fast; dimension pair 0 of pixel 0. */
    private static float[][] points() {
        SobolSampler s = new SobolSampler();
        float[][] u = new float[N][2];
        for (int i = 0; i < N; i++) {
            s.startPixelSample(0, 0, i, 0L);
            s.get2D(u[i]);
        }
        return u;
    }

    @Test
    void cosineHemisphereHasCosineMoments() {
        float[] w = new float[3];
        double sumZ = 0, sumZ2 = 0;
        for (float[] u : points()) {
            Warps.sampleCosineHemisphere(u[0], u[1], w);
            assertEquals(1, w[0] * w[0] + w[1] * w[1] + w[2] * w[2], 1e-5);
            assertTrue(w[2] >= 0);
            sumZ += w[2];
            sumZ2 += w[2] * w[2];
        }
        // For p = cos/pi: E[cos] = 2/3, E[cos^2] = 1/2.
        assertEquals(2.0 / 3, sumZ / N, 1e-3);
        assertEquals(0.5, sumZ2 / N, 1e-3);
        assertEquals(0.5f / (float) Math.PI, Warps.cosineHemispherePdf(0.5f), 1e-7);
        assertEquals(0, Warps.cosineHemispherePdf(-0.1f));
    }

    @Test
    void uniformSphereAndHemisphereHaveUniformMoments() {
        float[] w = new float[3];
        double sphereZ = 0, sphereZ2 = 0, hemiZ = 0, sphereX = 0;
        for (float[] u : points()) {
            Warps.sampleUniformSphere(u[0], u[1], w);
            assertEquals(1, w[0] * w[0] + w[1] * w[1] + w[2] * w[2], 1e-5);
            sphereZ += w[2];
            sphereZ2 += w[2] * w[2];
            sphereX += w[0];
            Warps.sampleUniformHemisphere(u[0], u[1], w);
            assertTrue(w[2] >= 0);
            hemiZ += w[2];
        }
        assertEquals(0, sphereZ / N, 1e-3);
        assertEquals(0, sphereX / N, 1e-3);
        assertEquals(1.0 / 3, sphereZ2 / N, 1e-3);
        assertEquals(0.5, hemiZ / N, 1e-3);
        assertEquals(1 / (4 * Math.PI), Warps.uniformSpherePdf(), 1e-7);
        assertEquals(1 / (2 * Math.PI), Warps.uniformHemispherePdf(), 1e-7);
    }

    @Test
    void concentricDiskIsUniformOverAreaAndQuadrants() {
        float[] d = new float[2];
        double sumR2 = 0;
        int[] quadrant = new int[4];
        for (float[] u : points()) {
            Warps.sampleConcentricDisk(u[0], u[1], d);
            double r2 = d[0] * d[0] + d[1] * d[1];
            assertTrue(r2 <= 1 + 1e-6);
            sumR2 += r2;
            quadrant[(d[0] >= 0 ? 0 : 1) + (d[1] >= 0 ? 0 : 2)]++;
        }
        assertEquals(0.5, sumR2 / N, 1e-3); // uniform on the disk: r^2 ~ U(0,1)
        for (int q : quadrant) assertEquals(0.25, q / (double) N, 2e-3);
        Warps.sampleConcentricDisk(0.5f, 0.5f, d);
        assertEquals(0, d[0]);
        assertEquals(0, d[1]);
        Warps.sampleConcentricDisk(1f, 0.5f, d); // right edge of the square -> (1, 0)
        assertEquals(1, d[0], 1e-6);
        assertEquals(0, d[1], 1e-6);
    }

    @Test
    void uniformConeStaysInsideAndIsUniform() {
        float cosMax = 0.8f;
        float[] w = new float[3];
        double sumZ = 0;
        for (float[] u : points()) {
            Warps.sampleUniformCone(u[0], u[1], cosMax, w);
            assertTrue(w[2] >= cosMax - 1e-6 && w[2] <= 1);
            assertEquals(1, w[0] * w[0] + w[1] * w[1] + w[2] * w[2], 1e-5);
            sumZ += w[2];
        }
        assertEquals((1 + cosMax) / 2, sumZ / N, 1e-3); // z uniform on [cosMax, 1]
        assertEquals(1 / (2 * Math.PI * 0.2), Warps.uniformConePdf(cosMax), 1e-4);
    }

    @Test
    void uniformTriangleFillsEachQuarterEqually() {
        float[] b = new float[3];
        int[] quarter = new int[4];
        double[] mean = new double[3];
        for (float[] u : points()) {
            Warps.sampleUniformTriangle(u[0], u[1], b);
            assertTrue(b[0] >= 0 && b[1] >= 0 && b[2] >= -1e-6, b[0] + "," + b[1] + "," + b[2]);
            assertEquals(1, b[0] + b[1] + b[2], 1e-6);
            for (int i = 0; i < 3; i++) mean[i] += b[i];
            // Midpoint subdivision: corner triangle i has b_i > 1/2; the middle one has none.
            int q = b[0] > 0.5 ? 0 : b[1] > 0.5 ? 1 : b[2] > 0.5 ? 2 : 3;
            quarter[q]++;
        }
        for (int i = 0; i < 3; i++) assertEquals(1.0 / 3, mean[i] / N, 1e-3);
        for (int q : quarter) assertEquals(0.25, q / (double) N, 2e-3);
    }
}
