package dev.lucent.denoise;

import dev.lucent.image.LuminanceCascade;
import java.util.List;

/**
 * Firefly reweighting of Zirr, Hanika and Dachsbacher 2018, "Reweighting Firefly Samples for Improved
 * Finite-Sample Monte Carlo Estimates" (Computer Graphics Forum 37(6)), run by the CPU denoisers before they
 * filter when the input carries the render's {@link CascadeLayers}. A rare bright sample is an unbiased but,
 * at finite sample counts, very noisy contribution whose variance estimate is as extreme as its value, so no
 * filter averages it away; the cascade holds exactly that energy apart (in the buffers of high scale), so it
 * can be weighted down where too few samples of that brightness arrived to trust it.
 *
 * <p>Per pixel p with n samples, buffer i of scale {@code s_i} and mean {@code B_i} (linear RGB), with
 * {@code L(.)} the Rec.709 luminance and {@code kappa} the number of samples of a brightness the estimate
 * wants before it trusts it (the paper's kappa; by default it follows the sample count, {@link #kappaFor}), as
 * the paper and its authors' reference viewer compute it:
 * <ol>
 *   <li><b>Counting.</b> {@code c_i(p) = n L(B_i(p)) / s_i} is how many samples of scale {@code s_i} the
 *       buffer's energy amounts to; {@code N_i(p) = c_(i-1)(p) + c_i(p) + c_(i+1)(p)} (a sample is split
 *       between neighbouring buffers). With {@code G} the mean of {@code N_i} over the 3x3 neighbourhood (pixels
 *       inside the image), the count reliability is {@code (G - 1) / kappa} when that is negative (too few such
 *       samples around: one lone sample gives 0 and below), else {@code (N_i(p) - 1) / kappa} (the pixel's
 *       own).</li>
 *   <li><b>Brightness.</b> The colour reliability {@code max(L(P_i(p)), minBrightness) n / (kappa s_i) m},
 *       where {@code P_i} is the reweighted sum of buffers 0..i-1 (the pixel's estimate so far) and
 *       {@code m = (1 + 0.6 (ratio - 1)) (1 - t) + t}, {@code t = min(1, 1 / kappa)} (the paper's allowance for
 *       a sample up to about {@code ratio} times more energetic than the estimate so far): a sample is
 *       trusted when its share {@code s_i / n} is small against what the pixel already holds.</li>
 *   <li><b>Weight.</b> {@code r_i = clamp((count + colour reliability) / 2, 0, 1)}; the reweighted colour is
 *       {@code sum_i r_i B_i}, computed as {@code colour - sum_i (1 - r_i) B_i} so that a pixel whose buffers
 *       all have weight 1 keeps its colour bit for bit.</li>
 * </ol>
 * This is biased (the energy taken out is not put back) and converges: as n grows every count and colour
 * reliability grows with it and every weight reaches 1.
 *
 * <p><b>Variance.</b> The filters weigh colour differences by the variance of the mean, which a firefly
 * dominates; left as measured, the reweighted pixel would still look untrustworthy. The samples behind buffer
 * i have luminance about {@code s_i}, so their share of the variance of the mean in channel c is about
 * {@code v_i,c = s_i B_i,c^2 / (n L(B_i))} (each of the {@code n L(B_i) / s_i} samples contributes
 * {@code (s_i B_i,c / L(B_i))^2 / n^2}); scaling a buffer by {@code r_i} scales its variance by
 * {@code r_i^2}, so the variance becomes {@code var_c - sum_i (1 - r_i^2) min(v_i,c, var_c)}, kept at no less
 * than {@link #VARIANCE_FLOOR} of the measured variance.
 *
 * <p><b>Emissive pixels</b> (first-hit emission of luminance above {@value #EMISSIVE_LUMINANCE}) are left as
 * they are, as {@link OutlierFilter} leaves them: there the bright buffers hold the emitter seen directly, whose
 * sparse samples at a light's edge are coverage, not rare paths, and the denoisers pass the emission through
 * with a trust that depends on the variance. Reweighting them cost the Cornell box 0.4 dB after {@code cpu} at
 * 128 spp (the edge of its light) and gained DamagedHelmet 0.13 dB (its visor).
 *
 * <p>Multithreaded over bands of rows; each output value depends only on the input, so the result is the same
 * for any thread count.
 */
