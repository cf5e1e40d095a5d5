package dev.lucent.metrics;

/**
 * Every metric of one test image against one reference: {@link RelativeMse} on the linear values, and
 * {@link Psnr}, {@link Ssim} and {@link FlipError} on the display signals of {@link DisplayEncoding}; the
 * {@link ZScoreSummary} when both images came with variance layers, else null.
 */
public record ImageComparison(int width, int height, double relativeMse, double psnr, double ssim,
                              double flip, ZScoreSummary zScores) {}
