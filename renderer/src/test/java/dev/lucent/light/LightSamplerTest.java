package dev.lucent.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.TestSceneBuilder;
import dev.lucent.core.Layout;
import dev.lucent.light.LightTestGeometry.ConstantEmission;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LightSamplerTest {
    static final float[] UNIT_TRIANGLE = TriangleLightTest.UNIT_TRIANGLE;
    static final int[] ONE_TRIANGLE = TriangleLightTest.ONE_TRIANGLE;

    /** Scene with one emissive triangle of radiance L (grey), front face towards +z, world vertices given. */
    static TestSceneBuilder triangleScene(float[] world, ConstantEmission emission, float radiance) {
        TestSceneBuilder b = new TestSceneBuilder();
        int mesh = b.mesh(world, ONE_TRIANGLE);
        int inst = b.instance(mesh, TestSceneBuilder.IDENTITY);
        b.emitter(inst, 0, radiance * area(world) * (float) Math.PI);
        emission.set(inst, 0, radiance, radiance, radiance, false);
        return b;
    }

    static float area(float[] v) {
        double e1x = v[3] - v[0], e1y = v[4] - v[1], e1z = v[5] - v[2];
        double e2x = v[6] - v[0], e2y = v[7] - v[1], e2z = v[8] - v[2];
        double cx = e1y * e2z - e1z * e2y, cy = e1z * e2x - e1x * e2z, cz = e1x * e2y - e1y * e2x;
        return (float) (0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz));
    }

    /** Monte Carlo irradiance at x with normal n from sampleLight: mean of Le cos+ / pdf. */
    static double estimateIrradiance(LightSampler sampler, double[] x, double[] n, int samples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LightSample s = new LightSample();
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            if (!sampler.sampleLight((float) x[0], (float) x[1], (float) x[2], (float) rng.nextDouble(),
                    (float) rng.nextDouble(), (float) rng.nextDouble(), s)) {
                continue;
            }
            double cos = Math.max(0, s.wiX * n[0] + s.wiY * n[1] + s.wiZ * n[2]);
            sum += Luminance.of(s.leR, s.leG, s.leB) * cos / s.pdf;
        }
        return sum / samples;
    }

    @Test
    void smallDistantTriangleGivesTheSolidAngleApproximation() {
        // 0.2 m triangle 10 m above the point, facing it (front face -z: vertices clockwise seen from +z)
        float[] tri = {0, 0, 10, 0, 0.2f, 10, 0.2f, 0, 10};
        ConstantEmission emission = new ConstantEmission();
        try (CompiledScene s = triangleScene(tri, emission, 50f).build()) {
            LightSampler sampler = new LightSampler(s, emission);
            double[] x = {0.0667, 0.0667, 0}, n = {0, 0, 1};
            double expected = 50 * 0.02 / 100.0; // L A cos cos / d^2, cosines 1 at the centroid
            double estimate = estimateIrradiance(sampler, x, n, 20_000, 31);
            assertEquals(expected, estimate, 2e-3 * expected);
            assertEquals(LightTestGeometry.polygonIrradiance(x, n, tri, 50), estimate, 1e-3 * expected);
        }
    }

    @Test
    void largeTriangleMatchesLambertsPolygonFormula() {
        float[] tri = {-1, -0.5f, 1.5f, 0.5f, 2, 0.8f, 2, -1, 1.2f}; // tilted, close, facing -z-ish
        float[] flipped = {tri[0], tri[1], tri[2], tri[6], tri[7], tri[8], tri[3], tri[4], tri[5]};
        ConstantEmission emission = new ConstantEmission();
        double[] x = {0.1, 0.2, 0}, n = {0, Math.sin(0.3), Math.cos(0.3)};
        // pick the winding whose front face (counter-clockwise side) looks at the shading point
        double e1x = tri[3] - tri[0], e1y = tri[4] - tri[1], e1z = tri[5] - tri[2];
        double e2x = tri[6] - tri[0], e2y = tri[7] - tri[1], e2z = tri[8] - tri[2];
        double facingX = (e1y * e2z - e1z * e2y) * (x[0] - tri[0]) + (e1z * e2x - e1x * e2z) * (x[1] - tri[1])
                + (e1x * e2y - e1y * e2x) * (x[2] - tri[2]);
        float[] facing = facingX > 0 ? tri : flipped;
        try (CompiledScene s = triangleScene(facing, emission, 3f).build()) {
            LightSampler sampler = new LightSampler(s, emission);
            double expected = LightTestGeometry.polygonIrradiance(x, n, facing, 3);
            double estimate = estimateIrradiance(sampler, x, n, 200_000, 32);
            assertEquals(expected, estimate, 0.01 * expected);
        }
    }

    @Test
    void agreesWithUniformSphereSampling() {
        float[] tri = {-0.6f, -0.6f, 1, -0.6f, 0.8f, 1, 0.9f, -0.4f, 1}; // clockwise from +z: front faces -z
        ConstantEmission emission = new ConstantEmission();
        try (CompiledScene s = triangleScene(tri, emission, 2f).build()) {
            LightSampler sampler = new LightSampler(s, emission);
            double[] x = {0, 0, 0}, n = {0.2, 0, Math.sqrt(0.96)};
            double lightSampling = estimateIrradiance(sampler, x, n, 100_000, 33);
            SplittableRandom rng = new SplittableRandom(34);
            int samples = 1_000_000;
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                double z = 1 - 2 * rng.nextDouble(), phi = 2 * Math.PI * rng.nextDouble(), r = Math.sqrt(1 - z * z);
                double dx = r * Math.cos(phi), dy = r * Math.sin(phi);
                if (LightTestGeometry.intersect(0, 0, 0, dx, dy, z, tri) < Double.POSITIVE_INFINITY) {
                    sum += 2 * Math.max(0, dx * n[0] + dy * n[1] + z * n[2]);
                }
            }
            double sphereSampling = sum * 4 * Math.PI / samples;
            assertEquals(sphereSampling, lightSampling, 0.02 * sphereSampling);
            assertEquals(LightTestGeometry.polygonIrradiance(x, n, tri, 2), lightSampling, 0.005 * lightSampling);
        }
    }

    @Test
    void allLightKindsTogetherGiveTheSumOfTheirIrradiances() {
        float[] tri = {-0.5f, -0.5f, 2, -0.5f, 0.5f, 2, 0.5f, -0.5f, 2};
        ConstantEmission emission = new ConstantEmission();
        float background = 0.25f;
        TestSceneBuilder b = triangleScene(tri, emission, 4f).background(background, background, background)
                .bounds(-1, -1, -1, 1, 1, 1)
                .light(Layout.LC_LIGHT_POINT, new float[] {1, 0, 1}, new float[] {0, 0, -1}, new float[] {5, 5, 5},
                        0, 0, 0)
                .light(Layout.LC_LIGHT_DIRECTIONAL, new float[3], new float[] {0, 0, -1}, new float[] {0.5f, 0.5f, 0.5f},
                        0, 0, 0);
        try (CompiledScene s = b.build()) {
            LightSampler sampler = new LightSampler(s, emission);
            double[] x = {0, 0, 0}, n = {0, 0, 1};
            double point = 5 * Math.sqrt(0.5) / 2; // I cos / d^2, d^2 = 2, cos = 1/sqrt 2
            double sun = 0.5;
            double env = Math.PI * background; // uniform radiance over the upper hemisphere, unoccluded
            double triangle = LightTestGeometry.polygonIrradiance(x, n, tri, 4);
            double expected = point + sun + env + triangle;
            double estimate = estimateIrradiance(sampler, x, n, 400_000, 35);
            assertEquals(expected, estimate, 0.01 * expected);
        }
    }

    @Test
    void groupsAreChosenByEstimatedPower() {
        float[] tri = {0, 0, 2, 0, 1, 2, 1, 0, 2};
        ConstantEmission emission = new ConstantEmission();
        TestSceneBuilder b = triangleScene(tri, emission, 1f).background(0.1f, 0.1f, 0.1f)
                .bounds(0, 0, 0, 2, 2, 1)
                .light(Layout.LC_LIGHT_POINT, new float[] {0, 0, 1}, new float[] {0, 0, -1}, new float[] {0.2f, 0.2f, 0.2f},
                        0, 0, 0);
        try (CompiledScene s = b.build()) {
            LightSampler sampler = new LightSampler(s, emission);
            double radius = 1.5; // half the diagonal of a 2 x 2 x 1 box
            double[] power = {4 * Math.PI * 0.2, 0.5 * Math.PI, 0.1 * Math.PI * 4 * Math.PI * radius * radius};
            double total = power[0] + power[1] + power[2];
            for (int g = 0; g < 3; g++) assertEquals(power[g] / total, sampler.groupPmf(g), 1e-5, "group " + g);
            int n = 60_000;
            long[] observed = new long[3];
            SplittableRandom rng = new SplittableRandom(36);
            LightSample out = new LightSample();
            for (int i = 0; i < n; i++) {
                // a point under the triangle facing it, so no emitter sample is rejected
                assertTrue(sampler.sampleLight(0.2f, 0.2f, 0, (float) rng.nextDouble(), (float) rng.nextDouble(),
                        (float) rng.nextDouble(), out));
                observed[out.isDelta ? 0 : out.distance == Float.POSITIVE_INFINITY ? 2 : 1]++;
            }
            double[] expected = new double[3];
            for (int g = 0; g < 3; g++) expected[g] = n * power[g] / total;
            ChiSquare.assertFits(observed, expected, "group selection");
        }
    }

    @Test
    void pdfLightEqualsTheSampledPdf() {
        TestSceneBuilder b = new TestSceneBuilder();
        int mesh = b.mesh(UNIT_TRIANGLE, ONE_TRIANGLE);
        int quad = b.mesh(new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, new int[] {0, 2, 1, 0, 3, 2});
        ConstantEmission emission = new ConstantEmission();
        // emitters above the shading point, front faces down (-z), none hiding another from it: the quad is
        // wound to face -z; instance a mirrors z (negative determinant), turning the +z front face to -z;
        // instance c swaps x and y and mirrors z (positive determinant) and is double-sided
        int a = b.instance(mesh, new float[] {1, 0, 0, -2, 0, 1, 0, -2, 0, 0, -1, 3});
        int q = b.instance(quad, new float[] {2, 0, 0, 0.5f, 0, 2, 0, 0.5f, 0, 0, 1, 2});
        int c = b.instance(mesh, new float[] {0, 1, 0, 1, 1, 0, 0, -3, 0, 0, -1, 4});
        int q0 = b.globalTriangle(quad, 0), q1 = b.globalTriangle(quad, 1);
        b.emitter(a, 0, 3).emitter(q, q0, 1).emitter(q, q1, 2).emitter(c, 0, 5);
        emission.set(a, 0, 3, 3, 3, false).set(q, q0, 1, 1, 1, false).set(q, q1, 2, 2, 2, false)
                .set(c, 0, 5, 4, 3, true);
        int w = 8, h = 4;
        float[] rgba = EnvironmentLightTest.randomMap(w, h, 3, 1, 37);
        b.environment(w, h, rgba, 0.01f, 0.6f)
                .light(Layout.LC_LIGHT_SPOT, new float[] {0, 0, 3}, new float[] {0, 0, -1}, new float[] {9, 9, 9},
                        0.9f, 0.8f, 0);
        try (CompiledScene s = b.build()) {
            LightSampler sampler = new LightSampler(s, emission);
            TriangleLight tris = sampler.emitters();
            SplittableRandom rng = new SplittableRandom(38);
            LightSample out = new LightSample();
            float px = 0.3f, py = -0.1f, pz = 0.2f;
            int[] seen = new int[3];
            float[] v = new float[9], p = new float[3];
            for (int i = 0; i < 20_000; i++) {
                if (!sampler.sampleLight(px, py, pz, (float) rng.nextDouble(), (float) rng.nextDouble(),
                        (float) rng.nextDouble(), out)) {
                    continue;
                }
                if (out.isDelta) {
                    seen[0]++;
                    continue;
                }
                if (out.distance == Float.POSITIVE_INFINITY) {
                    seen[2]++;
                    assertEquals(out.pdf, sampler.pdfLight(out.wiX, out.wiY, out.wiZ), 1e-6 * out.pdf);
                    continue;
                }
                // trace the sampled direction through every emitter, as a BSDF-sampled ray would be traced
                double best = Double.POSITIVE_INFINITY;
                int hit = -1;
                for (int e = 0; e < tris.count(); e++) {
                    for (int k = 0; k < 3; k++) {
                        tris.vertex(e, k, p);
                        System.arraycopy(p, 0, v, 3 * k, 3);
                    }
                    double t = LightTestGeometry.intersect(px, py, pz, out.wiX, out.wiY, out.wiZ, v);
                    if (t < best) {
                        best = t;
                        hit = e;
                    }
                }
                assertEquals(out.distance, best, 1e-4 * out.distance);
                seen[1]++;
                for (int k = 0; k < 3; k++) {
                    tris.vertex(hit, k, p);
                    System.arraycopy(p, 0, v, 3 * k, 3);
                }
                float nx = (v[4] - v[1]) * (v[8] - v[2]) - (v[5] - v[2]) * (v[7] - v[1]);
                float ny = (v[5] - v[2]) * (v[6] - v[0]) - (v[3] - v[0]) * (v[8] - v[2]);
                float nz = (v[3] - v[0]) * (v[7] - v[1]) - (v[4] - v[1]) * (v[6] - v[0]);
                float hx = (float) (px + out.wiX * best), hy = (float) (py + out.wiY * best);
                float hz = (float) (pz + out.wiZ * best);
                float pdf = sampler.pdfLight(px, py, pz, tris.instance(hit), tris.triangle(hit), hx, hy, hz, nx, ny, nz);
                assertEquals(out.pdf, pdf, 2e-3 * out.pdf, "emitter " + hit);
            }
            assertTrue(seen[0] > 100 && seen[1] > 1000 && seen[2] > 1000, java.util.Arrays.toString(seen));
            assertEquals(0f, sampler.pdfLight(px, py, pz, a, 5, 0, 0, 3, 0, 0, 1), "not an emitter");
        }
    }

    @Test
    void darkSceneSamplesNothing() {
        try (CompiledScene s = new TestSceneBuilder().build()) {
            LightSampler sampler = new LightSampler(s, new ConstantEmission());
            LightSample out = new LightSample();
            assertFalse(sampler.sampleLight(0, 0, 0, 0.5f, 0.5f, 0.5f, out));
            assertEquals(0f, out.pdf);
            assertEquals(0f, sampler.pdfLight(0, 1, 0));
            for (int g = 0; g < 3; g++) assertEquals(0f, sampler.groupPmf(g));
        }
    }
}
