package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK12.vkGetSemaphoreCounterValue;

import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * A Vulkan timeline semaphore (a 64-bit counter that queue submissions signal to increasing values) that the
 * submitter advances with {@link #next()} and that other APIs can wait on: where the device has
 * VK_KHR_external_semaphore_fd and can export timeline semaphores, it is created exportable and {@link #exportFd}
 * hands it to CUDA (cuImportExternalSemaphore, CU_EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD) or OpenGL.
 * Starts at 0. Owned: close it after every importer has released its import.
 */
public final class VulkanTimelineSemaphore implements AutoCloseable {
    private final VulkanContext ctx;
    private final VulkanExportableSemaphore semaphore;
    private long issued;

    /**
     * Creates the semaphore, exportable where the device allows it.
     *
     * @throws VulkanUnavailableException when the device has no timeline semaphores
     */
    public VulkanTimelineSemaphore(VulkanContext ctx) {
        if (!ctx.hasTimelineSemaphores()) {
            throw new VulkanUnavailableException(ctx.deviceName() + " has no timeline semaphores");
        }
        this.ctx = ctx;
        semaphore = new VulkanExportableSemaphore(ctx, true);
    }

    /** The VkSemaphore handle. */
    public long handle() { return semaphore.handle(); }

    /** Whether {@link #exportFd} works (VK_KHR_external_semaphore_fd with exportable timeline semaphores). */
    public boolean exportable() { return semaphore.exportable(); }

    /** Reserves the next value to signal (1, 2, ...): the value the caller's next submission signals. */
    public long next() {
        return ++issued;
    }

    /** The last value {@link #next} handed out (0 before the first): the value whose signal marks the last work. */
    public long lastIssued() { return issued; }

    /** The counter's current value on the device (vkGetSemaphoreCounterValue). */
    public long value() {
        try (MemoryStack stack = stackPush()) {
            LongBuffer v = stack.mallocLong(1);
            check(vkGetSemaphoreCounterValue(ctx.device(), semaphore.handle(), v), "vkGetSemaphoreCounterValue");
            return v.get(0);
        }
    }

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
