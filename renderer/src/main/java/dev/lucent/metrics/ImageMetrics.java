package dev.lucent.metrics;

/**
 * Compares a test image with a reference by every metric of this package, the way {@code lucent compare}
 * and the cross-backend tests do. Inputs are scene-linear; the perceptual metrics see them through one
 * {@link DisplayEncoding}, the same for both images.
 */
public final class ImageMetrics {
    private ImageMetrics() {}

    /** Metrics of {@code test} against {@code reference} (linear), no z-scores. */
    public static ImageComparison compare(RgbImage test, RgbImage reference, DisplayEncoding encoding) {
        return compare(test, null, reference, null, encoding);
    }

    /**
     * Metrics of {@code test} against {@code reference} (linear); the z-score summary too when both
     * variance-of-the-mean images are given (16x16 blocks).
     */
    public static ImageComparison compare(RgbImage test, RgbImage testVariance, RgbImage reference,
                                          RgbImage referenceVariance, DisplayEncoding encoding) {
        test.requireSameSize(reference);
        RgbImage t = encoding.encode(test);
        RgbImage r = encoding.encode(reference);
        ZScoreSummary z = testVariance != null && referenceVariance != null
                ? ZScoreSummary.of(test, testVariance, reference, referenceVariance, ZScoreSummary.DEFAULT_BLOCK)
                : null;
        return new ImageComparison(test.width(), test.height(), RelativeMse.of(test, reference), Psnr.of(t, r),
                Ssim.of(t, r), new FlipError().of(t, r), z);
    }
}
