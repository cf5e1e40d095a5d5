package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.LookAtCamera;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

/** Closed-form checks of the viewer's camera motions. */
class CameraRigTest {
    static final LookAtCamera START = new LookAtCamera(new float[] {0, 0, 5}, new float[] {0, 0, 0},
            new float[] {0, 1, 0}, 40, 0, 5);

    static float distance(float[] a, float[] b) {
        return new Vector3f(a[0], a[1], a[2]).distance(b[0], b[1], b[2]);
    }

    @Test
    void orbitKeepsTheTargetAndDistance() {
        LookAtCamera c = CameraRig.orbit(START, Math.PI / 2, 0);
        assertArrayEquals(START.target(), c.target());
        assertEquals(5, distance(c.position(), c.target()), 1e-5);
        assertEquals(0, c.position()[1], 1e-5, "yaw alone stays level");
        assertEquals(5, Math.abs(c.position()[0]), 1e-4, "a quarter turn about +y from +z lands on the x axis");
    }

    @Test
    void orbitPitchRaisesTheCameraAndStopsShortOfThePole() {
        LookAtCamera up = CameraRig.orbit(START, 0, 0.5);
        assertEquals(5 * Math.sin(0.5), up.position()[1], 1e-4, "positive pitch raises the camera by 0.5 rad");
        LookAtCamera over = CameraRig.orbit(START, 0, 3);
        double elevation = Math.asin(over.position()[1] / 5);
        assertEquals(Math.toRadians(89), elevation, 1e-3, "clamped one degree below the pole");
    }

    @Test
    void dollyScalesTheDistanceAndFlyMovesBothEnds() {
        LookAtCamera d = CameraRig.dolly(START, 0.5);
        assertArrayEquals(new float[] {0, 0, 2.5f}, d.position(), 1e-6f);
        LookAtCamera f = CameraRig.fly(START, 1, 2, 3); // forward is -z, right is +x, up +y
        assertArrayEquals(new float[] {2, 3, 4}, f.position(), 1e-6f);
        assertArrayEquals(new float[] {2, 3, -1}, f.target(), 1e-6f);
    }

    @Test
    void panMovesInTheImagePlaneByHalfHeights() {
        LookAtCamera p = CameraRig.pan(START, 0, 1); // one half height up
        float half = (float) (5 * Math.tan(Math.toRadians(20)));
        assertEquals(half, p.position()[1], 1e-5);
        assertEquals(half, p.target()[1], 1e-5);
        assertEquals(5, p.position()[2], 1e-6);
    }

    @Test
    void lookTurnsAboutThePosition() {
        LookAtCamera l = CameraRig.look(START, Math.PI / 2, 0);
        assertArrayEquals(START.position(), l.position());
        assertEquals(5, distance(l.position(), l.target()), 1e-4);
        assertEquals(5, Math.abs(l.target()[0]), 1e-4);
        LookAtCamera up = CameraRig.look(START, 0, 0.3);
        assertTrue(up.target()[1] > 0, "positive pitch looks up");
    }

    @Test
    void pivotIsTheBoxCentreProjectedOnTheLineOfSight() {
        LookAtCamera c = new LookAtCamera(new float[] {0, 0, 10}, new float[] {0, 0, 9}, new float[] {0, 1, 0}, 40, 0, 1);
        LookAtCamera p = CameraRig.pivotFor(c, new float[] {-1, 2, -1}, new float[] {1, 4, 1});
        assertArrayEquals(new float[] {0, 0, 0}, p.target(), 1e-5f, "distance 10 along -z, the box centre's depth");
        LookAtCamera behind = CameraRig.pivotFor(c, new float[] {-1, -1, 20}, new float[] {1, 1, 22});
        assertEquals(10 - (float) Math.sqrt(3), behind.target()[2], 1e-4, "one box radius ahead when the box is behind");
    }
}
