package dev.lucent.viewer;

import dev.lucent.backend.RenderStats;

/**
 * What the overlay shows about the render, published by the {@link ProgressiveRenderer} after every pass and
 * state change. Times in seconds.
 *
 * @param sceneSerial increases each time a scene finishes loading; the UI adopts that scene's cameras then
 * @param accumulation increases each time accumulation restarts from sample 0 (a new film)
 * @param scene scene file being rendered (null before the first load)
 * @param spp samples per pixel accumulated in the film shown
 * @param target samples per pixel the render stops at
 * @param width film width in pixels
 * @param height film height in pixels
 * @param passSamples samples per pixel of the last pass (0 before the first)
 * @param lastPassSeconds wall time of the last pass
 * @param elapsedSeconds wall time since accumulation (re)started, including pass set-up
 * @param total rays, samples and render time summed over this accumulation's passes
 * @param backend backend name in use
 * @param device its device name
 * @param denoiser denoiser of the image shown, or null when it is not denoised
 * @param denoiseSeconds time of the last denoise
 * @param notice one-line information (fallback reasons, saves, copy); null when none
 * @param error one-line error (scene load failure, render failure); null when none
 * @param loading true while a scene loads and compiles
 * @param rendering true while passes are running (target not reached, no failure)
 */
public record ViewerStatus(long sceneSerial, long accumulation, String scene, int spp, int target, int width, int height,
        int passSamples, double lastPassSeconds, double elapsedSeconds, RenderStats total, String backend,
        String device, String denoiser, double denoiseSeconds, String notice, String error, boolean loading,
        boolean rendering) {
    static final ViewerStatus INITIAL = new ViewerStatus(0, 0, null, 0, 0, 0, 0, 0, 0, 0, RenderStats.ZERO, "-", "-",
            null, 0, null, null, false, false);
}
