package dev.lucent.image;

/**
 * Four-term Blackman-Harris window (Harris, "On the use of windows for harmonic analysis with the discrete
 * Fourier transform", Proc. IEEE 1978, -92 dB variant) stretched over [-radius, radius], default radius 2:
 * with t = x / (2 radius) + 1/2, f1(x) = a0 - a1 cos(2 pi t) + a2 cos(4 pi t) - a3 cos(6 pi t),
 * a = (0.35875, 0.48829, 0.14128, 0.01168); f1(0) = 1 and f1 &gt;= 0 everywhere.
 * Sampled through a {@link TabulatedFilterSampler}.
 */
public final class BlackmanHarrisFilter implements PixelFilter {
    public static final String NAME = "blackman-harris";

    private static final double A0 = 0.35875, A1 = 0.48829, A2 = 0.14128, A3 = 0.01168;

    private final double radius;
    private final TabulatedFilterSampler sampler;

    public BlackmanHarrisFilter() { this(2.0); }

    public BlackmanHarrisFilter(double radius) {
        if (!(radius > 0)) throw new IllegalArgumentException("blackman-harris radius must be > 0: " + radius);
        this.radius = radius;
        this.sampler = new TabulatedFilterSampler(this::profile, radius);
    }

    @Override public String name() { return NAME; }
    @Override public double radius() { return radius; }

    @Override
    public double profile(double x) {
        if (Math.abs(x) > radius) return 0.0;
        double t = 2 * Math.PI * (x / (2 * radius) + 0.5);
        return Math.max(0.0, A0 - A1 * Math.cos(t) + A2 * Math.cos(2 * t) - A3 * Math.cos(3 * t));
    }

    @Override
    public void sample(float u0, float u1, float[] dxy) {
        dxy[0] = (float) sampler.sample(u0);
        dxy[1] = (float) sampler.sample(u1);
    }
}
