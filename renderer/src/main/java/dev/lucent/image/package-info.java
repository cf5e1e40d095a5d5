/**
 * Film, reconstruction filters, tone mapping and image files.
 *
 * <p>How a renderer uses this package:
 * <pre>{@code
 * PixelFilter filter = PixelFilter.named("gaussian");          // or PixelFilter.defaultFilter()
 * Film film = new Film(width, height);                          // or FilmIo.load(statePath) to resume
 * // per pixel p = film.pixelIndex(x, y), per sample k = film.sampleCount(p), film.sampleCount(p) + 1, ...:
 * filter.sample(u0, u1, dxy);                                   // film position (x + 0.5 + dxy[0], y + 0.5 + dxy[1])
 * film.addSample(p, r, g, b, albedoR, albedoG, albedoB, nx, ny, nz, depthOrInfinity);
 *
 * ImageMetadata meta = ImageMetadata.forRender(settings, "cpu", seconds);
 * PngWriter.write(pngPath, DisplayTransform.of(settings).apply(film), meta);  // exposure, tone map, sRGB, 8 bit
 * FilmIo.writeOutput(exrPath, film, meta);                      // linear beauty + AOV layers, one EXR
 * FilmIo.save(statePath, film, meta);                           // exact state for resuming
 * }</pre>
 *
 * <p>Conventions: pixel (0, 0) is the top-left pixel and rows are stored top to bottom; film offsets are in
 * pixels with y down; colours are linear Rec.709 until {@link dev.lucent.image.DisplayTransform}. EXR channel
 * names follow the OpenEXR {@code layer.channel} convention (see {@link dev.lucent.image.FilmIo}). Every file
 * is written through {@link dev.lucent.image.AtomicFiles}; bad input files raise
 * {@link dev.lucent.scene.SceneException}. {@code ImageDecoder} (texture and environment input) also lives
 * in this package but is maintained with the scene loaders.
 */
package dev.lucent.image;
