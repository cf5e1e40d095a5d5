package dev.lucent.backend;

import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.backend.cuda.CudaBackend;
import dev.lucent.backend.vulkan.VulkanBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of render backends, found by name. "cpu" is always available. A backend that cannot run on
 * this machine is still listed; {@link #create} then throws a {@link BackendUnavailableException} whose one
 * line says why. GPU backends register their factories here; a factory checks its hardware when called and
 * throws BackendUnavailableException with the reason if it is missing.
 */
public final class Backends {
    private Backends() {}

    private static final Map<String, Supplier<RenderBackend>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(CpuBackend.NAME, CpuBackend::new);
        FACTORIES.put(CudaBackend.NAME, () -> new CudaBackend(cudaDevices()));
        FACTORIES.put(VulkanBackend.NAME, () -> new VulkanBackend(vulkanDebug()));
    }

    private static String cudaDevices = "all";

    /** CUDA devices the "cuda" backend renders on: "all" or indices such as "0,1" (the CLI's --devices). */
    public static synchronized void setCudaDevices(String spec) {
        cudaDevices = spec == null || spec.isBlank() ? "all" : spec;
    }

    private static synchronized String cudaDevices() {
        return cudaDevices;
    }

    private static boolean vulkanDebug;

    /** Whether the "vulkan" backend enables the Khronos validation layer (the CLI's --vk-debug). */
    public static synchronized void setVulkanDebug(boolean on) {
        vulkanDebug = on;
    }

    private static synchronized boolean vulkanDebug() {
        return vulkanDebug;
    }

    /** Names of every known backend, default first. */
    public static synchronized List<String> names() {
        return new ArrayList<>(FACTORIES.keySet());
    }

    /** The default backend's name. */
    public static String defaultName() {
        return CpuBackend.NAME;
    }

    /**
     * A new backend called {@code name} (case-insensitive). Throws BackendUnavailableException for an unknown
     * name (listing the known ones) or a backend that cannot run here (with the reason).
     */
    public static RenderBackend create(String name) {
        Supplier<RenderBackend> factory;
        synchronized (Backends.class) {
            factory = FACTORIES.get(name.toLowerCase(Locale.ROOT));
        }
        if (factory == null) {
            throw new BackendUnavailableException("unknown backend '" + name + "' (backends: "
                    + String.join(", ", names()) + ")");
        }
        return factory.get();
    }

    /** Adds or replaces the backend {@code name}; for GPU backends and for tests. */
    public static synchronized void register(String name, Supplier<RenderBackend> factory) {
        String key = name.toLowerCase(Locale.ROOT);
        FACTORIES.put(key, factory);
        PROBED.remove(key);
    }

    /** Removes a backend added by {@link #register} (the built-in ones stay). */
    public static synchronized void unregister(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!key.equals(CpuBackend.NAME)) {
            FACTORIES.remove(key);
            PROBED.remove(key);
        }
    }

    /** Results of {@link #problem}: name to "" (it can run here) or the one-line reason it cannot. */
    private static final Map<String, String> PROBED = new HashMap<>();

    /**
     * Why backend {@code name} cannot run here (the one line of the exception its factory throws), or null when
     * it can. Found by creating and closing the backend once per process and registration, so asking again (each
     * viewer window lists the backends) opens no further CUDA or Vulkan context.
     */
    public static String problem(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        synchronized (Backends.class) {
            String known = PROBED.get(key);
            if (known != null) return known.isEmpty() ? null : known;
        }
        String found;
        try (RenderBackend b = create(key)) {
            found = "";
        } catch (RuntimeException e) {
            String m = e.getMessage();
            found = (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ').strip();
        }
        synchronized (Backends.class) {
            if (FACTORIES.containsKey(key)) PROBED.put(key, found);
        }
        return found.isEmpty() ? null : found;
    }
}
