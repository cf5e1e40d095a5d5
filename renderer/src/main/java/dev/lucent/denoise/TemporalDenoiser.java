package dev.lucent.denoise;

/**
 * Temporal mode for frame sequences ({@code lucent render --frames ... --denoise cpu --temporal}): each frame is
 * denoised spatially by the wrapped denoiser, then blended with the previous frame's output reprojected along
 * the motion AOV, in the manner of temporal anti-aliasing and SVGF's temporal accumulation (Schied et al. 2017;
 * Karis 2014, "High-Quality Temporal Supersampling"). Stateful: it keeps the previous frame's output, normal,
 * depth and per-pixel history length between calls, so one instance serves one sequence, frames in order.
 *
 * <p>Per pixel (x, y) of the current frame, with motion m (pixels; {@link DenoiseInput#motion()}):
 * <ol>
 *   <li><b>Reprojection.</b> The history is read bilinearly at film position (x + 0.5 - m.x, y + 0.5 - m.y)
 *       of the previous frame. Each of the 4 bilinear taps must lie in the image and agree with the current
 *       pixel in geometry: both miss or both hit; the tap's depth (previous frame) within
 *       {@link #DEPTH_TOLERANCE} (relative) of the distance the current pixel's point had from the previous
 *       camera ({@link DenoiseInput#previousDepth()}; the current depth when that is not given, which only
 *       suits a still camera); normals (world space) with a dot product above {@link #NORMAL_DOT} (both taken
 *       as unit after normalising). Taps that disagree are dropped and the rest renormalised; with less than half the
 *       bilinear weight left the history is rejected (disocclusion) and the pixel restarts.</li>
 *   <li><b>Colour clamp.</b> The reprojected history colour is clamped per channel to the box
 *       {@code mean +- CLAMP_SIGMAS * stddev} of the current spatially denoised 3x3 neighbourhood, so lighting
 *       that changed (a moved shadow, a highlight) cannot ghost.</li>
 *   <li><b>Blend.</b> {@code out = a * current + (1 - a) * history} with {@code a = max(1 / (n + 1),
 *       MIN_ALPHA)} and n the history length (frames accumulated, at most 1 / MIN_ALPHA - 1): an exponential
 *       moving average that starts as a plain mean.</li>
 * </ol>
 * The first frame, a frame without motion, a frame of another size, or one after {@link #clearHistory()} is
 * the spatial result unchanged. Emission (the {@link DenoiseInput#emission()} layer) is blended like the rest.
 * Deterministic: every output value depends only on the inputs and the history.
 */
public final class TemporalDenoiser implements SequenceDenoiser {
    /** Largest relative depth difference between a history tap and the current pixel. */
    static final float DEPTH_TOLERANCE = 0.05f;
    /** Smallest dot product of the (normalised) normals of a history tap and the current pixel. */
    static final float NORMAL_DOT = 0.9f;
    /** Half-width of the colour box in standard deviations of the 3x3 neighbourhood. */
    static final float CLAMP_SIGMAS = 1.0f;
    /**
     * Smallest weight of the current frame: 0.5, an exponential moving average with a half-life of one frame.
     * On scenes/animated.json (docs/benchmarks.md, "Temporal mode") longer histories (0.1 to 0.4) removed no
     * more flicker and cost up to 0.9 dB: the bilinear reprojection blurs the history a little every frame and
     * view-dependent shading lags behind.
     */
    static final float MIN_ALPHA = 0.5f;

    private final Denoiser spatial;
    private int width, height;
    /** Previous output (3 per pixel), normals (3), depth (1), history length; null when there is none. */
    private float[] previousColour, previousNormal, previousDepth, previousLength;

    /** Temporal mode around {@code spatial} (which it owns and closes). */
    public TemporalDenoiser(Denoiser spatial) {
        if (spatial == null) throw new IllegalArgumentException("no spatial denoiser");
        this.spatial = spatial;
    }

    /** The spatial denoiser's name: the temporal mode is a way of running it, recorded separately. */
    @Override
    public String name() { return spatial.name(); }

    @Override
    public boolean hasHistory() { return previousColour != null; }

    /** Forgets the previous frame: the next frame is denoised spatially only. */
    @Override
    public void clearHistory() {
        previousColour = previousNormal = previousDepth = previousLength = null;
    }

    /**
     * Makes {@code previousOutput} (3 floats per pixel) of the frame {@code previous} (its normal and depth
     * layers) the history, with history length 1: how a resumed batch continues from the previous frame's EXR.
     */
    @Override
    public void setHistory(DenoiseInput previous, float[] previousOutput) {
        if (previousOutput.length != 3 * previous.pixelCount()) {
            throw new IllegalArgumentException("previous output has " + previousOutput.length + " floats, expected "
                    + 3 * previous.pixelCount());
        }
        float[] length = new float[previous.pixelCount()];
        java.util.Arrays.fill(length, 1f);
        keep(previous, previousOutput, length);
    }

