package dev.lucent.image;

import java.util.function.DoubleUnaryOperator;

/**
 * Inverse-CDF sampling of a non-negative 1D filter profile on [-radius, radius], for filters without a
 * closed-form inverse. The profile is tabulated at {@link #SEGMENTS} + 1 evenly spaced nodes and treated as
 * piecewise linear; that density is sampled exactly (the CDF inside a segment is quadratic and inverted in
 * closed form), so the only error is the linear interpolation of a smooth profile, O(h^2) with
 * h = 2 radius / SEGMENTS. A guide table (one entry per 1/SEGMENTS of probability, pointing at the segment
 * where that probability is reached) makes the segment search O(1) on average instead of a binary search.
 */
final class TabulatedFilterSampler {
    static final int SEGMENTS = 4096;

    private final double radius;
    private final double h;
    private final double[] node;   // profile at the SEGMENTS + 1 nodes
    private final double[] cdf;    // cdf[i] = area of segments [0, i), cdf[SEGMENTS] = total
    private final int[] guide;     // guide[j] = last segment i with cdf[i] <= j / SEGMENTS * total

    TabulatedFilterSampler(DoubleUnaryOperator profile, double radius) {
        this.radius = radius;
        this.h = 2 * radius / SEGMENTS;
        this.node = new double[SEGMENTS + 1];
        for (int i = 0; i <= SEGMENTS; i++) node[i] = Math.max(0.0, profile.applyAsDouble(-radius + i * h));
        this.cdf = new double[SEGMENTS + 1];
        for (int i = 0; i < SEGMENTS; i++) cdf[i + 1] = cdf[i] + 0.5 * h * (node[i] + node[i + 1]);
        if (!(cdf[SEGMENTS] > 0)) throw new IllegalArgumentException("filter profile integrates to zero");
        this.guide = new int[SEGMENTS];
        int i = 0;
        for (int j = 0; j < SEGMENTS; j++) {
            double target = (double) j / SEGMENTS * cdf[SEGMENTS];
            while (i < SEGMENTS - 1 && cdf[i + 1] <= target) i++;
            guide[j] = i;
        }
    }

    /** Offset in [-radius, radius] for uniform {@code u} in [0,1). */
    double sample(double u) {
        double uc = Math.min(Math.max(u, 0.0), 1.0);
        double target = uc * cdf[SEGMENTS];
        int i = guide[Math.min((int) (uc * SEGMENTS), SEGMENTS - 1)];
        while (i < SEGMENTS - 1 && cdf[i + 1] <= target) i++; // now cdf[i] <= target < cdf[i + 1]
        double a = (target - cdf[i]) / h;      // area to cover inside the segment, in units of h
        double f0 = node[i], df = node[i + 1] - node[i];
        // Solve f0 t + df t^2 / 2 = a for t in [0,1], in the cancellation-free form.
        double disc = Math.max(0.0, f0 * f0 + 2 * df * a);
        double denom = f0 + Math.sqrt(disc);
        double t = denom > 0 ? 2 * a / denom : 0.5;
        t = Math.min(Math.max(t, 0.0), 1.0);
        return -radius + (i + t) * h;
    }
}
