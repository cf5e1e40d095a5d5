package dev.lucent.backend.cuda;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.bench.BenchProbe;
import dev.lucent.bench.BenchResult;
import dev.lucent.bench.BenchScene;
import dev.lucent.bench.BenchSettings;
import dev.lucent.bench.PathRate;
import dev.lucent.bench.RayRate;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.gpu.BlasLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.Layout.LcHit;
import dev.lucent.core.Layout.LcRay;
import dev.lucent.core.NativeBuffer;
import dev.lucent.image.PixelFilter;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CUDA backend's {@link BenchProbe}, on device 0. Per scene:
 * <ul>
 * <li>compile (the scene's camera at the bench size), BVH2 GPU-layout conversion and upload times, scene bytes
 *     on the GPU;
 * <li>ray casting ({@link CudaRayCaster}, shaders/cuda/raycast.cu, the kept traversal design): one camera ray per
 *     pixel (closest hit), shadow rays from the primary hits to random points of the scene's shadow light (any
 *     hit), cosine-distributed bounce rays from the primary hits (closest hit); each the median of
 *     {@code iterations} launches timed by CUDA events around the trace kernel alone, Mrays/s over active rays,
 *     and 2,000 rays of each kind checked against the Java reference traversal;
 * <li>the path tracer ({@link PathTraceBenchmark#measure}), megakernel and wavefront: GPU time per sample pass at
 *     the bench size with the scene's max depth and the default pixel filter; the figures reported are those of
 *     the schedule {@link CudaSchedule#AUTO} picks for the scene (both times are in the JSON), with paths/s, rays
 *     per path and tracer memory.
 * </ul>
 */
public final class CudaBenchProbe implements BenchProbe {
    /** Rays of each kind checked against the Java reference traversal. */
    static final int CHECKED_RAYS = 2000;

    private final CudaContext ctx;

    /** Opens device 0; BackendUnavailableException with the one-line reason where CUDA cannot run. */
    public CudaBenchProbe() {
        CudaAvailability a = CudaAvailability.check();
        if (!a.available()) {
            throw new BackendUnavailableException(
                    CudaBackend.NAME + ": not available: " + a.reason().replaceFirst("^CUDA backend unavailable: ", ""));
        }
        ctx = CudaContext.open(0);
    }

    @Override public String backend() { return CudaBackend.NAME; }

    @Override
    public String device() {
        long[] mem = ctx.memoryInfo();
        return String.format(Locale.ROOT, "%s, driver API %d, %.1f GiB", ctx.deviceName(), ctx.driverVersion(),
                mem[1] / (double) (1L << 30));
    }

    @Override
    public BenchSettings defaults() { return new BenchSettings(1920, 1080, 16, 30, 0, 0); }

    @Override
    public Map<String, Object> header() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", CudaBackend.NAME);
        m.put("device", ctx.deviceName());
        m.put("driverApiVersion", ctx.driverVersion());
        m.put("deviceMemoryBytes", ctx.memoryInfo()[1]);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    @Override
    public BenchResult measure(BenchScene bs, BenchSettings st, PrintWriter log) {
        int width = st.width(), height = st.height();
        long t0 = System.nanoTime();
        Scene scene = bs.loader().get();
        RenderSettings s = RenderSettings.defaults().overlay(scene.settings);
        double loadMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        try (CompiledScene cs = SceneCompiler.compile(scene,
                new CompileOptions(0, width, height, BvhOptions.defaults(), s.camera))) {
            scene = null;
            double compileMs = (System.nanoTime() - t0) / 1e6;
            log.printf(Locale.ROOT, "  %s: %d triangles, loaded in %.0f ms, compiled in %.0f ms%n", bs.name(),
                    cs.instancedTriangleCount, loadMs, compileMs);
            log.flush();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("width", width);
            details.put("height", height);
            details.put("maxDepth", s.maxDepth);
            details.put("loadMillis", loadMs);
            details.put("compileMillis", compileMs);
            RayRate[] rays = rayCasting(bs, cs, st, details, log);
            PathTraceBenchmark.PassFigures mega = PathTraceBenchmark.measure(ctx, cs, width, height,
                    st.samplesPerPixel(), s.maxDepth, 0, s.seed, PixelFilter.defaultFilter(), null,
                    CudaSchedule.MEGAKERNEL);
            PathTraceBenchmark.PassFigures wave = PathTraceBenchmark.measure(ctx, cs, width, height,
                    st.samplesPerPixel(), s.maxDepth, 0, s.seed, PixelFilter.defaultFilter(), null,
                    CudaSchedule.WAVEFRONT);
            CudaSchedule chosen = CudaSchedule.choose(mega.rays());
            PathTraceBenchmark.PassFigures f = chosen == CudaSchedule.WAVEFRONT ? wave : mega;
            log.printf(Locale.ROOT, "  path tracer: megakernel %.3f ms/pass, wavefront %.3f ms/pass; auto picks the %s%n",
                    mega.msPerPass(), wave.msPerPass(), chosen.name().toLowerCase(Locale.ROOT));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("schedule", chosen.name().toLowerCase(Locale.ROOT));
            extra.put("megakernelMsPerPass", mega.msPerPass());
            extra.put("wavefrontMsPerPass", wave.msPerPass());
            extra.put("cameraRays", f.rays()[0]);
            extra.put("extensionRays", f.rays()[1]);
            extra.put("shadowRays", f.rays()[2]);
            extra.put("countedPassMillis", f.countedMillis());
            extra.put("filter", PixelFilter.defaultFilter().name());
            details.put("tracerUploadMillis", f.uploadMillis());
            details.put("tracerDeviceBytes", f.tracerBytes());
            details.put("tracerMemInfoBytes", f.usedBytes());
            PathRate paths = new PathRate(st.samplesPerPixel(), f.msPerPass(), f.pathsPerSecond(width, height),
                    f.raysPerPath(width, height), "gpu-events", extra);
            return new BenchResult(bs.name(), cs.instancedTriangleCount, rays[0], rays[1], rays[2], paths, details);
        }
    }

    private RayRate[] rayCasting(BenchScene bs, CompiledScene cs, BenchSettings st, Map<String, Object> details,
            PrintWriter log) {
        int width = st.width(), height = st.height();
        int n = CudaRayCaster.primaryRayCount(width, height);
        long rayBytes = (long) n * LcRay.BYTES, hitBytes = (long) n * LcHit.BYTES;
        try (GpuSceneLayout layout = GpuSceneLayout.fromCompiledScene(cs, BlasLayout.BVH2)) {
            details.put("bvh2ConvertMillis", layout.convertMillis());
            long free0 = ctx.memoryInfo()[0];
            try (CudaSceneBuffers scene = CudaSceneBuffers.upload(ctx, layout);
                    NativeBuffer camHost = camera(cs);
                    NativeBuffer lightHost = light(bs, cs);
                    NativeBuffer raysHost = NativeBuffer.allocate(rayBytes);
                    NativeBuffer hitsHost = NativeBuffer.allocate(hitBytes)) {
                details.put("bvh2UploadMillis", scene.uploadMillis());
                details.put("sceneDeviceBytes", scene.bytes());
                details.put("sceneMemInfoBytes", free0 - ctx.memoryInfo()[0]);
                details.put("blasDepth", layout.maxBlasDepth());
                details.put("tlasDepth", layout.tlasDepth());
                ctx.requireFree(4 * rayBytes + 2 * hitBytes, "ray and hit buffers");
                try (DeviceBuffer cam = DeviceBuffer.of(camHost); DeviceBuffer light = DeviceBuffer.of(lightHost);
                        DeviceBuffer primRays = DeviceBuffer.allocate(rayBytes);
                        DeviceBuffer primHits = DeviceBuffer.allocate(hitBytes);
                        DeviceBuffer rays = DeviceBuffer.allocate(rayBytes);
                        DeviceBuffer hits = DeviceBuffer.allocate(hitBytes);
                        CudaEventTimer timer = new CudaEventTimer();
                        CudaRayCaster caster = new CudaRayCaster(ctx, "raycast")) {
                    details.put("rayBufferBytes", 2 * rayBytes + 2 * hitBytes);
                    details.put("deviceUsedBytes", ctx.memoryInfo()[1] - ctx.memoryInfo()[0]);
                    caster.generatePrimary(cam, width, height, primRays);
                    RayCastBenchmark.RayFigure p = RayCastBenchmark.time(st.iterations(), CHECKED_RAYS, ctx, timer,
                            "raycast", "primary", () -> caster.traceClosest(scene, primRays, primHits, n), primRays,
                            primHits, n, layout, false, raysHost, hitsHost, log);
                    caster.generateShadow(scene, primRays, primHits, n, light, 7, rays);
                    RayCastBenchmark.RayFigure sh = RayCastBenchmark.time(st.iterations(), CHECKED_RAYS, ctx, timer,
                            "raycast", "shadow", () -> caster.traceAny(scene, rays, hits, n), rays, hits, n, layout,
                            true, raysHost, hitsHost, log);
                    caster.generateDiffuse(scene, primRays, primHits, n, 11, rays);
                    RayCastBenchmark.RayFigure d = RayCastBenchmark.time(st.iterations(), CHECKED_RAYS, ctx, timer,
                            "raycast", "diffuse", () -> caster.traceClosest(scene, rays, hits, n), rays, hits, n,
                            layout, false, raysHost, hitsHost, log);
                    return new RayRate[] {rate(p), rate(sh), rate(d)};
                }
            }
        }
    }

    private static RayRate rate(RayCastBenchmark.RayFigure f) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("minMillis", f.minMillis());
        extra.put("checked", f.check().checked());
        extra.put("agree", f.check().agree());
        extra.put("nearTies", f.check().nearTies());
        extra.put("mismatches", f.check().mismatches());
        return new RayRate(f.activeRays(), f.medianMillis(), f.mraysPerSecond(), f.hitFraction(), "gpu-events", extra);
    }

    /** The compiled scene's selected camera as one LcCamera record. */
    static NativeBuffer camera(CompiledScene cs) {
        NativeBuffer cam = NativeBuffer.allocate(LcCamera.BYTES);
        long o = (long) cs.selectedCamera * LcCamera.BYTES;
        for (int k = 0; k < LcCamera.BYTES; k += 4) cam.putInt(k, cs.cameras.getInt(o + k));
        return cam;
    }

    /** The shadow light as raycast.cu reads it: corner, edge 1, edge 2 as three float4. */
    static NativeBuffer light(BenchScene bs, CompiledScene cs) {
        float[] l = bs.shadowLight();
        if (l == null) {
            float[] lo = new float[3], hi = new float[3];
            if (cs.instanceCount > 0) {
                for (int k = 0; k < 3; k++) {
                    lo[k] = cs.tlasNodes.getFloat(LcBvhNode.MIN_X + 4L * k);
                    hi[k] = cs.tlasNodes.getFloat(LcBvhNode.MAX_X + 4L * k);
                }
            }
            l = BenchScene.defaultShadowLight(lo, hi);
        }
        NativeBuffer b = NativeBuffer.allocate(48);
        for (int v = 0; v < 3; v++) {
            for (int k = 0; k < 3; k++) b.putFloat(16L * v + 4L * k, l[3 * v + k]);
            b.putFloat(16L * v + 12, 0f);
        }
        return b;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
