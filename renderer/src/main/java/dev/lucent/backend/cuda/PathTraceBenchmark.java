package dev.lucent.backend.cuda;

import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.image.ImageMetadata;
import dev.lucent.image.LdrImage;
import dev.lucent.image.PngWriter;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.scene.TextureCache;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of the CUDA megakernel path tracer: per scene, compile and upload times, GPU memory, GPU time per
 * sample pass (CUDA events) at the given size, paths/s, and the rays the integrator traced per second by kind
 * (camera, bounce, shadow; counted in a separate pass, since counting costs atomics). With several devices it
 * also times whole renders (wall clock) on the first device alone and on all, for the multi-GPU speed-up.
 *
 * <p>Usage: {@code PathTraceBenchmark SHARED_SCENES_DIR PROJECT_ROOT OUT_DIR [width height passes devices scenes]}
 * (devices: "0", "all" or "0,1"; scenes: comma-separated of cornell-box, damaged-helmet-sky, blobs-10m);
 * scenes: the Cornell box (scenes/cornell-box), DamagedHelmet under sky-afternoon.hdr, and 10M procedural
 * triangles ({@code BenchScene.procedural}: blobs under a uniform sky seen from 45 degrees above). PNGs of the
 * first two go to OUT_DIR.
 */
public final class PathTraceBenchmark {
    private PathTraceBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]), root = Path.of(args[1]), out = Path.of(args[2]);
        int width = args.length > 3 ? Integer.parseInt(args[3]) : 1920;
        int height = args.length > 4 ? Integer.parseInt(args[4]) : 1080;
        int passes = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        String devices = args.length > 6 ? args[6] : "0";
        java.util.List<String> which = java.util.List.of((args.length > 7 ? args[7] : "cornell-box,damaged-helmet-sky,blobs-10m").split(","));
        PrintStream o = System.out;
        Files.createDirectories(out);
        if (which.contains("cornell-box")) {
        Scene cornell = SceneLoader.load(root.resolve("scenes/cornell-box/cornell-box.obj"));
        // The published camera (scenes/cornell-box.json on the render branch): at (0.278, 0.273, -0.8) looking
        // down +z, vertical field of view 39.3 degrees.
        Camera cam = new Camera("front");
        cam.yfov = (float) Math.toRadians(39.3);
        cornell.cameras.add(cam);
        Node camNode = new Node("front");
        camNode.camera = cornell.cameras.size() - 1;
        camNode.translation.set(0.278f, 0.273f, -0.8f);
        camNode.rotation.rotationY((float) Math.PI); // glTF cameras look down -z
        cornell.addNode(camNode);
        run(o, "cornell-box", cornell, width, height, passes, devices, out);
        }
        if (which.contains("damaged-helmet-sky")) {
        Scene helmet = SceneLoader.load(shared.resolve("damaged-helmet/DamagedHelmet.gltf"));
        TextureCache cache = new TextureCache(helmet);
        helmet.environment.texture = cache.file(shared.resolve("environments/sky-afternoon.hdr"));
        cache.decodeAll();
        // The camera and sky rotation of scenes/helmet-sky.json (render branch): the helmet fills the frame.
        helmet.environment.rotationDegrees = 135;
        Camera hc = new Camera("three-quarter");
        hc.yfov = (float) Math.toRadians(40);
        helmet.cameras.add(hc);
        Node hcNode = new Node("three-quarter");
        hcNode.camera = helmet.cameras.size() - 1;
        hcNode.matrix = new org.joml.Matrix4f().setLookAt(1.6f, 0.5f, 2.6f, 0, 0, 0, 0, 1, 0).invertAffine();
        helmet.addNode(hcNode);
        run(o, "damaged-helmet-sky", helmet, width, height, passes, devices, out);
        }
        if (!which.contains("blobs-10m")) return;
        // The bench's procedural scene: 10M triangles seen from 45 degrees above (dev.lucent.bench.BenchScene).
        Scene blobs = dev.lucent.bench.BenchScene.procedural(10_000_000).loader().get();
        run(o, "blobs-10m", blobs, width, height, passes, devices, null);
    }

    /**
     * GPU figures of the megakernel on one compiled scene.
     *
     * @param msPerPass GPU time of one sample pass over the whole image (CUDA events, mean over the timed passes)
     * @param passes timed passes
     * @param rays camera, extension and shadow rays of one further, counted pass
     * @param countedMillis GPU time of the counted pass (atomics make it slower)
     * @param uploadMillis wall time of the tracer's construction (BVH2 conversion, pools, tables)
     * @param tracerBytes device memory the tracer holds
     * @param usedBytes drop of cuMemGetInfo's free memory across the construction
     */
    public record PassFigures(double msPerPass, int passes, long[] rays, double countedMillis, double uploadMillis,
            long tracerBytes, long usedBytes) {
        public double pathsPerSecond(int width, int height) { return (double) width * height / msPerPass * 1e3; }
        public double raysPerPath(int width, int height) {
            return (rays[0] + rays[1] + rays[2]) / ((double) width * height);
        }
    }

    /**
     * Builds a {@link CudaPathTracer} for {@code cs} on {@code ctx}, runs min(passes, 8) warm-up passes (at least
     * 2), times {@code passes} passes with CUDA events and counts rays in one more pass. With {@code film} non-null
     * the tracer's accumulation is merged into it before the tracer closes.
     */
    public static PassFigures measure(CudaContext ctx, CompiledScene cs, int width, int height, int passes,
            int maxDepth, float clamp, long seed, PixelFilter filter, Film film) {
        return measure(ctx, cs, width, height, passes, maxDepth, clamp, seed, filter, film, CudaSchedule.MEGAKERNEL);
    }

    /** As above with {@code schedule} MEGAKERNEL or WAVEFRONT (the tracer then holds its queues too). */
    public static PassFigures measure(CudaContext ctx, CompiledScene cs, int width, int height, int passes,
            int maxDepth, float clamp, long seed, PixelFilter filter, Film film, CudaSchedule schedule) {
        boolean wave = schedule == CudaSchedule.WAVEFRONT;
        long free0 = ctx.memoryInfo()[0];
        try (CudaPathTracer t = new CudaPathTracer(ctx, cs, width, height, maxDepth, clamp, seed, filter,
                        wave ? "wavefront" : "pathtrace");
                CudaEventTimer timer = new CudaEventTimer()) {
            t.useWavefront(wave);
            long used = free0 - ctx.memoryInfo()[0];
            t.clearState();
            // Warm-up (JIT of the PTX happened at load) of up to 8 samples: the wavefront's queues are then sized
            // for the timed call's waves (CudaPathTracer.samplesPerWave), not reallocated inside it.
            int warm = Math.max(2, Math.min(passes, 8));
            t.renderRows(0, height, 0, warm, false);
            ctx.synchronize();
            timer.start();
            t.renderRows(0, height, warm, passes, false);
            float ms = timer.stopMillis();
            t.clearRayCounts();
            timer.start();
            t.renderRows(0, height, warm + passes, 1, true);
            float countedMs = timer.stopMillis();
            long[] rays = t.rayCounts();
            if (film != null) t.mergeRows(film, 0, height);
            return new PassFigures(ms / passes, passes, rays, countedMs, t.uploadMillis(), t.deviceBytes(), used);
        }
    }

    static void run(PrintStream o, String name, Scene scene, int width, int height, int passes, String devices,
            Path pngDir) throws Exception {
        long t0 = System.nanoTime();
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.defaults().withSize(width, height))) {
            double compileMs = (System.nanoTime() - t0) / 1e6;
            if (QUICK || SCHEDULES) {
                o.printf(Locale.ROOT, "%n== %s: %d triangles, %dx%d, max depth 8, compile %.0f ms%n", name,
                        cs.instancedTriangleCount, width, height, compileMs);
            } else try (CudaContext ctx = CudaContext.open(0)) {
                Film film = pngDir != null ? new Film(width, height) : null;
                PassFigures f = measure(ctx, cs, width, height, passes, 8, 0, 0, PixelFilter.defaultFilter(), film);
                long[] rays = f.rays();
                double perPass = f.msPerPass(), pixels = (double) width * height;
                o.printf(Locale.ROOT, "%n== %s: %d triangles (%d instanced), %d emitters, %d lights, %dx%d, max depth 8%n",
                        name, cs.triangleCount, cs.instancedTriangleCount, cs.emitterCount, cs.lightCount, width,
                        height);
                o.printf(Locale.ROOT, "device %s, driver %d; compile %.0f ms, upload %.0f ms, tracer holds %.3f GiB (cuMemGetInfo delta %.3f GiB)%n",
                        ctx.deviceName(), ctx.driverVersion(), compileMs, f.uploadMillis(), f.tracerBytes() / 1073741824.0,
                        f.usedBytes() / 1073741824.0);
                o.printf(Locale.ROOT, "%.3f ms per sample pass (%d passes), %.1f M paths/s%n", perPass, passes,
                        pixels / perPass / 1e3);
                o.printf(Locale.ROOT, "rays per pass: camera %d, bounce %d, shadow %d (%.2f rays/path); counted pass %.3f ms%n",
                        rays[0], rays[1], rays[2], (rays[0] + rays[1] + rays[2]) / pixels, f.countedMillis());
                o.printf(Locale.ROOT, "integrator ray rates at the uncounted pass time: camera %.0f, bounce %.0f, shadow %.0f, all %.0f Mrays/s%n",
                        rays[0] / perPass / 1e3, rays[1] / perPass / 1e3, rays[2] / perPass / 1e3,
                        (rays[0] + rays[1] + rays[2]) / perPass / 1e3);
                if (film != null) {
                    writePng(film, pngDir.resolve(name + ".png"));
                    double sum = 0;
                    for (int p = 0; p < width * height; p++) sum += film.mean(p, 0) + film.mean(p, 1) + film.mean(p, 2);
                    o.printf(Locale.ROOT, "image mean %.5f over %d samples per pixel, %d non-finite%n",
                            sum / (3 * pixels), film.sampleCount(0), film.nonFiniteSamples());
                }
            }
            int deviceCount = CudaRenderer.parseDevices("all", deviceCountOrOne()).length;
            int[] chosen = CudaRenderer.parseDevices(devices, deviceCount);
            if (chosen.length > 1) {
                if (SCHEDULES) {
                    schedulesMultiGpu(o, cs, width, height, passes, chosen, !NO_MEGAKERNEL.contains(name));
                } else if (QUICK) {
                    quickMultiGpu(o, cs, width, height, passes, chosen, !NO_MEGAKERNEL.contains(name));
                } else {
                    multiGpu(o, cs, width, height, passes, chosen);
                }
            }
        }
    }

    private static int deviceCountOrOne() {
        int[] n = new int[1];
        jcuda.driver.JCudaDriver.cuInit(0); // cuDeviceGetCount answers nothing before cuInit
        jcuda.driver.JCudaDriver.cuDeviceGetCount(n);
        return Math.max(1, n[0]);
    }

    /**
     * Multi-GPU figures (wall clock around {@link CudaRenderer#render}, GPU work, downloads and the host merge
     * into the film included; median of 5 calls after one warm-up call), per schedule (megakernel, wavefront):
     * device 0 alone with the whole frame as one band, then all {@code devices} with each plan of {@link
     * #plans} (the old default of equal bands, interleaved row groups in several cuts, one or two compute streams
     * per device), and whether each plan's image is identical to the one device's. With {@code
     * -Dlucent.bench.batch=true} also 4 frames rendered one after another on all devices versus whole frames on
     * separate devices in parallel.
     */
    static void multiGpu(PrintStream o, CompiledScene cs, int width, int height, int passes, int[] devices) {
        boolean[] schedules = {false, true};
        Film[] ref = new Film[2];
        double[] one = new double[2];
        try (CudaRenderer r = new CudaRenderer(new int[] {devices[0]}, cs, width, height, 8, 0, 0)) {
            for (int k = 0; k < 2; k++) {
                r.setWavefront(schedules[k]);
                String schedule = schedules[k] ? "wavefront" : "megakernel";
                ref[k] = new Film(width, height);
                one[k] = medianRender(r, passes, r.defaultPlan(), ref[k], new int[1][]);
                o.printf(Locale.ROOT, "multi-GPU %s: 1 device, %d passes, whole frame (default): %.1f ms%n", schedule,
                        passes, one[k]);
                Film img = new Film(width, height);
                double ms = medianRender(r, passes, CudaBandPlan.interleaved(height, 1, 4, 4), img, new int[1][]);
                o.printf(Locale.ROOT, "multi-GPU %s: 1 device, %d passes, 4 bands, %d streams: %.1f ms, image "
                        + "identical to the whole frame's: %s%n", schedule, passes, CudaRenderer.BAND_STREAMS, ms,
                        identical(ref[k], img));
            }
        }
        try (CudaRenderer r = new CudaRenderer(devices, cs, width, height, 8, 0, 0)) {
            int n = devices.length;
            for (int k = 0; k < 2; k++) {
                boolean wave = schedules[k];
                String schedule = wave ? "wavefront" : "megakernel";
                r.setWavefront(wave);
                for (PlanVariant v : plans(height, n, wave)) {
                    r.setBandStreams(v.streams());
                    boolean isDefault = v.streams() == CudaRenderer.BAND_STREAMS
                            && java.util.Arrays.equals(v.plan().bandRows(), r.defaultPlan().bandRows())
                            && v.plan().owned() == r.defaultPlan().owned()
                            && v.plan().rowGroup(0) == r.defaultPlan().rowGroup(0);
                    int[][] bands = new int[1][];
                    Film img = new Film(width, height);
                    double ms = medianRender(r, passes, v.plan(), img, bands);
                    o.printf(Locale.ROOT, "multi-GPU %s: %d devices, %d passes, %s, bands %s%s, per device %s: "
                            + "%.1f ms, %.2fx one device, image identical to one device: %s%n", schedule, n, passes,
                            v.name(), java.util.Arrays.toString(v.plan().bandRows()), isDefault ? " (default)" : "",
                            java.util.Arrays.toString(bands[0]), ms, one[k] / ms, identical(ref[k], img));
                }
                r.setBandStreams(CudaRenderer.BAND_STREAMS);
            }
        }
        if (Boolean.getBoolean("lucent.bench.batch")) batchFrames(o, cs, width, height, passes, devices);
    }

    /**
     * With {@code -Dlucent.bench.quick=true}: no single-pass figures, and per scene: the megakernel on one device
     * (whole frame) and on all (default plan); the wavefront in the variants of {@link #quickWavefront} on one device
     * and on all, each image compared bit for bit with the one-device image of its schedule (whole frame, one
     * sample per wave).
     */
    static final boolean QUICK = Boolean.getBoolean("lucent.bench.quick");
    /** Timed render calls per figure (median), after one warm-up call: {@code -Dlucent.bench.repeats}, default 5. */
    static final int REPEATS = Integer.getInteger("lucent.bench.repeats", 5);

    /** Scenes whose {@link #QUICK} figures leave the megakernel out: {@code -Dlucent.bench.noMegakernel=a,b}. */
    static final List<String> NO_MEGAKERNEL = List.of(System.getProperty("lucent.bench.noMegakernel", "").split(","));

    /**
     * A wavefront variant of the quick figures: on one device or all; {@code chunks} interleaved bands per device
     * (0: the renderer's default plan) on {@code streams} compute streams; {@code wavePaths} paths per wave
     * ({@link CudaPathTracer#setWavefrontWavePaths}: 0 the default, 1 one sample per wave, -k k samples of the
     * whole frame per wave); the round kernels' grid and graphs; whether the render counts rays.
     */
    record WaveVariant(String name, boolean all, int chunks, int streams, long wavePaths, int waves, boolean graphs,
            boolean count) {}

    /** The wavefront variants of {@link #QUICK}, the first the one-device reference. */
    static List<WaveVariant> quickWavefront() {
        int s = CudaRenderer.BAND_STREAMS;
        return List.of(
                new WaveVariant("whole frame, default waves", false, 0, s, 0, 0, false, false),
                new WaveVariant("whole frame, 1 sample per wave (branch split2)", false, 0, s, 1, 0, false, false),
                new WaveVariant("whole frame, waves of 2 frames", false, 0, s, -2, 0, false, false),
                new WaveVariant("whole frame, waves of 8 frames", false, 0, s, -8, 0, false, false),
                new WaveVariant("whole frame, default waves, rays counted", false, 0, s, 0, 0, false, true),
                new WaveVariant("default plan, default waves", true, 0, s, 0, 0, false, false),
                new WaveVariant("x2, 2 streams, 1 sample per wave (branch split2)", true, 2, 2, 1, 0, false, false),
                new WaveVariant("x4, 2 streams, waves of 1 frame", true, 4, 2, -1, 0, false, false),
                new WaveVariant("x4, 2 streams, waves of 2 frames", true, 4, 2, -2, 0, false, false),
                new WaveVariant("x2, 2 streams, default waves", true, 2, 2, 0, 0, false, false),
                new WaveVariant("x8, 2 streams, default waves", true, 8, 2, 0, 0, false, false),
                new WaveVariant("x4, 1 stream, default waves", true, 4, 1, 0, 0, false, false),
                new WaveVariant("default plan, default waves, rays counted", true, 0, s, 0, 0, false, true));
    }

    /** The {@link #QUICK} figures (the megakernel's only with {@code megakernel}). */
    static void quickMultiGpu(PrintStream o, CompiledScene cs, int width, int height, int passes, int[] devices,
            boolean megakernel) {
        Film refMega = new Film(width, height), refWave = new Film(width, height);
        double oneMega = 0, oneWave = 0;
        long full = CudaRayCaster.primaryRayCount(width, height);
        for (int pass = 0; pass < 2; pass++) {
            int[] on = pass == 0 ? new int[] {devices[0]} : devices;
            String where = on.length + (on.length == 1 ? " device" : " devices");
            long s0 = System.nanoTime();
            try (CudaRenderer r = new CudaRenderer(on, cs, width, height, 8, 0, 0)) {
                o.printf(Locale.ROOT, "renderer on %d device(s): setup %.1f ms (host tables %.1f, open %s, upload %s)%n",
                        on.length, (System.nanoTime() - s0) / 1e6, r.hostMillis(),
                        Arrays.toString(r.openMillis()), Arrays.toString(r.tracerMillis()));
                if (megakernel) {
                    r.setWavefront(false);
                    Film img = pass == 0 ? refMega : new Film(width, height);
                    double ms = medianRender(r, passes, r.defaultPlan(), img, new int[1][]);
                    if (pass == 0) oneMega = ms;
                    o.printf(Locale.ROOT, "multi-GPU megakernel: %s, default plan, %d passes: %.1f ms, %.2fx one "
                            + "device%s%n", where, passes, ms, oneMega / ms, pass == 0 ? ""
                            : ", image identical to one device: " + identical(refMega, img));
                }
                r.setWavefront(true);
                for (WaveVariant v : quickWavefront()) {
                    if (v.all() != (pass == 1)) continue;
                    CudaBandPlan plan = v.chunks() == 0 ? r.defaultPlan()
                            : CudaBandPlan.interleaved(height, on.length, CudaRenderer.INTERLEAVE_ROWS, v.chunks());
                    r.setBandStreams(v.streams());
                    r.setWavefrontWavePaths(v.wavePaths() < 0 ? -v.wavePaths() * full : v.wavePaths());
                    r.setWavefrontWaves(v.waves());
                    r.setWavefrontGraphs(v.graphs());
                    r.setCountRays(v.count());
                    boolean first = oneWave == 0;
                    Film img = first ? refWave : new Film(width, height);
                    double ms = medianRender(r, passes, plan, img, new int[1][]);
                    if (first) oneWave = ms;
                    int slots = CudaRayCaster.primaryRayCount(width, plan.maxRows());
                    o.printf(Locale.ROOT, "multi-GPU wavefront: %s, %s, %d passes, %d samples per wave: %.1f ms, "
                            + "%.2fx one device%s%n", where, v.name(), passes,
                            r.tracer(0).samplesPerWave(slots, passes), ms, oneWave / ms,
                            first ? "" : ", image identical: " + identical(refWave, img));
                    r.setCountRays(false);
                }
                r.setBandStreams(CudaRenderer.BAND_STREAMS);
                r.setWavefrontWavePaths(0);
                r.setWavefrontWaves(0);
                r.setWavefrontGraphs(false);
            }
        }
    }

    /**
     * With {@code -Dlucent.bench.schedules=true} (instead of {@link #QUICK}): per scene, on one device (whole frame)
     * and on all: {@link CudaSchedule#AUTO}'s probe and choice, then each schedule with the renderer's defaults (the
     * megakernel only with {@code megakernel}), rays not counted, each image compared bit for bit with the one-device
     * image of its schedule.
     */
    static final boolean SCHEDULES = Boolean.getBoolean("lucent.bench.schedules");

    /** The {@link #SCHEDULES} figures. */
    static void schedulesMultiGpu(PrintStream o, CompiledScene cs, int width, int height, int passes, int[] devices,
            boolean megakernel) {
        Film[] ref = {new Film(width, height), new Film(width, height)};
        double[] one = new double[2];
        for (int pass = 0; pass < 2; pass++) {
            int[] on = pass == 0 ? new int[] {devices[0]} : devices;
            String where = on.length + (on.length == 1 ? " device" : " devices");
            try (CudaRenderer r = new CudaRenderer(on, cs, width, height, 8, 0, 0)) {
                long p0 = System.nanoTime();
                long[] rays = r.probeRayCounts(0);
                o.printf(Locale.ROOT, "schedules: %s, probe %.1f ms: %.3f bounce rays per camera ray -> auto %s%n",
                        where, (System.nanoTime() - p0) / 1e6, rays[1] / (double) Math.max(1, rays[0]),
                        CudaSchedule.choose(rays));
                for (int w = megakernel ? 0 : 1; w < 2; w++) {
                    r.setWavefront(w == 1);
                    Film img = pass == 0 ? ref[w] : new Film(width, height);
                    double ms = medianRender(r, passes, r.defaultPlan(), img, new int[1][]);
                    if (pass == 0) one[w] = ms;
                    o.printf(Locale.ROOT, "schedules: %s, %s, default plan, %d passes: %.1f ms, %.2fx one device%s%n",
                            where, w == 1 ? "wavefront" : "megakernel", passes, ms, one[w] / ms,
                            pass == 0 ? "" : ", image identical to one device: " + identical(ref[w], img));
                }
            }
        }
    }

    /** A plan to time, with the compute streams per device it runs on. */
    record PlanVariant(String name, CudaBandPlan plan, int streams) {}

    /** The multi-GPU plans timed per schedule ({@link #multiGpu}). */
    static List<PlanVariant> plans(int height, int n, boolean wave) {
        List<PlanVariant> v = new ArrayList<>();
        if (wave) {
            v.add(new PlanVariant("equal 1/device", CudaBandPlan.equal(height,
                    CudaRenderer.balancedBandRows(height, n, 1)), 1));
            v.add(new PlanVariant("interleaved 4-row x1", CudaBandPlan.interleaved(height, n, 4, 1), 1));
            v.add(new PlanVariant("interleaved 4-row x2, 2 streams", CudaBandPlan.interleaved(height, n, 4, 2), 2));
            v.add(new PlanVariant("interleaved 4-row x4, 2 streams", CudaBandPlan.interleaved(height, n, 4, 4), 2));
            return v;
        }
        v.add(new PlanVariant("equal 2/device", CudaBandPlan.equal(height, CudaRenderer.balancedBandRows(height, n, 2)), 1));
        v.add(new PlanVariant("interleaved 4-row x2, 2 streams", CudaBandPlan.interleaved(height, n, 4, 2), 2));
        v.add(new PlanVariant("interleaved 4-row x4, 2 streams", CudaBandPlan.interleaved(height, n, 4, 4), 2));
        v.add(new PlanVariant("interleaved 4-row x8, 2 streams", CudaBandPlan.interleaved(height, n, 4, 8), 2));
        v.add(new PlanVariant("interleaved 16-row x4, 2 streams", CudaBandPlan.interleaved(height, n, 16, 4), 2));
        return v;
    }

    /** Whether two films hold the same sample counts and means, bit for bit. */
    static boolean identical(Film a, Film b) {
        for (int p = 0; p < a.width() * a.height(); p++) {
            if (a.sampleCount(p) != b.sampleCount(p)) return false;
            for (int c = 0; c < 3; c++) {
                if (Double.doubleToRawLongBits(a.mean(p, c)) != Double.doubleToRawLongBits(b.mean(p, c))) return false;
            }
        }
        return true;
    }

    private static double medianRender(CudaRenderer r, int passes, CudaBandPlan rows, Film keep, int[][] bands) {
        int width = r.width(), height = r.height();
        r.render(new Film(width, height), 0, Math.min(passes, 8), rows); // warm-up (and the queues' allocation)
        double[] ms = new double[Math.max(1, REPEATS)];
        for (int k = 0; k < ms.length; k++) {
            Film f = k == 0 && keep != null ? keep : new Film(width, height);
            long t0 = System.nanoTime();
            bands[0] = r.render(f, 0, passes, rows);
            ms[k] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        int m = ms.length / 2;
        return ms.length % 2 == 1 ? ms[m] : (ms[m - 1] + ms[m]) / 2;
    }

    /** 4 frames of {@code passes} passes: all devices per frame in turn, versus one whole frame per device. */
    static void batchFrames(PrintStream o, CompiledScene cs, int width, int height, int passes, int[] devices) {
        int frames = 4;
        double banded;
        try (CudaRenderer r = new CudaRenderer(devices, cs, width, height, 8, 0, 0)) {
            r.render(new Film(width, height), 0, 1);
            long t0 = System.nanoTime();
            for (int f = 0; f < frames; f++) r.render(new Film(width, height), 0, passes);
            banded = (System.nanoTime() - t0) / 1e6;
        }
        List<CudaRenderer> singles = new ArrayList<>();
        double whole;
        try {
            for (int d : devices) singles.add(new CudaRenderer(new int[] {d}, cs, width, height, 8, 0, 0));
            for (CudaRenderer r : singles) r.render(new Film(width, height), 0, 1);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            long t0 = System.nanoTime();
            for (CudaRenderer r : singles) {
                Thread t = new Thread(() -> {
                    while (next.getAndIncrement() < frames) r.render(new Film(width, height), 0, passes);
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) t.join();
            whole = (System.nanoTime() - t0) / 1e6;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            for (CudaRenderer r : singles) r.close();
        }
        o.printf(Locale.ROOT, "batch of %d frames x %d passes on %d devices: banded frames %.1f ms, whole frames per "
                + "device %.1f ms%n", frames, passes, devices.length, banded, whole);
    }

    static void writePng(Film film, Path target) {
        int w = film.width(), h = film.height();
        byte[] px = new byte[w * h * 3];
        for (int p = 0; p < w * h; p++) {
            for (int c = 0; c < 3; c++) {
                double v = film.mean(p, c);
                v = v / (1 + v); // Reinhard, enough to look at
                v = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
                px[3 * p + c] = (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
            }
        }
        PngWriter.write(target, new LdrImage(w, h, 3, px), ImageMetadata.lucent());
    }
}
