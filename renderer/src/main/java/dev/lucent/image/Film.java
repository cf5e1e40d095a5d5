package dev.lucent.image;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * HDR accumulation buffer of width x height pixels (index {@code y * width + x}, y = 0 the top row). Per
 * pixel it keeps:
 * <ul>
 *   <li>the sample count n;</li>
 *   <li>per RGB channel, Welford's running mean and M2 (sum of squared deviations from the mean) in double
 *       (Welford 1962; Knuth TAOCP vol. 2, 4.2.2): the beauty is the mean (the colour sum is n * mean), the
 *       unbiased sample variance M2 / (n - 1), and the variance of the mean M2 / (n (n - 1)), the error
 *       estimate adaptive sampling and denoisers use;</li>
 *   <li>AOVs from each sample's first hit, as float running means: albedo (linear RGB), shading normal
 *       (world space, averaged and not renormalised) over all samples, misses included as the integrator
 *       reports them (typically 0); depth (distance from the camera position along the ray, world units)
 *       over the samples that hit something: a miss is reported as {@code +infinity} and does not enter the
 *       mean, and a pixel with no hit has depth {@code +infinity}; emission (linear RGB: the part of the
 *       radiance the camera sees directly from an emitter or the environment) and screen-space motion
 *       (pixels from the previous frame, x right, y down; see
 *       {@link dev.lucent.integrator.MotionProjector}) over all samples;</li>
 *   <li>only in a film made with a {@link LuminanceCascade} (the "denoising data" a CPU denoiser's firefly
 *       reweighting reads; {@link #Film(int, int)} records none and allocates nothing for it): the firefly
 *       cascade ({@link #cascade()}): each sample's RGB split by its luminance between two of the cascade's
 *       buffers, kept as float running means over all samples of buffers 1 .. count-1; buffer 0 is the colour
 *       mean less their sum ({@link #cascadeMeans()}), so the buffers sum to the beauty. They feed the
 *       denoiser's reweighting of rare bright samples only; the beauty, mean and M2 do not depend on them.
 *       Samples merged by {@link #mergeSamples} (a GPU backend's summaries) carry no split, so after such a
 *       merge {@link #hasCascades()} is false and the buffers are not written out; {@link #cascadeAbsence()}
 *       says why a film has none. Cost: 4 (count - 1) x 3 bytes per pixel (84 with the default 8 buffers) and
 *       20 to 30 ns per {@link #addSample}.</li>
 *   <li>the first hit's perceptual roughness, a float running mean over all samples (misses count as 0); like
 *       the cascade, only while every sample reported one ({@link #hasRoughness()}).</li>
 * </ul>
 *
 * <p><b>Ownership and determinism.</b> {@link #addSample} reads and writes only the given pixel's state and
 * takes no lock: threads that render disjoint sets of pixels never race. The stored values depend only on
 * the sequence of samples each pixel receives, so a render is bit-identical whatever the thread count or
 * scheduling, provided every pixel receives its samples in sample-index order (one thread per pixel at a
 * time, samples 0, 1, 2, ...). Results read by another thread need a happens-before edge with the writers
 * (Thread.join, Future.get, ExecutorService.awaitTermination, ...).
 *
 * <p><b>Progressive rendering.</b> The whole state can be saved and loaded back exactly with
 * {@link FilmIo}; a renderer continuing a loaded film gives pixel p the sample indices
 * {@code sampleCount(p)}, {@code sampleCount(p) + 1}, ..., and the result has the same bits as an
 * uninterrupted render.
 *
 * <p>A sample whose radiance has a NaN or infinite component is counted in {@link #nonFiniteSamples()}
 * and accumulated as black (pbrt-v4 does the same), so one bad path cannot poison a pixel.
 */
public final class Film {
    private final int width;
    private final int height;
    final int[] count;
    final double[] mean;      // 3 per pixel
    final double[] m2;        // 3 per pixel
    final float[] albedo;     // 3 per pixel, running mean over all samples
    final float[] normal;     // 3 per pixel, running mean over all samples
    final float[] depth;      // running mean over hitting samples; +inf while none
    final int[] depthHits;
    final float[] emission;   // 3 per pixel, running mean over all samples
    final float[] motion;     // 2 per pixel, running mean over all samples
    final float[] previousDepth; // running mean over hitting samples (as depth); +inf while none
    /** The recorded cascade, or null when the film records none. */
    final LuminanceCascade cascade;
    private final float[] cascadeScales;
    /**
     * 3 (count - 1) per pixel: running means of cascade buffers 1 .. count-1, RGB each, pixel-major; null when
     * the film records no cascade.
     */
    final float[] cascadeHigh;
    /**
     * Why the film has no complete cascade (the text after "none: " of {@link FilmIo#CASCADE_ATTRIBUTE}); null
     * while it has one: set once samples without a cascade split were merged or loaded, never back to null.
     * FilmIo's own reasons are always its constants, so they compare by identity.
     */
    volatile String cascadeAbsence;
    final float[] roughness;  // running mean over all samples
    /** False once samples without a roughness were added, merged or loaded; never set back to true. */
    volatile boolean roughnessComplete = true;
    final LongAdder nonFinite = new LongAdder();

    /**
     * A film recording no firefly cascade (no buffers allocated, {@link #addSample} does not split):
     * {@link #cascadeAbsence()} is {@link FilmIo#CASCADE_NOT_ASKED}.
     */
    public Film(int width, int height) {
        this(width, height, null);
    }

    /**
     * A film recording the given firefly cascade (for a render whose CPU denoiser reweights it, or whose EXR
     * should carry it for a later one), or none when {@code cascade} is null (as {@link #Film(int, int)}).
     */
    public Film(int width, int height, LuminanceCascade cascade) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("film size " + width + "x" + height);
        if ((long) width * height * 3 > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("film " + width + "x" + height + " exceeds 715 million pixels");
        }
        if (cascade != null && !cascadeFits(width, height, cascade)) {
            throw new IllegalArgumentException("film " + width + "x" + height + " too large for a cascade of "
                    + cascade.count() + " buffers (" + 3L * cascade.count() * width * height + " floats)");
        }
        this.width = width;
        this.height = height;
        int n = width * height;
        count = new int[n];
        mean = new double[3 * n];
        m2 = new double[3 * n];
        albedo = new float[3 * n];
        normal = new float[3 * n];
        depth = new float[n];
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        depthHits = new int[n];
        emission = new float[3 * n];
        motion = new float[2 * n];
        previousDepth = new float[n];
        Arrays.fill(previousDepth, Float.POSITIVE_INFINITY);
        this.cascade = cascade;
        if (cascade != null) {
            cascadeScales = cascade.scales();
            cascadeHigh = new float[3 * (cascade.count() - 1) * n];
            cascadeAbsence = null;
        } else {
            cascadeScales = null;
            cascadeHigh = null;
            cascadeAbsence = FilmIo.CASCADE_NOT_ASKED;
        }
        roughness = new float[n];
    }

    /** Longest Java array the film allocates: a few less than Integer.MAX_VALUE, as the JVMs allow. */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /**
     * Whether a width x height film can record {@code cascade}: its largest array, {@link #cascadeMeans()}'s
     * {@code 3 count width height} floats, fits in a Java array ({@link #MAX_ARRAY_LENGTH}). False from
     * 89,478,485 pixels with the default 8 buffers; a caller that would record the cascade records none then.
     */
    public static boolean cascadeFits(int width, int height, LuminanceCascade cascade) {
        return cascadeFits((long) width * height, cascade, MAX_ARRAY_LENGTH);
    }

    /**
     * {@link #cascadeFits(int, int, LuminanceCascade)} for {@code pixels} pixels against an array length limit
     * of {@code maxArrayLength} floats (a smaller limit lets tests and callers exercise the rule on small images).
     */
    public static boolean cascadeFits(long pixels, LuminanceCascade cascade, long maxArrayLength) {
        return pixels >= 0 && pixels <= maxArrayLength / (3L * cascade.count());
    }

    public int width() { return width; }
    public int height() { return height; }
    public int pixelCount() { return width * height; }

    /** Index of pixel (x, y): {@code y * width + x}. */
    public int pixelIndex(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
        }
        return y * width + x;
    }

    /**
     * Adds one sample to {@code pixel}: radiance (r, g, b) in linear Rec.709 (W sr^-1 m^-2 per channel, as
     * the integrator computes it), the first hit's albedo and world-space shading normal, and its camera
     * distance ({@code +infinity} for a miss). Touches only this pixel's state; see the class contract.
     */
    public void addSample(int pixel, float r, float g, float b, float albedoR, float albedoG, float albedoB,
                          float normalX, float normalY, float normalZ, float depth) {
        addSample(pixel, r, g, b, albedoR, albedoG, albedoB, normalX, normalY, normalZ, depth, 0f, 0f, 0f, 0f, 0f,
                Float.POSITIVE_INFINITY);
    }

    /**
     * {@link #addSample(int, float, float, float, float, float, float, float, float, float, float)} with the
     * first hit's emission as the camera sees it (linear RGB, part of r, g, b), its screen-space motion from
     * the previous frame (pixels) and its camera distance in the previous frame (world units; +infinity where
     * unknown; averaged over the samples that hit, like depth).
     */
    public void addSample(int pixel, float r, float g, float b, float albedoR, float albedoG, float albedoB,
                          float normalX, float normalY, float normalZ, float depth, float emissionR,
                          float emissionG, float emissionB, float motionX, float motionY, float previousDepth) {
        if (roughnessComplete) roughnessComplete = false;
        addSample(pixel, r, g, b, albedoR, albedoG, albedoB, normalX, normalY, normalZ, depth, emissionR, emissionG,
                emissionB, motionX, motionY, previousDepth, 0f);
    }

    /**
     * The 17-argument {@link #addSample} with the first hit's perceptual roughness (0 to 1; 0 for a miss), the
     * one the CPU backend calls.
     */
    public void addSample(int pixel, float r, float g, float b, float albedoR, float albedoG, float albedoB,
                          float normalX, float normalY, float normalZ, float depth, float emissionR,
                          float emissionG, float emissionB, float motionX, float motionY, float previousDepth,
                          float roughness) {
        if (!(Float.isFinite(r) && Float.isFinite(g) && Float.isFinite(b))) {
            nonFinite.increment();
            r = 0f;
            g = 0f;
            b = 0f;
        }
        int n = count[pixel] + 1;
        if (n < 0) throw new IllegalStateException("pixel " + pixel + " holds 2^31 - 1 samples");
        count[pixel] = n;
        int i = 3 * pixel;
        welford(i, r, n);
        welford(i + 1, g, n);
        welford(i + 2, b, n);
        float inv = 1f / n;
        runningMean(albedo, i, albedoR, inv);
        runningMean(albedo, i + 1, albedoG, inv);
        runningMean(albedo, i + 2, albedoB, inv);
        runningMean(normal, i, normalX, inv);
        runningMean(normal, i + 1, normalY, inv);
        runningMean(normal, i + 2, normalZ, inv);
        runningMean(emission, i, emissionR, inv);
        runningMean(emission, i + 1, emissionG, inv);
        runningMean(emission, i + 2, emissionB, inv);
        runningMean(motion, 2 * pixel, motionX, inv);
        runningMean(motion, 2 * pixel + 1, motionY, inv);
        if (cascadeHigh != null) splitIntoCascade(pixel, r, g, b, inv);
        runningMean(this.roughness, pixel, roughness, inv);
        if (depth >= 0 && depth < Float.POSITIVE_INFINITY) {
            int hits = depthHits[pixel] + 1;
            depthHits[pixel] = hits;
            this.depth[pixel] = hits == 1 ? depth : this.depth[pixel] + (depth - this.depth[pixel]) / hits;
            // An unknown previous distance (+infinity) of any hitting sample makes the pixel's unknown.
            float pd = previousDepth >= 0 ? previousDepth : Float.POSITIVE_INFINITY;
            float old = this.previousDepth[pixel];
            if (hits == 1) this.previousDepth[pixel] = pd;
            else if (old < Float.POSITIVE_INFINITY && pd < Float.POSITIVE_INFINITY) {
                this.previousDepth[pixel] = old + (pd - old) / hits;
            } else this.previousDepth[pixel] = Float.POSITIVE_INFINITY;
        }
    }

    /**
     * Merges {@code n} samples summarised elsewhere (a GPU backend's per-pixel accumulation) into {@code pixel}:
     * their RGB means and M2 combine with this pixel's by Chan, Golub and LeVeque's pairwise update (1979), the
     * AOV means by sample-count weighting, the depth mean by hit-count weighting. Merging the summary of samples
     * k..k+n-1 equals adding them one by one up to rounding. {@code rgbMean}, {@code rgbM2}, {@code albedo3},
     * {@code normal3} hold 3 values each; {@code depthMean} is ignored when {@code depthHitCount} is 0. The
     * merged samples count as having emission and motion 0 and an unknown previous depth (for a backend that
     * does not produce those AOVs).
     */
    public void mergeSamples(int pixel, int n, double[] rgbMean, double[] rgbM2, float[] albedo3, float[] normal3,
                             float depthMean, int depthHitCount) {
        mergeSamples(pixel, n, rgbMean, rgbM2, albedo3, normal3, depthMean, depthHitCount, ZERO3, 0f, 0f,
                Float.POSITIVE_INFINITY);
    }

    private static final float[] ZERO3 = new float[3];

    /**
     * {@link #mergeSamples(int, int, double[], double[], float[], float[], float, int)} with the summary's
     * emission mean ({@code emission3}, 3 values, over all n samples), motion mean (pixels, over all n samples)
     * and previous-depth mean over its {@code depthHitCount} hitting samples (+infinity when any of them had an
     * unknown previous position, as {@link #addSample} keeps it). The merged previous depth is the hit-weighted
     * mean, or +infinity when either side's is unknown, so merging equals adding the samples one by one up to
     * rounding.
     */
    public void mergeSamples(int pixel, int n, double[] rgbMean, double[] rgbM2, float[] albedo3, float[] normal3,
                             float depthMean, int depthHitCount, float[] emission3, float motionX, float motionY,
                             float previousDepthMean) {
        if (n <= 0) return;
        markMerged();
        mergeSummary(pixel, n, rgbMean[0], rgbMean[1], rgbMean[2], rgbM2[0], rgbM2[1], rgbM2[2], albedo3, normal3,
                emission3[0], emission3[1], emission3[2], depthMean, depthHitCount, motionX, motionY,
                previousDepthMean);
    }

    /**
     * Marks the film as holding samples merged from a backend that splits none into the cascade and reports no
     * roughness: its cascade and roughness are incomplete from now on, and a film that recorded no cascade because
     * none was asked for now says the merged samples are why.
     */
    private void markMerged() {
        if (cascadeAbsence == null || cascadeAbsence == FilmIo.CASCADE_NOT_ASKED) {
            cascadeAbsence = FilmIo.CASCADE_MERGED;
        }
        roughnessComplete = false;
    }

    /**
     * {@link #mergeSamples(int, int, double[], double[], float[], float[], float, int, float[], float, float,
     * float)} for {@code pixelCount} consecutive pixels from {@code firstPixel}, their summaries read from
     * {@code records} (absolute reads; the buffer's position and byte order are its own): pixel firstPixel + k's
     * record begins at byte {@code offset + k * layout.bytes()}, fields as {@code layout} places them. Each
     * pixel's result has the same bits as mergeSamples with the record's values (a record with n <= 0 is
     * skipped); the film's cascade and roughness are marked incomplete once per call instead of once per pixel,
     * and no per-pixel arrays are filled, so a whole row merges in one loop. The same ownership rule as {@link
     * #addSample}: threads merging disjoint pixels never race.
     */
    public void mergeSummaries(int firstPixel, int pixelCount, ByteBuffer records, int offset,
                               SampleSummaryLayout layout) {
        if (firstPixel < 0 || pixelCount < 0 || firstPixel > count.length - pixelCount) {
            throw new IndexOutOfBoundsException("pixels " + firstPixel + " + " + pixelCount + " of " + count.length);
        }
        int stride = layout.bytes(), fc = layout.count(), fm = layout.mean(), fq = layout.m2(),
                fa = layout.albedo(), fn = layout.normal(), fe = layout.emission(), fd = layout.depth(),
                fh = layout.depthHits(), fp = layout.previousDepth(), fv = layout.motion();
        boolean merged = false;
        for (int k = 0; k < pixelCount; k++) {
            int o = offset + k * stride;
            int n = records.getInt(o + fc);
            if (n <= 0) continue;
            if (!merged) {
                markMerged();
                merged = true;
            }
            int pixel = firstPixel + k;
            int na = count[pixel];
            long total = (long) na + n;
            if (total > Integer.MAX_VALUE) throw new IllegalStateException("pixel " + pixel + " would hold " + total + " samples");
            for (int c = 0; c < 3; c++) {
                mergeChannel(3 * pixel + c, na, n, total, records.getFloat(o + fm + 4 * c),
                        records.getFloat(o + fq + 4 * c), records.getFloat(o + fa + 4 * c),
                        records.getFloat(o + fn + 4 * c), records.getFloat(o + fe + 4 * c));
            }
            mergeRest(pixel, na, n, total, records.getFloat(o + fd), records.getInt(o + fh),
                    records.getFloat(o + fv), records.getFloat(o + fv + 4), records.getFloat(o + fp));
        }
    }

    /** The body of mergeSamples for n > 0: the flags are the caller's. */
    private void mergeSummary(int pixel, int n, double meanR, double meanG, double meanB, double m2R, double m2G,
                              double m2B, float[] albedo3, float[] normal3, float emissionR, float emissionG,
                              float emissionB, float depthMean, int depthHitCount, float motionX, float motionY,
                              float previousDepthMean) {
        int na = count[pixel];
        long total = (long) na + n;
        if (total > Integer.MAX_VALUE) throw new IllegalStateException("pixel " + pixel + " would hold " + total + " samples");
        int i = 3 * pixel;
        mergeChannel(i, na, n, total, meanR, m2R, albedo3[0], normal3[0], emissionR);
        mergeChannel(i + 1, na, n, total, meanG, m2G, albedo3[1], normal3[1], emissionG);
        mergeChannel(i + 2, na, n, total, meanB, m2B, albedo3[2], normal3[2], emissionB);
        mergeRest(pixel, na, n, total, depthMean, depthHitCount, motionX, motionY, previousDepthMean);
    }

    /**
     * One RGB channel (index {@code j} = 3 pixel + c) of merging n samples into a pixel holding na: Chan, Golub
     * and LeVeque's mean and M2, count-weighted albedo, normal and emission means.
     */
    private void mergeChannel(int j, int na, int n, long total, double rgbMean, double rgbM2, float albedo3,
                              float normal3, float emission3) {
        double delta = rgbMean - mean[j];
        mean[j] += delta * n / total;
        m2[j] += rgbM2 + delta * delta * ((double) na * n / total);
        albedo[j] = (float) ((albedo[j] * (double) na + albedo3 * (double) n) / total);
        normal[j] = (float) ((normal[j] * (double) na + normal3 * (double) n) / total);
        emission[j] = (float) ((emission[j] * (double) na + finite(emission3) * (double) n) / total);
    }

    /** The per-pixel rest of a merge after the channels: motion, the count, depth and previous depth. */
    private void mergeRest(int pixel, int na, int n, long total, float depthMean, int depthHitCount, float motionX,
                           float motionY, float previousDepthMean) {
        motion[2 * pixel] = (float) ((motion[2 * pixel] * (double) na + finite(motionX) * (double) n) / total);
        motion[2 * pixel + 1] = (float) ((motion[2 * pixel + 1] * (double) na + finite(motionY) * (double) n) / total);
        count[pixel] = (int) total;
        if (depthHitCount > 0) {
            int ha = depthHits[pixel];
            int h = ha + depthHitCount;
            float pd = previousDepthMean >= 0 ? previousDepthMean : Float.POSITIVE_INFINITY;
            float old = previousDepth[pixel];
            if (ha == 0) previousDepth[pixel] = pd;
            else if (old < Float.POSITIVE_INFINITY && pd < Float.POSITIVE_INFINITY) {
                previousDepth[pixel] = (float) ((old * (double) ha + pd * (double) depthHitCount) / h);
            } else previousDepth[pixel] = Float.POSITIVE_INFINITY;
            depth[pixel] = ha == 0 ? depthMean : (float) ((depth[pixel] * (double) ha + depthMean * (double) depthHitCount) / h);
            depthHits[pixel] = h;
        }
    }

    /**
     * Adds the sample (r, g, b) to the running means of cascade buffers 1 .. count-1 of {@code pixel}: its
     * share in the two buffers its luminance falls between ({@link LuminanceCascade}), 0 in the others.
     */
    private void splitIntoCascade(int pixel, float r, float g, float b, float inv) {
        int k = cascade.count() - 1;
        float lum = LuminanceCascade.luminance(r, g, b);
        int lower = cascade.lowerIndex(lum);
        float wLower = cascade.lowerWeight(lum, cascadeScales[lower]);
        int base = 3 * k * pixel;
        for (int j = 1; j <= k; j++) {
            float w = j == lower ? wLower : j == lower + 1 ? 1f - wLower : 0f;
            int i = base + 3 * (j - 1);
            cascadeHigh[i] += (w * r - cascadeHigh[i]) * inv;
            cascadeHigh[i + 1] += (w * g - cascadeHigh[i + 1]) * inv;
            cascadeHigh[i + 2] += (w * b - cascadeHigh[i + 2]) * inv;
        }
    }

    /**
     * Sets why this film, which records no cascade, has none ({@link #cascadeAbsence()}, the text after
     * "none: " of {@link FilmIo#CASCADE_ATTRIBUTE}), e.g. {@link FilmIo#CASCADE_TOO_LARGE} for a film that would
     * have recorded one. An IllegalStateException for a film that records a cascade.
     */
    public void setCascadeAbsence(String reason) {
        if (cascadeHigh != null) throw new IllegalStateException("the film records a firefly cascade");
        if (reason == null || reason.isEmpty()) throw new IllegalArgumentException("no reason");
        cascadeAbsence = reason;
    }

    /** Whether every sample reported its first hit's roughness (the CPU backend's do). */
    public boolean hasRoughness() { return roughnessComplete; }

    /** Mean first-hit perceptual roughness, 1 float per pixel (a copy). */
    public float[] roughnessValues() { return roughness.clone(); }

    /** The firefly cascade this film records, or null when it records none. */
    public LuminanceCascade cascade() { return cascade; }

    /** Whether the film records a firefly cascade (its buffers are allocated), complete or not. */
    public boolean recordsCascade() { return cascadeHigh != null; }

    /**
     * Whether the film records a cascade and every sample of it was split into the cascade (false for a film made
     * without one, after {@link #mergeSamples} of a backend that does not split, or after loading a state file
     * without the cascade layers).
     */
    public boolean hasCascades() { return cascadeAbsence == null; }

    /**
     * Why the film has no complete cascade, as the value of {@link FilmIo#CASCADE_ATTRIBUTE} after "none: "
     * (e.g. {@link FilmIo#CASCADE_NOT_ASKED}, {@link FilmIo#CASCADE_MERGED}, or what a loaded state file said);
     * null while {@link #hasCascades()}.
     */
    public String cascadeAbsence() { return cascadeAbsence; }

    /**
     * The cascade buffers' per-pixel means, {@code count} buffers of 3 floats per pixel, buffer-major: buffer i,
     * pixel p, channel c at {@code 3 (i n + p) + c}. Buffer 0 is the colour mean less the others, so the buffers
     * sum to {@link #beautyRgb()} up to float rounding. Meaningful only while {@link #hasCascades()}; an
     * IllegalStateException for a film that records no cascade.
     */
    public float[] cascadeMeans() {
        if (cascadeHigh == null) throw new IllegalStateException("the film records no firefly cascade");
        int n = pixelCount();
        int k = cascade.count() - 1;
        // The constructor checked that 3 count n fits (cascadeFits), so every index below is an int.
        float[] out = new float[Math.toIntExact(3L * cascade.count() * n)];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                double rest = 0;
                for (int j = 1; j <= k; j++) {
                    float v = cascadeHigh[3 * k * p + 3 * (j - 1) + c];
                    out[3 * (j * n + p) + c] = v;
                    rest += v;
                }
                out[3 * p + c] = (float) (mean[3 * p + c] - rest);
            }
        }
        return out;
    }

    /**
     * Buffer {@code i} of {@link #cascadeMeans()} as three planes of {@link #pixelCount()} floats, R into
     * {@code r}, G into {@code g}, B into {@code b}, with the same bits, computed straight from the film's arrays
     * (no {@code 3 count n} array), for {@link FilmIo#outputImage}. An IllegalStateException for a film that
     * records no cascade.
     */
    void cascadePlanes(int i, float[] r, float[] g, float[] b) {
        if (cascadeHigh == null) throw new IllegalStateException("the film records no firefly cascade");
        int n = pixelCount();
        int k = cascade.count() - 1;
        if (i < 0 || i > k) throw new IndexOutOfBoundsException("cascade buffer " + i + " of " + (k + 1));
        float[][] planes = {r, g, b};
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                float v;
                if (i > 0) {
                    v = cascadeHigh[3 * k * p + 3 * (i - 1) + c];
                } else {
                    // As cascadeMeans: the colour mean less buffers 1 .. k summed in double in that order.
                    double rest = 0;
                    for (int j = 1; j <= k; j++) rest += cascadeHigh[3 * k * p + 3 * (j - 1) + c];
                    v = (float) (mean[3 * p + c] - rest);
                }
                planes[c][p] = v;
            }
        }
    }

    /**
     * Sets buffers 1 .. count-1 of the cascade from {@code means} (the layout of {@link #cascadeMeans()};
     * buffer 0 is ignored), for a film loaded from a state file.
     */
    void loadCascade(float[] means) {
        int n = pixelCount();
        int k = cascade.count() - 1;
        for (int p = 0; p < n; p++) {
            for (int j = 1; j <= k; j++) {
                for (int c = 0; c < 3; c++) cascadeHigh[3 * k * p + 3 * (j - 1) + c] = means[3 * (j * n + p) + c];
            }
        }
    }

    private static float finite(float x) {
        return Float.isFinite(x) ? x : 0f;
    }

    /** Welford's update of mean[i] and m2[i] with sample x as the n-th. */
    private void welford(int i, double x, int n) {
        double delta = x - mean[i];
        mean[i] += delta / n;
        m2[i] += delta * (x - mean[i]);
    }

    /** a[i] += (x - a[i]) / n, with {@code inv = 1/n}; a non-finite x counts as 0. */
    private static void runningMean(float[] a, int i, float x, float inv) {
        if (!Float.isFinite(x)) x = 0f;
        a[i] += (x - a[i]) * inv;
    }

    /** Samples accumulated in {@code pixel}. */
    public int sampleCount(int pixel) { return count[pixel]; }

    /** Mean radiance of channel {@code c} (0 = R, 1 = G, 2 = B); 0 before the first sample. */
    public double mean(int pixel, int c) { return mean[3 * pixel + c]; }

    /** Welford's M2 of channel {@code c}: the sum of squared deviations from the mean. */
    public double m2(int pixel, int c) { return m2[3 * pixel + c]; }

    /** Unbiased sample variance M2 / (n - 1) of channel {@code c}; 0 while n &lt; 2. */
    public double sampleVariance(int pixel, int c) {
        int n = count[pixel];
        return n < 2 ? 0.0 : m2[3 * pixel + c] / (n - 1);
    }

    /** Estimated variance of the pixel mean, M2 / (n (n - 1)), of channel {@code c}; 0 while n &lt; 2. */
    public double varianceOfMean(int pixel, int c) {
        int n = count[pixel];
        return n < 2 ? 0.0 : m2[3 * pixel + c] / ((double) n * (n - 1));
    }

    /** Mean first-hit albedo, channel {@code c}. */
    public float albedo(int pixel, int c) { return albedo[3 * pixel + c]; }

    /** Mean first-hit shading normal (world space, not renormalised), component {@code c}. */
    public float normal(int pixel, int c) { return normal[3 * pixel + c]; }

    /** Mean first-hit emission seen by the camera, channel {@code c}. */
    public float emission(int pixel, int c) { return emission[3 * pixel + c]; }

    /** Mean screen-space motion from the previous frame, pixels, component {@code c} (0 = x, 1 = y). */
    public float motion(int pixel, int c) { return motion[2 * pixel + c]; }

    /** Mean camera distance over the samples that hit; +infinity if none did. */
    public float depth(int pixel) { return depth[pixel]; }

    /** Number of samples of {@code pixel} that hit a surface (entered the depth mean). */
    public int depthHits(int pixel) { return depthHits[pixel]; }

    /** Samples whose radiance was NaN or infinite and was accumulated as black, over all pixels. */
    public long nonFiniteSamples() { return nonFinite.sum(); }

    /** Smallest and largest per-pixel sample counts, {min, max}. */
    public int[] sampleCountRange() {
        int min = Integer.MAX_VALUE, max = 0;
        for (int c : count) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return new int[] {min, max};
    }

    /** The beauty (mean radiance) as floats, 3 per pixel. */
    public float[] beautyRgb() { return toFloats(mean); }

    /** Variance of the mean per channel as floats, 3 per pixel. */
    public float[] varianceOfMeanRgb() {
        float[] out = new float[mean.length];
        for (int p = 0; p < count.length; p++) {
            for (int c = 0; c < 3; c++) out[3 * p + c] = (float) varianceOfMean(p, c);
        }
        return out;
    }

    /** Mean albedo, 3 floats per pixel (a copy). */
    public float[] albedoRgb() { return albedo.clone(); }

    /** Mean shading normal, 3 floats per pixel (a copy). */
    public float[] normalXyz() { return normal.clone(); }

    /**
     * Mean camera distance of the hit points in the previous frame, 1 float per pixel (a copy); +infinity where
     * nothing was hit or a hit point had no previous position.
     */
    public float[] previousDepths() { return previousDepth.clone(); }

    /** Mean first-hit emission, 3 floats per pixel (a copy). */
    public float[] emissionRgb() { return emission.clone(); }

    /** Mean motion from the previous frame, 2 floats per pixel, x then y, in pixels (a copy). */
    public float[] motionXy() { return motion.clone(); }

    /** Mean depth per pixel (a copy); +infinity where no sample hit. */
    public float[] depths() { return depth.clone(); }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
