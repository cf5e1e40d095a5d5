package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_FEATURE_EXPORTABLE_BIT;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceExternalSemaphoreProperties;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.KHRExternalSemaphoreFd;
import org.lwjgl.vulkan.VkExportSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkExternalSemaphoreProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceExternalSemaphoreInfo;
import org.lwjgl.vulkan.VkSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreGetFdInfoKHR;

/**
 * A binary Vulkan semaphore, exportable (opaque POSIX file descriptor, VK_KHR_external_semaphore_fd) where the
 * device allows it, for another
 * API that has no timeline semaphores, such as OpenGL with GL_EXT_semaphore_fd but without
 * GL_NV_timeline_semaphore. A binary semaphore carries one signal at a time: every signal must be waited exactly
 * once (by Vulkan or by the importer) before the next signal is submitted; the owner of the hand-off keeps that
 * count (see {@link VulkanDisplayBuffer}). Owned: close it once no submitted work refers to it.
 */
public final class VulkanBinarySemaphore implements AutoCloseable {
    private final VulkanContext ctx;
    private final boolean exportable;
    private long semaphore;

    /** Creates the semaphore, exportable as an opaque fd where the device allows it ({@link #exportable()}). */
    public VulkanBinarySemaphore(VulkanContext ctx) {
        this.ctx = ctx;
        try (MemoryStack stack = stackPush()) {
            exportable = exportable(ctx, stack);
            VkSemaphoreCreateInfo ci = VkSemaphoreCreateInfo.calloc(stack).sType$Default();
            if (exportable) {
                ci.pNext(VkExportSemaphoreCreateInfo.calloc(stack).sType$Default()
                        .handleTypes(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT));
            }
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateSemaphore(ctx.device(), ci, null, p), "vkCreateSemaphore(binary)");
            semaphore = p.get(0);
        }
    }

    /** Whether {@code ctx}'s device has VK_KHR_external_semaphore_fd and exports binary semaphores as opaque fds. */
    static boolean exportable(VulkanContext ctx, MemoryStack stack) {
        if (!ctx.hasExternalSemaphoreFd()) return false;
        VkPhysicalDeviceExternalSemaphoreInfo info = VkPhysicalDeviceExternalSemaphoreInfo.calloc(stack).sType$Default()
                .handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT);
        VkExternalSemaphoreProperties props = VkExternalSemaphoreProperties.calloc(stack).sType$Default();
        vkGetPhysicalDeviceExternalSemaphoreProperties(ctx.physicalDevice(), info, props);
        return (props.externalSemaphoreFeatures() & VK_EXTERNAL_SEMAPHORE_FEATURE_EXPORTABLE_BIT) != 0;
    }

    /** The VkSemaphore handle. */
    public long handle() { return semaphore; }

    /** Whether {@link #exportFd} works. */
    public boolean exportable() { return exportable; }

    /**
     * A new POSIX file descriptor for the semaphore (vkGetSemaphoreFdKHR, opaque fd). The caller owns it: a
     * successful import takes it over, otherwise the caller closes it.
     *
     * @throws VulkanUnavailableException when the semaphore is not exportable
     */
    public int exportFd() {
        if (!exportable) {
            throw new VulkanUnavailableException(ctx.deviceName() + " cannot export binary semaphores as fds");
        }
        if (semaphore == VK_NULL_HANDLE) throw new IllegalStateException("semaphore closed");
        try (MemoryStack stack = stackPush()) {
            IntBuffer fd = stack.mallocInt(1);
            check(KHRExternalSemaphoreFd.vkGetSemaphoreFdKHR(ctx.device(), VkSemaphoreGetFdInfoKHR.calloc(stack)
                    .sType$Default().semaphore(semaphore).handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT),
                    fd), "vkGetSemaphoreFdKHR(binary)");
            return fd.get(0);
        }
    }

    @Override
    public void close() {
        if (semaphore != VK_NULL_HANDLE) {
            vkDestroySemaphore(ctx.device(), semaphore, null);
            semaphore = VK_NULL_HANDLE;
        }
    }
}
