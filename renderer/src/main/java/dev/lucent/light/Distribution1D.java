package dev.lucent.light;

/**
 * Piecewise-constant distribution over [0,1) with {@code n} equal-width bins, built from non-negative weights
 * (pbrt-v4's {@code PiecewiseConstant1D}, Pharr, Jakob and Humphreys, "Physically Based Rendering", 4th ed.,
 * section A.4.1). Bin {@code i} covers [i/n, (i+1)/n) and has density {@code pdf(i) = f[i] / integral}, where
 * {@code integral = sum(f) / n}; its discrete probability is {@code pmf(i) = f[i] / sum(f)}.
 *
 * <p>Weights are used as absolute values; NaN and infinite weights are rejected. If every weight is zero the
 * distribution falls back to uniform (every bin has pdf 1 and pmf 1/n) and {@link #isUniformFallback()} says so.
 *
 * <p>Flat form for GPU ports: {@link #func()} (n floats, the weights, all ones in the fallback) and
 * {@link #cdf()} (n+1 floats, cdf[0] = 0, cdf[n] = 1, non-decreasing). Sampling finds the largest
 * {@code i < n} with {@code cdf[i] <= u}, which never lands on a zero-weight bin for u in [0,1).
 */
public final class Distribution1D {
    /** Result of {@link #sampleContinuous}; reused by the caller to avoid allocation on hot paths. */
    public static final class Sample {
        /** Sampled position in [0,1). */
        public float x;
        /** Density of {@link #x} with respect to dx on [0,1). */
        public float pdf;
        /** Bin containing {@link #x}. */
        public int offset;
        /** Position of u inside the chosen bin's cdf interval, in [0,1): a fresh uniform variate. */
        public float remapped;
    }

    private final float[] func;
    private final float[] cdf;
    private final float integral;
    private final boolean uniformFallback;

    /** Builds the distribution from {@code weights} (copied); throws if empty or any weight is not finite. */
    public Distribution1D(float[] weights) {
        this(weights, 0, weights.length);
    }

    /** Builds the distribution from {@code weights[from .. from+count)} (copied). */
    public Distribution1D(float[] weights, int from, int count) {
        if (count <= 0) throw new IllegalArgumentException("distribution needs at least one bin, got " + count);
        int n = count;
        func = new float[n];
        cdf = new float[n + 1];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float w = weights[from + i];
            if (!Float.isFinite(w)) throw new IllegalArgumentException("weight " + i + " is " + w);
            func[i] = Math.abs(w);
            sum += func[i];
        }
        uniformFallback = !(sum > 0) || !Double.isFinite(sum);
        if (uniformFallback) {
            java.util.Arrays.fill(func, 1f);
            sum = n;
        }
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += func[i];
            cdf[i + 1] = (float) (acc / sum);
        }
        cdf[n] = 1f;
        integral = (float) (sum / n);
    }

    /** Number of bins. */
    public int size() { return func.length; }

    /** Integral of the (absolute) weights over [0,1), i.e. their mean; 1 in the uniform fallback. */
    public float integral() { return integral; }

    /** True when every weight was zero and the distribution is uniform. */
    public boolean isUniformFallback() { return uniformFallback; }

    /** The weights as used (absolute values; ones in the fallback). Not a copy: do not modify. */
    public float[] func() { return func; }

    /** The n+1 cdf values. Not a copy: do not modify. */
    public float[] cdf() { return cdf; }

    /** Density at bin {@code i} with respect to dx on [0,1). */
    public float pdf(int i) { return func[i] / integral; }

    /** Density at position {@code x} in [0,1) (clamped into range). */
    public float pdf(float x) { return pdf(binOf(x)); }

    /** Probability that {@link #sampleDiscrete} returns bin {@code i}: cdf[i+1] - cdf[i]. */
    public float pmf(int i) { return cdf[i + 1] - cdf[i]; }

    /** Bin holding position x, clamped to [0, n-1]. */
    public int binOf(float x) {
        int i = (int) (x * func.length);
        return Math.min(Math.max(i, 0), func.length - 1);
    }

    /** Largest bin i in [0, n-1] with cdf[i] <= u (binary search); u is clamped into [0,1). */
    public int findInterval(float u) {
        u = Math.min(Math.max(u, 0f), Math.nextDown(1f));
        int lo = 0, hi = func.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cdf[mid] <= u) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /**
     * Continuous sample for u in [0,1): x = (offset + du) / n with du the position of u inside the bin's cdf
     * interval. Fills {@code out} and returns x.
     */
    public float sampleContinuous(float u, Sample out) {
        int o = findInterval(u);
        float width = cdf[o + 1] - cdf[o];
        float du = width > 0 ? (u - cdf[o]) / width : 0f;
        du = Math.min(Math.max(du, 0f), Math.nextDown(1f));
        float x = Math.min((o + du) / func.length, Math.nextDown(1f));
        out.x = x;
        out.pdf = func[o] / integral;
        out.offset = o;
        out.remapped = du;
        return x;
    }

    /** Discrete sample for u in [0,1): returns bin i with probability {@link #pmf(int)}. */
    public int sampleDiscrete(float u) {
        return findInterval(u);
    }

    /** Where u falls inside bin i's cdf interval, in [0,1): reusable as a fresh uniform variate. */
    public float remap(float u, int i) {
        float width = cdf[i + 1] - cdf[i];
        float r = width > 0 ? (u - cdf[i]) / width : 0f;
        return Math.min(Math.max(r, 0f), Math.nextDown(1f));
    }
}
