/**
 * Image comparison metrics, for denoiser quality and for agreement between backends.
 *
 * <p>Spaces: {@link dev.lucent.metrics.RelativeMse} and {@link dev.lucent.metrics.ZScoreSummary} work on
 * scene-linear values; {@link dev.lucent.metrics.Psnr}, {@link dev.lucent.metrics.Ssim} and
 * {@link dev.lucent.metrics.FlipError} work on the display signal of
 * {@link dev.lucent.metrics.DisplayEncoding} (tone-mapped, sRGB-encoded floats in [0,1]), the same for both
 * images. {@link dev.lucent.metrics.ImageMetrics#compare} computes all of them, as {@code lucent compare}
 * prints them. {@link dev.lucent.metrics.TemporalFlicker} measures a sequence's frame-to-frame change along the
 * motion AOV (display signals too).
 *
 * <pre>{@code
 * ImageComparison c = ImageMetrics.compare(new RgbImage(w, h, test), new RgbImage(w, h, reference),
 *         DisplayEncoding.defaults());
 * c.psnr(); c.ssim(); c.flip(); c.relativeMse();
 * ZScoreSummary z = ZScoreSummary.of(a, varianceA, b, varianceB, 16);   // two noisy renders
 * }</pre>
 */
package dev.lucent.metrics;
