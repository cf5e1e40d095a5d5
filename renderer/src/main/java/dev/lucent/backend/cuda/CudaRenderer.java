package dev.lucent.backend.cuda;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.NativeBuffer;
import dev.lucent.denoise.OptixDenoiser;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.integrator.MotionProjector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

/**
 * Renders a compiled scene with {@link CudaPathTracer} on one or more CUDA devices. Each frame is split into
 * bands ({@link CudaBandPlan}). By default ({@link #defaultPlan}) one device renders the whole frame as one band,
 * and several devices interleave row groups: device d of n renders the {@link #INTERLEAVE_ROWS}-row groups d,
 * d + n, d + 2n, ..., as {@link #CHUNKS_PER_DEVICE} bands (megakernel) or {@link #WAVEFRONT_CHUNKS_PER_DEVICE}
 * (wavefront), so each device renders the same mix of cheap and costly rows in full launches, with its two
 * in-flight bands on two compute streams so that one band's launch tails overlap the other's work. (Equal bands
 * of consecutive rows left the device with
 * the costlier half of the frame finishing last; guided bands, large first and small last, lost 5-15% on two
 * H200s because each sample pass of a small band is a launch of one or two waves whose tail idles the GPU;
 * docs/benchmarks.md.) Bands with an owner go to that device; bands without one are handed out dynamically in
 * order (an atomic counter; a faster device takes more). A band receives all of the call's samples on the device
 * that took it, and a pixel's samples depend only on (pixel, sample index), so the film is the same bits
 * whichever device rendered which band. Each device keeps two bands in flight and merges a finished band into the
 * film (on the shared merge threads) while it renders the next ({@link CudaPathTracer#renderBands}), so the host
 * merge and the download overlap GPU work and only the last band's merge is exposed; a render call of N samples
 * synchronises each device once per band, never per sample pass.
 *
 * <p>One worker thread per device ({@link CudaDeviceWorkers}) owns that device's context (CUDA driver contexts
 * are current per thread) and tracer. The host side of the scene's upload ({@link CudaHostScene}) is computed
 * once, on the constructing thread while the devices open; the devices then upload at once.
 */
public final class CudaRenderer implements AutoCloseable {
    /**
     * Bands per device of the equal plan of consecutive rows ({@link #balancedBandRows}) that the interleaved
     * default replaced, and which the benchmark still times against it: on two H200s it scaled 1.73x-1.78x on
     * the helmet and the 10M scene, the interleaved default 1.99x-2.04x (docs/benchmarks.md).
     */
    public static final int BANDS_PER_DEVICE = 2;
    /** Rows per interleaved group of the default plan on several devices (whole 4-row tiles). */
    public static final int INTERLEAVE_ROWS = 4;
    /**
     * Bands per device of the megakernel's default interleaved plan on several devices. On two H200s 4 bands
     * beat 2 on the helmet (1.99x against 1.89x one GPU) and tied 8 (docs/benchmarks.md).
     */
    public static final int CHUNKS_PER_DEVICE = 4;
    /**
     * Bands per device of the wavefront's default interleaved plan on several devices. A band smaller than the
     * frame traces several samples per wave ({@link CudaPathTracer#samplesPerWave}), so its waves stay as large
     * as one device's and more bands cost no more launches. On two H200s 4 bands on 2 streams was best or near
     * it in two runs (1.96x, 2.02x, 2.09x on the Cornell box, the helmet and the 10M scene with waves of 2^23
     * paths; 2 bands 1.93x, 2.01x, 2.06x; docs/benchmarks.md, branch split3), and the finished bands' merges
     * overlap the GPU work of the later ones.
     */
    public static final int WAVEFRONT_CHUNKS_PER_DEVICE = 4;
    /**
     * System properties overriding, for benchmarks, the wavefront's bands per device on several devices ({@link
     * #WAVEFRONT_CHUNKS_PER_DEVICE}) and the compute streams per device ({@link #BAND_STREAMS}) of new renderers.
     */
    public static final String WAVEFRONT_CHUNKS_PROPERTY = "lucent.cuda.wavefrontChunks",
            BAND_STREAMS_PROPERTY = "lucent.cuda.bandStreams";
    /**
     * Compute streams per device ({@link CudaPathTracer#setBandStreams}): a device's two in-flight bands run at
     * once, so one band's launch tails overlap the other's work.
     */
    public static final int BAND_STREAMS = 2;

