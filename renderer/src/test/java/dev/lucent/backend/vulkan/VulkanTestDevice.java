package dev.lucent.backend.vulkan;

import dev.lucent.backend.BackendUnavailableException;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, with the reason, where no ray-tracing Vulkan device can be opened. */
public final class VulkanTestDevice {
    private VulkanTestDevice() {}

    private static String reason;
    private static boolean checked;

    /** Aborts the calling test with the reason unless a ray-tracing Vulkan device opens (tried once per JVM). */
    public static synchronized void assumeAvailable() {
        if (!checked) {
            checked = true;
            try (VulkanBackend b = new VulkanBackend(false)) {
                reason = null;
            } catch (BackendUnavailableException e) {
                reason = e.getMessage() + " (tools/fetch-lavapipe provides a CPU device)";
            }
        }
        Assumptions.assumeTrue(reason == null, reason);
    }
}
