package dev.lucent.scene;

/** glTF camera in its node's local frame: at the origin, looking down -z, +y up. */
public final class Camera {
    public enum Type { PERSPECTIVE, ORTHOGRAPHIC }

    public String name;
    public Type type = Type.PERSPECTIVE;
    /** Vertical field of view in radians (perspective). */
    public float yfov = (float) Math.toRadians(40);
    /** Width/height, or 0 to take the image's. */
    public float aspectRatio = 0;
    /** Half extents (orthographic). */
    public float xmag = 1, ymag = 1;
    /** Thin lens: aperture radius in metres (0 = pinhole) and focus distance. */
    public float apertureRadius = 0;
    public float focusDistance = 1;

    public Camera(String name) { this.name = name; }
}
