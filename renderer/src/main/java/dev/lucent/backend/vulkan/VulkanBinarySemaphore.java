package dev.lucent.backend.vulkan;

/**
 * A binary Vulkan semaphore, exportable (opaque POSIX file descriptor, VK_KHR_external_semaphore_fd) where the
 * device allows it, for another
 * API that has no timeline semaphores, such as OpenGL with GL_EXT_semaphore_fd but without
 * GL_NV_timeline_semaphore. A binary semaphore carries one signal at a time: every signal must be waited exactly
 * once (by Vulkan or by the importer) before the next signal is submitted; the owner of the hand-off keeps that
 * count (see {@link VulkanDisplayBuffer}). Owned: close it once no submitted work refers to it.
 */
public final class VulkanBinarySemaphore implements AutoCloseable {
    private final VulkanExportableSemaphore semaphore;

    /** Creates the semaphore, exportable as an opaque fd where the device allows it ({@link #exportable()}). */
    public VulkanBinarySemaphore(VulkanContext ctx) {
        semaphore = new VulkanExportableSemaphore(ctx, false);
    }

    /** The VkSemaphore handle. */
    public long handle() { return semaphore.handle(); }

    /** Whether {@link #exportFd} works. */
    public boolean exportable() { return semaphore.exportable(); }

    /**
     * A new POSIX file descriptor for the semaphore (vkGetSemaphoreFdKHR, opaque fd). The caller owns it: a
     * successful import takes it over, otherwise the caller closes it.
     *
     * @throws VulkanUnavailableException when the semaphore is not exportable
     */
    public int exportFd() { return semaphore.exportFd(); }

    @Override
    public void close() { semaphore.close(); }
}
