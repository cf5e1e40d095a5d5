package dev.lucent.backend.vulkan;

/** Vulkan ray tracing cannot run here; the message is one line saying why (no loader, driver, device, extension). */
public final class VulkanUnavailableException extends RuntimeException {
    public VulkanUnavailableException(String message) {
        super(message);
    }
}