public final class CascadeReweightFilter {
    /** Attribute of a denoised EXR saying whether the firefly reweighting ran ({@link #describe}). */
    public static final String ATTRIBUTE = "lucent.fireflyReweighting";
    /** Names of the denoisers that reweight the firefly cascade when the input has one. */
    public static final List<String> DENOISERS = List.of(CpuDenoiser.NAME, RegressionFilter.NAME);
    /**
     * Names of the half-buffer denoisers whose filters reweight each half that carries the cascade
     * ({@link CrossHalfDenoiser}: its {@code cpu} and regression candidates; {@link #describeHalves}).
     */
    public static final List<String> HALF_BUFFER_DENOISERS = List.of(CrossHalfDenoiser.NAME);

    /** Largest kappa {@link #kappaFor} gives. */
    public static final float MAX_KAPPA = 8f;
    /** Fewest samples per pixel the reweighting runs at ({@link #kappaFor}). */
    public static final int MIN_SPP = 64;
    /** Samples per unit of kappa in {@link #kappaFor}. */
    public static final float SAMPLES_PER_KAPPA = 32f;
    /** Pixels whose first-hit emission has a luminance above this are left as they are (class comment). */
    static final float EMISSIVE_LUMINANCE = 1e-4f;
    /** Brightness (linear luminance) always considered reliable, the paper's 0.05. */
    public static final float DEFAULT_MIN_BRIGHTNESS = 0.05f;
    /** Fraction of the measured variance the reweighting always keeps. */
    static final float VARIANCE_FLOOR = 0.05f;

    private final float kappa;
    private final float minBrightness;
    private final int threads;

    /**
     * @param kappa samples of a brightness wanted before it is trusted; 0: {@link #kappaFor} the input's count
     * @param minBrightness luminance always considered reliable, at least 0
     * @param threads worker threads
     */
    public CascadeReweightFilter(float kappa, float minBrightness, int threads) {
        if (!(kappa >= 0) || !(minBrightness >= 0) || threads < 1) {
            throw new IllegalArgumentException("kappa " + kappa + ", min brightness " + minBrightness + ", threads "
                    + threads);
        }
        this.kappa = kappa;
        this.minBrightness = minBrightness;
        this.threads = threads;
    }

    /** kappa from the sample count ({@link #kappaFor}) and {@link #DEFAULT_MIN_BRIGHTNESS}. */
    public CascadeReweightFilter(int threads) {
        this(0f, DEFAULT_MIN_BRIGHTNESS, threads);
    }

    /**
     * One line for logs and the {@link #ATTRIBUTE} attribute: what the denoiser called {@code denoiser} does with
     * the firefly cascade of {@code in} ("cascade of N buffers, ..., kappa K", or "none: " and why); null for a
     * denoiser that never reweights.
     */
    public static String describe(String denoiser, DenoiseInput in) {
        return describe(denoiser, in, null);
    }

    /**
     * {@link #describe(String, DenoiseInput)} with why the input has no cascade layers when it has none
     * ({@link dev.lucent.image.Film#cascadeAbsence()}, {@link dev.lucent.image.FilmIo#cascadeAbsenceOf}); null
     * where that is not known.
     */
    public static String describe(String denoiser, DenoiseInput in, String absence) {
        return DENOISERS.contains(denoiser) ? describeInput(in, absence) : null;
    }

    /**
     * {@link #describe(String, DenoiseInput, String)} for a {@link #HALF_BUFFER_DENOISERS} denoiser, whose filters
     * reweight each half by its own cascade and sample count: the description of the first half when both halves
     * read the same (the usual case: two renders of one kind), else {@code "first half: A; second half: B"}.
     * {@code firstAbsence} and {@code secondAbsence} say why a half has no cascade layers, null where not known.
     */
    public static String describeHalves(HalfBufferInput in, String firstAbsence, String secondAbsence) {
        String first = describeInput(in.first(), firstAbsence), second = describeInput(in.second(), secondAbsence);
        return first.equals(second) ? first : "first half: " + first + "; second half: " + second;
    }

    private static String describeInput(DenoiseInput in, String absence) {
        CascadeLayers layers = in.cascades();
        if (layers == null) {
            return "none: the input has no firefly cascade layers: " + (absence != null ? absence
                    : "a CUDA or Vulkan render, a CPU render without --denoise cpu|cpu-regression or"
                    + " --denoising-data, or an older EXR");
        }
        if (in.spp() < MIN_SPP) {
            return "none: " + (in.spp() < 1 ? "the input's sample count is unknown" : "fewer than " + MIN_SPP
                    + " samples per pixel");
        }
        LuminanceCascade c = layers.cascade();
        return "cascade of " + c.count() + " buffers from " + c.start() + " by " + c.ratio() + ", kappa "
                + kappaFor(in.spp());
    }

    /** The fixed kappa, or 0 when it follows the sample count ({@link #kappaFor}). */
    public float kappa() { return kappa; }

