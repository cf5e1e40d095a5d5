package dev.lucent.integrator;

/**
 * Moves a ray origin off the surface it leaves so the new ray cannot hit that surface again through rounding:
 * C. Wächter and N. Binder, "A Fast and Robust Method for Avoiding Self-Intersection", Ray Tracing Gems,
 * chapter 6 (2019). Each coordinate moves along the normal by a fixed number of float ulps (256 per unit of
 * the normal component), so the offset scales with the coordinate's magnitude; near the origin, where ulps
 * vanish, by a fixed 2^-16 per unit instead. The offset point lies on the side the normal points to.
 */
public final class RayOffset {
    private RayOffset() {}

    private static final float ORIGIN = 1f / 32;
    private static final float FLOAT_SCALE = 1f / 65536;
    private static final float INT_SCALE = 256;

    /** {@code p} (one coordinate) offset along unit normal component {@code n}. */
    public static float offset(float p, float n) {
        if (Math.abs(p) < ORIGIN) return p + FLOAT_SCALE * n;
        int of = (int) (INT_SCALE * n);
        int bits = Float.floatToRawIntBits(p);
        return Float.intBitsToFloat(bits + (p < 0 ? -of : of));
    }
}
