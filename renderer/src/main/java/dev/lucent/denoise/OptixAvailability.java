package dev.lucent.denoise;

/**
 * Whether the OptiX denoiser can run here, and if not, why, in one line ({@code "not available: <reason>"}).
 * Checks in order: the bridge library loads ({@link OptixNativeLibrary}), then the bridge opens: libcuda.so.1 (the
 * NVIDIA driver) loads, cuInit succeeds and a GPU exists, libnvoptix.so.1 loads and hands out the OptiX function
 * table for one of the bridge's ABIs (asked for newest first, {@link OptixBridge#abiOrder()}; a driver that
 * refuses one is asked for the next), and a denoiser can be created (the driver finds its denoiser weights,
 * nvoptix.bin). Never throws; the result is computed once per JVM.
 *
 * @param available true when an {@link OptixDenoiser} can be opened
 * @param reason {@code "not available: ..."} when unavailable, empty when available
 * @param deviceName the GPU's name when available, else empty
 */
public record OptixAvailability(boolean available, String reason, String deviceName) {
    private static OptixAvailability cached;

    public static synchronized OptixAvailability check() {
        if (cached == null) cached = probe();
        return cached;
    }

    private static OptixAvailability probe() {
        try {
            String why = OptixNativeLibrary.failure();
            if (why != null) return no(why);
            int kind = OptixBridge.singleImageModel();
            openNewest();
            OptixBridge.destroy(OptixBridge.create(true, true, kind));
            return new OptixAvailability(true, "", OptixBridge.deviceName());
        } catch (OptixCallException e) {
            return no(explain(e.getMessage()));
        } catch (RuntimeException | LinkageError e) {
            return no(e.getClass().getSimpleName() + ": " + OptixNativeLibrary.oneLine(e.getMessage()));
        }
    }

    /**
     * Opens the bridge with the first ABI of {@link OptixBridge#abiOrder()} the driver hands a function table out
     * for, and returns it; when the driver refuses all, throws the last refusal with the earlier ones appended.
     */
    static int openNewest() {
        int[] order = OptixBridge.abiOrder();
        StringBuilder refused = new StringBuilder();
        for (int i = 0; i < order.length; i++) {
            try {
                OptixBridge.open(order[i]);
                return order[i];
            } catch (OptixCallException e) {
                boolean tableRefused = e.getMessage() != null && e.getMessage().startsWith("optixQueryFunctionTable(");
                if (!tableRefused || i == order.length - 1) {
                    throw refused.isEmpty() ? e : new OptixCallException(e.getMessage() + " (before: " + refused + ")");
                }
                refused.append(refused.isEmpty() ? "" : "; ").append(OptixNativeLibrary.oneLine(e.getMessage()));
            }
        }
        throw new IllegalStateException("no OptiX ABI to ask for");
    }

    /** Turns a bridge start-up failure into the user's terms: no driver, no GPU, no OptiX, or the call. */
    static String explain(String message) {
        String m = OptixNativeLibrary.oneLine(message);
        if (m.startsWith("dlopen(libcuda.so.1)")) return "no NVIDIA driver (libcuda.so.1 not found)";
        if (m.contains("CUDA_ERROR_NO_DEVICE") || m.contains("no CUDA device")) return "no GPU (" + m + ")";
        if (m.startsWith("dlopen(libnvoptix.so.1)")) return "the NVIDIA driver has no OptiX (libnvoptix.so.1 not found)";
        if (m.contains("denoiser weights") || m.startsWith("optixDenoiserCreate failed: OPTIX_ERROR_INTERNAL_ERROR")) {
            String what = m.contains("Could not open") ? "are missing"
                    : m.contains("Header file version") ? "are from another driver branch" : "could not be loaded";
            return "the driver's OptiX denoiser weights " + WEIGHTS + " " + what + " (containers without the "
                    + "'graphics' driver capability lack the file; fetch-optix-weights, in the bundle's bin/ and the "
                    + "source tree's tools/, installs the one for this driver): " + m;
        }
        return m;
    }

    /** Where the driver's libnvoptix looks for the denoiser's weights. */
    static final String WEIGHTS = "/usr/share/nvidia/nvoptix.bin";

    private static OptixAvailability no(String why) {
        return new OptixAvailability(false, "not available: " + why, "");
    }
}
