package dev.lucent.denoise;

/**
 * Device memory the OptiX denoiser needs for inputs of a given size (OptixDenoiserSizes).
 *
 * @param stateBytes denoiser state, kept between invocations
 * @param withOverlapScratchBytes scratch for tiled invocation (tiles with overlap)
 * @param withoutOverlapScratchBytes scratch for one untiled invocation
 * @param overlapPixels pixels each tile's input must extend past the tile on every side
 */
public record OptixDenoiserSizes(long stateBytes, long withOverlapScratchBytes, long withoutOverlapScratchBytes,
                                 int overlapPixels) {}
