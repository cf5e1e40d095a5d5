package dev.lucent.image;

/**
 * Tent (triangle) filter: f1(x) = max(0, 1 - |x| / radius), default radius 1. Sampled exactly by inverting
 * its CDF: for u &lt; 1/2, x = radius (sqrt(2u) - 1); otherwise x = radius (1 - sqrt(2 - 2u)).
 */
public final class TentFilter implements PixelFilter {
    public static final String NAME = "tent";

    private final double radius;

    public TentFilter() { this(1.0); }

    public TentFilter(double radius) {
        if (!(radius > 0)) throw new IllegalArgumentException("tent radius must be > 0: " + radius);
        this.radius = radius;
    }

    @Override public String name() { return NAME; }
    @Override public double radius() { return radius; }

    @Override
    public double profile(double x) { return Math.max(0.0, 1.0 - Math.abs(x) / radius); }

    @Override
    public void sample(float u0, float u1, float[] dxy) {
        dxy[0] = (float) sample1(u0);
        dxy[1] = (float) sample1(u1);
    }

    private double sample1(double u) {
        return u < 0.5 ? radius * (Math.sqrt(2.0 * u) - 1.0) : radius * (1.0 - Math.sqrt(2.0 - 2.0 * u));
    }
}
