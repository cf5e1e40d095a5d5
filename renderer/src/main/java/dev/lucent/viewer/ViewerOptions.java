package dev.lucent.viewer;

import dev.lucent.scene.RenderSettings;
import java.nio.file.Path;

/**
 * How {@code lucent view} starts.
 *
 * @param scene scene file to open first
 * @param backend backend to start with
 * @param overrides render settings given on the command line (null fields: the scene file's, then defaults);
 *     width/height set here fix the render size, otherwise it follows the window's framebuffer
 * @param windowWidth initial window width in screen coordinates
 * @param windowHeight initial window height in screen coordinates
 * @param denoiser denoiser to start with (none, cpu, optix)
 * @param visible false for a hidden window (tests, benchmarks)
 */
public record ViewerOptions(Path scene, String backend, RenderSettings overrides, int windowWidth, int windowHeight,
        String denoiser, boolean visible) {
    public ViewerOptions {
        if (overrides == null) overrides = new RenderSettings();
        if (windowWidth < 1 || windowHeight < 1) {
            throw new IllegalArgumentException("window size " + windowWidth + "x" + windowHeight);
        }
        if (denoiser == null) denoiser = "none";
    }
}
