package dev.lucent.image;

/**
 * The log-spaced brightness cascade of Zirr, Hanika and Dachsbacher 2018, "Reweighting Firefly Samples for
 * Improved Finite-Sample Monte Carlo Estimates" (Computer Graphics Forum 37(6)): {@code count} buffers with
 * scales {@code s_i = start * ratio^i}, i = 0 .. count-1. A sample of luminance L (Rec.709 weights of its linear
 * RGB) is split between the two buffers whose scales bracket it:
 * <ul>
 *   <li>L &lt;= s_0: all of it into buffer 0;</li>
 *   <li>s_i &lt; L &lt; s_(i+1): weight {@code w = (s_i / L - 1 / ratio) / (1 - 1 / ratio)} into buffer i and
 *       {@code 1 - w} into buffer i+1 (linear in 1 / L: the paper's interpolation, w = 1 at s_i and 0 at
 *       s_(i+1));</li>
 *   <li>L &gt;= s_(count-1): all of it into the last buffer (the paper scales such a sample down to the last
 *       scale; here every sample's weights sum to 1, so the buffers always sum to the plain estimate).</li>
 * </ul>
 * A buffer's per-pixel mean divided by its scale, times the sample count, is the number of samples of that
 * brightness the pixel received: the quantity the reweighting's reliability is measured in.
 *
 * @param start scale of buffer 0 (linear radiance, the units of the film's colour), positive
 * @param ratio ratio of consecutive scales, above 1
 * @param count number of buffers, 2 to 16
 */
public record LuminanceCascade(float start, float ratio, int count) {
    /** Rec.709 luminance weights, the luminance the cascade sorts samples by. */
    public static final float LUM_R = 0.2126f, LUM_G = 0.7152f, LUM_B = 0.0722f;

    /**
     * The cascade the film records by default: 8 buffers of ratio 4 from 1/64, scales 1/64, 1/16, 1/4, 1, 4, 16,
     * 64 and 256. The paper's default is 6 buffers of ratio 8 from 1; measured on DamagedHelmet (docs/benchmarks.md,
     * "Branch firefly"), whose surfaces' pixel values lie around 0.01 to 1 where a start of 1 puts almost every
     * sample into buffer 0, the start of 1/64 and the finer ratio took the reweighted 128-spp image from 47.85 dB
     * (ratio 8, 6 buffers from 1/64, at its best kappa) to 48.15 dB; ratio 2 (12 buffers) gave 48.17 for 1.6 times
     * the memory.
     */
    public static final LuminanceCascade DEFAULT = new LuminanceCascade(1f / 64, 4f, 8);

    public LuminanceCascade {
        if (!(start > 0 && Float.isFinite(start))) throw new IllegalArgumentException("cascade start " + start);
        if (!(ratio > 1 && Float.isFinite(ratio))) throw new IllegalArgumentException("cascade ratio " + ratio);
        if (count < 2 || count > 16) throw new IllegalArgumentException("cascade count " + count);
    }

    /** Scale of buffer {@code i}: {@code start * ratio^i} (repeated float multiplication, as {@link #lowerIndex}). */
    public float scale(int i) {
        float s = start;
        for (int k = 0; k < i; k++) s *= ratio;
        return s;
    }

    /** All scales, {@code scale(0) .. scale(count - 1)}. */
    public float[] scales() {
        float[] s = new float[count];
        for (int i = 0; i < count; i++) s[i] = scale(i);
        return s;
    }

    /** Luminance of linear RGB. */
    public static float luminance(float r, float g, float b) {
        return LUM_R * r + LUM_G * g + LUM_B * b;
    }

    /**
     * Index of the lower of the two buffers a sample of luminance {@code lum} is split between (0 .. count-2);
     * the weight of that buffer is {@link #lowerWeight}, the other's 1 minus it.
     */
    public int lowerIndex(float lum) {
        int i = 0;
        float upper = start * ratio;
        while (!(lum < upper) && i < count - 2) {
            upper *= ratio;
            i++;
        }
        return i;
    }

    /**
     * Weight of buffer {@code lowerIndex(lum)} for a sample of luminance {@code lum}, in [0, 1], given that
     * buffer's scale {@code lower} ({@link #scale}).
     */
    public float lowerWeight(float lum, float lower) {
        if (!(lum > lower)) return 1f;                  // at or below the lower scale, or NaN
        float upper = lower * ratio;
        if (!(lum < upper)) return 0f;                  // at or above the last scale
        float inv = 1f / ratio;
        return Math.max(0f, Math.min(1f, (lower / lum - inv) / (1f - inv)));
    }
}
