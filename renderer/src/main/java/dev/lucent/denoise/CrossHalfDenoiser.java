package dev.lucent.denoise;

import java.util.List;

/**
 * {@code cpu-nfor}: per-pixel selection among a bank of filters by a cross-half error estimate, the selection
 * idea of NFOR (Bitterli, Rousselle, Moon, Iglesias-Guitián, Adler, Mitchell, Jarosz, Novák 2016, "Nonlinearly
 * Weighted First-order Regression for Denoising Monte Carlo Renderings"), on a render given as two independent
 * half buffers ({@link HalfBufferInput}).
 *
 * <p>For each candidate k of the bank ({@link CrossFilter}s), each half is filtered with weights from the
 * other: {@code f_k,1 = F_k(h_1; h_2)}, {@code f_k,2 = F_k(h_2; h_1)}. The other half has mean equal to the
 * true pixel value {@code t} and its noise is independent of the values {@code f_k,1} averages, so per
 * pixel and channel
 * <pre>  e_k = ((f_k,1 - h_2)^2 - var_2 + (f_k,2 - h_1)^2 - var_1) / 2</pre>
 * estimates the filtered half's squared error {@code E[(f_k - t)^2]} (exactly unbiased for a filter that
 * ignores the other half; for a cross-weighted one the weights' dependence on {@code h_2} is neglected).
 * Summed over the channels, e_k is multiplied by {@code (L + 0.003)^-gamma} (L the luminance of candidate
 * 0's filtered halves, gamma 1 by default), so that, as on a display, an error in a dark pixel counts more
 * than the same error in a bright one, then averaged over a (2r+1)^2 box (it is very noisy per pixel); each
 * pixel takes the candidate with the smallest averaged estimate, "raw" (the half means, no filtering) always
 * being a candidate. The output is that candidate applied to the combined render (or, with {@code refilter}
 * false, the mean of its two filtered halves). The choice is made at the noise level of a half, twice the
 * variance of the combined render, so it leans slightly towards more filtering than would be best for the
 * combined render.
 *
 * <p>Why it helps where one fixed filter does not: where a gentle filter leaves noise, a stronger one's cross
 * error is smaller; where a strong filter blurs detail (normal-mapped highlights, texture, shadow edges), the
 * other half shows it and the gentle filter or the raw value wins. Unlike SURE, the estimate needs no
 * derivative of the filter.
 *
 * <p>Costs 3 runs of each candidate (two halves, the combined image) plus a few passes. Deterministic for
 * any thread count (each pass writes its own rows from inputs only).
 */
public final class CrossHalfDenoiser {
    public static final String NAME = "cpu-nfor";

    private final List<CrossFilter> bank;
    private final int radius;
    private final int threads;
    private final boolean refilter;
    private final double weightExponent;

    /** Rec.709 luminance weights. */
    private static final float[] LUMA = {0.2126f, 0.7152f, 0.0722f};
    /** Added to the luminance before the error weight's power, linear radiance units. */
    static final float WEIGHT_OFFSET = 0.003f;

    /**
     * @param bank   the filter strengths to choose among (at least 1), in addition to the raw half means
     * @param radius half-width r of the box over which the per-pixel error estimates are averaged, pixels
     * @param refilter output the chosen filter applied to the combined image ({@link HalfBufferInput#combined})
     *                 instead of the mean of the two filtered halves (one more filter run per candidate)
     * @param weightExponent gamma of the error weight {@code (L + 0.003)^-gamma}; 0 weighs all pixels alike
     */
    public CrossHalfDenoiser(List<CrossFilter> bank, int radius, boolean refilter, double weightExponent,
                             int threads) {
        if (bank == null || bank.isEmpty()) throw new IllegalArgumentException("empty filter bank");
        if (radius < 0 || radius > 64) throw new IllegalArgumentException("radius " + radius);
        if (threads < 1) throw new IllegalArgumentException("threads " + threads);
        this.bank = List.copyOf(bank);
        this.radius = radius;
        this.threads = threads;
        this.refilter = refilter;
        this.weightExponent = weightExponent;
    }

