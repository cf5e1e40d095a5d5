package dev.lucent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.ClampToneMapper;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
    private static final RgbImage PATTERN = MetricsTestImages.pattern(48, 40);

    @Test
    void identicalImagesArePerfect() {
        assertEquals(0.0, RelativeMse.of(PATTERN, PATTERN));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(PATTERN, PATTERN));
        assertEquals(1.0, Ssim.of(PATTERN, PATTERN));
        assertEquals(0.0, new FlipError().of(PATTERN, PATTERN));
        ImageComparison c = ImageMetrics.compare(PATTERN, PATTERN, DisplayEncoding.defaults());
        assertEquals(Double.POSITIVE_INFINITY, c.psnr());
        assertEquals(1.0, c.ssim());
        assertEquals(0.0, c.flip());
        assertNull(c.zScores());
    }

    @Test
    void constantSignalOffsetGivesClosedFormPsnr() {
        // MSE = delta^2, PSNR = -20 log10(delta).
        assertEquals(20.0, Psnr.of(MetricsTestImages.offset(PATTERN, 0.1f), PATTERN), 1e-5);
        assertEquals(40.0, Psnr.of(MetricsTestImages.offset(PATTERN, -0.01f), PATTERN), 1e-4);
        assertEquals(48.1308, Psnr.of(MetricsTestImages.offset(PATTERN, 1f / 255), PATTERN), 1e-3);
        assertEquals(20.0, Psnr.fromMse(0.01), 1e-12);
    }

    @Test
    void relativeMseOfTenPercentScaleOnUnitReference() {
        RgbImage ref = MetricsTestImages.constant(8, 8, 1, 1, 1);
        RgbImage test = MetricsTestImages.constant(8, 8, 1.1f, 0.9f, 1.1f);
        // (0.1)^2 / (1 + 0.01) for every sample.
        assertEquals(0.01 / 1.01, RelativeMse.of(test, ref), 1e-7);
    }

    @Test
    void ssimOfConstantImagesIsTheLuminanceTermOnly() {
        // Both variances and the covariance are 0: SSIM = (2 a b + C1) / (a^2 + b^2 + C1) on the luma.
        RgbImage a = MetricsTestImages.constant(16, 16, 0.4f, 0.4f, 0.4f);
        RgbImage b = MetricsTestImages.constant(16, 16, 0.6f, 0.6f, 0.6f);
        double c1 = 1e-4;
        double expected = (2 * 0.4 * 0.6 + c1) / (0.16 + 0.36 + c1);
        assertEquals(expected, Ssim.of(a, b), 1e-6);
    }

    @Test
    void ssimDropsForBlurAndNoiseAndIsSymmetric() {
        RgbImage blurred = MetricsTestImages.boxBlur(PATTERN);
        double blur = Ssim.of(blurred, PATTERN);
        assertTrue(blur < 0.95 && blur > 0.3, "blurred SSIM " + blur);
        assertEquals(blur, Ssim.of(PATTERN, blurred), 1e-12);
        double light = Ssim.of(MetricsTestImages.noisy(PATTERN, 0.02, 1), PATTERN);
        double heavy = Ssim.of(MetricsTestImages.noisy(PATTERN, 0.1, 1), PATTERN);
        assertTrue(light < 1 && heavy < light, light + " " + heavy);
    }

    @Test
    void flipOfUniformImagesIsTheColourTermByHand() {
        // Uniform images have no features and the CSF leaves them unchanged, so FLIP is the remapped HyAB
        // distance of Hunt-adjusted L*a*b*. Values computed independently (numpy) from the paper's formulas.
        FlipError flip = new FlipError();
        assertEquals(0.96738, flip.of(MetricsTestImages.constant(24, 24, 0, 0, 0),
                MetricsTestImages.constant(24, 24, 1, 1, 1)), 2e-4);
        assertEquals(0.28501, flip.of(MetricsTestImages.constant(24, 24, 0.5f, 0.5f, 0.5f),
                MetricsTestImages.constant(24, 24, 0.6f, 0.6f, 0.6f)), 2e-4);
        assertEquals(0.98666, flip.of(MetricsTestImages.constant(24, 24, 1, 0, 0),
                MetricsTestImages.constant(24, 24, 0, 1, 0)), 2e-4);
    }

    @Test
    void flipGrowsWithNoiseAndStaysInUnitRange() {
        FlipError flip = new FlipError();
        double light = flip.of(MetricsTestImages.noisy(PATTERN, 0.02, 2), PATTERN);
        double heavy = flip.of(MetricsTestImages.noisy(PATTERN, 0.15, 2), PATTERN);
        assertTrue(light > 0 && heavy > light && heavy < 1, light + " " + heavy);
        for (double e : flip.errorMap(MetricsTestImages.noisy(PATTERN, 0.3, 3), PATTERN)) {
            assertTrue(e >= 0 && e <= 1, "error " + e);
        }
    }

    @Test
    void flipColourConversionsRoundTrip() {
        double[][] m = FlipError.invert(FlipError.RGB_TO_XYZ);
        double[][] id = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) id[i][j] += FlipError.RGB_TO_XYZ[i][k] * m[k][j];
                assertEquals(i == j ? 1.0 : 0.0, id[i][j], 1e-12);
            }
        }
        // White has L* = 100 and no chroma; the D65 white is the XYZ of linear (1, 1, 1).
        double[] white = FlipError.huntLab(1, 1, 1);
        assertEquals(100, white[0], 1e-9);
        assertEquals(0, white[1], 1e-9);
        assertEquals(0, white[2], 1e-9);
        assertEquals(0.950428545, FlipError.WHITE[0], 1e-8);
        assertEquals(1.088900371, FlipError.WHITE[2], 1e-8);
    }

    @Test
    void displayEncodingIsToneMapThenSrgb() {
        DisplayEncoding clamp = new DisplayEncoding(0, new ClampToneMapper());
        RgbImage s = clamp.encode(MetricsTestImages.constant(2, 2, 0.5f, 2f, -1f));
        assertEquals(0.7353569830524495, s.get(0, 0, 0), 1e-6);
        assertEquals(1.0, s.get(1, 1, 1));
        assertEquals(0.0, s.get(1, 0, 2));
        DisplayEncoding plusOne = new DisplayEncoding(1, new ClampToneMapper());
        assertEquals(1.0, plusOne.encode(MetricsTestImages.constant(1, 1, 0.5f, 0.5f, 0.5f)).get(0, 0, 0), 1e-6);
    }

    @Test
    void differentSizesAreRefused() {
        RgbImage small = MetricsTestImages.constant(4, 4, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(small, PATTERN));
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.compare(small, PATTERN,
                DisplayEncoding.defaults()));
    }
}
