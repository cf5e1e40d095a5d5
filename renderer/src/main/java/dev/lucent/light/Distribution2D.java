package dev.lucent.light;

/**
 * Piecewise-constant distribution over [0,1)^2 on an nu x nv grid (pbrt-v4's {@code PiecewiseConstant2D},
 * "Physically Based Rendering", 4th ed., section A.5.2): a marginal {@link Distribution1D} over rows v picks a
 * row in proportion to the row's integral, then that row's conditional distribution picks u.
 * Weights are row-major, {@code weights[v * nu + u]}. The density at (u,v) is
 * {@code f(iu,iv) / integral}, {@code integral} being the mean weight.
 *
 * <p>All-zero input falls back to uniform (density 1); a zero row inside non-zero input has density 0 and is
 * never sampled (its conditional is uniform only so that it stays well formed).
 */
public final class Distribution2D {
    /** Result of {@link #sample}; reused by the caller to avoid allocation. */
    public static final class Sample {
        /** Sampled point in [0,1)^2. */
        public float u, v;
        /** Density with respect to du dv. */
        public float pdf;
        /** Grid cell of (u, v): column iu in [0,nu), row iv in [0,nv). */
        public int iu, iv;
        /** Position inside the cell along u and v, in [0,1). */
        public float fu, fv;
        final Distribution1D.Sample scratch = new Distribution1D.Sample();
    }

    private final int nu, nv;
    private final Distribution1D[] conditional;
    private final Distribution1D marginal;

    /** Builds the distribution from row-major {@code weights} (nu * nv values, copied). */
    public Distribution2D(float[] weights, int nu, int nv) {
        if (nu <= 0 || nv <= 0) throw new IllegalArgumentException("grid " + nu + " x " + nv);
        if (weights.length < (long) nu * nv) {
            throw new IllegalArgumentException(weights.length + " weights for a " + nu + " x " + nv + " grid");
        }
        this.nu = nu;
        this.nv = nv;
        conditional = new Distribution1D[nv];
        float[] rowIntegrals = new float[nv];
        for (int v = 0; v < nv; v++) {
            conditional[v] = new Distribution1D(weights, v * nu, nu);
            rowIntegrals[v] = conditional[v].isUniformFallback() ? 0f : conditional[v].integral();
        }
        marginal = new Distribution1D(rowIntegrals);
    }

    public int width() { return nu; }
    public int height() { return nv; }

    /** Mean weight over the grid (1 in the all-zero fallback). */
    public float integral() { return marginal.integral(); }

    /** The per-row distributions (row v's weights and cdf); not copies. */
    public Distribution1D conditional(int v) { return conditional[v]; }

    /** The distribution over rows; not a copy. */
    public Distribution1D marginal() { return marginal; }

    /**
     * Samples a point for (u0, u1) in [0,1)^2: u1 picks the row, u0 the column within it. Thread-safe as long
     * as each thread passes its own {@code out}.
     */
    public Sample sample(float u0, float u1, Sample out) {
        Distribution1D.Sample scratch = out.scratch;
        marginal.sampleContinuous(u1, scratch);
        int iv = scratch.offset;
        float v = scratch.x;
        float fv = scratch.remapped;
        Distribution1D row = conditional[iv];
        row.sampleContinuous(u0, scratch);
        out.u = scratch.x;
        out.v = v;
        out.iu = scratch.offset;
        out.iv = iv;
        out.fu = scratch.remapped;
        out.fv = fv;
        out.pdf = pdfCell(out.iu, iv);
        return out;
    }

    /** Density at cell (iu, iv) with respect to du dv. */
    public float pdfCell(int iu, int iv) {
        if (marginal.isUniformFallback()) return 1f;
        if (conditional[iv].isUniformFallback()) return 0f;
        return conditional[iv].func()[iu] / marginal.integral();
    }

    /** Density at point (u, v), clamped into [0,1)^2. */
    public float pdf(float u, float v) {
        int iv = marginal.binOf(v);
        return pdfCell(conditional[iv].binOf(u), iv);
    }

    /** Probability of drawing cell (iu, iv): pdfCell / (nu * nv). */
    public float pmfCell(int iu, int iv) {
        return pdfCell(iu, iv) / ((float) nu * nv);
    }
}
