package dev.lucent.denoise;

/**
 * First-order weighted least-squares regression of the demodulated colour on the features in a window around
 * each pixel (the filter of NFOR, Bitterli et al. 2016, without its multi-bandwidth stage): per pixel p the
 * model {@code u(q) = b0 + b . (x_q - x_p)} is fitted over the (2R+1)^2 window, with x the feature vector
 * (shading normal xyz, albedo rgb, depth relative to p's, screen offset / R, and the first hit's roughness
 * where the input carries it), and the output is b0, the fitted value at p; so shading that varies linearly
 * with the normal (a normal-mapped highlight) or across the window is kept rather than averaged away.
 *
 * <p>Weights are non-local means of the {@code weightsFrom} colour (Rousselle, Knaus, Zwicker 2012): for
 * 3x3 patches around p and q, {@code d2 = mean_{patch, c} ((g_p - g_q)^2 - (v_p + min(v_p, v_q))) /
 * (1e-10 + k^2 (v_p + v_q))} with g that colour and v its variance of the mean, weight
 * {@code exp(-max(0, d2))}, 0 beyond d2 = 9 (the tap then skips the normal equations); a tap whose camera ray
 * hit geometry while p's missed (or the reverse) has weight 0. The regression is ridge-regularised
 * ({@code 1e-3} times the weight sum on every slope) and solved by Cholesky in double precision; where it is
 * singular the weighted mean is used. {@code StrictMath.exp}, so that the bits do not depend on the JIT tier
 * (the {@link Denoiser} contract).
 *
 * <p>Steps: where the input carries the render's firefly cascade, {@link CascadeReweightFilter} first weights
 * its rare bright samples down (in both {@code values} and {@code weightsFrom}); with an outlier ratio above 0,
 * {@link OutlierFilter} then takes out pixels lifted by a few rare, very bright samples, in both {@code values}
 * and {@code weightsFrom}; the emission AOV is taken out and added back unfiltered, and its coverage noise
 * ({@link EmissionVariance}) out of the variance the weights use; the rest is divided by albedo + 0.01 (as
 * {@link CpuDenoiser}), regressed, and multiplied back. Multithreaded
 * over rows, bit-identical for any thread count. Cost: up to about (2R+1)^2 x 150 flops per pixel, far more
 * than {@link CpuDenoiser}.
 */
public final class RegressionFilter implements CrossFilter, Denoiser {
    /** {@code --denoise cpu-regression}: this filter with {@link #DEFAULT_RADIUS} and {@link #DEFAULT_K}. */
    public static final String NAME = "cpu-regression";
    /** Window half-width of {@code cpu-regression} and of {@link CrossHalfDenoiser#defaultBank}. */
    public static final int DEFAULT_RADIUS = 6;
    /** Non-local-means strength of {@code cpu-regression} and of {@link CrossHalfDenoiser#defaultBank}. */
    public static final float DEFAULT_K = 1f;
    /** Regression terms: intercept, normal xyz, albedo rgb, relative depth, screen x and y. */
    private static final int TERMS = 10;
    /** With the roughness feature: those and the roughness difference. */
    private static final int TERMS_WITH_ROUGHNESS = 11;
    private static final float PATCH_TINY = 1e-10f;
    private static final double RIDGE = 1e-3;
    /** Patch distances above this give weight 0 (e^-9 = 1.2e-4), so the tap skips the normal equations. */
    private static final double WEIGHT_CUTOFF = 9;

    private final int radius;
    private final float k;
    private final float outlierRatio;
    private final int threads;

    /**
     * @param radius       window half-width R, pixels
     * @param k            non-local-means strength: larger mixes more dissimilar colours
     * @param outlierRatio ratio of the {@link OutlierFilter} pass before the regression; 0 turns it off
     */
    public RegressionFilter(int radius, float k, float outlierRatio, int threads) {
        if (radius < 1 || radius > 16) throw new IllegalArgumentException("radius " + radius);
        if (!(k > 0)) throw new IllegalArgumentException("k " + k);
        if (!(outlierRatio == 0 || outlierRatio >= 1)) {
            throw new IllegalArgumentException("outlier ratio must be 0 (off) or at least 1: " + outlierRatio);
        }
        if (threads < 1) throw new IllegalArgumentException("threads " + threads);
        this.radius = radius;
        this.k = k;
        this.outlierRatio = outlierRatio;
        this.threads = threads;
    }

