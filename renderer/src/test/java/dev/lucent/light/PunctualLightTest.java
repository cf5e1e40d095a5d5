package dev.lucent.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.TestSceneBuilder;
import dev.lucent.core.Layout;
import dev.lucent.scene.SceneException;
import org.junit.jupiter.api.Test;

class PunctualLightTest {
    static PunctualLight one(int type, float[] position, float[] direction, float[] intensity, float cosInner,
            float cosOuter, float range) {
        try (CompiledScene s = new TestSceneBuilder()
                .light(type, position, direction, intensity, cosInner, cosOuter, range).build()) {
            return new PunctualLight(s.lights, 0);
        }
    }

    @Test
    void pointLightIrradianceFallsWithInverseSquare() {
        PunctualLight p = one(Layout.LC_LIGHT_POINT, new float[] {1, 2, 3}, new float[] {0, 0, -1},
                new float[] {8, 4, 2}, 0, 0, 0);
        LightSample s = new LightSample();
        for (float d : new float[] {0.5f, 2f, 10f}) {
            assertTrue(p.sampleLi(1, 2 - d, 3, s));
            assertEquals(d, s.distance, 1e-5 * d);
            assertEquals(0f, s.wiX, 1e-6);
            assertEquals(1f, s.wiY, 1e-6);
            assertTrue(s.isDelta);
            assertEquals(1f, s.pdf);
            assertEquals(8 / (d * d), s.leR, 1e-5 * s.leR);
            assertEquals(2 / (d * d), s.leB, 1e-5 * s.leB);
        }
        // irradiance on a surface whose normal is 60 degrees from the light: E = I cos / d^2
        assertTrue(p.sampleLi(1 + 1.5f, 2, 3, s));
        float nx = -0.5f, ny = (float) Math.sqrt(0.75);
        float cos = nx * s.wiX + ny * s.wiY;
        assertEquals(0.5f, cos, 1e-6);
        assertEquals(4 * 0.5f / 2.25f, s.leG * cos, 1e-5);
        assertFalse(p.sampleLi(1, 2, 3, s), "no light at the light's own position");
    }

    @Test
    void spotAttenuationFollowsTheExtension() {
        double inner = Math.toRadians(20), outer = Math.toRadians(40);
        float cosInner = (float) Math.cos(inner), cosOuter = (float) Math.cos(outer);
        PunctualLight spot = one(Layout.LC_LIGHT_SPOT, new float[] {0, 0, 0}, new float[] {0, -1, 0},
                new float[] {10, 10, 10}, cosInner, cosOuter, 0);
        LightSample s = new LightSample();
        // shading point at distance 2 at angle a from the axis (the axis points down -y)
        double[] angles = {0, Math.toRadians(10), inner, 0.5 * (inner + outer), outer - 1e-4, outer + 1e-3, Math.toRadians(60)};
        for (double a : angles) {
            float x = (float) (2 * Math.sin(a)), y = (float) (-2 * Math.cos(a));
            double scale = 1 / (cosInner - cosOuter), t = Math.min(1, Math.max(0, (Math.cos(a) - cosOuter) * scale));
            double expected = 10 / 4.0 * t * t;
            boolean lit = spot.sampleLi(x, y, 0, s);
            assertEquals(expected > 0, lit, "angle " + Math.toDegrees(a));
            assertEquals(expected, s.leR, 1e-4, "angle " + Math.toDegrees(a));
        }
        assertEquals(1f, spot.spotAttenuation(cosInner), 1e-5);
        assertEquals(1f, spot.spotAttenuation(1f));
        assertEquals(0f, spot.spotAttenuation(cosOuter), 1e-6);
        assertEquals(0.25f, spot.spotAttenuation(0.5f * (cosInner + cosOuter)), 1e-5);
    }

    @Test
    void directionalLightComesFromMinusDirectionAtInfinity() {
        float k = (float) Math.sqrt(0.5);
        PunctualLight sun = one(Layout.LC_LIGHT_DIRECTIONAL, new float[] {5, 5, 5}, new float[] {0, -k, -k},
                new float[] {3, 2, 1}, 0, 0, 7);
        LightSample s = new LightSample();
        assertTrue(sun.sampleLi(100, -40, 3, s));
        assertEquals(0f, s.wiX, 1e-6);
        assertEquals(k, s.wiY, 1e-6);
        assertEquals(k, s.wiZ, 1e-6);
        assertEquals(Float.POSITIVE_INFINITY, s.distance);
        assertEquals(3f, s.leR);
        assertTrue(s.isDelta);
    }

    @Test
    void rangeUsesTheRecommendedWindow() {
        PunctualLight p = one(Layout.LC_LIGHT_POINT, new float[] {0, 0, 0}, new float[] {0, 0, -1},
                new float[] {1, 1, 1}, 0, 0, 4);
        LightSample s = new LightSample();
        assertTrue(p.sampleLi(2, 0, 0, s));
        assertEquals((1 - 1 / 16.0) / 4, s.leR, 1e-6);
        assertFalse(p.sampleLi(4, 0, 0, s));
        assertFalse(p.sampleLi(0, 5, 0, s));
        assertEquals(0f, s.leR);
        assertEquals(1f, PunctualLight.rangeWindow(1000f, 0f));
    }

    @Test
    void powerEstimatesIntegrateIntensityOverTheSphere() {
        PunctualLight point = one(Layout.LC_LIGHT_POINT, new float[3], new float[] {0, 0, -1},
                new float[] {1, 1, 1}, 0, 0, 0);
        assertEquals(4 * Math.PI, point.power(1), 1e-5);
        float cosInner = (float) Math.cos(0.3), cosOuter = (float) Math.cos(0.8);
        PunctualLight spot = one(Layout.LC_LIGHT_SPOT, new float[3], new float[] {0, 0, -1},
                new float[] {2, 2, 2}, cosInner, cosOuter, 0);
        // numeric integral of intensity x attenuation over the sphere, midpoint rule in cos
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) sum += 2 * spot.spotAttenuation((float) (-1 + 2 * (i + 0.5) / n));
        assertEquals(2 * Math.PI * sum * 2 / n, spot.power(1), 1e-3);
        PunctualLight sun = one(Layout.LC_LIGHT_DIRECTIONAL, new float[3], new float[] {0, -1, 0},
                new float[] {0, 1, 0}, 0, 0, 0);
        assertEquals(Math.PI * 9 * 0.7152, sun.power(3), 1e-4);
    }

    @Test
    void unknownTypeIsASceneException() {
        try (CompiledScene s = new TestSceneBuilder().light(7, new float[3], new float[] {0, 0, -1},
                new float[] {1, 1, 1}, 0, 0, 0).build()) {
            assertThrows(SceneException.class, () -> new PunctualLight(s.lights, 0));
        }
    }
}
