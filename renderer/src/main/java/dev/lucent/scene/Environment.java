package dev.lucent.scene;

/** Distant lighting: an equirectangular HDR map (index into {@link Scene#textures}) or a uniform colour. */
public final class Environment {
    /** Texture index of the lat-long map (+y up, u = 0.5 looking down -z), or -1 for a uniform colour. */
    public int texture = -1;
    /** Linear RGB radiance of the uniform background (used when {@link #texture} is -1). */
    public float[] color = {0, 0, 0};
    public float intensity = 1;
    /** Rotation about +y in degrees. */
    public float rotationDegrees = 0;
}
