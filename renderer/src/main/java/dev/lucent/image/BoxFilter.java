package dev.lucent.image;

/** Box filter: f1(x) = 1 on [-radius, radius] (default radius 0.5, one pixel); sampled exactly. */
public final class BoxFilter implements PixelFilter {
    public static final String NAME = "box";

    private final double radius;

    public BoxFilter() { this(0.5); }

    public BoxFilter(double radius) {
        if (!(radius > 0)) throw new IllegalArgumentException("box radius must be > 0: " + radius);
        this.radius = radius;
    }

    @Override public String name() { return NAME; }
    @Override public double radius() { return radius; }

    @Override
    public double profile(double x) { return Math.abs(x) <= radius ? 1.0 : 0.0; }

    @Override
    public void sample(float u0, float u1, float[] dxy) {
        dxy[0] = (float) ((2.0 * u0 - 1.0) * radius);
        dxy[1] = (float) ((2.0 * u1 - 1.0) * radius);
    }
}