    /**
     * kappa for {@code spp} samples per pixel: {@code min(spp / 32, 8)} (2 at 64 spp, 4 at 128, 8 from 256); 0 below
     * {@link #MIN_SPP}, where the reweighting does not run. Measured with the {@link LuminanceCascade#DEFAULT}
     * cascade (docs/benchmarks.md "Branch firefly"): on DamagedHelmet the best fixed kappa of the reweighted image
     * alone was 2 at 16 spp, 4 at 64, 8 at 128 and 16 at 512 (a larger kappa at low sample counts removes much of
     * the real light), but kappa 8 at 128 spp cost the material test 0.4 dB after either denoiser where 4 cost
     * nothing (and gained the helmet's {@code cpu-regression} image only 0.1 dB), and kappa 16 at 512 cost it
     * 0.19 dB where 8 cost nothing. At 16 spp even kappa 1 (or less) cost the material test 0.8 to 1.9 dB and
     * gained the helmet nothing, hence {@link #MIN_SPP}. Capped so that the weights reach 1 as the sample count
     * grows (the estimate converges).
     */
    public static float kappaFor(int spp) {
        return spp < MIN_SPP ? 0f : Math.min(MAX_KAPPA, spp / SAMPLES_PER_KAPPA);
    }

    /**
     * {@code in} reweighted: a new input with new colour and variance arrays, every other array shared with
     * {@code in}, and no cascade. {@code in} itself when it has no cascade or no sample count, or (kappa from the
     * sample count) fewer than {@link #MIN_SPP} samples per pixel.
     */
    public DenoiseInput apply(DenoiseInput in) {
        CascadeLayers layers = in.cascades();
        if (layers == null || (kappa == 0 && in.spp() < MIN_SPP) || in.spp() < 1) return in;
        int w = in.width(), h = in.height(), n = in.pixelCount();
        LuminanceCascade cascade = layers.cascade();
        int k = cascade.count();
        float[] scales = cascade.scales();
        float[] means = layers.means();
        float spp = in.spp();
        float[] counts = new float[k * n];   // N_i(p) of the class comment, buffer-major
        float[] rows = new float[k * n];     // N_i summed over each pixel's row neighbours x-1..x+1
        float[] means3x3 = new float[k * n]; // G: N_i averaged over the 3x3 neighbourhood inside the image
        float[] colour = new float[3 * n];
        float[] variance = new float[3 * n];
        try (RowBands bands = new RowBands(threads)) {
            bands.run(h, (y0, y1) -> countRows(means, scales, spp, n, y0 * w, y1 * w, counts));
            bands.run(h, (y0, y1) -> rowSums(counts, k, w, n, y0, y1, rows));
            bands.run(h, (y0, y1) -> boxMeans(rows, k, w, h, y0, y1, means3x3));
            bands.run(h, (y0, y1) -> reweightRows(in, layers, scales, counts, means3x3, y0, y1, colour, variance));
        }
        return in.withColour(colour, variance);
    }

    /** Weights r_i of pixel p (class comment), for tests and diagnostics. */
    float[] weights(DenoiseInput in, int p) {
        CascadeLayers layers = in.cascades();
        int n = in.pixelCount(), k = layers.cascade().count();
        float[] scales = layers.cascade().scales();
        int w = in.width(), h = in.height();
        float[] counts = new float[k * n], rows = new float[k * n], means3x3 = new float[k * n];
        countRows(layers.means(), scales, in.spp(), n, 0, n, counts);
        rowSums(counts, k, w, n, 0, h, rows);
        boxMeans(rows, k, w, h, 0, h, means3x3);
        float[] r = new float[k];
        weightsOf(in, layers, scales, counts, means3x3, p, r);
        return r;
    }

    private void reweightRows(DenoiseInput in, CascadeLayers layers, float[] scales, float[] counts, float[] means3x3,
                              int y0, int y1,
                              float[] colour, float[] variance) {
        int w = in.width(), n = in.pixelCount(), k = scales.length;
        float[] means = layers.means();
        float spp = in.spp();
        float[] r = new float[k];
        float[] em = in.emission();
        for (int p = y0 * w; p < y1 * w; p++) {
            if (LuminanceCascade.luminance(em[3 * p], em[3 * p + 1], em[3 * p + 2]) > EMISSIVE_LUMINANCE) {
                for (int c = 0; c < 3; c++) {
                    colour[3 * p + c] = in.color()[3 * p + c];
                    variance[3 * p + c] = in.variance()[3 * p + c];
                }
                continue;
            }
            weightsOf(in, layers, scales, counts, means3x3, p, r);
            for (int c = 0; c < 3; c++) {
                float var = in.variance()[3 * p + c];
                double removed = 0, removedVariance = 0;
                for (int i = 0; i < k; i++) {
                    if (r[i] >= 1f) continue;
                    float b = means[3 * (i * n + p) + c];
                    removed += (1f - r[i]) * b;
                    float lum = luminance(means, i, n, p);
                    if (lum > 0 && var > 0) {
                        double v = Math.min(var, (double) scales[i] * b * b / (spp * lum));
                        removedVariance += (1f - r[i] * r[i]) * v;
                    }
                }
                colour[3 * p + c] = removed == 0 ? in.color()[3 * p + c] : (float) (in.color()[3 * p + c] - removed);
                variance[3 * p + c] = removed == 0 ? var
                        : (float) Math.max(VARIANCE_FLOOR * var, var - removedVariance);
            }
        }
    }

