package dev.lucent.viewer;

import dev.lucent.compile.LookAtCamera;
import org.joml.Vector3f;

/**
 * Camera motions of the viewer, as pure functions from one {@link LookAtCamera} to the next (world space,
 * angles in radians, distances in world units). The camera's up vector is the orbit axis and stays fixed, as
 * in Blender's turntable orbit; the target is the orbit pivot.
 * <ul>
 * <li>orbit: the position turns about the target: yaw about up, pitch about the camera's right axis, pitch
 *     kept 1 degree away from the poles so the view never flips;</li>
 * <li>pan: position and target move together along the image plane;</li>
 * <li>dolly: the position moves towards or away from the target (factor below 1 moves closer);</li>
 * <li>fly: position and target move together along forward, right and up (WASD, Q/E);</li>
 * <li>look: the forward direction turns about the position (fly mode's mouse look), the target stays at the
 *     same distance ahead.</li>
 * </ul>
 */
public final class CameraRig {
    private CameraRig() {}

    private static final double MIN_POLE = Math.toRadians(1);

    /**
     * {@code c} with its target moved along its line of sight to the point closest to the centre of the box
     * (lo, hi), so orbiting circles the scene; one box radius ahead when the centre lies behind the camera.
     */
    public static LookAtCamera pivotFor(LookAtCamera c, float[] lo, float[] hi) {
        Vector3f p = vec(c.position()), f = forward(c);
        Vector3f centre = new Vector3f((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2);
        float radius = new Vector3f(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]).length() / 2;
        if (!Float.isFinite(radius) || !(radius > 0)) radius = 1;
        float d = new Vector3f(centre).sub(p).dot(f);
        if (!Float.isFinite(d) || d < 1e-3f * radius) d = radius;
        return c.withPose(c.position(), arr(new Vector3f(p).fma(d, f)), c.up());
    }

    /** Turns the position about the target by {@code yaw} about up and {@code pitch} about right. */
    public static LookAtCamera orbit(LookAtCamera c, double yaw, double pitch) {
        Vector3f t = vec(c.target());
        Vector3f offset = turn(vec(c.position()).sub(t), unitUp(c), yaw, pitch);
        return c.withPose(arr(t.add(offset, new Vector3f())), c.target(), c.up());
    }

    /** Moves position and target by {@code dx}, {@code dy} image-plane units (1 = the view's half height at the target). */
    public static LookAtCamera pan(LookAtCamera c, double dx, double dy) {
        Vector3f f = forward(c), up = unitUp(c);
        Vector3f right = new Vector3f(f).cross(up).normalize();
        Vector3f camUp = new Vector3f(right).cross(f).normalize();
        float dist = vec(c.target()).sub(vec(c.position())).length();
        float half = (float) (dist * Math.tan(Math.toRadians(c.yfovDegrees()) / 2));
        Vector3f move = right.mul((float) (-dx * half)).add(camUp.mul((float) (dy * half)));
        return c.withPose(arr(vec(c.position()).add(move)), arr(vec(c.target()).add(move)), c.up());
    }

    /** Scales the distance to the target by {@code factor} (kept above 1e-4 of it). */
    public static LookAtCamera dolly(LookAtCamera c, double factor) {
        Vector3f t = vec(c.target());
        Vector3f offset = vec(c.position()).sub(t);
        float k = (float) Math.max(1e-4, factor);
        return c.withPose(arr(t.add(offset.mul(k), new Vector3f())), c.target(), c.up());
    }

    /** Moves position and target {@code ahead} along forward, {@code side} along right, {@code lift} along up. */
    public static LookAtCamera fly(LookAtCamera c, double ahead, double side, double lift) {
        Vector3f f = forward(c), up = unitUp(c);
        Vector3f right = new Vector3f(f).cross(up).normalize();
        Vector3f move = new Vector3f(f).mul((float) ahead).add(right.mul((float) side))
                .add(new Vector3f(up).mul((float) lift));
        return c.withPose(arr(vec(c.position()).add(move)), arr(vec(c.target()).add(move)), c.up());
    }

    /** Turns the view about the position: {@code yaw} about up, {@code pitch} about right (mouse look). */
    public static LookAtCamera look(LookAtCamera c, double yaw, double pitch) {
        Vector3f p = vec(c.position());
        Vector3f ahead = turn(vec(c.target()).sub(p), unitUp(c), yaw, pitch);
        return c.withPose(c.position(), arr(p.add(ahead, new Vector3f())), c.up());
    }

    /**
     * Turns v in place by {@code yaw} (radians) about the unit vector up, then by {@code pitch} about v x up,
     * keeping its angle to up within [MIN_POLE, pi - MIN_POLE] and its length; returns v.
     */
    private static Vector3f turn(Vector3f v, Vector3f up, double yaw, double pitch) {
        float dist = v.length();
        v.rotateAxis((float) -yaw, up.x, up.y, up.z);
        double polar = Math.acos(Math.max(-1, Math.min(1, v.dot(up) / dist)));
        double newPolar = Math.max(MIN_POLE, Math.min(Math.PI - MIN_POLE, polar - pitch));
        Vector3f right = new Vector3f(v).cross(up);
        if (right.lengthSquared() > 1e-20f) {
            right.normalize();
            v.rotateAxis((float) (polar - newPolar), right.x, right.y, right.z);
        }
        return v.normalize(dist);
    }

    /** Unit forward direction, normalise(target - position). */
    public static Vector3f forward(LookAtCamera c) {
        return vec(c.target()).sub(vec(c.position())).normalize();
    }

    private static Vector3f unitUp(LookAtCamera c) {
        Vector3f u = vec(c.up());
        return u.lengthSquared() > 0 ? u.normalize() : new Vector3f(0, 1, 0);
    }

    private static Vector3f vec(float[] a) {
        return new Vector3f(a[0], a[1], a[2]);
    }

    private static float[] arr(Vector3f v) {
        return new float[] {v.x, v.y, v.z};
    }
}
