package dev.lucent.backend.cuda;

import dev.lucent.image.BoxFilter;
import dev.lucent.image.PixelFilter;
import dev.lucent.image.TentFilter;

/**
 * A {@link PixelFilter}'s sampling rule as the table shaders/cuda/pixel_filter.cuh reads (doubles):
 * <pre>
 * [0] kind: 0 box, 1 tent (both inverted in closed form), 2 tabulated
 * [1] radius, pixels    [2] h = 2 radius / SEGMENTS (tabulated)    [3] unused
 * tabulated only: [4 ..] node[SEGMENTS + 1], cdf[SEGMENTS + 1], guide[SEGMENTS] (guide entries as doubles)
 * </pre>
 * The tabulated kind (Gaussian, Blackman-Harris and any other filter) is built by the same arithmetic as
 * dev.lucent.image.TabulatedFilterSampler from the filter's public {@link PixelFilter#profile} and radius, and
 * the GPU inverts it with the same double operations (no FMA contraction), so the GPU's film offsets equal
 * {@link PixelFilter#sample}'s bit for bit ({@link #sample} is the Java mirror the unit test compares).
 */
public final class GpuFilterTable {
    /** Segments of the tabulated profile (TabulatedFilterSampler.SEGMENTS). */
    public static final int SEGMENTS = 4096;
    public static final int BOX = 0, TENT = 1, TABULATED = 2;
    static final int HEADER = 4;

    private GpuFilterTable() {}

    /** The table of {@code filter}. */
    public static double[] of(PixelFilter filter) {
        double radius = filter.radius();
        if (filter instanceof BoxFilter) return new double[] {BOX, radius, 0, 0};
        if (filter instanceof TentFilter) return new double[] {TENT, radius, 0, 0};
        int s = SEGMENTS;
        double h = 2 * radius / s;
        double[] t = new double[HEADER + 3 * s + 2];
        t[0] = TABULATED;
        t[1] = radius;
        t[2] = h;
        int node = HEADER, cdf = HEADER + s + 1, guide = HEADER + 2 * (s + 1);
        for (int i = 0; i <= s; i++) t[node + i] = Math.max(0.0, filter.profile(-radius + i * h));
        for (int i = 0; i < s; i++) t[cdf + i + 1] = t[cdf + i] + 0.5 * h * (t[node + i] + t[node + i + 1]);
        if (!(t[cdf + s] > 0)) throw new IllegalArgumentException("filter profile integrates to zero");
        int i = 0;
        for (int j = 0; j < s; j++) {
            double target = (double) j / s * t[cdf + s];
            while (i < s - 1 && t[cdf + i + 1] <= target) i++;
            t[guide + j] = i;
        }
        return t;
    }

    /** Offset in pixels for uniform {@code u}: what pixel_filter.cuh computes from {@code table}. */
    public static float sample(double[] table, float u) {
        double radius = table[1];
        double x = u;
        switch ((int) table[0]) {
            case BOX:
                return (float) ((2.0 * x - 1.0) * radius);
            case TENT:
                return (float) (x < 0.5 ? radius * (Math.sqrt(2.0 * x) - 1.0)
                        : radius * (1.0 - Math.sqrt(2.0 - 2.0 * x)));
            default:
                break;
        }
        int s = SEGMENTS, node = HEADER, cdf = HEADER + s + 1, guide = HEADER + 2 * (s + 1);
        double h = table[2];
        double uc = Math.min(Math.max(x, 0.0), 1.0);
        double target = uc * table[cdf + s];
        int i = (int) table[guide + Math.min((int) (uc * s), s - 1)];
        while (i < s - 1 && table[cdf + i + 1] <= target) i++;
        double a = (target - table[cdf + i]) / h;
        double f0 = table[node + i], df = table[node + i + 1] - table[node + i];
        double disc = Math.max(0.0, f0 * f0 + 2 * df * a);
        double denom = f0 + Math.sqrt(disc);
        double t = denom > 0 ? 2 * a / denom : 0.5;
        t = Math.min(Math.max(t, 0.0), 1.0);
        return (float) (-radius + (i + t) * h);
    }
}