    /** {@code rows[i n + p]}: counts of buffer i summed over p's row neighbours x-1..x+1 inside the image. */
    private static void rowSums(float[] counts, int k, int w, int n, int y0, int y1, float[] rows) {
        for (int i = 0; i < k; i++) {
            for (int y = y0; y < y1; y++) {
                int row = i * n + y * w;
                for (int x = 0; x < w; x++) {
                    float sum = counts[row + x];
                    if (x > 0) sum += counts[row + x - 1];
                    if (x + 1 < w) sum += counts[row + x + 1];
                    rows[row + x] = sum;
                }
            }
        }
    }

    /** {@code out[i n + p]}: row sums of rows y-1..y+1 inside the image, divided by the pixels they cover. */
    private static void boxMeans(float[] rows, int k, int w, int h, int y0, int y1, float[] out) {
        int n = w * h;
        for (int i = 0; i < k; i++) {
            for (int y = y0; y < y1; y++) {
                int row = i * n + y * w;
                int ny = 1 + (y > 0 ? 1 : 0) + (y + 1 < h ? 1 : 0);
                for (int x = 0; x < w; x++) {
                    float sum = rows[row + x];
                    if (y > 0) sum += rows[row - w + x];
                    if (y + 1 < h) sum += rows[row + w + x];
                    int nx = 1 + (x > 0 ? 1 : 0) + (x + 1 < w ? 1 : 0);
                    out[row + x] = sum / (nx * ny);
                }
            }
        }
    }

    /** N_i(q) of the class comment for pixels p0 .. p1-1 into {@code counts} (buffer-major). */
    private static void countRows(float[] means, float[] scales, float spp, int n, int p0, int p1, float[] counts) {
        int k = scales.length;
        for (int q = p0; q < p1; q++) {
            for (int i = 0; i < k; i++) {
                float sum = 0f;
                for (int j = Math.max(0, i - 1); j <= Math.min(k - 1, i + 1); j++) {
                    sum += spp * Math.max(0f, luminance(means, j, n, q)) / scales[j];
                }
                counts[i * n + q] = sum;
            }
        }
    }

    /** The weights r_0 .. r_(k-1) of pixel p into {@code r}. */
    private void weightsOf(DenoiseInput in, CascadeLayers layers, float[] scales, float[] counts, float[] means3x3,
                           int p, float[] r) {
        int n = in.pixelCount(), k = scales.length;
        float spp = in.spp();
        float kappa = this.kappa > 0 ? this.kappa : kappaFor(in.spp());
        float t = Math.min(1f, 1f / kappa);
        float ratio = layers.cascade().ratio();
        float allowance = (1f + 0.6f * (ratio - 1f)) * (1f - t) + t;
        float[] means = layers.means();
        float estimate = 0f;    // luminance of the reweighted buffers below i
        for (int i = 0; i < k; i++) {
            int base = i * n;
            float global = means3x3[base + p];
            float count = (global - 1f) / kappa;
            if (count >= 0f) count = (counts[base + p] - 1f) / kappa;
            float brightness = Math.max(estimate, minBrightness) * spp / (kappa * scales[i]) * allowance;
            float ri = Math.max(0f, Math.min(1f, 0.5f * (count + brightness)));
            r[i] = ri;
            estimate += ri * Math.max(0f, luminance(means, i, n, p));
        }
    }

    /**
     * Luminance of buffer i at pixel p. Offsets into {@code means} are ints: they stay below its length, 3 k n
     * (CascadeLayers and DenoiseInput check it), which a Java array keeps below 2^31.
     */
    private static float luminance(float[] means, int i, int n, int p) {
        int o = 3 * (i * n + p);
        return LuminanceCascade.luminance(means[o], means[o + 1], means[o + 2]);
    }
}
