package dev.lucent.backend.vulkan;

import org.lwjgl.vulkan.VK;

/**
 * Loads the system's Vulkan loader (libvulkan.so.1, or the file the system property org.lwjgl.vulkan.libname
 * names) once per JVM through LWJGL; it stays loaded until the JVM exits.
 */
final class VulkanLoader {
    private VulkanLoader() {}

    private static boolean loaded;
    private static String failure;

    /** @throws VulkanUnavailableException when the loader cannot be found or loaded */
    static synchronized void require() {
        if (!loaded && failure == null) {
            try {
                // LWJGL loads the loader when the VK class initialises (unless explicit initialisation is set).
                if (VK.getFunctionProvider() == null) VK.create();
                loaded = true;
            } catch (Throwable t) {
                Throwable root = t;
                while (root.getCause() != null) root = root.getCause();
                failure = "no Vulkan loader (libvulkan.so.1: " + String.valueOf(root.getMessage()).replaceAll("\\R", " ")
                        + "; install libvulkan1, or run tools/fetch-lavapipe and its exports)";
            }
        }
        if (!loaded) throw new VulkanUnavailableException(failure);
    }
}
