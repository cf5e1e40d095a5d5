package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_NULL_HANDLE;
import static org.lwjgl.vulkan.VK10.vkCreateSemaphore;
import static org.lwjgl.vulkan.VK10.vkDestroySemaphore;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_FEATURE_EXPORTABLE_BIT;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceExternalSemaphoreProperties;
import static org.lwjgl.vulkan.VK12.VK_SEMAPHORE_TYPE_TIMELINE;

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
 * The VkSemaphore that {@link VulkanBinarySemaphore} and {@link VulkanTimelineSemaphore} own: binary or timeline
 * (starting at 0), created exportable as an opaque POSIX file descriptor (VK_KHR_external_semaphore_fd) where the
 * device has that extension and its driver reports that semaphores of this type export as opaque fds. Owned: close
 * it once no submitted work and no importer refers to it.
 */
final class VulkanExportableSemaphore implements AutoCloseable {
    private final VulkanContext ctx;
    /** "binary" or "timeline", for messages. */
    private final String type;
    private final boolean timeline;
    private final boolean exportable;
    private long semaphore;

    /** Creates a binary ({@code timeline} false) or timeline semaphore, exportable where the device allows it. */
    VulkanExportableSemaphore(VulkanContext ctx, boolean timeline) {
        this.ctx = ctx;
        this.timeline = timeline;
        this.type = timeline ? "timeline" : "binary";
        try (MemoryStack stack = stackPush()) {
            exportable = ctx.hasExternalSemaphoreFd() && canExport(stack);
            VkSemaphoreCreateInfo ci = VkSemaphoreCreateInfo.calloc(stack).sType$Default();
            if (timeline) ci.pNext(timelineType(stack).initialValue(0));
            if (exportable) {
                ci.pNext(VkExportSemaphoreCreateInfo.calloc(stack).sType$Default()
                        .handleTypes(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT));
            }
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateSemaphore(ctx.device(), ci, null, p), "vkCreateSemaphore(" + type + ")");
            semaphore = p.get(0);
        }
    }

    private static VkSemaphoreTypeCreateInfo timelineType(MemoryStack stack) {
        return VkSemaphoreTypeCreateInfo.calloc(stack).sType$Default().semaphoreType(VK_SEMAPHORE_TYPE_TIMELINE);
    }

    /**
     * Whether the driver exports semaphores of this type as opaque fds
     * (vkGetPhysicalDeviceExternalSemaphoreProperties).
     */
    private boolean canExport(MemoryStack stack) {
        VkPhysicalDeviceExternalSemaphoreInfo info = VkPhysicalDeviceExternalSemaphoreInfo.calloc(stack).sType$Default()
                .handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT);
        if (timeline) info.pNext(timelineType(stack));
        VkExternalSemaphoreProperties props = VkExternalSemaphoreProperties.calloc(stack).sType$Default();
        vkGetPhysicalDeviceExternalSemaphoreProperties(ctx.physicalDevice(), info, props);
        return (props.externalSemaphoreFeatures() & VK_EXTERNAL_SEMAPHORE_FEATURE_EXPORTABLE_BIT) != 0;
    }

    /** The VkSemaphore handle (VK_NULL_HANDLE once closed). */
    long handle() { return semaphore; }

    /** Whether {@link #exportFd} works. */
    boolean exportable() { return exportable; }

    /**
     * A new POSIX file descriptor for the semaphore (vkGetSemaphoreFdKHR, opaque fd). The caller owns it: a
     * successful import takes it over, otherwise the caller closes it.
     *
     * @throws VulkanUnavailableException when the semaphore is not exportable
     * @throws IllegalStateException once closed
     */
    int exportFd() {
        if (!exportable) {
            throw new VulkanUnavailableException(ctx.deviceName() + " cannot export " + type + " semaphores as fds");
        }
        if (semaphore == VK_NULL_HANDLE) throw new IllegalStateException("semaphore closed");
        try (MemoryStack stack = stackPush()) {
            IntBuffer fd = stack.mallocInt(1);
            check(KHRExternalSemaphoreFd.vkGetSemaphoreFdKHR(ctx.device(), VkSemaphoreGetFdInfoKHR.calloc(stack)
                    .sType$Default().semaphore(semaphore).handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT),
                    fd), "vkGetSemaphoreFdKHR(" + type + ")");
            return fd.get(0);
        }
    }

    /** Destroys the semaphore; later calls do nothing. */
    @Override
    public void close() {
        if (semaphore != VK_NULL_HANDLE) {
            vkDestroySemaphore(ctx.device(), semaphore, null);
            semaphore = VK_NULL_HANDLE;
        }
    }
}
