package dev.lucent.integrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.NativeBuffer;
import org.junit.jupiter.api.Test;

/** Primary rays: pinhole directions over the film, the thin lens's plane of focus, orthographic rays. */
class CameraRayGeneratorTest {
    private static final float TAN_HALF_Y = 0.5f, ASPECT = 2;

    /** A camera at (1, 2, 3) looking down -z, +y up, right +x, 200 x 100 film. */
    private static NativeBuffer camera(int type, float lensRadius, float focus) {
        NativeBuffer b = NativeBuffer.allocate(LcCamera.BYTES);
        put(b, LcCamera.POSITION, 1, 2, 3);
        put(b, LcCamera.RIGHT, TAN_HALF_Y * ASPECT, 0, 0);
        put(b, LcCamera.UP, 0, TAN_HALF_Y, 0);
        put(b, LcCamera.FORWARD, 0, 0, -1);
        b.putInt(LcCamera.TYPE, type);
        b.putFloat(LcCamera.LENS_RADIUS, lensRadius);
        b.putFloat(LcCamera.FOCUS_DISTANCE, focus);
        return b;
    }

    private static void put(NativeBuffer b, long o, float x, float y, float z) {
        b.putFloat(o, x);
        b.putFloat(o + 4, y);
        b.putFloat(o + 8, z);
    }

    @Test
    void pinholeRaysSpanTheFieldOfView() {
        try (NativeBuffer b = camera(Layout.LC_CAMERA_PERSPECTIVE, 0, 1)) {
            CameraRayGenerator g = new CameraRayGenerator(b, 0, 200, 100);
            float[] ray = new float[6], scratch = new float[2];
            g.generate(100, 50, 0.3f, 0.7f, ray, scratch); // film centre
            assertEquals(1, ray[0], 0);
            assertEquals(2, ray[1], 0);
            assertEquals(3, ray[2], 0);
            assertEquals(0, ray[3], 1e-7);
            assertEquals(0, ray[4], 1e-7);
            assertEquals(-1, ray[5], 1e-7);
            g.generate(200, 0, 0.5f, 0.5f, ray, scratch); // top-right corner: (tan x, tan y, -1) normalised
            double len = Math.sqrt(1 + 1 + 0.25);
            assertEquals(1 / len, ray[3], 1e-6);
            assertEquals(0.5 / len, ray[4], 1e-6);
            assertEquals(-1 / len, ray[5], 1e-6);
            g.generate(0, 100, 0.5f, 0.5f, ray, scratch); // bottom-left
            assertEquals(-1 / len, ray[3], 1e-6);
            assertEquals(-0.5 / len, ray[4], 1e-6);
        }
    }

    @Test
    void thinLensRaysMeetOnThePlaneOfFocus() {
        try (NativeBuffer b = camera(Layout.LC_CAMERA_PERSPECTIVE, 0.1f, 4)) {
            CameraRayGenerator g = new CameraRayGenerator(b, 0, 200, 100);
            float[] ray = new float[6], scratch = new float[2];
            float[] focus = null;
            for (float[] lens : new float[][] {{0.1f, 0.2f}, {0.9f, 0.5f}, {0.5f, 0.95f}, {0.3f, 0.6f}}) {
                g.generate(150, 20, lens[0], lens[1], ray, scratch);
                assertEquals(3, ray[2], 0, "the lens lies in the camera plane z = 3");
                double r = Math.hypot(ray[0] - 1, ray[1] - 2);
                assertEquals(true, r <= 0.1 + 1e-6, "origin on the lens disk: " + r);
                double t = -4 / ray[5]; // plane of focus z = 3 - 4
                float[] p = {(float) (ray[0] + t * ray[3]), (float) (ray[1] + t * ray[4])};
                if (focus == null) {
                    focus = p;
                } else {
                    assertEquals(focus[0], p[0], 1e-5);
                    assertEquals(focus[1], p[1], 1e-5);
                }
            }
            // ... at the point the pinhole ray reaches: film (150, 20) is (sx, sy) = (0.5, 0.6).
            assertEquals(1 + 4 * 0.5 * TAN_HALF_Y * ASPECT, focus[0], 1e-5);
            assertEquals(2 + 4 * 0.6 * TAN_HALF_Y, focus[1], 1e-5);
        }
    }

    @Test
    void orthographicRaysAreParallel() {
        try (NativeBuffer b = camera(Layout.LC_CAMERA_ORTHOGRAPHIC, 0, 1)) {
            CameraRayGenerator g = new CameraRayGenerator(b, 0, 200, 100);
            float[] ray = new float[6], scratch = new float[2];
            g.generate(200, 0, 0.5f, 0.5f, ray, scratch);
            assertEquals(1 + TAN_HALF_Y * ASPECT, ray[0], 1e-6);
            assertEquals(2 + TAN_HALF_Y, ray[1], 1e-6);
            assertEquals(-1, ray[5], 0);
        }
    }
}
