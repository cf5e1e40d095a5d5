package dev.lucent.image;

/**
 * Truncated Gaussian: f1(x) = max(0, g(x) - g(radius)) with g(x) = exp(-x^2 / (2 sigma^2)), so it falls to
 * zero at the edge of its support (pbrt-v4's convention). Default radius 1.5, sigma 0.5: Lucent's default
 * pixel filter. Sampled through a {@link TabulatedFilterSampler}.
 */
public final class GaussianFilter implements PixelFilter {
    public static final String NAME = "gaussian";

    private final double radius;
    private final double sigma;
    private final double edge;
    private final TabulatedFilterSampler sampler;

    public GaussianFilter() { this(1.5, 0.5); }

    public GaussianFilter(double radius, double sigma) {
        if (!(radius > 0) || !(sigma > 0)) {
            throw new IllegalArgumentException("gaussian radius and sigma must be > 0: " + radius + ", " + sigma);
        }
        this.radius = radius;
        this.sigma = sigma;
        this.edge = gauss(radius);
        this.sampler = new TabulatedFilterSampler(this::profile, radius);
    }

    @Override public String name() { return NAME; }
    @Override public double radius() { return radius; }
    public double sigma() { return sigma; }

    private double gauss(double x) { return Math.exp(-x * x / (2 * sigma * sigma)); }

    @Override
    public double profile(double x) {
        return Math.abs(x) >= radius ? 0.0 : Math.max(0.0, gauss(x) - edge);
    }

    @Override
    public void sample(float u0, float u1, float[] dxy) {
        dxy[0] = (float) sampler.sample(u0);
        dxy[1] = (float) sampler.sample(u1);
    }
}
