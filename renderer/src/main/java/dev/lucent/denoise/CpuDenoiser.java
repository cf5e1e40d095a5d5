package dev.lucent.denoise;

/**
 * {@code --denoise cpu}: a feature-guided edge-avoiding a-trous wavelet filter (Dammertz, Sewtz, Hanika,
 * Lensch 2010, "Edge-Avoiding A-Trous Wavelet Transform for fast Global Illumination Filtering") with the
 * variance-guided colour weight and plane-aware depth weight of SVGF (Schied et al. 2017), driven by the
 * per-pixel variance of the mean that the film measures instead of a temporal estimate.
 *
 * <p>Steps, all on flat float arrays (see {@link DenoiseInput}):
 * <ol>
 *   <li><b>Firefly reweighting.</b> Where the input carries the render's firefly cascade,
 *       {@link CascadeReweightFilter} weights down the rare bright samples that too few of their kind
 *       corroborate, and the variance with them.</li>
 *   <li><b>Outliers.</b> {@link OutlierFilter} with {@link CpuDenoiserSettings#outlierRatio()} (5) takes out
 *       pixels lifted by a few rare, very bright samples, which no step below averages away.</li>
 *   <li><b>Emission and demodulation.</b> The first-hit emission the camera sees ({@link DenoiseInput#emission()},
 *       emissive textures, lights and the sky seen directly) needs no filtering, except where the pixel
 *       footprint is still resolving it (the edge of a light at a few samples per pixel). So the part
 *       {@code passed = trust * emission}, {@code trust = |e|^2 / (|e|^2 + sum_c var_c)} (the emission's
 *       squared magnitude against the pixel's variance of the mean: near 1 where it is resolved, near 0 at a
 *       noisy light edge), is taken out before filtering and added back after. The rest is demodulated per
 *       channel: {@code u = (colour - passed) / (albedo + 0.01)} and {@code var_u = var' / (albedo + 0.01)^2},
 *       where {@code var'} is the variance less the emission's coverage noise ({@link EmissionVariance}: an
 *       upper bound of it, and at least 10% of the variance kept), since that noise is not in what is filtered
 *       and would make the colour test too lenient on emissive textures and at lights' edges. The filter
 *       smooths the illumination, not the texture, which is multiplied back at the end with the same divisor,
 *       so a texture in the albedo AOV comes back exactly. (0.01 keeps black albedo and camera misses finite;
 *       the filter is scale-invariant per pixel, so the offset only matters between pixels of different
 *       albedo.)</li>
 *   <li><b>Firefly clamp.</b> A pixel brighter than {@code fireflyRatio} (2) times every one of its 8
 *       neighbours, in demodulated luminance, by less than twice its own standard error, is scaled down to
 *       the brightest neighbour: such an isolated Monte Carlo outlier would otherwise survive (its variance
 *       estimate is as extreme as its value) or spread into a blotch. This removes energy, a bias towards
 *       darker sparkles; a converged 1-pixel highlight (an emissive dot, a glint seen by every sample) has a
 *       small standard error and is kept.</li>
 *   <li><b>Variance smoothing.</b> The per-pixel variance estimate is itself noisy at low sample counts; it
 *       is smoothed with a 3x3 binomial kernel.</li>
 *   <li><b>A-trous passes</b> k = 0 .. levels-1: every pixel p becomes the weighted mean of the 25 taps
 *       q = p + 2^k (i, j), i, j in -2..2, with weight {@code h(i) h(j) exp(-E)}, h = (1, 4, 6, 4, 1)/16
 *       (the B3 spline), and E the sum of the colour, normal, albedo and depth terms of
 *       {@link CpuDenoiserSettings}. A tap across a camera miss / hit boundary has weight 0. The variance is
 *       carried along as {@code sum w^2 var_q / (sum w)^2}, so later passes, with less noise left, are
 *       stricter about colour differences. Taps outside the image are left out (the weights are
 *       renormalised).</li>
 *   <li><b>Remodulation</b> by the divisor of step 1, plus the passed emission.</li>
 * </ol>
 * Edges that show in the normal, depth or albedo AOVs stop the filter through the feature terms; edges that
 * show only in the lighting (shadow boundaries, caustics) stop it through the colour term once their
 * contrast exceeds a few standard deviations of the noise.
 *
 * <p>The colour term measures a difference against the <em>smaller</em> of the two pixels' variances, not
 * the centre's as in SVGF: Monte Carlo noise grows with brightness, so with the centre's variance a bright
 * pixel beside a dark region (a lit wall at a shadow, a corner, the rim of a light) accepts its dark
 * neighbours and is pulled down, while the dark side refuses the bright one. With the minimum the test is
 * symmetric and as strict as the cleaner pixel allows. On the Cornell box at 128 spp this took the denoised
 * PSNR from 44.8 to 49.1 dB (docs/decisions.md).
 *
 * <p>Multithreaded over bands of rows ({@link RowBands}); each output value depends only on the input, so the
 * result is bit-identical for any thread count. The exponential is a fixed polynomial
 * ({@link #expNeg}), not {@code Math.exp}, whose last bit may differ between JIT tiers.
 *
 * <p>Input needs at least 2 samples per pixel: with a variance of 0 the colour term forbids any averaging and
 * the output equals the input.
 */
