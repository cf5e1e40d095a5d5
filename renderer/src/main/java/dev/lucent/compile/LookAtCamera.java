package dev.lucent.compile;

import java.util.Locale;

/**
 * A perspective camera given by where it stands and what it looks at, world space: the form the viewer edits
 * and {@code lucent render --camera-pos/--look-at/--up/--fov} accepts, so both write the same LcCamera from the
 * same floats ({@link CompiledScene#setLookAtCamera}).
 *
 * @param position eye position (3 floats)
 * @param target point looked at (3 floats); forward is normalise(target - position)
 * @param up approximate up direction (3 floats), made orthogonal to forward
 * @param yfovDegrees vertical field of view in degrees, in (0, 180)
 * @param lensRadius thin-lens aperture radius in world units (0 = pinhole)
 * @param focusDistance distance of the plane of focus along forward, world units
 */
public record LookAtCamera(float[] position, float[] target, float[] up, float yfovDegrees, float lensRadius,
        float focusDistance) {
    public LookAtCamera {
        position = vec3(position, "position");
        target = vec3(target, "target");
        up = vec3(up, "up");
        if (!(yfovDegrees > 0 && yfovDegrees < 180)) {
            throw new IllegalArgumentException("field of view must be in (0, 180) degrees, got " + yfovDegrees);
        }
        if (!(lensRadius >= 0 && Float.isFinite(lensRadius))) {
            throw new IllegalArgumentException("lens radius must be 0 or positive, got " + lensRadius);
        }
        if (!(focusDistance > 0 && Float.isFinite(focusDistance))) {
            throw new IllegalArgumentException("focus distance must be positive, got " + focusDistance);
        }
        float dx = target[0] - position[0], dy = target[1] - position[1], dz = target[2] - position[2];
        if (!(dx * dx + dy * dy + dz * dz > 0)) {
            throw new IllegalArgumentException("the camera looks at its own position " + format(position));
        }
    }

    private static float[] vec3(float[] v, String what) {
        if (v == null || v.length != 3) throw new IllegalArgumentException(what + " needs 3 components");
        for (float c : v) {
            if (!Float.isFinite(c)) throw new IllegalArgumentException(what + " " + format(v) + " is not finite");
        }
        return v.clone();
    }

    @Override
    public float[] position() { return position.clone(); }

    @Override
    public float[] target() { return target.clone(); }

    @Override
    public float[] up() { return up.clone(); }

    public LookAtCamera withFov(float degrees) {
        return new LookAtCamera(position, target, up, degrees, lensRadius, focusDistance);
    }

    public LookAtCamera withPose(float[] newPosition, float[] newTarget, float[] newUp) {
        return new LookAtCamera(newPosition, newTarget, newUp, yfovDegrees, lensRadius, focusDistance);
    }

    /** "x,y,z" with each float written so that parsing it gives the same float (Float.toString). */
    public static String format(float[] v) {
        return Float.toString(v[0]) + "," + Float.toString(v[1]) + "," + Float.toString(v[2]);
    }

    /** Parses "x,y,z" (three finite floats); IllegalArgumentException naming {@code what} otherwise. */
    public static float[] parseVec3(String text, String what) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) throw new IllegalArgumentException(what + " needs x,y,z, got '" + text + "'");
        float[] v = new float[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " needs x,y,z numbers, got '" + text + "'");
            }
            if (!Float.isFinite(v[i])) throw new IllegalArgumentException(what + " must be finite, got '" + text + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "pos=%s lookAt=%s up=%s fov=%s lens=%s focus=%s", format(position),
                format(target), format(up), Float.toString(yfovDegrees), Float.toString(lensRadius),
                Float.toString(focusDistance));
    }
}
