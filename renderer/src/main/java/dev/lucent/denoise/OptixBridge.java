package dev.lucent.denoise;

/**
 * The native surface of liblucent_optix.so (jni/lucent_optix.c). Every method throws {@link OptixCallException}
 * naming the failing CUDA/OptiX call. Device pointers and CUDA handles are raw addresses ({@code long}); streams
 * are CUstream handles, 0 for the context's default stream. Load the library through {@link OptixNativeLibrary}
 * before calling; {@link #open} must succeed before anything else.
 */
final class OptixBridge {
    /**
     * The OptiX ABI versions the library has declarations for, newest first: 105 (OptiX 9.0) and 87 (OptiX 8.0),
     * whose temporal models carry internal guide layers from frame to frame, and 55 (OptiX 7.4).
     */
    static final int[] ABIS = {105, 87, 55};
    /** The oldest of {@link #ABIS}, the last one asked for. */
    static final int ABI_FALLBACK = 55;
    /**
     * System property (or, when unset, environment variable {@code LUCENT_OPTIX_ABI}) naming the one ABI to ask
     * for instead of trying {@link #ABIS} in turn; for comparing the ABIs' models.
     */
    static final String ABI_PROPERTY = "lucent.optix.abi";

    private OptixBridge() {}

    /**
     * Loads libcuda.so.1 and libnvoptix.so.1, takes the OptiX function table for ABI {@code abi} and retains
     * device 0's primary context. Denoisers created afterwards use that ABI's structs (earlier ones keep theirs).
     * Any ABI other than {@link #ABIS} is refused: first by the driver when it does not know it (or its table
     * size), else by the bridge.
     */
    static native void open(int abi);

    /** The ABI of the last successful {@link #open}, 0 before. */
    static native int abiVersion();

    /** The ABIs the native library has declarations for, newest first (equal to {@link #ABIS}). */
    static native int[] supportedAbis();

    /** The ABI a denoiser was created under. */
    static native int denoiserAbi(long handle);

    /**
     * The ABIs to ask the driver for, in order: the one {@link #ABI_PROPERTY} names, else {@link #ABIS}.
     *
     * @throws IllegalArgumentException when the property is not one of {@link #ABIS}
     */
    static int[] abiOrder() {
        String v = System.getProperty(ABI_PROPERTY);
        if (v == null || v.isBlank()) v = System.getenv("LUCENT_OPTIX_ABI");
        if (v == null || v.isBlank()) return ABIS.clone();
        int abi;
        try {
            abi = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            abi = -1;
        }
        for (int a : ABIS) {
            if (a == abi) return new int[] {abi};
        }
        throw new IllegalArgumentException(ABI_PROPERTY + " / LUCENT_OPTIX_ABI is '" + v.trim()
                + "'; the bridge speaks OptiX ABIs 105, 87 and 55");
    }

    /** The driver's name and text for an OptixResult code; null before {@link #open}. */
    static native String errorString(int code);

    static native String deviceName();

    /** OptixDenoiserModelKind of OptiX's HDR model (the pre-AOV model; it scales by the HDR intensity). */
    static final int MODEL_HDR = 0x2323;
    /** OptixDenoiserModelKind of OptiX's AOV model (it scales by the average colour). */
    static final int MODEL_AOV = 0x2324;
    /** OptixDenoiserModelKind of OptiX's temporal HDR model (the fallback when the temporal AOV one is refused). */
    static final int MODEL_TEMPORAL = 0x2325;
    /** OptixDenoiserModelKind of OptiX's temporal AOV model. */
    static final int MODEL_TEMPORAL_AOV = 0x2326;
    /**
     * System property (or, when unset, environment variable {@code LUCENT_OPTIX_MODEL}) choosing the model of
     * non-temporal denoisers: {@code aov} (the default) or {@code hdr}. Temporal denoisers use the temporal AOV
     * model whatever it says.
     */
    static final String MODEL_PROPERTY = "lucent.optix.model";

