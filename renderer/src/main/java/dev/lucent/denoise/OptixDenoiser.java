package dev.lucent.denoise;

/**
 * NVIDIA's OptiX AI denoiser through the JNI bridge (liblucent_optix.so), on device 0's primary context. The
 * bridge asks the driver for OptiX ABI 105 (OptiX 9.0) first, then 87 (8.0), then 55 (7.4), and uses the first
 * one it gets ({@link #abi()}; {@link OptixBridge#ABI_PROPERTY} picks one).
 *
 * <p>Model: OptiX's AOV model (or temporal AOV for sequences; {@code -Dlucent.optix.model=hdr} picks the HDR model
 * for single images, {@link OptixBridge#MODEL_PROPERTY}) with optional albedo and normal guide layers. Under
 * ABI 87 and later the temporal model also carries two internal guide layers from frame to frame (held by the
 * bridge, swapped per frame, zeroed on a sequence's first frame and on a new image size). Inputs
 * are linear HDR radiance (no tone mapping), albedo in [0,1] and world-space normals (the AOV models take world
 * space on current drivers; only the legacy HDR/LDR models wanted camera space). The HDR intensity and average
 * colour the model uses are computed on the GPU from the colour input before each invocation.
 *
 * <p>Two entry points: {@link #denoise(DenoiseInput)} copies host arrays to the GPU and back (the copies are part
 * of its cost); {@link #denoiseDevice} works on buffers already on the GPU (the CUDA backend's film), queues the
 * work on a stream and does not wait. With {@link #tileSize} set, images larger than a tile are denoised tile by
 * tile with the overlap OptiX asks for, so state and scratch are sized for one tile.
 *
 * <p>Owns the native denoiser and, for the host path, device copies of the images; {@link #close()} frees them.
 * Not thread-safe.
 */
public final class OptixDenoiser implements SequenceDenoiser, AutoCloseable {
    private final boolean albedoGuide;
    private final boolean normalGuide;
    private final boolean temporal;
    private long handle;
    private int setupWidth, setupHeight, setupTileW, setupTileH;
    private int tileWidth, tileHeight;
    private long[] host = new long[5]; // color, albedo, normal, output, flow (device copies for the host path)
    private int hostPixels;
    private boolean havePrevious;
    private long previous;             // temporal host path: last frame's output on the device

    private OptixDenoiser(boolean albedoGuide, boolean normalGuide, boolean temporal, long handle) {
        this.albedoGuide = albedoGuide;
        this.normalGuide = normalGuide;
        this.temporal = temporal;
        this.handle = handle;
    }

    /** A denoiser using albedo and normal guides, not temporal. */
    public static OptixDenoiser open() {
        return open(true, true, false);
    }

    /**
     * Creates a denoiser. A normal guide needs the albedo guide too (OptiX has no normal-only model).
     *
     * @throws IllegalStateException with {@link OptixAvailability}'s one-line reason when OptiX cannot run here
     * @throws OptixCallException when the driver refuses to create the denoiser
     */
    public static OptixDenoiser open(boolean albedoGuide, boolean normalGuide, boolean temporal) {
        if (normalGuide && !albedoGuide) throw new IllegalArgumentException("a normal guide needs the albedo guide");
        OptixAvailability a = OptixAvailability.check();
        if (!a.available()) throw new IllegalStateException("OptiX denoiser " + a.reason());
        int kind = temporal ? OptixBridge.MODEL_TEMPORAL_AOV : OptixBridge.singleImageModel();
        return new OptixDenoiser(albedoGuide, normalGuide, temporal, OptixBridge.create(albedoGuide, normalGuide,
                kind));
    }

    /**
     * Bridge flags for the following invocations ({@link OptixBridge#NO_INTENSITY}, ...), replacing the defaults
     * ({@code NO_INTENSITY} for the AOV model, none for the temporal models); for measurements.
     */
    OptixDenoiser flags(int flags) {
        OptixBridge.setFlags(live(), flags);
        return this;
    }

    @Override
    public String name() { return "optix"; }

    public boolean temporal() { return temporal; }

    /**
     * The OptiX model this denoiser runs: {@code "aov"} or {@code "hdr"} for single images (chosen by
     * {@link OptixBridge#MODEL_PROPERTY}, default aov), {@code "temporal-aov"}, or {@code "temporal"} (OptiX's
     * temporal HDR model with the same guides, taken when the driver refuses the temporal AOV model).
     */
    public String model() {
        return OptixBridge.modelName(OptixBridge.modelKind(live()));
    }

    /** The OptiX ABI this denoiser was created under (105, 87 or 55). */
    public int abi() { return OptixBridge.denoiserAbi(live()); }

