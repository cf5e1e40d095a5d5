package dev.lucent.scene.file;

import org.joml.Matrix3f;
import org.joml.Quaternionf;
import org.joml.Vector3f;

/**
 * The node rotation that points a camera or light (which look down their local -Z with +Y up, as glTF
 * defines) along a world direction: local -Z maps to the direction, local +Y to the part of {@code up}
 * perpendicular to it.
 */
final class LookAtRotation {
    private LookAtRotation() {}

    /** The rotation, or null when {@code direction} is zero or parallel to {@code up}. */
    static Quaternionf of(Vector3f direction, Vector3f up) {
        if (direction.lengthSquared() == 0) return null;
        Vector3f z = new Vector3f(direction).normalize().negate();
        Vector3f x = new Vector3f(up).cross(z);
        if (x.lengthSquared() < 1e-12f * Math.max(1e-30f, up.lengthSquared())) return null;
        x.normalize();
        Vector3f y = new Vector3f(z).cross(x);
        Matrix3f basis = new Matrix3f(x.x, x.y, x.z, y.x, y.y, y.z, z.x, z.y, z.z);
        return new Quaternionf().setFromNormalized(basis).normalize();
    }
}
