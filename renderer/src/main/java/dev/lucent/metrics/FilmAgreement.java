package dev.lucent.metrics;

import dev.lucent.image.Film;
import java.util.Locale;

/**
 * Do two noisy renders of the same scene (two backends, the same options) agree? The cross-backend criteria
 * used by {@code lucent bench --compare} and the agreement tests, over the films' pixel means and variances of
 * the mean, pixels and channels:
 * <ul>
 * <li>relative MSE of the difference, {@code sum (a - b)^2 / sum a^2}, at most 2 x the value the two images'
 *     own noise explains ({@code sum (var_a + var_b) / sum a^2}) plus 1e-4;
 * <li>no 16x16 region with a systematic bias: {@code |z| < 5} for
 *     {@code z = (sum a - sum b) / sqrt(sum (var_a + var_b))} over the region's pixels and all three channels
 *     (edge regions may be smaller; a region without a noise estimate has z 0 if its sums are equal, else
 *     infinity).
 * </ul>
 * Film a is the reference: both ratios are 0 when {@code sum a^2} is 0. The per-pixel {@link ZScoreSummary}
 * (per channel, {@link ZScoreSummary#DEFAULT_BLOCK} blocks) comes with it for the record.
 *
 * @param relativeMse      sum (a - b)^2 / sum a^2
 * @param noiseRelativeMse sum (var_a + var_b) / sum a^2: the relative MSE the noise alone explains
 * @param worstRegionZ     largest region |z| (NaN if a mean is NaN)
 * @param worstRegionX     left pixel of that region
 * @param worstRegionY     top pixel of that region
 * @param worstRegionSumA  sum of a's means over that region's pixels and channels
 * @param worstRegionSumB  the same for b
 * @param pixels           the per-pixel z-score summary
 */
public record FilmAgreement(double relativeMse, double noiseRelativeMse, double worstRegionZ, int worstRegionX,
                            int worstRegionY, double worstRegionSumA, double worstRegionSumB, ZScoreSummary pixels) {
    /** Region edge in pixels. */
    public static final int REGION = 16;
    /** Largest region |z| that still counts as agreement (exclusive). */
    public static final double MAX_REGION_Z = 5;

    /** The agreement of film b with the reference film a (the same size). */
    public static FilmAgreement of(Film a, Film b) {
        int w = a.width(), h = a.height();
        if (b.width() != w || b.height() != h) {
            throw new IllegalArgumentException("films of " + w + "x" + h + " and " + b.width() + "x" + b.height());
        }
        double diff2 = 0, ref2 = 0, noise = 0, worst = 0, worstA = 0, worstB = 0;
        int worstX = 0, worstY = 0;
        for (int ry = 0; ry < h; ry += REGION) {
            for (int rx = 0; rx < w; rx += REGION) {
                double sa = 0, sb = 0, v = 0;
                for (int y = ry; y < Math.min(h, ry + REGION); y++) {
                    for (int x = rx; x < Math.min(w, rx + REGION); x++) {
                        int p = y * w + x;
                        for (int c = 0; c < 3; c++) {
                            double ca = a.mean(p, c), cb = b.mean(p, c);
                            double vv = a.varianceOfMean(p, c) + b.varianceOfMean(p, c);
                            diff2 += (ca - cb) * (ca - cb);
                            ref2 += ca * ca;
                            noise += vv;
                            sa += ca;
                            sb += cb;
                            v += vv;
                        }
                    }
                }
                double z = Math.abs(v > 0 ? (sa - sb) / Math.sqrt(v) : (sa == sb ? 0 : Double.POSITIVE_INFINITY));
                if (!(z <= worst) && !Double.isNaN(worst)) { // the first NaN region stays the worst
                    worst = z;
                    worstX = rx;
                    worstY = ry;
                    worstA = sa;
                    worstB = sb;
                }
            }
        }
        ZScoreSummary zs = ZScoreSummary.of(new RgbImage(w, h, a.beautyRgb()),
                new RgbImage(w, h, a.varianceOfMeanRgb()), new RgbImage(w, h, b.beautyRgb()),
                new RgbImage(w, h, b.varianceOfMeanRgb()), ZScoreSummary.DEFAULT_BLOCK);
        return new FilmAgreement(ref2 > 0 ? diff2 / ref2 : 0, ref2 > 0 ? noise / ref2 : 0, worst, worstX, worstY,
                worstA, worstB, zs);
    }

    /** Relative MSE within 2 x the noise's + 1e-4. */
    public boolean relativeMseWithinNoise() {
        return relativeMse <= 2 * noiseRelativeMse + 1e-4;
    }

    /** Every region's |z| below {@link #MAX_REGION_Z}. */
    public boolean noBiasedRegion() {
        return worstRegionZ < MAX_REGION_Z;
    }

    /** Both criteria hold: the images agree within their noise. */
    public boolean agrees() {
        return relativeMseWithinNoise() && noBiasedRegion();
    }

    /** One line: the figures and the worst region, e.g. for a log or an assertion message. */
    public String summary() {
        return String.format(Locale.ROOT, "relative MSE %.3g (noise explains %.3g), worst region |z| %.2f at (%d,%d) "
                + "(sums %.6g vs %.6g), pixel rms z %.2f, mean z %.3f", relativeMse, noiseRelativeMse, worstRegionZ,
                worstRegionX, worstRegionY, worstRegionSumA, worstRegionSumB, pixels.rmsZ(), pixels.meanZ());
    }
}
