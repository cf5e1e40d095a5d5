package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_FEATURE_EXPORTABLE_BIT;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceExternalSemaphoreProperties;
import static org.lwjgl.vulkan.VK12.VK_SEMAPHORE_TYPE_TIMELINE;
import static org.lwjgl.vulkan.VK12.vkGetSemaphoreCounterValue;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.KHRExternalSemaphoreFd;
import org.lwjgl.vulkan.VkExportSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkExternalSemaphoreProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceExternalSemaphoreInfo;
import org.lwjgl.vulkan.VkSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreGetFdInfoKHR;
import org.lwjgl.vulkan.VkSemaphoreTypeCreateInfo;

/**
 * A Vulkan timeline semaphore (a 64-bit counter that queue submissions signal to increasing values) that the
 * submitter advances with {@link #next()} and that other APIs can wait on: where the device has
 * VK_KHR_external_semaphore_fd and can export timeline semaphores, it is created exportable and {@link #exportFd}
 * hands it to CUDA (cuImportExternalSemaphore, CU_EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD) or OpenGL.
 * Starts at 0. Owned: close it after every importer has released its import.
 */
public final class VulkanTimelineSemaphore implements AutoCloseable {
    private final VulkanContext ctx;
    private final boolean exportable;
    private long semaphore;
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
        try (MemoryStack stack = stackPush()) {
            exportable = ctx.hasExternalSemaphoreFd() && canExport(ctx, stack);
            VkSemaphoreTypeCreateInfo type = VkSemaphoreTypeCreateInfo.calloc(stack).sType$Default()
                    .semaphoreType(VK_SEMAPHORE_TYPE_TIMELINE).initialValue(0);
            VkSemaphoreCreateInfo ci = VkSemaphoreCreateInfo.calloc(stack).sType$Default().pNext(type);
            if (exportable) {
                ci.pNext(VkExportSemaphoreCreateInfo.calloc(stack).sType$Default()
                        .handleTypes(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT));
            }
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateSemaphore(ctx.device(), ci, null, p), "vkCreateSemaphore(timeline)");
            semaphore = p.get(0);
        }
    }

    /** Whether the driver exports timeline semaphores as opaque fds. */
    private static boolean canExport(VulkanContext ctx, MemoryStack stack) {
        VkSemaphoreTypeCreateInfo type = VkSemaphoreTypeCreateInfo.calloc(stack).sType$Default()
                .semaphoreType(VK_SEMAPHORE_TYPE_TIMELINE);
        VkPhysicalDeviceExternalSemaphoreInfo info = VkPhysicalDeviceExternalSemaphoreInfo.calloc(stack).sType$Default()
                .pNext(type).handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT);
        VkExternalSemaphoreProperties props = VkExternalSemaphoreProperties.calloc(stack).sType$Default();
        vkGetPhysicalDeviceExternalSemaphoreProperties(ctx.physicalDevice(), info, props);
        return (props.externalSemaphoreFeatures() & VK_EXTERNAL_SEMAPHORE_FEATURE_EXPORTABLE_BIT) != 0;
    }

    /** The VkSemaphore handle. */
    public long handle() { return semaphore; }

    /** Whether {@link #exportFd} works (VK_KHR_external_semaphore_fd with exportable timeline semaphores). */
    public boolean exportable() { return exportable; }

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
            check(vkGetSemaphoreCounterValue(ctx.device(), semaphore, v), "vkGetSemaphoreCounterValue");
            return v.get(0);
        }
    }

    /**
     * A new POSIX file descriptor for the semaphore (vkGetSemaphoreFdKHR, opaque fd). The caller owns it: a
     * successful import takes it over, otherwise the caller closes it.
     *
     * @throws VulkanUnavailableException when the semaphore is not exportable
     */
    public int exportFd() {
        if (!exportable) {
            throw new VulkanUnavailableException(ctx.deviceName() + " cannot export timeline semaphores as fds");
        }
        if (semaphore == VK_NULL_HANDLE) throw new IllegalStateException("semaphore closed");
        try (MemoryStack stack = stackPush()) {
            IntBuffer fd = stack.mallocInt(1);
            check(KHRExternalSemaphoreFd.vkGetSemaphoreFdKHR(ctx.device(), VkSemaphoreGetFdInfoKHR.calloc(stack)
                    .sType$Default().semaphore(semaphore).handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT),
                    fd), "vkGetSemaphoreFdKHR");
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