    @Override
    public float[] denoise(DenoiseInput in) {
        float[] current = spatial.denoise(in);
        int n = in.pixelCount();
        if (in.motion() == null || previousColour == null || in.width() != width || in.height() != height) {
            float[] length = new float[n];
            java.util.Arrays.fill(length, 1f);
            keep(in, current, length);
            return current;
        }
        float[] out = new float[3 * n];
        float[] length = new float[n];
        int w = in.width(), h = in.height();
        float[] hist = new float[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                boolean ok = reproject(in, x, y, hist);
                if (!ok) {
                    for (int c = 0; c < 3; c++) out[3 * p + c] = current[3 * p + c];
                    length[p] = 1f;
                    continue;
                }
                clampToNeighbourhood(current, w, h, x, y, hist);
                float len = hist[3];
                float alpha = Math.max(1f / (len + 1f), MIN_ALPHA);
                for (int c = 0; c < 3; c++) {
                    out[3 * p + c] = alpha * current[3 * p + c] + (1f - alpha) * hist[c];
                }
                length[p] = Math.min(len + 1f, 1f / MIN_ALPHA - 1f);
            }
        }
        keep(in, out, length);
        return out;
    }

    /**
     * History colour (hist[0..2]) and length (hist[3]) at the reprojected position of pixel (x, y); false when
     * rejected (outside, or geometry disagrees on more than half the bilinear weight).
     */
    private boolean reproject(DenoiseInput in, int x, int y, float[] hist) {
        int w = width, h = height;
        int p = y * w + x;
        float mx = in.motion()[2 * p], my = in.motion()[2 * p + 1];
        if (!Float.isFinite(mx) || !Float.isFinite(my)) return false;
        float fx = x + 0.5f - mx - 0.5f, fy = y + 0.5f - my - 0.5f;
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        float tx = fx - x0, ty = fy - y0;
        float z = in.depth()[p];
        boolean hit = z < Float.POSITIVE_INFINITY;
        if (hit && in.previousDepth() != null) {
            z = in.previousDepth()[p];
            if (!(z < Float.POSITIVE_INFINITY)) return false;
        }
        float nx = in.normal()[3 * p], ny = in.normal()[3 * p + 1], nz = in.normal()[3 * p + 2];
        float nl = (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
        float sw = 0, r = 0, g = 0, b = 0, len = 0;
        for (int j = 0; j < 2; j++) {
            int yy = y0 + j;
            if (yy < 0 || yy >= h) continue;
            float wy = j == 0 ? 1 - ty : ty;
            for (int i = 0; i < 2; i++) {
                int xx = x0 + i;
                if (xx < 0 || xx >= w) continue;
                float wt = wy * (i == 0 ? 1 - tx : tx);
                if (wt <= 0) continue;
                int q = yy * w + xx;
                float zq = previousDepth[q];
                boolean hitQ = zq < Float.POSITIVE_INFINITY;
                if (hit != hitQ) continue;
                if (hit) {
                    if (Math.abs(zq - z) > DEPTH_TOLERANCE * Math.max(z, zq)) continue;
                    float qx = previousNormal[3 * q], qy = previousNormal[3 * q + 1], qz = previousNormal[3 * q + 2];
                    float ql = (float) Math.sqrt(qx * qx + qy * qy + qz * qz);
                    if (nl > 0 && ql > 0 && (nx * qx + ny * qy + nz * qz) < NORMAL_DOT * nl * ql) continue;
                }
                sw += wt;
                r += wt * previousColour[3 * q];
                g += wt * previousColour[3 * q + 1];
                b += wt * previousColour[3 * q + 2];
                len += wt * previousLength[q];
            }
        }
        if (sw < 0.5f) return false;
        hist[0] = r / sw;
        hist[1] = g / sw;
        hist[2] = b / sw;
        hist[3] = len / sw;
        return true;
    }

    /** Clamps hist[0..2] to the colour box of the 3x3 neighbourhood of (x, y) in {@code current}. */
    private static void clampToNeighbourhood(float[] current, int w, int h, int x, int y, float[] hist) {
        for (int c = 0; c < 3; c++) {
            float s = 0, s2 = 0;
            int k = 0;
            for (int j = -1; j <= 1; j++) {
                int yy = y + j;
                if (yy < 0 || yy >= h) continue;
                for (int i = -1; i <= 1; i++) {
                    int xx = x + i;
                    if (xx < 0 || xx >= w) continue;
                    float v = current[3 * (yy * w + xx) + c];
                    s += v;
                    s2 += v * v;
                    k++;
                }
            }
            float mean = s / k;
            float sd = (float) Math.sqrt(Math.max(0f, s2 / k - mean * mean));
            hist[c] = Math.min(Math.max(hist[c], mean - CLAMP_SIGMAS * sd), mean + CLAMP_SIGMAS * sd);
        }
    }

    private void keep(DenoiseInput in, float[] colour, float[] length) {
        width = in.width();
        height = in.height();
        previousColour = colour.clone();
        previousNormal = in.normal().clone();
        previousDepth = in.depth().clone();
        previousLength = length;
    }

    @Override
    public void close() {
        spatial.close();
    }
}