    private final CudaDeviceWorkers devices;
    private final boolean ownsWorkers;
    private final List<CudaPathTracer> tracers = new ArrayList<>();
    private final double[] tracerMillis;
    private double[] openMillis = new double[0];
    private double setupMillis, hostMillis, openWaitMillis, openLeadMillis;
    private final int width, height;
    private final CudaBandPlan megakernelPlan, wavefrontPlan;
    private final ForkJoinPool mergeThreads = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    private final long[] lastRayCounts = new long[3];
    private volatile boolean countRays;
    /** Runs the wavefront kernels instead of the megakernel; new renderers start with the megakernel. */
    private volatile boolean wavefront;

    /**
     * Runs the wavefront kernels (true) or the megakernel (false) from the next render on. The images agree to
     * float rounding; on several devices {@link #render(Film, int, int)} cuts the frame into {@link
     * #WAVEFRONT_CHUNKS_PER_DEVICE} bands per device for the wavefront, each traced in waves of several samples
     * per pixel ({@link CudaPathTracer#samplesPerWave}), since the wavefront needs waves of many paths.
     */
    public void setWavefront(boolean on) {
        wavefront = on;
        for (CudaPathTracer t : tracers) t.useWavefront(on);
    }

    /** Whether render calls count camera, extension and shadow rays (a few per cent slower). */
    public void setCountRays(boolean on) {
        countRays = on;
    }