    /** Without the outlier pass. */
    public RegressionFilter(int radius, float k, int threads) {
        this(radius, k, 0f, threads);
    }

    /** {@code cpu-regression}: {@link #DEFAULT_RADIUS}, {@link #DEFAULT_K}, {@link OutlierFilter#DEFAULT_RATIO}. */
    public static RegressionFilter defaults(int threads) {
        return new RegressionFilter(DEFAULT_RADIUS, DEFAULT_K, OutlierFilter.DEFAULT_RATIO, threads);
    }

    @Override
    public String name() { return NAME; }

    @Override
    public float[] denoise(DenoiseInput in) {
        return filter(in, in);
    }

    @Override
    public float[] filter(DenoiseInput rawValues, DenoiseInput rawWeightsFrom) {
        DenoiseInput values = rawValues, weightsFrom = rawWeightsFrom;
        if (values.cascades() != null || weightsFrom.cascades() != null) {
            CascadeReweightFilter reweight = new CascadeReweightFilter(threads);
            boolean same = weightsFrom == values;
            values = reweight.apply(values);
            weightsFrom = same ? values : reweight.apply(weightsFrom);
        }
        if (outlierRatio > 0) {
            OutlierFilter outliers = new OutlierFilter(outlierRatio, threads);
            boolean same = weightsFrom == values;
            values = outliers.apply(values);
            weightsFrom = same ? values : outliers.apply(weightsFrom);
        }
        return regress(values, weightsFrom);
    }

    private float[] regress(DenoiseInput values, DenoiseInput weightsFrom) {
        int w = values.width(), h = values.height(), n = values.pixelCount();
        float[] divisor = new float[3 * n];
        float[] u = new float[3 * n];
        float[] g = new float[3 * n];
        float[] gv = new float[3 * n];
        final int K = values.roughness() != null ? TERMS_WITH_ROUGHNESS : TERMS;
        float[] rough = values.roughness();
        float[] feat = new float[K * n];
        boolean[] hit = new boolean[n];
        float[] out = new float[3 * n];
        try (RowBands bands = new RowBands(threads)) {
            bands.run(h, (y0, y1) -> {
                for (int p = y0 * w; p < y1 * w; p++) {
                    float z = values.depth()[p];
                    hit[p] = z >= 0 && z < Float.POSITIVE_INFINITY;
                    for (int c = 0; c < 3; c++) {
                        int i = 3 * p + c;
                        float d = finite(values.albedo()[i]) + CpuDenoiser.ALBEDO_EPSILON;
                        divisor[i] = d;
                        u[i] = finite(values.color()[i] - values.emission()[i]) / d;
                        float dg = finite(weightsFrom.albedo()[i]) + CpuDenoiser.ALBEDO_EPSILON;
                        g[i] = finite(weightsFrom.color()[i] - weightsFrom.emission()[i]) / dg;
                        float var = Math.max(0f, finite(weightsFrom.variance()[i]));
                        var = Math.max(var - EmissionVariance.bound(weightsFrom, p % w, p / w, c),
                                CpuDenoiser.EMISSION_VARIANCE_FLOOR * var);
                        gv[i] = var / (dg * dg);
                        feat[K * p + 1 + c] = finite(values.normal()[i]);
                        feat[K * p + 4 + c] = finite(values.albedo()[i]);
                    }
                    feat[K * p + 7] = hit[p] ? z : 0f;
                    if (rough != null) feat[K * p + 10] = finite(rough[p]);
                }
            });
            bands.run(h, (y0, y1) -> regressRows(K, w, h, y0, y1, u, g, gv, feat, hit, divisor, values.emission(),
                    out));
        }
        return out;
    }

