package dev.lucent.denoise;

/**
 * Device memory the OptiX denoiser needs for inputs of a given size (OptixDenoiserSizes).
 *
 * @param stateBytes denoiser state, kept between invocations
 * @param withOverlapScratchBytes scratch for tiled invocation (tiles with overlap)
 * @param withoutOverlapScratchBytes scratch for one untiled invocation
 * @param overlapPixels pixels each tile's input must extend past the tile on every side
 * @param internalGuideLayerPixelBytes bytes per pixel of each of a temporal model's two internal guide layers
 *                                     (OptiX ABI 87 and later; 0 under ABI 55)
 */
public record OptixDenoiserSizes(long stateBytes, long withOverlapScratchBytes, long withoutOverlapScratchBytes,
                                 int overlapPixels, long internalGuideLayerPixelBytes) {}