    /**
     * The model kind {@link #MODEL_PROPERTY} names for non-temporal denoisers: {@link #MODEL_AOV} when unset,
     * blank or {@code aov}, {@link #MODEL_HDR} for {@code hdr} (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for any other value
     */
    static int singleImageModel() {
        String v = System.getProperty(MODEL_PROPERTY);
        if (v == null || v.isBlank()) v = System.getenv("LUCENT_OPTIX_MODEL");
        if (v == null || v.isBlank()) return MODEL_AOV;
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "aov" -> MODEL_AOV;
            case "hdr" -> MODEL_HDR;
            default -> throw new IllegalArgumentException(MODEL_PROPERTY + " / LUCENT_OPTIX_MODEL is '" + v.trim()
                    + "'; the OptiX models for single images are aov and hdr");
        };
    }

    /** The name {@code OptixDenoiser.model()} and renders use for a model kind: aov, hdr, temporal-aov, temporal. */
    static String modelName(int kind) {
        return switch (kind) {
            case MODEL_AOV -> "aov";
            case MODEL_HDR -> "hdr";
            case MODEL_TEMPORAL -> "temporal";
            case MODEL_TEMPORAL_AOV -> "temporal-aov";
            default -> "kind 0x" + Integer.toHexString(kind);
        };
    }

    /**
     * A denoiser of model {@code kind} ({@link #MODEL_AOV}, {@link #MODEL_HDR} or {@link #MODEL_TEMPORAL_AOV}, which
     * falls back to {@link #MODEL_TEMPORAL} when the driver refuses it) with the given guide layers; returns its
     * handle. The AOV model starts with {@link #NO_INTENSITY}; the HDR model always takes the HDR intensity and
     * no average colour.
     */
    static native long create(boolean albedo, boolean normal, int kind);

    /**
     * The OptixDenoiserModelKind a denoiser was created with: 0x2324 (AOV), 0x2323 (HDR), 0x2326 (temporal AOV), or
     * 0x2325 (the temporal HDR model, taken when the driver refuses the temporal AOV model under this ABI).
     */
    static native int modelKind(long handle);

    static native void destroy(long handle);

    /**
     * {@link #setFlags} bit: neither compute nor pass the HDR intensity (the AOV model scales by the average colour;
     * set by default for AOV denoisers; the HDR model ignores it).
     */
    static final int NO_INTENSITY = 1;
    /** {@link #setFlags} bit: reuse the last invocation's intensity and average colour (timing the invocation alone). */
    static final int REUSE_STATISTICS = 2;

    /** Flags for the following invocations of a denoiser ({@link #NO_INTENSITY}, {@link #REUSE_STATISTICS}). */
    static native void setFlags(long handle, int flags);

    /**
     * {stateBytes, withOverlapScratchBytes, withoutOverlapScratchBytes, overlapPixels, internalGuideLayerPixelBytes}
     * for w x h inputs; the last is 0 under ABI 55.
     */
    static native long[] memorySizes(long handle, int width, int height);

    /** Allocates state and scratch for width x height images, tiles of tileW x tileH (0: untiled), and runs setup. */
    static native void setup(long handle, int width, int height, int tileWidth, int tileHeight);

    /**
     * Queues intensity, average colour and the (tiled) invocation on {@code stream}; does not wait. Colour,
     * albedo and normal share the input strides, output and previous output the output strides.
     */
    static native void invoke(long handle, long stream, long color, long albedo, long normal, long flow,
                              long previousOutput, long output, int width, int height, int format,
                              int pixelStrideBytes, int rowStrideBytes, int outputPixelStrideBytes,
                              int outputRowStrideBytes, float blend);

    static native long memAlloc(long bytes);

    static native void memFree(long pointer);

    static native void upload(long dst, float[] src, int count);

    /** Copies {@code count} bytes of {@code src} to device address {@code dst}. */
    static native void uploadBytes(long dst, byte[] src, int count);

    static native void download(float[] dst, long src, int count);

    /** Copies {@code count} bytes from device address {@code src} into {@code dst}. */
    static native void downloadBytes(byte[] dst, long src, int count);

    static native void synchronize();

    static native long eventCreate();

    static native void eventRecord(long event, long stream);

    /** Waits for {@code end} and returns the GPU milliseconds between the two events. */
    static native float eventElapsedMs(long start, long end);

    static native void eventDestroy(long event);
}
