package dev.lucent.viewer;

import dev.lucent.compile.LookAtCamera;

/**
 * Everything the viewer renders and shows with, as one immutable value the overlay edits and the
 * {@link ProgressiveRenderer} renders. Changing a field in {@link #sameRender} restarts accumulation; the
 * display fields (exposure, tone map, AOV view, denoiser) and the sample target do not.
 *
 * @param backend render backend name ({@link dev.lucent.backend.Backends})
 * @param spp samples per pixel to accumulate before stopping
 * @param maxDepth largest number of bounces
 * @param seed master seed of the sample sequences
 * @param clamp per-sample radiance clamp, 0 = off
 * @param threads CPU threads, 0 = all processors
 * @param width render width in pixels (already scaled by {@code resolutionScale})
 * @param height render height in pixels
 * @param resolutionScale render pixels per framebuffer pixel when the size follows the window, in (0, 1]
 * @param cameraIndex scene camera the view started from (index into CompiledScene.cameraNames)
 * @param camera the camera rendered, world space
 * @param envIntensity environment intensity
 * @param envRotation environment rotation about +y, degrees
 * @param denoiser denoiser name: none, cpu, optix
 * @param exposure display exposure in stops
 * @param toneMap display tone mapper name
 * @param aov which film layer is shown
 */
public record ViewSettings(String backend, int spp, int maxDepth, long seed, float clamp, int threads, int width,
        int height, float resolutionScale, int cameraIndex, LookAtCamera camera, float envIntensity,
        float envRotation, String denoiser, float exposure, String toneMap, AovView aov) {
    public ViewSettings {
        if (spp < 1) throw new IllegalArgumentException("spp must be at least 1, got " + spp);
        if (maxDepth < 0) throw new IllegalArgumentException("max depth must be at least 0, got " + maxDepth);
        if (width < 1 || height < 1) throw new IllegalArgumentException("size " + width + "x" + height);
        if (!(resolutionScale > 0 && resolutionScale <= 1)) {
            throw new IllegalArgumentException("resolution scale must be in (0, 1], got " + resolutionScale);
        }
    }

    /**
     * True when {@code o} accumulates into the same film as this: only display fields (exposure, tone map, AOV,
     * denoiser) and the sample target may differ.
     */
    public boolean sameRender(ViewSettings o) {
        return backend.equals(o.backend) && maxDepth == o.maxDepth && seed == o.seed
                && clamp == o.clamp && threads == o.threads && width == o.width && height == o.height
                && cameraIndex == o.cameraIndex && camera.toString().equals(o.camera.toString())
                && envIntensity == o.envIntensity && envRotation == o.envRotation;
    }

    public ViewSettings withBackend(String v) {
        return new ViewSettings(v, spp, maxDepth, seed, clamp, threads, width, height, resolutionScale, cameraIndex,
                camera, envIntensity, envRotation, denoiser, exposure, toneMap, aov);
    }

    public ViewSettings withSpp(int v) {
        return new ViewSettings(backend, v, maxDepth, seed, clamp, threads, width, height, resolutionScale,
                cameraIndex, camera, envIntensity, envRotation, denoiser, exposure, toneMap, aov);
    }

    public ViewSettings withMaxDepth(int v) {
        return new ViewSettings(backend, spp, v, seed, clamp, threads, width, height, resolutionScale, cameraIndex,
                camera, envIntensity, envRotation, denoiser, exposure, toneMap, aov);
    }

    public ViewSettings withSize(int w, int h, float scale) {
        return new ViewSettings(backend, spp, maxDepth, seed, clamp, threads, w, h, scale, cameraIndex, camera,
                envIntensity, envRotation, denoiser, exposure, toneMap, aov);
    }

    public ViewSettings withCamera(int index, LookAtCamera c) {
        return new ViewSettings(backend, spp, maxDepth, seed, clamp, threads, width, height, resolutionScale, index,
                c, envIntensity, envRotation, denoiser, exposure, toneMap, aov);
    }

    public ViewSettings withEnvironment(float intensity, float rotation) {
        return new ViewSettings(backend, spp, maxDepth, seed, clamp, threads, width, height, resolutionScale,
                cameraIndex, camera, intensity, rotation, denoiser, exposure, toneMap, aov);
    }

    public ViewSettings withDenoiser(String v) {
        return new ViewSettings(backend, spp, maxDepth, seed, clamp, threads, width, height, resolutionScale,
                cameraIndex, camera, envIntensity, envRotation, v, exposure, toneMap, aov);
    }

    public ViewSettings withDisplay(float exposureStops, String toneMapName) {
        return new ViewSettings(backend, spp, maxDepth, seed, clamp, threads, width, height, resolutionScale,
                cameraIndex, camera, envIntensity, envRotation, denoiser, exposureStops, toneMapName, aov);
    }

    public ViewSettings withAov(AovView v) {
        return new ViewSettings(backend, spp, maxDepth, seed, clamp, threads, width, height, resolutionScale,
                cameraIndex, camera, envIntensity, envRotation, denoiser, exposure, toneMap, v);
    }
}
