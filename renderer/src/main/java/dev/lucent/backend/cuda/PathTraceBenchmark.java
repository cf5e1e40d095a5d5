package dev.lucent.backend.cuda;

import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.Film;
import dev.lucent.image.ImageMetadata;
import dev.lucent.image.LdrImage;
import dev.lucent.image.PngWriter;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.ProceduralMeshes;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.scene.TextureCache;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * triangles (ProceduralMeshes.blobs) under a uniform sky. PNGs of the first two go to OUT_DIR.
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
        Scene blobs = new Scene(Path.of("blobs-10m"));
        Mesh mesh = ProceduralMeshes.blobs(10_000_000, 1);
        Material m = new Material("clay");
        m.baseColor = new float[] {0.8f, 0.6f, 0.5f, 1};
        m.metallic = 0;
        m.roughness = 0.5f;
        blobs.materials.add(m);
        mesh.materials = new int[mesh.triangleCount()];
        blobs.meshes.add(mesh);
        Node n = new Node("blobs");
        n.mesh = 0;
        blobs.addNode(n);
        blobs.environment.color = new float[] {0.8f, 0.9f, 1.0f};
        run(o, "blobs-10m", blobs, width, height, passes, devices, null);
    }

    static void run(PrintStream o, String name, Scene scene, int width, int height, int passes, String devices,
            Path pngDir) throws Exception {
        long t0 = System.nanoTime();
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.defaults().withSize(width, height))) {
            double compileMs = (System.nanoTime() - t0) / 1e6;
            try (CudaContext ctx = CudaContext.open(0)) {
                long free0 = ctx.memoryInfo()[0];
                try (CudaPathTracer t = new CudaPathTracer(ctx, cs, width, height, 8, 0, 0);
                        CudaEventTimer timer = new CudaEventTimer()) {
                    long used = free0 - ctx.memoryInfo()[0];
                    t.clearState();
                    t.renderRows(0, height, 0, 2, false); // warm-up (JIT of the PTX happened at load)
                    ctx.synchronize();
                    timer.start();
                    t.renderRows(0, height, 2, passes, false);
                    float ms = timer.stopMillis();
                    double perPass = ms / passes;
                    t.clearRayCounts();
                    timer.start();
                    t.renderRows(0, height, 2 + passes, 1, true);
                    float countedMs = timer.stopMillis();
                    long[] rays = t.rayCounts();
                    double pixels = (double) width * height;
                    o.printf(Locale.ROOT, "%n== %s: %d triangles (%d instanced), %d emitters, %d lights, %dx%d, max depth 8%n",
                            name, cs.triangleCount, cs.instancedTriangleCount, cs.emitterCount, cs.lightCount, width,
                            height);
                    o.printf(Locale.ROOT, "device %s, driver %d; compile %.0f ms, upload %.0f ms, tracer holds %.3f GiB (cuMemGetInfo delta %.3f GiB)%n",
                            ctx.deviceName(), ctx.driverVersion(), compileMs, t.uploadMillis(), t.deviceBytes() / 1073741824.0,
                            used / 1073741824.0);
                    o.printf(Locale.ROOT, "%.3f ms per sample pass (%d passes), %.1f M paths/s%n", perPass, passes,
                            pixels / perPass / 1e3);
                    o.printf(Locale.ROOT, "rays per pass: camera %d, bounce %d, shadow %d (%.2f rays/path); counted pass %.3f ms%n",
                            rays[0], rays[1], rays[2], (rays[0] + rays[1] + rays[2]) / pixels, countedMs);
                    o.printf(Locale.ROOT, "integrator ray rates at the uncounted pass time: camera %.0f, bounce %.0f, shadow %.0f, all %.0f Mrays/s%n",
                            rays[0] / perPass / 1e3, rays[1] / perPass / 1e3, rays[2] / perPass / 1e3,
                            (rays[0] + rays[1] + rays[2]) / perPass / 1e3);
                    if (pngDir != null) {
                        Film film = new Film(width, height);
                        t.mergeRows(film, 0, height);
                        writePng(film, pngDir.resolve(name + ".png"));
                        double sum = 0;
                        for (int p = 0; p < width * height; p++) sum += film.mean(p, 0) + film.mean(p, 1) + film.mean(p, 2);
                        o.printf(Locale.ROOT, "image mean %.5f over %d samples per pixel, %d non-finite%n",
                                sum / (3 * pixels), film.sampleCount(0), film.nonFiniteSamples());
                    }
                }
            }
            int deviceCount = CudaRenderer.parseDevices("all", deviceCountOrOne()).length;
            int[] chosen = CudaRenderer.parseDevices(devices, deviceCount);
            if (chosen.length > 1) multiGpu(o, cs, width, height, passes, chosen);
        }
    }

    private static int deviceCountOrOne() {
        int[] n = new int[1];
        jcuda.driver.JCudaDriver.cuDeviceGetCount(n);
        return Math.max(1, n[0]);
    }

    static void multiGpu(PrintStream o, CompiledScene cs, int width, int height, int passes, int[] devices) {
        double one, all;
        Film a = new Film(width, height), b = new Film(width, height);
        try (CudaRenderer r = new CudaRenderer(new int[] {devices[0]}, cs, width, height, 8, 0, 0)) {
            r.render(new Film(width, height), 0, 1);
            long t0 = System.nanoTime();
            r.render(a, 0, passes);
            one = (System.nanoTime() - t0) / 1e6;
        }
        int[] bands;
        try (CudaRenderer r = new CudaRenderer(devices, cs, width, height, 8, 0, 0)) {
            r.render(new Film(width, height), 0, 1);
            long t0 = System.nanoTime();
            bands = r.render(b, 0, passes);
            all = (System.nanoTime() - t0) / 1e6;
        }
        boolean same = true;
        for (int p = 0; p < width * height && same; p++) {
            for (int c = 0; c < 3; c++) same &= a.mean(p, c) == b.mean(p, c);
        }
        o.printf(Locale.ROOT, "multi-GPU: %d passes, 1 device %.1f ms, %d devices %.1f ms (bands %s): %.2fx; images identical: %s%n",
                passes, one, devices.length, all, java.util.Arrays.toString(bands), one / all, same);
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