    /**
     * Denoise tile by tile, tiles of at most width x height output pixels; 0, 0 (the default) for one pass. A
     * temporal denoiser under ABI 87 or later denoises untiled only (its first invocation with tiles throws).
     */
    public OptixDenoiser tileSize(int width, int height) {
        if (width < 0 || height < 0 || (width == 0) != (height == 0)) {
            throw new IllegalArgumentException("tile size " + width + "x" + height);
        }
        tileWidth = width;
        tileHeight = height;
        return this;
    }

    /** Memory OptiX asks for to denoise width x height inputs in one pass (or tiles of that size). */
    public OptixDenoiserSizes memorySizes(int width, int height) {
        long[] s = OptixBridge.memorySizes(live(), width, height);
        return new OptixDenoiserSizes(s[0], s[1], s[2], (int) s[3], s[4]);
    }

    /**
     * Host path from a render's layers. A temporal denoiser takes the motion AOV as OptiX's flow (both are the
     * pixel's motion since the previous frame, x right and y down in rows top to bottom); a frame without motion
     * starts a new sequence (zero flow, no previous output).
     */
    @Override
    public float[] denoise(DenoiseInput in) {
        float[] flow = null;
        if (temporal) {
            flow = in.motion();
            if (flow == null) {
                resetSequence();
                flow = new float[2 * in.pixelCount()];
            }
        }
        return denoise(in.width(), in.height(), in.color(), in.albedo(), in.normal(), flow);
    }

    @Override
    public boolean hasHistory() { return temporal && havePrevious; }

    @Override
    public void clearHistory() { resetSequence(); }

    /**
     * Uploads {@code previousOutput} as the previous frame's output of a temporal denoiser (host path). Under ABI 87
     * and later the temporal model's history also holds its internal guide layers, which no image restores: the
     * history is cleared instead ({@link #hasHistory()} false), so the next frame starts a sequence.
     */
    @Override
    public void setHistory(DenoiseInput previous, float[] previousOutput) {
        if (!temporal) throw new IllegalStateException("not a temporal OptiX denoiser");
        if (abi() != OptixBridge.ABI_FALLBACK) {
            resetSequence();
            return;
        }
        int n = Math.multiplyExact(previous.pixelCount(), 3);
        checkLength("previous output", previousOutput, n, true);
        ensureHostBuffers(previous.pixelCount());
        OptixBridge.upload(this.previous, previousOutput, n);
        havePrevious = true;
    }

