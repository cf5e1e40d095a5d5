package dev.lucent.viewer;

import dev.lucent.backend.cuda.CudaDisplayBuffer;

/**
 * One image published by the {@link ProgressiveRenderer} for display, in the space {@code mode} states: either
 * on the host, {@code rgb} holding 3 floats per pixel, rows top to bottom (not written again once published),
 * or on the GPU, {@code device} holding the same floats in device memory for CUDA-OpenGL interop ({@code rgb}
 * is then null; the buffer may meanwhile hold a newer image of the same size, or be closed, see
 * {@link CudaDisplayBuffer#copyTo}). {@code serial} increases with every publication.
 */
public record ViewerFrame(long serial, int width, int height, float[] rgb, AovView.DisplayMode mode, int spp,
        CudaDisplayBuffer device) {
    /** A host frame. */
    public ViewerFrame(long serial, int width, int height, float[] rgb, AovView.DisplayMode mode, int spp) {
        this(serial, width, height, rgb, mode, spp, null);
    }

    /** Whether the image is in device memory ({@link #device}) rather than in {@link #rgb}. */
    public boolean onDevice() { return device != null; }
}
