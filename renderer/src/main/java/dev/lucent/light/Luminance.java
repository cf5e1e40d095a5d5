package dev.lucent.light;

/** Luminance of linear Rec.709 RGB (ITU-R BT.709 Y coefficients), the measure light power estimates use. */
final class Luminance {
    private Luminance() {}

    static final float R = 0.2126f, G = 0.7152f, B = 0.0722f;

    static float of(float r, float g, float b) {
        return R * r + G * g + B * b;
    }
}