    private void regressRows(int K, int w, int h, int y0, int y1, float[] u, float[] g, float[] gv, float[] feat,
                             boolean[] hit, float[] divisor, float[] emission, float[] out) {
        double[] a = new double[K * K];
        double[] rhs = new double[3 * K];
        double[] x = new double[K];
        float k2 = k * k;
        int r = radius;
        for (int y = y0; y < y1; y++) {
            for (int px = 0; px < w; px++) {
                int p = y * w + px;
                java.util.Arrays.fill(a, 0);
                java.util.Arrays.fill(rhs, 0);
                double sw = 0, m0 = 0, m1 = 0, m2 = 0;
                float zp = feat[K * p + 7];
                float zScale = hit[p] && zp > 0 ? 1f / zp : 0f;
                for (int qy = Math.max(0, y - r); qy <= Math.min(h - 1, y + r); qy++) {
                    for (int qx = Math.max(0, px - r); qx <= Math.min(w - 1, px + r); qx++) {
                        int q = qy * w + qx;
                        if (hit[q] != hit[p]) continue;
                        double wt = patchWeight(w, h, px, y, qx, qy, g, gv, k2);
                        if (wt <= 0) continue;
                        x[0] = 1;
                        for (int f = 1; f < 7; f++) x[f] = feat[K * q + f] - feat[K * p + f];
                        x[7] = (feat[K * q + 7] - zp) * zScale;
                        x[8] = (qx - px) / (double) r;
                        x[9] = (qy - y) / (double) r;
                        if (K > TERMS) x[10] = feat[K * q + 10] - feat[K * p + 10];
                        for (int i = 0; i < K; i++) {
                            double wx = wt * x[i];
                            for (int j = 0; j <= i; j++) a[i * K + j] += wx * x[j];
                            rhs[i] += wx * u[3 * q];
                            rhs[K + i] += wx * u[3 * q + 1];
                            rhs[2 * K + i] += wx * u[3 * q + 2];
                        }
                        sw += wt;
                        m0 += wt * u[3 * q];
                        m1 += wt * u[3 * q + 1];
                        m2 += wt * u[3 * q + 2];
                    }
                }
                double[] b0 = {m0 / sw, m1 / sw, m2 / sw};
                for (int i = 1; i < K; i++) a[i * K + i] += RIDGE * sw;
                if (cholesky(a, K)) {
                    for (int c = 0; c < 3; c++) b0[c] = solveIntercept(a, rhs, c * K, x, K);
                }
                for (int c = 0; c < 3; c++) {
                    int i = 3 * p + c;
                    out[i] = (float) b0[c] * divisor[i] + finite(emission[i]);
                }
            }
        }
    }

    /** Non-local-means weight of tap (qx, qy) for pixel (px, py), 3x3 patches clipped to the image. */
    private static double patchWeight(int w, int h, int px, int py, int qx, int qy, float[] g, float[] gv,
                                      float k2) {
        if (px == qx && py == qy) return 1;
        double d = 0;
        int count = 0;
        for (int j = -1; j <= 1; j++) {
            int ay = py + j, by = qy + j;
            if (ay < 0 || ay >= h || by < 0 || by >= h) continue;
            for (int i = -1; i <= 1; i++) {
                int ax = px + i, bx = qx + i;
                if (ax < 0 || ax >= w || bx < 0 || bx >= w) continue;
                int pa = 3 * (ay * w + ax), pb = 3 * (by * w + bx);
                for (int c = 0; c < 3; c++) {
                    float vp = gv[pa + c], vq = gv[pb + c];
                    float diff = g[pa + c] - g[pb + c];
                    d += (diff * diff - (vp + Math.min(vp, vq))) / (PATCH_TINY + k2 * (vp + vq));
                }
                count += 3;
            }
        }
        double e = d / count;
        return e > WEIGHT_CUTOFF ? 0 : StrictMath.exp(-Math.max(0, e));
    }

    /** In-place Cholesky of the lower triangle of a (K x K); false if not positive definite. */
    private static boolean cholesky(double[] a, int K) {
        for (int j = 0; j < K; j++) {
            double s = a[j * K + j];
            for (int m = 0; m < j; m++) s -= a[j * K + m] * a[j * K + m];
            if (!(s > 1e-12)) return false;
            double l = Math.sqrt(s);
            a[j * K + j] = l;
            for (int i = j + 1; i < K; i++) {
                double t = a[i * K + j];
                for (int m = 0; m < j; m++) t -= a[i * K + m] * a[j * K + m];
                a[i * K + j] = t / l;
            }
        }
        return true;
    }

    /** Component 0 of the solution of L L^T x = rhs[off .. off+K-1]. */
    private static double solveIntercept(double[] l, double[] rhs, int off, double[] x, int K) {
        for (int i = 0; i < K; i++) {
            double s = rhs[off + i];
            for (int m = 0; m < i; m++) s -= l[i * K + m] * x[m];
            x[i] = s / l[i * K + i];
        }
        for (int i = K - 1; i >= 0; i--) {
            double s = x[i];
            for (int m = i + 1; m < K; m++) s -= l[m * K + i] * x[m];
            x[i] = s / l[i * K + i];
        }
        return x[0];
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : 0f;
    }
}
