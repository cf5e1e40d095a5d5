package dev.lucent.backend.vulkan;

/** A Vulkan (or VMA) call that returned an error: the message names the call and the VkResult. */
public final class VulkanCallException extends RuntimeException {
    public VulkanCallException(String message) {
        super(message);
    }

    /** Throws a VulkanCallException naming {@code what} unless {@code result} is VK_SUCCESS (0). */
    public static void check(int result, String what) {
        if (result != 0) throw new VulkanCallException(what + " failed: " + VulkanResults.name(result));
    }
}