public final class CpuDenoiser implements Denoiser {
    public static final String NAME = "cpu";

    /** Offset added to the albedo before dividing by it (step 1 of the class comment). */
    static final float ALBEDO_EPSILON = 0.01f;
    /** Fraction of a pixel's variance kept when the emission's coverage noise is taken out of it. */
    static final float EMISSION_VARIANCE_FLOOR = 0.1f;
    /** Relative depth tolerance of the depth term. */
    static final float DEPTH_RELATIVE = 0.01f;
    /** Added to variances before inverting them: a variance of 0 forbids averaging yet stays finite. */
    private static final float TINY = 1e-30f;
    /** A spike is clamped only if its excess over the brightest neighbour is below this many standard errors. */
    static final float SPIKE_NOISE_MULTIPLE = 2f;
    /** Exponents above this give weight 0 (e^-24 = 4e-11). */
    static final float EXPONENT_CUTOFF = 24f;
    /** B3-spline taps h(-2..2). */
    private static final float[] H = {1f / 16, 4f / 16, 6f / 16, 4f / 16, 1f / 16};
    /** Floats per pixel in the feature array: normal xyz, albedo rgb, depth (-1 = miss), dz/dx, dz/dy. */
    private static final int F = 9;
    /** Floats per pixel in a colour array: demodulated rgb, their variances, 1 / (variance + 1e-30). */
    private static final int C = 9;

    private final CpuDenoiserSettings settings;
    private final int threads;

    /** Default settings, one thread per available processor. */
    public CpuDenoiser() {
        this(CpuDenoiserSettings.defaults(), Runtime.getRuntime().availableProcessors());
    }

    public CpuDenoiser(CpuDenoiserSettings settings, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads " + threads);
        this.settings = settings;
        this.threads = threads;
    }

    @Override
    public String name() { return NAME; }

    public CpuDenoiserSettings settings() { return settings; }

    public int threads() { return threads; }

    @Override
    public float[] denoise(DenoiseInput input) {
        DenoiseInput reweighted = new CascadeReweightFilter(threads).apply(input);
        DenoiseInput in = settings.outlierRatio() > 0
                ? new OutlierFilter(settings.outlierRatio(), threads).apply(reweighted) : reweighted;
        int w = in.width();
        int h = in.height();
        int n = in.pixelCount();
        float[] divisor = new float[3 * n];
        float[] features = new float[F * n];
        float[] a = new float[C * n];
        float[] b = new float[C * n];
        float[] out = new float[3 * n];
        float[] emission = new float[3 * n];
        try (RowBands bands = new RowBands(threads)) {
            bands.run(h, (y0, y1) -> demodulate(in, y0, y1, divisor, emission, a));
            bands.run(h, (y0, y1) -> clampSpikes(w, h, y0, y1, a, b));
            bands.run(h, (y0, y1) -> smoothVariance(w, h, y0, y1, b, a));
            bands.run(h, (y0, y1) -> features(in, y0, y1, features));
            float[] src = a;
            float[] dst = b;
            for (int level = 0; level < settings.levels(); level++) {
                int step = 1 << level;
                float[] s = src;
                float[] d = dst;
                bands.run(h, (y0, y1) -> atrous(w, h, y0, y1, step, s, d, features));
                src = d;
                dst = s;
            }
            float[] result = src;
            bands.run(h, (y0, y1) -> {
                for (int p = y0 * w; p < y1 * w; p++) {
                    for (int c = 0; c < 3; c++) {
                        out[3 * p + c] = result[C * p + c] * divisor[3 * p + c] + emission[3 * p + c];
                    }
                }
            });
        }
        return out;
    }