    /** The bank {@code --denoise cpu-nfor} uses, radius 4, one thread per available processor. */
    public CrossHalfDenoiser() {
        this(defaultBank(Runtime.getRuntime().availableProcessors()), 4, true, 1.0,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The bank of {@code --denoise cpu-nfor}: the {@code cpu} a-trous filter with its defaults, and the
     * first-order regression {@link RegressionFilter#defaults} (window 13x13, k 1, outlier pass), which keeps
     * shading that varies with the normal and spreads heavy-tailed outliers. Larger banks (a-trous colour
     * sigma 6, a box-smoothed variance, an outlier split, other regression windows, the outlier pass alone;
     * docs/benchmarks.md) gave no more on the benchmark scenes: every extra candidate is one more chance for the
     * noisy error estimate to pick wrongly.
     */
    public static List<CrossFilter> defaultBank(int threads) {
        return List.of(CrossFilter.of(new CpuDenoiser(CpuDenoiserSettings.defaults(), threads)),
                RegressionFilter.defaults(threads));
    }

    public List<CrossFilter> bank() { return bank; }

    public int radius() { return radius; }

    /** The denoised image of all samples, 3 linear RGB floats per pixel. */
    public float[] denoise(HalfBufferInput in) {
        return run(in).image();
    }

    /** Output and the per-pixel choice: -1 raw, k the bank's k-th settings. */
    record Result(float[] image, int[] choice) {}

    Result run(HalfBufferInput in) {
        DenoiseInput h1 = in.first();
        DenoiseInput h2 = in.second();
        int w = h1.width();
        int h = h1.height();
        int n = h1.pixelCount();
        float[] a = finiteCopy(h1.color());
        float[] b = finiteCopy(h2.color());
        float[] va = finiteCopy(h1.variance());
        float[] vb = finiteCopy(h2.variance());
        float[] best = new float[n];
        int[] choice = new int[n];
        float[] out = new float[3 * n];
        DenoiseInput all = refilter ? in.combined() : null;
        float[] first1 = bank.get(0).filter(h1, h2);
        float[] first2 = bank.get(0).filter(h2, h1);
        float[] weight = new float[n];
        try (RowBands bands = new RowBands(threads)) {
            bands.run(h, (y0, y1) -> {
                for (int p = y0 * w; p < y1 * w; p++) {
                    float l = 0;
                    for (int c = 0; c < 3; c++) l += LUMA[c] * 0.5f * (first1[3 * p + c] + first2[3 * p + c]);
                    weight[p] = (float) StrictMath.pow(Math.max(l, 0f) + WEIGHT_OFFSET, -weightExponent);
                }
            });
            // Raw candidate: f_1 = h_1, f_2 = h_2.
            float[] e = new float[n];
            bands.run(h, (y0, y1) -> crossError(w, y0, y1, a, b, a, b, va, vb, weight, e));
            float[] smooth = boxAverage(bands, w, h, e);
            System.arraycopy(smooth, 0, best, 0, n);
            java.util.Arrays.fill(choice, -1);
            bands.run(h, (y0, y1) -> {
                for (int p = y0 * w; p < y1 * w; p++) {
                    for (int c = 0; c < 3; c++) {
                        out[3 * p + c] = 0.5f * (a[3 * p + c] + b[3 * p + c]);
                    }
                }
            });
            for (int k = 0; k < bank.size(); k++) {
                CrossFilter filter = bank.get(k);
                float[] f1 = k == 0 ? first1 : filter.filter(h1, h2);
                float[] f2 = k == 0 ? first2 : filter.filter(h2, h1);
                bands.run(h, (y0, y1) -> crossError(w, y0, y1, f1, f2, a, b, va, vb, weight, e));
                float[] s = boxAverage(bands, w, h, e);
                int kk = k;
                float[] fa = refilter ? filter.filter(all, all) : null;
                bands.run(h, (y0, y1) -> {
                    for (int p = y0 * w; p < y1 * w; p++) {
                        if (s[p] < best[p]) {
                            best[p] = s[p];
                            choice[p] = kk;
                            for (int c = 0; c < 3; c++) {
                                out[3 * p + c] = refilter ? fa[3 * p + c] : 0.5f * (f1[3 * p + c] + f2[3 * p + c]);
                            }
                        }
                    }
                });
            }
        }
        return new Result(out, choice);
    }

    /** e = weight sum_c ((f1 - h2)^2 - var2 + (f2 - h1)^2 - var1) / 2 per pixel of rows y0..y1-1. */
    private static void crossError(int w, int y0, int y1, float[] f1, float[] f2, float[] h1, float[] h2,
                                   float[] v1, float[] v2, float[] weight, float[] e) {
        for (int p = y0 * w; p < y1 * w; p++) {
            float s = 0;
            for (int c = 0; c < 3; c++) {
                int i = 3 * p + c;
                float d1 = f1[i] - h2[i], d2 = f2[i] - h1[i];
                s += d1 * d1 - v2[i] + d2 * d2 - v1[i];
            }
            e[p] = 0.5f * s * weight[p];
        }
    }

    /** Mean of {@code v} over the (2r+1)^2 box around each pixel, clipped to the image (separable). */
    private float[] boxAverage(RowBands bands, int w, int h, float[] v) {
        float[] rows = new float[v.length];
        float[] out = new float[v.length];
        int r = radius;
        bands.run(h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    int x0 = Math.max(0, x - r), x1 = Math.min(w - 1, x + r);
                    for (int xx = x0; xx <= x1; xx++) s += v[y * w + xx];
                    rows[y * w + x] = (float) (s / (x1 - x0 + 1));
                }
            }
        });
        bands.run(h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int ya = Math.max(0, y - r), yb = Math.min(h - 1, y + r);
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int yy = ya; yy <= yb; yy++) s += rows[yy * w + x];
                    out[y * w + x] = (float) (s / (yb - ya + 1));
                }
            }
        });
        return out;
    }

    private static float[] finiteCopy(float[] v) {
        float[] c = new float[v.length];
        for (int i = 0; i < v.length; i++) c[i] = Float.isFinite(v[i]) ? v[i] : 0f;
        return c;
    }
}