    /**
     * Host path: denoises {@code color} (3 floats per pixel, linear RGB, rows top to bottom) with the guides
     * this denoiser was opened with ({@code albedo}/{@code normal} may be null when unused) and, for a temporal
     * denoiser, {@code flow} (2 floats per pixel: this pixel's motion in pixels since the previous frame,
     * OptiX's convention; the previous frame's output is kept on the GPU). Returns a new 3-float-per-pixel array.
     */
    public float[] denoise(int width, int height, float[] color, float[] albedo, float[] normal, float[] flow) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size " + width + "x" + height);
        int n = Math.multiplyExact(Math.multiplyExact(width, height), 3);
        checkLength("color", color, n, true);
        checkLength("albedo", albedo, n, albedoGuide);
        checkLength("normal", normal, n, normalGuide);
        checkLength("flow", flow, n / 3 * 2, temporal);
        ensureHostBuffers(width * height);
        OptixBridge.upload(host[0], color, n);
        if (albedoGuide) OptixBridge.upload(host[1], albedo, n);
        if (normalGuide) OptixBridge.upload(host[2], normal, n);
        if (temporal) OptixBridge.upload(host[4], flow, n / 3 * 2);
        denoiseDevice(0, width, height, host[0], host[1], host[2], temporal ? host[4] : 0,
                havePrevious ? previous : 0, host[3], OptixPixelFormat.FLOAT3, 12, 12 * width);
        float[] out = new float[n];
        OptixBridge.download(out, host[3], n);
        if (temporal) {
            long t = previous;
            previous = host[3];
            host[3] = t;
            havePrevious = true;
        }
        return out;
    }

    /**
     * Device path: queues the denoising of {@code color} into {@code output} on {@code stream} (a CUstream handle,
     * 0 for the default stream) and returns without waiting. All pointers are CUDA device addresses in this
     * bridge's context; colour, albedo, normal, previous output and output share {@code format}, pixel stride
     * and row stride (bytes). Unused guides may be 0. {@code flow} is FLOAT2 pixel motion, 8 bytes per pixel
     * packed (temporal only); {@code previousOutput} is the last frame's output, 0 on the first frame. The
     * output must not alias an input.
     */
    public void denoiseDevice(long stream, int width, int height, long color, long albedo, long normal, long flow,
                              long previousOutput, long output, OptixPixelFormat format, int pixelStrideBytes,
                              int rowStrideBytes) {
        denoiseDevice(stream, width, height, color, albedo, normal, flow, previousOutput, output, format,
                pixelStrideBytes, rowStrideBytes, pixelStrideBytes, rowStrideBytes);
    }

    /**
     * Device path from a GPU backend's accumulation (no host round trip): queues the denoising of {@code in} into
     * {@code output} on {@code stream} and returns without waiting. {@code output} (and {@code previousOutput},
     * the last frame's output for a temporal denoiser, 0 on the first) are in {@code in}'s format with their own
     * strides, e.g. packed: pixel stride {@code format.pixelBytes()}, row stride that times the width.
     */
    public void denoiseDevice(long stream, DeviceDenoiseInput in, long previousOutput, long output,
                              int outputPixelStrideBytes, int outputRowStrideBytes) {
        denoiseDevice(stream, in.width(), in.height(), in.color(), in.albedo(), in.normal(), in.flow(), previousOutput,
                output, in.format(), in.pixelStrideBytes(), in.rowStrideBytes(), outputPixelStrideBytes,
                outputRowStrideBytes);
    }

    private void denoiseDevice(long stream, int width, int height, long color, long albedo, long normal, long flow,
                               long previousOutput, long output, OptixPixelFormat format, int pixelStrideBytes,
                               int rowStrideBytes, int outPixelStrideBytes, int outRowStrideBytes) {
        long h = live();
        if (color == 0 || output == 0) throw new IllegalArgumentException("color and output are required");
        if (albedoGuide && albedo == 0) throw new IllegalArgumentException("this denoiser needs an albedo guide");
        if (normalGuide && normal == 0) throw new IllegalArgumentException("this denoiser needs a normal guide");
        if (temporal && flow == 0) throw new IllegalArgumentException("a temporal denoiser needs the flow layer");
        if (pixelStrideBytes < format.pixelBytes() || (long) rowStrideBytes < (long) pixelStrideBytes * width
                || outPixelStrideBytes < format.pixelBytes()
                || (long) outRowStrideBytes < (long) outPixelStrideBytes * width) {
            throw new IllegalArgumentException("strides " + pixelStrideBytes + "/" + rowStrideBytes + " (output "
                    + outPixelStrideBytes + "/" + outRowStrideBytes + ") too small for " + width + " " + format
                    + " pixels");
        }
        if (width != setupWidth || height != setupHeight || tileWidth != setupTileW || tileHeight != setupTileH) {
            OptixBridge.setup(h, width, height, tileWidth, tileHeight);
            setupWidth = width;
            setupHeight = height;
            setupTileW = tileWidth;
            setupTileH = tileHeight;
        }
        OptixBridge.invoke(h, stream, color, albedo, normal, flow, previousOutput, output, width, height,
                format.code(), pixelStrideBytes, rowStrideBytes, outPixelStrideBytes, outRowStrideBytes, 0f);
    }

    /** Forgets the previous frame, so the next temporal invocation starts a new sequence. */
    public void resetSequence() {
        havePrevious = false;
    }

    private void ensureHostBuffers(int pixels) {
        if (pixels == hostPixels) return;
        freeHostBuffers();
        long bytes = 12L * pixels;
        host[0] = OptixBridge.memAlloc(bytes);
        host[3] = OptixBridge.memAlloc(bytes);
        if (albedoGuide) host[1] = OptixBridge.memAlloc(bytes);
        if (normalGuide) host[2] = OptixBridge.memAlloc(bytes);
        if (temporal) {
            host[4] = OptixBridge.memAlloc(8L * pixels);
            previous = OptixBridge.memAlloc(bytes);
        }
        hostPixels = pixels;
        havePrevious = false;
    }

    private void freeHostBuffers() {
        for (int i = 0; i < host.length; i++) {
            if (host[i] != 0) OptixBridge.memFree(host[i]);
            host[i] = 0;
        }
        if (previous != 0) OptixBridge.memFree(previous);
        previous = 0;
        hostPixels = 0;
    }

    private long live() {
        if (handle == 0) throw new IllegalStateException("OptixDenoiser is closed");
        return handle;
    }

    private static void checkLength(String what, float[] a, int n, boolean needed) {
        if (!needed) return;
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(what + " needs " + n + " floats, got " + (a == null ? "null" : a.length));
        }
    }

    @Override
    public void close() {
        if (handle == 0) return;
        try {
            OptixBridge.synchronize();
            freeHostBuffers();
        } finally {
            OptixBridge.destroy(handle);
            handle = 0;
        }
    }
}