    /**
     * Step 1: passed = trust * emission, divisor = albedo + epsilon; dst gets u and var_u, the variance less
     * the emission's coverage noise ({@link EmissionVariance}), at least {@link #EMISSION_VARIANCE_FLOOR} of
     * it (non-finite inputs count as 0).
     */
    private static void demodulate(DenoiseInput in, int y0, int y1, float[] divisor, float[] passed, float[] dst) {
        float[] colour = in.color();
        float[] albedo = in.albedo();
        float[] variance = in.variance();
        float[] emission = in.emission();
        int w = in.width();
        for (int p = y0 * w; p < y1 * w; p++) {
            float e2 = 0, vs = 0;
            for (int c = 0; c < 3; c++) {
                float e = finiteNonNegative(emission[3 * p + c]);
                e2 += e * e;
                vs += finiteNonNegative(variance[3 * p + c]);
            }
            float trust = e2 > 0 ? e2 / (e2 + vs) : 0f;
            for (int c = 0; c < 3; c++) passed[3 * p + c] = trust * finiteNonNegative(emission[3 * p + c]);
            for (int c = 0; c < 3; c++) {
                int i = 3 * p + c;
                float d = finiteNonNegative(albedo[i]) + ALBEDO_EPSILON;
                divisor[i] = d;
                float v = colour[i] - passed[i];
                dst[C * p + c] = Float.isFinite(v) ? v / d : 0f;
                float var = finiteNonNegative(variance[i]);
                var = Math.max(var - EmissionVariance.bound(in, p % w, p / w, c), EMISSION_VARIANCE_FLOOR * var);
                dst[C * p + 3 + c] = var / (d * d);
            }
        }
    }