    /** Parses a device list: "all" (every CUDA device) or comma-separated indices such as "0,1". */
    public static int[] parseDevices(String spec, int deviceCount) {
        if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("all")) {
            int[] all = new int[deviceCount];
            for (int i = 0; i < deviceCount; i++) all[i] = i;
            return all;
        }
        String[] parts = spec.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--devices: '" + parts[i].trim() + "' is not a device index (use all or 0,1,...)");
            }
            if (out[i] < 0 || out[i] >= deviceCount) {
                throw new IllegalArgumentException("--devices: no CUDA device " + out[i] + " (" + deviceCount + " present)");
            }
            for (int j = 0; j < i; j++) {
                if (out[j] == out[i]) throw new IllegalArgumentException("--devices: device " + out[i] + " named twice");
            }
        }
        return out;
    }

    /** {@link #CudaRenderer(int[], CompiledScene, int, int, int, float, long, PixelFilter)} with the default filter. */
    public CudaRenderer(int[] devices, CompiledScene scene, int width, int height, int maxDepth, float clamp, long seed) {
        this(devices, scene, width, height, maxDepth, clamp, seed, PixelFilter.defaultFilter());
    }

    /** Opens every device in {@code devices} (one thread each, at once) and uploads {@code scene} to each. */
    public CudaRenderer(int[] devices, CompiledScene scene, int width, int height, int maxDepth, float clamp, long seed,
            PixelFilter filter) {
        this(new CudaDeviceWorkers(devices, TRACER_MODULE), true, scene, width, height, maxDepth, clamp, seed, filter);
    }

    /**
     * Uploads {@code scene} to every device of {@code workers}, each on its own thread and all at once, after
     * that device's opening (which may still be under way). With {@code ownsWorkers} closing this renderer also
     * closes the workers (their contexts); otherwise they stay open for another renderer.
     */
    public CudaRenderer(CudaDeviceWorkers workers, boolean ownsWorkers, CompiledScene scene, int width, int height,
            int maxDepth, float clamp, long seed, PixelFilter filter) {
        BandMerge.warmUpAsync(); // compiles the host merge while the devices open, upload and render
        this.devices = workers;
        this.ownsWorkers = ownsWorkers;
        this.width = width;
        this.height = height;
        int n = workers.count();
        long t0 = System.nanoTime();
        tracerMillis = new double[n];
        CudaHostScene host = null;
        try {
            long h0 = System.nanoTime();
            host = new CudaHostScene(scene); // on this thread while the devices may still be opening
            hostMillis = (System.nanoTime() - h0) / 1e6;
            CudaHostScene shared = host;
            List<Future<?>> built = new ArrayList<>();
            for (int slot = 0; slot < n; slot++) {
                tracers.add(null);
                int s = slot;
                built.add(workers.submit(slot, ctx -> {
                    long b0 = System.nanoTime();
                    CudaPathTracer t = new CudaPathTracer(ctx, shared, width, height, maxDepth, clamp, seed, filter,
                            TRACER_MODULE);
                    t.useWavefront(wavefront);
                    t.setBandStreams(Integer.getInteger(BAND_STREAMS_PROPERTY, BAND_STREAMS));
                    synchronized (tracers) {
                        tracers.set(s, t);
                    }
                    tracerMillis[s] = (System.nanoTime() - b0) / 1e6;
                    return null;
                }));
            }
            RuntimeException first = null;
            for (Future<?> f : built) {
                try {
                    join(f);
                } catch (RuntimeException e) {
                    if (first == null) first = e;
                }
            }
            if (first != null) throw first;
            openMillis = workers.awaitOpen();
            openWaitMillis = workers.openedAfterMillis(t0);
            openLeadMillis = (t0 - workers.startedAtNanos()) / 1e6;
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            if (host != null) host.close();
        }
        setupMillis = (System.nanoTime() - t0) / 1e6;
        megakernelPlan = defaultPlan(width, height, n, CHUNKS_PER_DEVICE);
        wavefrontPlan = n <= 1 ? megakernelPlan : defaultPlan(width, height, n,
                Integer.getInteger(WAVEFRONT_CHUNKS_PROPERTY, WAVEFRONT_CHUNKS_PER_DEVICE));
    }

    /** The PTX module of the renderer's tracers: the wavefront kernels, which include the megakernel. */
    public static final String TRACER_MODULE = "wavefront";

    /**
     * Wall time of this renderer's construction (the host tables, waiting for the devices to open, every device's
     * upload at once), milliseconds.
     */
    public double setupMillis() { return setupMillis; }

    /** Host-side preparation of the scene for the devices ({@link CudaHostScene}, computed once), ms. */
    public double hostMillis() { return hostMillis; }

    /** Per slot: the device's opening (context and modules, on its thread; it may have begun earlier), ms. */
    public double[] openMillis() { return openMillis.clone(); }

    /**
     * How long after this renderer's construction began the last device finished opening, ms (0 when all were
     * open by then): the part of the opening the caller's earlier work did not hide.
     */
    public double openWaitMillis() { return openWaitMillis; }

    /** How long before this renderer's construction the devices began to open, ms (0 or less: opened by it). */
    public double openLeadMillis() { return openLeadMillis; }

    /** Per slot: the tracer's construction on the device's thread (scene upload and film state), ms. */
    public double[] tracerMillis() { return tracerMillis.clone(); }

    /**
     * The default plan for {@code devices} devices: the whole frame as one band on one device; otherwise {@link
     * #INTERLEAVE_ROWS}-row groups interleaved over the devices, in {@link #CHUNKS_PER_DEVICE} bands per device
     * for the megakernel and {@link #WAVEFRONT_CHUNKS_PER_DEVICE} for the wavefront (two in flight at a time on
     * {@link #BAND_STREAMS} streams).
     */
    public static CudaBandPlan defaultPlan(int height, int devices, boolean wavefront) {
        return defaultPlan(1, height, devices, wavefront ? WAVEFRONT_CHUNKS_PER_DEVICE : CHUNKS_PER_DEVICE);
    }

    /**
     * {@link #defaultPlan(int, int, boolean)} for frames {@code width} pixels wide with {@code chunksPerDevice}
     * bands per device on several devices, cut finer where a band's host buffer ({@code width} x rows x {@link
     * CudaPathTracer#PIXEL_STATE_BYTES}) would exceed {@link #maxBandRows}: one device renders equal bands of at
     * most that many rows (a 7680x4320 frame: 4 bands), several devices get more chunks. The image is the same
     * bits for any plan.
     */
    public static CudaBandPlan defaultPlan(int width, int height, int devices, int chunksPerDevice) {
        int maxRows = maxBandRows(width);
        if (devices <= 1) return CudaBandPlan.equal(height, Math.min(height, maxRows));
        int chunks = Math.max(1, chunksPerDevice);
        CudaBandPlan plan = CudaBandPlan.interleaved(height, devices, INTERLEAVE_ROWS, chunks);
        while (plan.maxRows() > maxRows) {
            chunks = chunks * 2;
            plan = CudaBandPlan.interleaved(height, devices, INTERLEAVE_ROWS, chunks);
        }
        return plan;
    }

    /**
     * The most rows of a band {@code width} pixels wide whose downloaded records fit one host buffer (at most
     * {@link Integer#MAX_VALUE} bytes), in whole {@link CudaBandPlan#TILE_ROWS}-row tiles, at least one tile.
     */
    static int maxBandRows(int width) {
        long rows = Integer.MAX_VALUE / ((long) Math.max(1, width) * CudaPathTracer.PIXEL_STATE_BYTES);
        return (int) Math.max(CudaBandPlan.TILE_ROWS, rows / CudaBandPlan.TILE_ROWS * CudaBandPlan.TILE_ROWS);
    }

    /**
     * Rows per band of an equal plan: the whole frame on one device; otherwise devices x bandsPerDevice bands of
     * equal height, rounded up to whole 4-row tiles (the last band may be shorter).
     */
    public static int balancedBandRows(int height, int devices, int bandsPerDevice) {
        if (devices <= 1) return height;
        int bands = devices * Math.max(1, bandsPerDevice);
        int rows = (height + bands - 1) / bands;
        rows = (rows + 3) / 4 * 4;
        return Math.max(1, Math.min(height, rows));
    }

    /** The bands of {@link #render(Film, int, int)}: {@link #defaultPlan(int, int, boolean)} for this renderer. */
    public CudaBandPlan defaultPlan() { return wavefront ? wavefrontPlan : megakernelPlan; }

    /**
     * Compute streams per device for its two in-flight bands (1 or 2, default {@link #BAND_STREAMS}; {@link
     * CudaPathTracer#setBandStreams}).
     */
    public void setBandStreams(int streams) {
        for (CudaPathTracer t : tracers) t.setBandStreams(streams);
    }

    /** {@link CudaPathTracer#setWavefrontWaves} on every device. */
    public void setWavefrontWaves(int waves) {
        for (CudaPathTracer t : tracers) t.setWavefrontWaves(waves);
    }

    /** {@link CudaPathTracer#setWavefrontWavePaths} on every device. */
    public void setWavefrontWavePaths(long paths) {
        for (CudaPathTracer t : tracers) t.setWavefrontWavePaths(paths);
    }

    /** {@link CudaPathTracer#setWavefrontGraphs} on every device. */
    public void setWavefrontGraphs(boolean on) {
        for (CudaPathTracer t : tracers) t.setWavefrontGraphs(on);
    }

    /** Whether renders run the wavefront kernels. */
    public boolean wavefront() { return wavefront; }

    public int deviceCount() { return tracers.size(); }
    public int width() { return width; }
    public int height() { return height; }

    /**
     * After {@link CompiledScene#updateInstances}: re-uploads instances, TLAS, lights, emitters, camera and
     * globals on every device ({@link CudaPathTracer#updateInstances}); meshes stay.
     */
    public void updateInstances() {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < tracers.size(); i++) {
            CudaPathTracer t = tracers.get(i);
            done.add(devices.submit(i, ctx -> {
                t.updateInstances();
                return null;
            }));
        }
        for (Future<?> f : done) join(f);
    }

    /**
     * Motion vectors from the previous frame (or null for none) for the renders that follow, on every device
     * ({@link CudaPathTracer#setMotion}). Call after {@link #updateInstances} for the frame.
     */
    public void setMotion(MotionProjector motion) {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < tracers.size(); i++) {
            CudaPathTracer t = tracers.get(i);
            done.add(devices.submit(i, ctx -> {
                t.setMotion(motion);
                return null;
            }));
        }
        for (Future<?> f : done) join(f);
    }

    /**
     * Denoises the film accumulated on the single device with OptiX straight from the device accumulation (no
     * host copy of the inputs; {@link CudaPathTracer#accumulationForDenoiser}) and downloads the result, 3
     * floats per pixel, rows top to bottom. Valid only when one device rendered every sample of the film since
     * the last render cleared the accumulation, i.e. the film was not resumed; the caller checks that. {@code
     * denoiser} must be a non-temporal OptiX denoiser opened in this device's context (the OptiX bridge adopts
     * device 0's primary context, which {@link CudaContext} also uses).
     */
    public float[] denoiseOnDevice(OptixDenoiser denoiser) {
        if (tracers.size() != 1) throw new IllegalStateException("device denoising needs a single-device renderer");
        if (denoiser.temporal()) throw new IllegalArgumentException("device denoising takes a non-temporal denoiser");
        CudaPathTracer t = tracers.get(0);
        return join(devices.submit(0, ctx -> {
            ctx.synchronize();
            int pixels = width * height;
            try (DeviceBuffer out = DeviceBuffer.allocate(12L * pixels);
                    NativeBuffer host = NativeBuffer.allocate(12L * pixels)) {
                denoiser.denoiseDevice(0, t.accumulationForDenoiser(), 0, out.address(), 12, 12 * width);
                ctx.synchronize();
                out.download(host, 0, 0, host.size());
                float[] rgb = new float[3 * pixels];
                for (int i = 0; i < rgb.length; i++) rgb[i] = host.getFloat(4L * i);
                return rgb;
            }
        }));
    }

    /**
     * {camera, extension, shadow} rays of sample {@code sample} over the whole frame, traced by the megakernel
     * and thrown away (the film is not touched; the next render clears the accumulation): each device traces an
     * equal share of the rows at once, and the counts are summed (exact integers, so the same on any number of
     * devices). A pure function of scene, settings and sample index, for choosing a schedule ({@link
     * CudaSchedule#choose}).
     */
    public long[] probeRayCounts(int sample) {
        int n = tracers.size();
        List<Future<long[]>> parts = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int y0 = (int) ((long) height * s / n), y1 = (int) ((long) height * (s + 1) / n);
            if (y0 == y1) continue;
            CudaPathTracer t = tracers.get(s);
            parts.add(devices.submit(s, ctx -> {
                boolean was = t.wavefrontSchedule();
                t.useWavefront(false);
                try {
                    t.clearRayCounts();
                    t.renderRows(y0, y1, sample, 1, true);
                    return t.rayCounts(); // synchronises the context
                } finally {
                    t.useWavefront(was);
                }
            }));
        }
        long[] sum = new long[3];
        RuntimeException first = null;
        for (Future<long[]> f : parts) {
            try {
                long[] c = join(f);
                for (int i = 0; i < 3; i++) sum[i] += c[i];
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
        return sum;
    }

    /**
     * Per device, of the last {@link #render}: {allocation ms, merge ms} ({@link CudaPathTracer#lastBandTimes}).
     */
    public double[][] lastBandTimes() {
        double[][] t = new double[tracers.size()][];
        for (int i = 0; i < t.length; i++) t[i] = tracers.get(i).lastBandTimes();
        return t;
    }

    /** {camera, extension, shadow} rays counted by the last {@link #render} with counting on, summed over devices. */
    public long[] lastRayCounts() {
        return lastRayCounts.clone();
    }
    public CudaPathTracer tracer(int i) { return tracers.get(i); }

    /**
     * Adds samples firstSample .. firstSample + sampleCount - 1 to every pixel of {@code film} (which must hold
     * firstSample samples per pixel). Returns the number of bands each device rendered.
     */
    public int[] render(Film film, int firstSample, int sampleCount) {
        return render(film, firstSample, sampleCount, defaultPlan());
    }

    /** {@link #render(Film, int, int)} with equal bands of {@code bandRows} rows (at least 1). */
    public int[] render(Film film, int firstSample, int sampleCount, int bandRows) {
        if (bandRows < 1) throw new IllegalArgumentException("bandRows " + bandRows);
        return render(film, firstSample, sampleCount, CudaBandPlan.equal(height, bandRows));
    }

    /**
     * {@link #render(Film, int, int)} with the bands of {@code plan} (for this renderer's height): each device
     * renders the bands it owns, in order, then takes unowned bands as they come.
     */
    public int[] render(Film film, int firstSample, int sampleCount, CudaBandPlan plan) {
        BandDispenser bands = new BandDispenser(plan, tracers.size());
        boolean counting = countRays;
        List<Future<long[]>> done = new ArrayList<>();
        int[] taken = new int[tracers.size()];
        for (int i = 0; i < tracers.size(); i++) {
            CudaPathTracer t = tracers.get(i);
            int slot = i;
            IntSupplier mineNext = bands.forSlot(i);
            done.add(devices.submit(i, ctx -> {
                List<Integer> mine = t.renderBands(film, mineNext, plan, firstSample, sampleCount, counting,
                        mergeThreads);
                taken[slot] = mine.size();
                return counting ? t.rayCounts() : new long[3];
            }));
        }
        java.util.Arrays.fill(lastRayCounts, 0);
        for (Future<long[]> f : done) {
            long[] c = join(f);
            for (int k = 0; k < 3; k++) lastRayCounts[k] += c[k];
        }
        return taken;
    }

    private static <T> T join(Future<T> f) {
        return CudaDeviceWorkers.join(f);
    }

    /**
     * Closes every tracer on its device's thread and, when this renderer owns its {@link CudaDeviceWorkers}, the
     * workers (contexts and threads).
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < tracers.size(); i++) {
            CudaPathTracer t = tracers.get(i);
            if (t == null) continue;
            done.add(devices.submit(i, ctx -> {
                t.close();
                return null;
            }));
        }
        for (Future<?> f : done) {
            try {
                join(f);
            } catch (RuntimeException e) {
                // closing is best effort; the driver frees everything at exit
            }
        }
        if (ownsWorkers) devices.close();
        mergeThreads.shutdown();
    }

    private boolean closed;
}
