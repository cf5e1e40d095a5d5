package dev.lucent.backend.cuda;

import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.gpu.BlasLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.bvh.gpu.InstancedMeshPools;
import dev.lucent.bvh.gpu.InstancedMeshPools.Placement;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.Layout.LcHit;
import dev.lucent.core.Layout.LcRay;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.ProceduralMeshes;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CUDA ray-casting throughput on a procedural scene ({@link ProceduralMeshes#blobs}, one mesh placed by one
 * identity instance, so rays take the full two-level path: TLAS leaf, transform into object space, BLAS).
 * Per kernel build (IEEE and fast math) and ray type it reports GPU time from CUDA events around the trace
 * kernel alone (ray generation excluded), median of {@code iterations} launches after 3 warm-ups, as Mrays/s
 * over active rays:
 * <ul>
 * <li>primary: one camera ray per pixel at width x height, 8x4-pixel tiles per warp;
 * <li>shadow: any-hit rays from the primary hits to uniform random points of a parallelogram light above
 *     the scene;
 * <li>diffuse: closest-hit rays from the primary hits in cosine-distributed random directions (incoherent).
 * </ul>
 * Also BVH build, GPU-layout conversion and upload times, and GPU memory. Each ray type's hits are checked on
 * a sample against the Java reference traversal ({@link GpuHitChecker}).
 *
 * <p>Usage: {@code java -cp ... dev.lucent.backend.cuda.RayCastBenchmark [--triangles N] [--width W]
 * [--height H] [--iterations N] [--samples N] [--leaf N] [--variants raycast,raycast.fastmath,raycast@256]}; a
 * variant names a PTX module on the class path, optionally with {@code @threadsPerBlock} for the trace kernels
 * and {@code +persistent} for the persistent-threads kernels; {@code --leaf} sets the BVH's largest leaf.
 */
public final class RayCastBenchmark {
    /** Benchmark settings. */
    public record Options(long triangles, int width, int height, int iterations, int samples, List<String> variants) {
        public static Options defaults() {
            return new Options(10_000_000, 1920, 1080, 50, 20_000, List.of("raycast", "raycast.fastmath"));
        }
    }

    /** One kernel build's figures for one ray type. */
    public record RayFigure(String variant, String rayType, int activeRays, double medianMillis, double minMillis,
            double mraysPerSecond, GpuHitChecker.Result check, double hitFraction) {}

    /** Everything measured. */
    public record Result(String device, int driverVersion, long triangles, double meshMillis, double bvhMillis,
            double convertMillis, double uploadMillis, long sceneDeviceBytes, long rayBufferBytes,
            long deviceUsedBytes, long deviceTotalBytes, int tlasDepth, int blasDepth, List<RayFigure> figures) {}

    /** Variants whose module name contains this trace a scene with CWBVH8 BLASes (module built with LC_BLAS_CWBVH8). */
    static final String WIDE_MARK = "cwbvh8";
    /** A variant ending in this traces with the persistent-threads kernels ({@link CudaRayCaster}). */
    static final String PERSISTENT_MARK = "+persistent";

    /** Largest BVH leaf of the benchmark's scene (main's --leaf; the builder's default otherwise). */
    static int maxLeafSize = BvhOptions.defaults().maxLeafSize();

    private RayCastBenchmark() {}

    public static void main(String[] args) {
        Options o = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--triangles" -> o = new Options(Long.parseLong(v), o.width(), o.height(), o.iterations(), o.samples(), o.variants());
                case "--width" -> o = new Options(o.triangles(), Integer.parseInt(v), o.height(), o.iterations(), o.samples(), o.variants());
                case "--height" -> o = new Options(o.triangles(), o.width(), Integer.parseInt(v), o.iterations(), o.samples(), o.variants());
                case "--iterations" -> o = new Options(o.triangles(), o.width(), o.height(), Integer.parseInt(v), o.samples(), o.variants());
                case "--samples" -> o = new Options(o.triangles(), o.width(), o.height(), o.iterations(), Integer.parseInt(v), o.variants());
                case "--leaf" -> maxLeafSize = Integer.parseInt(v);
                case "--variants" -> o = new Options(o.triangles(), o.width(), o.height(), o.iterations(), o.samples(), List.of(v.split(",")));
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        CudaAvailability a = CudaAvailability.check();
        if (!a.available()) {
            System.err.println(a.reason());
            System.exit(1);
        }
        Result r = run(o, System.out);
        boolean ok = r.figures().stream().allMatch(f -> f.check().passed(1e-3));
        System.exit(ok ? 0 : 3);
    }

    /** Runs the benchmark on device 0, printing progress and the table to {@code out}. */
    public static Result run(Options o, PrintStream out) {
        long t0 = System.nanoTime();
        Mesh mesh = ProceduralMeshes.blobs(o.triangles(), 1);
        double meshMillis = (System.nanoTime() - t0) / 1e6;
        out.printf(Locale.ROOT, "scene: blobs, %d triangles, %d vertices (generated in %.0f ms), max leaf %d%n",
                mesh.triangleCount(), mesh.vertexCount(), meshMillis, maxLeafSize);
        float size = (float) Math.sqrt(o.triangles()) * 0.05f;
        boolean needWide = o.variants().stream().anyMatch(v -> v.contains(WIDE_MARK));
        try (InstancedMeshPools pools = InstancedMeshPools.build(List.of(mesh), List.of(Placement.identity(0)),
                        new BvhOptions(maxLeafSize, BvhOptions.defaults().bins(), BvhOptions.defaults().threads()));
                GpuSceneLayout layout = pools.toGpuLayout(BlasLayout.BVH2);
                GpuSceneLayout wide = needWide ? pools.toGpuLayout(BlasLayout.CWBVH8) : null) {
            mesh = null;
            out.printf(Locale.ROOT, "BVH build (BvhBuilder, BLAS + TLAS): %.0f ms; BVH2 GPU layout conversion: %.0f ms;"
                    + " %d BLAS nodes, depth %d, TLAS depth %d%n", pools.bvhMillis, layout.convertMillis(),
                    layout.blasNodeCount(), layout.maxBlasDepth(), layout.tlasDepth());
            if (wide != null) {
                out.printf(Locale.ROOT, "CWBVH8 GPU layout conversion: %.0f ms; %d BLAS nodes (%.3f GiB), depth %d%n",
                        wide.convertMillis(), wide.blasNodeCount(), gib(wide.blasNodes().size()), wide.maxBlasDepth());
            }
            try (CudaContext ctx = CudaContext.open(0)) {
                long[] before = ctx.memoryInfo();
                out.printf(Locale.ROOT, "device: %s, driver API %d, %.1f GiB total, %.1f GiB free%n", ctx.deviceName(),
                        ctx.driverVersion(), gib(before[1]), gib(before[0]));
                return measure(o, ctx, layout, wide, pools, size, meshMillis, out);
            }
        }
    }

    private static Result measure(Options o, CudaContext ctx, GpuSceneLayout layout, GpuSceneLayout wide,
            InstancedMeshPools pools, float size, double meshMillis, PrintStream out) {
        int n = CudaRayCaster.primaryRayCount(o.width(), o.height());
        long rayBytes = (long) n * LcRay.BYTES, hitBytes = (long) n * LcHit.BYTES;
        List<RayFigure> figures = new ArrayList<>();
        try (CudaSceneBuffers bvh2Scene = CudaSceneBuffers.upload(ctx, layout);
                CudaSceneBuffers wideScene = wide != null ? CudaSceneBuffers.upload(ctx, wide) : null;
                NativeBuffer camHost = camera(size, o.width(), o.height());
                NativeBuffer lightHost = light(size);
                NativeBuffer raysHost = NativeBuffer.allocate(rayBytes);
                NativeBuffer hitsHost = NativeBuffer.allocate(hitBytes)) {
            out.printf(Locale.ROOT, "upload: %.0f ms, %.3f GiB of scene data on the GPU%n", bvh2Scene.uploadMillis(),
                    gib(bvh2Scene.bytes()));
            if (wideScene != null) {
                out.printf(Locale.ROOT, "CWBVH8 upload: %.0f ms, %.3f GiB of scene data on the GPU%n",
                        wideScene.uploadMillis(), gib(wideScene.bytes()));
            }
            ctx.requireFree(5 * rayBytes + 3 * hitBytes, "ray and hit buffers");
            try (DeviceBuffer cam = DeviceBuffer.of(camHost); DeviceBuffer light = DeviceBuffer.of(lightHost);
                    DeviceBuffer primRays = DeviceBuffer.allocate(rayBytes);
                    DeviceBuffer primHits = DeviceBuffer.allocate(hitBytes);
                    DeviceBuffer rays = DeviceBuffer.allocate(rayBytes);
                    DeviceBuffer hits = DeviceBuffer.allocate(hitBytes);
                    CudaEventTimer timer = new CudaEventTimer()) {
                long[] mem = ctx.memoryInfo();
                for (String variant : o.variants()) {
                    // "module", "module@threadsPerBlock", either with "+persistent"
                    boolean persistent = variant.endsWith(PERSISTENT_MARK);
                    String[] vb = (persistent ? variant.substring(0, variant.length() - PERSISTENT_MARK.length())
                            : variant).split("@");
                    try (CudaRayCaster caster = new CudaRayCaster(ctx, vb[0],
                            vb.length > 1 ? Integer.parseInt(vb[1]) : CudaRayCaster.BLOCK, persistent)) {
                        CudaSceneBuffers scene = variant.contains(WIDE_MARK) ? wideScene : bvh2Scene;
                        caster.generatePrimary(cam, o.width(), o.height(), primRays);
                        figures.add(time(o, ctx, timer, variant, "primary", () -> caster.traceClosest(scene, primRays,
                                primHits, n), primRays, primHits, n, layout, false, raysHost, hitsHost, out));
                        caster.generateShadow(scene, primRays, primHits, n, light, 7, rays);
                        figures.add(time(o, ctx, timer, variant, "shadow", () -> caster.traceAny(scene, rays, hits, n),
                                rays, hits, n, layout, true, raysHost, hitsHost, out));
                        caster.generateDiffuse(scene, primRays, primHits, n, 11, rays);
                        figures.add(time(o, ctx, timer, variant, "diffuse", () -> caster.traceClosest(scene, rays,
                                hits, n), rays, hits, n, layout, false, raysHost, hitsHost, out));
                    }
                }
                Result r = new Result(ctx.deviceName(), ctx.driverVersion(), pools.triangleCount, meshMillis,
                        pools.bvhMillis, layout.convertMillis(), bvh2Scene.uploadMillis(), bvh2Scene.bytes(),
                        2 * rayBytes + 2 * hitBytes, mem[1] - mem[0], mem[1], layout.tlasDepth(),
                        layout.maxBlasDepth(), figures);
                print(r, o, out);
                return r;
            }
        }
    }

    private static RayFigure time(Options o, CudaContext ctx, CudaEventTimer timer, String variant, String type,
            Runnable launch, DeviceBuffer rays, DeviceBuffer hits, int n, GpuSceneLayout layout, boolean any,
            NativeBuffer raysHost, NativeBuffer hitsHost, PrintStream out) {
        PrintWriter w = new PrintWriter(out, true);
        RayFigure f = time(o.iterations(), o.samples(), ctx, timer, variant, type, launch, rays, hits, n, layout, any,
                raysHost, hitsHost, w);
        w.flush();
        return f;
    }

    /**
     * Times {@code launch} (one trace kernel over the {@code n} ray slots of {@code rays}): 3 warm-up launches,
     * then the median of {@code iterations} launches from CUDA events; then checks {@code samples} evenly spaced
     * rays against the Java reference traversal of {@code layout}. Mrays/s count active rays (slots whose ray has
     * tMax &gt;= 0); the hit fraction is over active rays.
     */
    static RayFigure time(int iterations, int samples, CudaContext ctx, CudaEventTimer timer, String variant,
            String type, Runnable launch, DeviceBuffer rays, DeviceBuffer hits, int n, GpuSceneLayout layout,
            boolean any, NativeBuffer raysHost, NativeBuffer hitsHost, PrintWriter out) {
        for (int w = 0; w < 3; w++) launch.run();
        ctx.synchronize();
        double[] ms = new double[iterations];
        for (int k = 0; k < ms.length; k++) {
            timer.start();
            launch.run();
            ms[k] = timer.stopMillis();
        }
        Arrays.sort(ms);
        double median = ms[ms.length / 2];
        rays.download(raysHost, 0, 0, (long) n * LcRay.BYTES);
        hits.download(hitsHost, 0, 0, (long) n * LcHit.BYTES);
        int active = 0, hit = 0;
        for (int i = 0; i < n; i++) {
            if (raysHost.getFloat((long) i * LcRay.BYTES + LcRay.DIRECTION + 12) < 0) continue;
            active++;
            if (hitsHost.getInt((long) i * LcHit.BYTES + LcHit.TRIANGLE) != Layout.LC_NONE) hit++;
        }
        GpuHitChecker.Result check = GpuHitChecker.check(layout, raysHost, hitsHost, n, samples, any);
        RayFigure f = new RayFigure(variant, type, active, median, ms[0], active / median / 1e3, check,
                active > 0 ? hit / (double) active : 0);
        out.printf(Locale.ROOT, "  %-17s %-8s %9.1f Mrays/s  (median %.3f ms, min %.3f ms, %d active rays)%n"
                + "      check vs Java reference: %s%n", variant, type, f.mraysPerSecond(), median, ms[0], active, check);
        return f;
    }

    private static void print(Result r, Options o, PrintStream out) {
        out.printf(Locale.ROOT, "%n| device | kernel build | ray type | Mrays/s | median ms | active rays | check |%n");
        out.printf("|---|---|---|---:|---:|---:|---|%n");
        for (RayFigure f : r.figures()) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %.3f | %d | %d/%d agree, %d near-ties, %d mismatches |%n",
                    r.device(), f.variant(), f.rayType(), f.mraysPerSecond(), f.medianMillis(), f.activeRays(),
                    f.check().agree(), f.check().checked(), f.check().nearTies(), f.check().mismatches());
        }
        out.printf(Locale.ROOT, "%ntriangles %d, %dx%d, BVH build %.0f ms, conversion %.0f ms, upload %.0f ms, "
                + "scene on GPU %.3f GiB, ray+hit buffers %.3f GiB, device memory in use %.2f of %.2f GiB, "
                + "BLAS depth %d, TLAS depth %d%n", r.triangles(), o.width(), o.height(), r.bvhMillis(),
                r.convertMillis(), r.uploadMillis(), gib(r.sceneDeviceBytes()), gib(r.rayBufferBytes()),
                gib(r.deviceUsedBytes()), gib(r.deviceTotalBytes()), r.blasDepth(), r.tlasDepth());
    }

    /**
     * Pinhole camera 0.13 size above the field and 0.3 size back from its centre, looking down at 45 degrees,
     * 45-degree vertical field of view, as one LcCamera ({@code BenchScene.procedural} places the same camera).
     */
    public static NativeBuffer camera(float size, int width, int height) {
        float h = 0.13f * size, z0 = 0.3f * size;
        float tanY = (float) Math.tan(Math.toRadians(22.5)), tanX = tanY * width / height;
        float s = (float) Math.sqrt(0.5);
        NativeBuffer c = NativeBuffer.allocate(LcCamera.BYTES);
        put4(c, LcCamera.POSITION, 0, h, z0);
        put4(c, LcCamera.RIGHT, tanX, 0, 0);
        put4(c, LcCamera.UP, 0, s * tanY, -s * tanY);
        put4(c, LcCamera.FORWARD, 0, -s, -s);
        c.putInt(LcCamera.TYPE, Layout.LC_CAMERA_PERSPECTIVE);
        c.putFloat(LcCamera.FOCUS_DISTANCE, 1f);
        return c;
    }

    /** Parallelogram light: corner and two edges (3 float4), a square of a fifth of the field, half a field up. */
    static NativeBuffer light(float size) {
        NativeBuffer l = NativeBuffer.allocate(48);
        put4(l, 0, -0.1f * size, 0.5f * size, -0.1f * size);
        put4(l, 16, 0.2f * size, 0, 0);
        put4(l, 32, 0, 0, 0.2f * size);
        return l;
    }

    private static void put4(NativeBuffer b, long o, float x, float y, float z) {
        b.putFloat(o, x);
        b.putFloat(o + 4, y);
        b.putFloat(o + 8, z);
        b.putFloat(o + 12, 0f);
    }

    private static double gib(long bytes) { return bytes / (double) (1L << 30); }
}
