package dev.lucent.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.TestSceneBuilder;
import dev.lucent.core.Layout.LcEmitter;
import dev.lucent.light.LightTestGeometry.ConstantEmission;
import dev.lucent.scene.SceneException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TriangleLightTest {
    /** Unit right triangle in the z = 0 plane, counter-clockwise seen from +z (front face +z). */
    static final float[] UNIT_TRIANGLE = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    static final int[] ONE_TRIANGLE = {0, 1, 2};

    @Test
    void emittersAreChosenInProportionToPower() {
        TestSceneBuilder b = new TestSceneBuilder();
        int mesh = b.mesh(UNIT_TRIANGLE, ONE_TRIANGLE);
        float[] powers = {1, 0, 3, 6};
        ConstantEmission emission = new ConstantEmission();
        for (float p : powers) {
            int inst = b.instance(mesh, TestSceneBuilder.IDENTITY);
            b.emitter(inst, 0, p);
            emission.set(inst, 0, 1, 1, 1, false);
        }
        try (CompiledScene s = b.build()) {
            TriangleLight lights = TriangleLight.fromScene(s, emission);
            assertEquals(10f, lights.totalPower(), 1e-6);
            int n = 100_000;
            long[] observed = new long[4];
            double[] expected = new double[4];
            for (int i = 0; i < 4; i++) {
                assertEquals(powers[i] / 10f, lights.pmf(i), 1e-6);
                expected[i] = n * powers[i] / 10.0;
            }
            SplittableRandom rng = new SplittableRandom(21);
            for (int i = 0; i < n; i++) observed[lights.sampleEmitter((float) rng.nextDouble())]++;
            assertEquals(0, observed[1], "zero-power emitter chosen");
            ChiSquare.assertFits(observed, expected, "emitter selection");
            assertEquals(0, lights.sampleEmitter(0f));
            assertEquals(3, lights.sampleEmitter(1f));
        }
    }

    @Test
    void samplesAreUniformOnTheWorldTriangle() {
        TestSceneBuilder b = new TestSceneBuilder();
        int mesh = b.mesh(UNIT_TRIANGLE, ONE_TRIANGLE);
        // (x, y, z) -> (2x + 5, 1 - 2z, 2y - 3): object z = 0 becomes the plane y = 1, object +z becomes -y
        int inst = b.instance(mesh, new float[] {2, 0, 0, 5, 0, 0, -2, 1, 0, 2, 0, -3});
        b.emitter(inst, 0, 1);
        ConstantEmission emission = new ConstantEmission().set(inst, 0, 2, 2, 2, true);
        try (CompiledScene s = b.build()) {
            TriangleLight lights = TriangleLight.fromScene(s, emission);
            assertEquals(2f, lights.area(0), 1e-6);
            float[] n = new float[3], p0 = new float[3], p1 = new float[3], p2 = new float[3];
            lights.normal(0, n);
            assertEquals(-1f, n[1], 1e-6, "object +z maps to world -y");
            lights.vertex(0, 0, p0);
            lights.vertex(0, 1, p1);
            lights.vertex(0, 2, p2);
            assertEquals(7f, p1[0], 1e-6);
            assertEquals(-1f, p2[2], 1e-6);
            // four equal-area sub-triangles cut by the edge midpoints: each gets a quarter of the samples
            LightSample out = new LightSample();
            SplittableRandom rng = new SplittableRandom(22);
            int samples = 40_000;
            long[] observed = new long[4];
            float sx = 6, sy = -4, sz = -2; // below the plane y = 1, facing the -y front
            for (int i = 0; i < samples; i++) {
                assertTrue(lights.sampleLi(0, sx, sy, sz, (float) rng.nextDouble(), (float) rng.nextDouble(), out));
                float qx = sx + out.wiX * out.distance, qy = sy + out.wiY * out.distance, qz = sz + out.wiZ * out.distance;
                assertEquals(1f, qy, 1e-4, "sample lies in the triangle's plane");
                float a = (qx - 5) / 2, c = (qz + 3) / 2; // object-space coordinates of the point
                assertTrue(a >= -1e-5 && c >= -1e-5 && a + c <= 1 + 1e-5, "inside the triangle");
                int cell = a > 0.5f ? 1 : c > 0.5f ? 2 : a + c < 0.5f ? 0 : 3;
                observed[cell]++;
                assertEquals(2f, out.leR);
                double cos = Math.abs(out.wiY);
                assertEquals(out.distance * out.distance / (cos * 2f), out.pdf, 1e-4 * out.pdf);
            }
            ChiSquare.assertFits(observed, new double[] {samples / 4.0, samples / 4.0, samples / 4.0, samples / 4.0},
                    "area-uniform sub-triangles");
        }
    }

    @Test
    void oneSidedEmittersAreDarkFromBehindAndMirroringKeepsTheFrontFace() {
        TestSceneBuilder b = new TestSceneBuilder();
        int mesh = b.mesh(UNIT_TRIANGLE, ONE_TRIANGLE);
        int plain = b.instance(mesh, TestSceneBuilder.IDENTITY);
        int mirrored = b.instance(mesh, new float[] {-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
        int twoSided = b.instance(mesh, new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 5});
        b.emitter(plain, 0, 1).emitter(mirrored, 0, 1).emitter(twoSided, 0, 1);
        ConstantEmission emission = new ConstantEmission().set(plain, 0, 1, 1, 1, false)
                .set(mirrored, 0, 1, 1, 1, false).set(twoSided, 0, 1, 1, 1, true);
        try (CompiledScene s = b.build()) {
            TriangleLight lights = TriangleLight.fromScene(s, emission);
            LightSample out = new LightSample();
            float[] n = new float[3];
            lights.normal(1, n);
            assertEquals(1f, n[2], 1e-6, "mirrored instance still faces +z");
            for (int e = 0; e < 2; e++) {
                float x = e == 0 ? 0.2f : -0.2f;
                assertTrue(lights.sampleLi(e, x, 0.2f, 1f, 0.3f, 0.6f, out), "front of emitter " + e);
                float hx = x + out.wiX * out.distance, hy = 0.2f + out.wiY * out.distance;
                assertEquals(out.pdf, lights.pdfLi(e, x, 0.2f, 1f, hx, hy, 0f, 0, 0, 1), 1e-5 * out.pdf);
                assertFalse(lights.sampleLi(e, x, 0.2f, -1f, 0.3f, 0.6f, out), "back of emitter " + e);
                assertEquals(0f, out.pdf);
                assertEquals(0f, lights.pdfLi(e, x, 0.2f, -1f, hx, hy, 0f, 0, 0, 1));
            }
            assertTrue(lights.sampleLi(2, 0.2f, 0.2f, 4f, 0.3f, 0.6f, out), "back of a double-sided emitter");
            float pdfBack = out.pdf;
            assertTrue(lights.sampleLi(2, 0.2f, 0.2f, 6f, 0.3f, 0.6f, out));
            assertEquals(out.pdf, pdfBack, 1e-5 * pdfBack, "mirror-symmetric points see the same density");
        }
    }

    @Test
    void emitterLookupByInstanceAndTriangle() {
        TestSceneBuilder b = new TestSceneBuilder();
        int quad = b.mesh(new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, new int[] {0, 1, 2, 0, 2, 3});
        int single = b.mesh(UNIT_TRIANGLE, ONE_TRIANGLE);
        int i0 = b.instance(quad, TestSceneBuilder.IDENTITY);
        int i1 = b.instance(single, TestSceneBuilder.IDENTITY);
        int t1 = b.globalTriangle(single, 0);
        assertEquals(2, t1);
        b.emitter(i0, 1, 2).emitter(i1, t1, 1);
        try (CompiledScene s = b.build()) {
            TriangleLight lights = TriangleLight.fromScene(s, new ConstantEmission());
            assertEquals(0, lights.emitterOf(i0, 1));
            assertEquals(1, lights.emitterOf(i1, t1));
            assertEquals(-1, lights.emitterOf(i0, 0));
            assertEquals(-1, lights.emitterOf(i1, 1));
            assertEquals(-1, lights.emitterOf(7, 2));
        }
    }

    @Test
    void badEmittersAreSceneExceptions() {
        TestSceneBuilder b = new TestSceneBuilder();
        int mesh = b.mesh(UNIT_TRIANGLE, ONE_TRIANGLE);
        int inst = b.instance(mesh, TestSceneBuilder.IDENTITY);
        b.emitter(inst, 0, 1);
        try (CompiledScene s = b.build()) {
            s.emitters.putInt(LcEmitter.INSTANCE, 3);
            assertThrows(SceneException.class, () -> TriangleLight.fromScene(s, new ConstantEmission()));
            s.emitters.putInt(LcEmitter.INSTANCE, 0);
            s.emitters.putInt(LcEmitter.TRIANGLE, 1);
            assertThrows(SceneException.class, () -> TriangleLight.fromScene(s, new ConstantEmission()));
            s.emitters.putInt(LcEmitter.TRIANGLE, 0);
            s.emitters.putFloat(LcEmitter.CDF, Float.NaN);
            assertThrows(SceneException.class, () -> TriangleLight.fromScene(s, new ConstantEmission()));
        }
    }
}
