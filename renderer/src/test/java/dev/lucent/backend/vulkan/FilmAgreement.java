package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.Film;
import dev.lucent.metrics.RgbImage;
import dev.lucent.metrics.ZScoreSummary;

/**
 * The cross-backend agreement criteria of CudaCpuAgreementGpuTest applied to two films of the same scene:
 * <ul>
 * <li>relative MSE of the difference, sum (a - b)^2 / sum a^2 over pixels and channels, at most 2 x the value the
 *     two images' own noise explains (sum of both variances of the mean over sum a^2) plus 1e-4;
 * <li>no 16x16 region with a systematic bias: |z| &lt; 5 for z = (sum a - sum b) / sqrt(sum of both variances of
 *     the mean) over the region's pixels and channels.
 * </ul>
 * Also prints the per-pixel {@link ZScoreSummary} for the record.
 */
final class FilmAgreement {
    private FilmAgreement() {}

    static void assertAgree(String label, Film a, Film b) {
        int w = a.width(), h = a.height();
        double diff2 = 0, ref2 = 0, noise = 0, worstZ = 0;
        for (int ry = 0; ry < h; ry += 16) {
            for (int rx = 0; rx < w; rx += 16) {
                double sa = 0, sb = 0, v = 0;
                for (int y = ry; y < Math.min(h, ry + 16); y++) {
                    for (int x = rx; x < Math.min(w, rx + 16); x++) {
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
                double z = v > 0 ? (sa - sb) / Math.sqrt(v) : (sa == sb ? 0 : Double.POSITIVE_INFINITY);
                worstZ = Math.max(worstZ, Math.abs(z));
                assertTrue(Math.abs(z) < 5, label + ": 16x16 region at (" + rx + "," + ry + ") biased, first " + sa
                        + " second " + sb + " z " + z);
            }
        }
        ZScoreSummary zs = ZScoreSummary.of(new RgbImage(w, h, a.beautyRgb()), new RgbImage(w, h, a.varianceOfMeanRgb()),
                new RgbImage(w, h, b.beautyRgb()), new RgbImage(w, h, b.varianceOfMeanRgb()), ZScoreSummary.DEFAULT_BLOCK);
        double relMse = diff2 / ref2, expected = noise / ref2;
        System.out.printf("%s: relative MSE %.3g (noise explains %.3g), worst region |z| %.2f, pixel rms z %.2f,"
                + " mean z %.3f%n", label, relMse, expected, worstZ, zs.rmsZ(), zs.meanZ());
        assertTrue(relMse <= 2 * expected + 1e-4, label + ": relative MSE " + relMse + " vs noise " + expected);
    }
}
