package dev.lucent.viewer;

import dev.lucent.backend.cuda.CudaDisplayBuffer;
import dev.lucent.backend.vulkan.VulkanDisplayBuffer;

/**
 * One image published by the {@link ProgressiveRenderer} for display, in the space {@code mode} states: either
 * on the host, {@code rgb} holding 3 floats per pixel, rows top to bottom (not written again once published),
 * or on the GPU, {@code device} holding the same floats in CUDA device memory for CUDA-OpenGL interop, or
 * {@code vulkan} in Vulkan memory for OpenGL to import ({@code rgb} is then null; the buffer may meanwhile hold a
 * newer image of the same size, or be closed, see {@link CudaDisplayBuffer#copyTo} and
 * {@link VulkanDisplayBuffer#read}). {@code serial} increases with every publication.
 */
public record ViewerFrame(long serial, int width, int height, float[] rgb, AovView.DisplayMode mode, int spp,
        CudaDisplayBuffer device, VulkanDisplayBuffer vulkan) {
    /** A host frame. */
    public ViewerFrame(long serial, int width, int height, float[] rgb, AovView.DisplayMode mode, int spp) {
        this(serial, width, height, rgb, mode, spp, null, null);
    }

    /** A host frame, or one in CUDA device memory. */
    public ViewerFrame(long serial, int width, int height, float[] rgb, AovView.DisplayMode mode, int spp,
            CudaDisplayBuffer device) {
        this(serial, width, height, rgb, mode, spp, device, null);
    }

    /** Whether the image is in GPU memory ({@link #device} or {@link #vulkan}) rather than in {@link #rgb}. */
    public boolean onDevice() { return device != null || vulkan != null; }
}