    /**
     * Step 2: an isolated spike (firefly) is a pixel whose demodulated luminance exceeds
     * {@code fireflyRatio} times the largest of its 8 neighbours' by less than
     * {@link #SPIKE_NOISE_MULTIPLE} of its own standard errors (a Monte Carlo outlier, whose variance estimate
     * is as large as its value, not a converged highlight); it is scaled down to that largest luminance (hue
     * kept) and its variance capped at its neighbours' largest, so that neither its energy nor its inflated
     * variance estimate spreads. Everything else is copied. Off when the ratio is 0.
     */
    private void clampSpikes(int w, int h, int y0, int y1, float[] src, float[] dst) {
        float ratio = settings.fireflyRatio();
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int o = C * (y * w + x);
                System.arraycopy(src, o, dst, o, C);
                if (ratio <= 0) continue;
                float maxL = -1f, maxVr = 0, maxVg = 0, maxVb = 0;
                for (int j = -1; j <= 1; j++) {
                    int yy = y + j;
                    if (yy < 0 || yy >= h) continue;
                    for (int i = -1; i <= 1; i++) {
                        int xx = x + i;
                        if ((i == 0 && j == 0) || xx < 0 || xx >= w) continue;
                        int q = C * (yy * w + xx);
                        maxL = Math.max(maxL, luminance(src, q));
                        maxVr = Math.max(maxVr, src[q + 3]);
                        maxVg = Math.max(maxVg, src[q + 4]);
                        maxVb = Math.max(maxVb, src[q + 5]);
                    }
                }
                float l = luminance(src, o);
                // Standard error of the luminance: var(sum w_c x_c) = sum w_c^2 var_c (channels taken as independent).
                float sigma = (float) Math.sqrt(0.2126f * 0.2126f * src[o + 3] + 0.7152f * 0.7152f * src[o + 4]
                        + 0.0722f * 0.0722f * src[o + 5]);
                if (maxL >= 0 && l > ratio * maxL && l - maxL < SPIKE_NOISE_MULTIPLE * sigma) {
                    float scale = maxL / l;
                    dst[o] = src[o] * scale;
                    dst[o + 1] = src[o + 1] * scale;
                    dst[o + 2] = src[o + 2] * scale;
                    dst[o + 3] = Math.min(src[o + 3], maxVr);
                    dst[o + 4] = Math.min(src[o + 4], maxVg);
                    dst[o + 5] = Math.min(src[o + 5], maxVb);
                }
            }
        }
    }

    /** Rec.709 luminance of the demodulated colour at {@code a[o..o+2]}. */
    private static float luminance(float[] a, int o) {
        return 0.2126f * a[o] + 0.7152f * a[o + 1] + 0.0722f * a[o + 2];
    }

    /** Step 3: copies the colours and smooths the variances of {@code src} with a 3x3 binomial into dst. */
    private static void smoothVariance(int w, int h, int y0, int y1, float[] src, float[] dst) {
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float sr = 0, sg = 0, sb = 0, sw = 0;
                for (int j = -1; j <= 1; j++) {
                    int yy = y + j;
                    if (yy < 0 || yy >= h) continue;
                    for (int i = -1; i <= 1; i++) {
                        int xx = x + i;
                        if (xx < 0 || xx >= w) continue;
                        float wt = (j == 0 ? 2f : 1f) * (i == 0 ? 2f : 1f);
                        int q = C * (yy * w + xx);
                        sr += wt * src[q + 3];
                        sg += wt * src[q + 4];
                        sb += wt * src[q + 5];
                        sw += wt;
                    }
                }
                int o = C * p;
                dst[o] = src[o];
                dst[o + 1] = src[o + 1];
                dst[o + 2] = src[o + 2];
                dst[o + 3] = sr / sw;
                dst[o + 4] = sg / sw;
                dst[o + 5] = sb / sw;
                dst[o + 6] = 1f / (dst[o + 3] + TINY);
                dst[o + 7] = 1f / (dst[o + 4] + TINY);
                dst[o + 8] = 1f / (dst[o + 5] + TINY);
            }
        }
    }

    /**
     * Per pixel: normal, albedo, depth (-1 for a miss) and the screen-space depth slope per axis, the
     * smaller of the one-sided differences to hitting neighbours (so a silhouette beside the pixel does not
     * inflate it); 0 where neither neighbour on an axis hits.
     */
    private static void features(DenoiseInput in, int y0, int y1, float[] f) {
        int w = in.width();
        int h = in.height();
        float[] normal = in.normal();
        float[] albedo = in.albedo();
        float[] depth = in.depth();
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int o = F * p;
                for (int c = 0; c < 3; c++) {
                    float nv = normal[3 * p + c];
                    f[o + c] = Float.isFinite(nv) ? nv : 0f;
                    f[o + 3 + c] = finiteNonNegative(albedo[3 * p + c]);
                }
                float z = depth[p];
                boolean hit = z >= 0 && z < Float.POSITIVE_INFINITY;
                f[o + 6] = hit ? z : -1f;
                f[o + 7] = hit ? slope(z, x > 0 ? depth[p - 1] : -1f, x + 1 < w ? depth[p + 1] : -1f) : 0f;
                f[o + 8] = hit ? slope(z, y > 0 ? depth[p - w] : -1f, y + 1 < h ? depth[p + w] : -1f) : 0f;
            }
        }
    }

    private static float slope(float z, float before, float after) {
        boolean b = before >= 0 && before < Float.POSITIVE_INFINITY;
        boolean a = after >= 0 && after < Float.POSITIVE_INFINITY;
        if (a && b) return Math.min(Math.abs(after - z), Math.abs(z - before));
        if (a) return Math.abs(after - z);
        if (b) return Math.abs(z - before);
        return 0f;
    }

    /** Step 4, one pass with holes of {@code step} pixels, rows y0..y1-1, from src into dst. */
    private void atrous(int w, int h, int y0, int y1, int step, float[] src, float[] dst, float[] f) {
        float colourScale = 1f / (3f * 2f * settings.colourSigma() * settings.colourSigma());
        float normalScale = 1f / (settings.normalSigma() * settings.normalSigma());
        float albedoScale = 1f / (settings.albedoSigma() * settings.albedoSigma());
        float depthSigma = settings.depthSigma();
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int pc = C * p;
                int pf = F * p;
                float ur = src[pc], ug = src[pc + 1], ub = src[pc + 2];
                float ir = src[pc + 6], ig = src[pc + 7], ib = src[pc + 8];
                float nx = f[pf], ny = f[pf + 1], nz = f[pf + 2];
                float ar = f[pf + 3], ag = f[pf + 4], ab = f[pf + 5];
                float z = f[pf + 6];
                boolean miss = z < 0;
                float gx = f[pf + 7] * depthSigma * step;
                float gy = f[pf + 8] * depthSigma * step;
                float zTolerance = DEPTH_RELATIVE * z + 1e-30f;
                // 1 / tolerance for tap offsets |i|, |j| in 0..2 (index 3 |j| + |i|).
                float t00 = 1f / zTolerance, t01 = 1f / (gx + zTolerance), t02 = 1f / (2 * gx + zTolerance);
                float t10 = 1f / (gy + zTolerance), t11 = 1f / (gx + gy + zTolerance);
                float t12 = 1f / (2 * gx + gy + zTolerance), t20 = 1f / (2 * gy + zTolerance);
                float t21 = 1f / (gx + 2 * gy + zTolerance), t22 = 1f / (2 * gx + 2 * gy + zTolerance);
                float sw = 0, sr = 0, sg = 0, sb = 0, vr = 0, vg = 0, vb = 0;
                for (int j = -2; j <= 2; j++) {
                    int yy = y + j * step;
                    if (yy < 0 || yy >= h) continue;
                    float hj = H[j + 2];
                    int aj = Math.abs(j);
                    float tc = aj == 0 ? t00 : aj == 1 ? t10 : t20;
                    float t1 = aj == 0 ? t01 : aj == 1 ? t11 : t21;
                    float t2 = aj == 0 ? t02 : aj == 1 ? t12 : t22;
                    for (int i = -2; i <= 2; i++) {
                        int xx = x + i * step;
                        if (xx < 0 || xx >= w) continue;
                        int q = yy * w + xx;
                        int qf = F * q;
                        float zq = f[qf + 6];
                        if (miss != (zq < 0)) continue;
                        int qc = C * q;
                        float cr = src[qc], cg = src[qc + 1], cb = src[qc + 2];
                        float dr = cr - ur, dg = cg - ug, db = cb - ub;
                        // 1 / min(var_p, var_q) = max(1 / var_p, 1 / var_q), per channel.
                        float e = (dr * dr * Math.max(ir, src[qc + 6]) + dg * dg * Math.max(ig, src[qc + 7])
                                + db * db * Math.max(ib, src[qc + 8])) * colourScale;
                        float dnx = f[qf] - nx, dny = f[qf + 1] - ny, dnz = f[qf + 2] - nz;
                        e += (dnx * dnx + dny * dny + dnz * dnz) * normalScale;
                        float dar = f[qf + 3] - ar, dag = f[qf + 4] - ag, dab = f[qf + 5] - ab;
                        e += (dar * dar + dag * dag + dab * dab) * albedoScale;
                        if (!miss) e += Math.abs(zq - z) * (i == 0 ? tc : (i == 1 || i == -1) ? t1 : t2);
                        if (!(e < EXPONENT_CUTOFF)) continue;
                        float wt = hj * H[i + 2] * expNeg(e);
                        sw += wt;
                        sr += wt * cr;
                        sg += wt * cg;
                        sb += wt * cb;
                        float w2 = wt * wt;
                        vr += w2 * src[qc + 3];
                        vg += w2 * src[qc + 4];
                        vb += w2 * src[qc + 5];
                    }
                }
                float inv = 1f / sw;
                float inv2 = inv * inv;
                dst[pc] = sr * inv;
                dst[pc + 1] = sg * inv;
                dst[pc + 2] = sb * inv;
                float or = vr * inv2, og = vg * inv2, ob = vb * inv2;
                dst[pc + 3] = or;
                dst[pc + 4] = og;
                dst[pc + 5] = ob;
                dst[pc + 6] = 1f / (or + TINY);
                dst[pc + 7] = 1f / (og + TINY);
                dst[pc + 8] = 1f / (ob + TINY);
            }
        }
    }

    /**
     * e^-x for 0 &lt;= x &lt; {@link #EXPONENT_CUTOFF}, relative error below 2e-4: x log2(e) = k + f with k an
     * integer, and 2^-(k + f) = 2^-(k + 1) * 2^(1 - f), 2^r for r in (0, 1] by its degree-5 Taylor polynomial.
     * Plain float arithmetic, so the same bits on every JIT tier.
     */
    static float expNeg(float x) {
        float t = x * 1.44269504f;
        int k = (int) t;
        float r = 1f - (t - k);
        float p = 1f + r * (0.69314718f + r * (0.24022651f + r * (0.05550411f + r * (0.00961813f
                + r * 0.00133336f))));
        return p * Float.intBitsToFloat((126 - k) << 23);
    }

    private static float finiteNonNegative(float v) {
        return v > 0 && v < Float.POSITIVE_INFINITY ? v : 0f;
    }
}
