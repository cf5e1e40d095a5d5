package dev.lucent.scene;

/**
 * KHR_lights_punctual light in its node's local frame: positioned at the origin, shining down -z.
 * Intensity units follow the extension: candela (lm/sr) for point and spot, lux (lm/m^2) for directional;
 * Lucent treats one unit as one W/sr or W/m^2 of radiometric power in linear RGB.
 */
public final class Light {
    public enum Type { POINT, SPOT, DIRECTIONAL }

    public String name;
    public Type type;
    public float[] color = {1, 1, 1};
    public float intensity = 1;
    /** 0 = infinite. */
    public float range = 0;
    /** Radians. */
    public float innerConeAngle = 0;
    public float outerConeAngle = (float) (Math.PI / 4);

    public Light(String name, Type type) {
        this.name = name;
        this.type = type;
    }
}
