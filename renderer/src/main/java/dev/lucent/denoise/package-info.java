/**
 * Denoisers: turn a noisy render and its feature layers (albedo, normal, depth, variance of the mean) into a
 * clean image. {@link dev.lucent.denoise.Denoiser} is the interface, {@link dev.lucent.denoise.Denoisers}
 * the one place a denoiser is chosen by name ({@code none}, {@code cpu}, {@code optix}).
 *
 * <p>How a renderer uses this package:
 * <pre>{@code
 * Denoiser denoiser = Denoisers.byName("cpu", threads);   // DenoiserUnavailableException: one line, why not
 * float[] rgb = denoiser.denoise(DenoiseInput.fromFilm(film));
 *
 * ExrImage exr = FilmIo.outputImage(film, meta);          // noisy beauty + AOVs
 * ExrWriter.write(exrPath, DenoisedLayer.addTo(exr, rgb, denoiser.name()));   // + denoised.R/G/B
 * PngWriter.write(pngPath, DisplayTransform.of(settings).apply(film.width(), film.height(), rgb), meta);
 *
 * SequenceDenoiser seq = Denoisers.sequence("cpu", threads);   // temporal mode, one per frame sequence
 * for (Film frame : frames) rgb = seq.denoise(DenoiseInput.fromFilm(frame, true));   // with the motion AOV
 * }</pre>
 *
 * <p>On the GPU, {@link dev.lucent.denoise.OptixDenoiser#denoiseDevice} reads a
 * {@link dev.lucent.denoise.DeviceDenoiseInput} in place (the CUDA backend's accumulation) without a host copy.
 *
 * <p>All buffers are flat float arrays, pixel index {@code y * width + x} with y = 0 the top row, linear
 * Rec.709; see {@link dev.lucent.denoise.DenoiseInput}. Denoisers are deterministic: the same input gives the
 * same bits whatever the thread count.
 */
package dev.lucent.denoise;
