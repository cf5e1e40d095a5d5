package dev.lucent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lucent.backend.cuda.CudaAvailability;
import dev.lucent.backend.cuda.CudaContext;
import dev.lucent.backend.cuda.CudaEventTimer;
import dev.lucent.backend.cuda.CudaPathTracer;
import dev.lucent.backend.vulkan.RtCoreInfo;
import dev.lucent.bench.BenchScene;
import dev.lucent.backend.vulkan.VulkanContext;
import dev.lucent.backend.vulkan.VulkanPathTracer;
import dev.lucent.backend.vulkan.VulkanUnavailableException;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.AtomicFiles;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.metrics.FilmAgreement;
import dev.lucent.metrics.ZScoreSummary;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * {@code lucent bench --compare cuda,vulkan SCENE...}: the same scenes on two GPU backends with identical sample
 * sequences (the same seed, sample indices 0 .. passes + 1 of every pixel on both), side by side:
 * <ul>
 * <li>GPU time per sample pass from GPU timers (CUDA events around the kernel launches; Vulkan timestamp queries
 *     around the vkCmdTraceRaysKHR passes), after two warm-up passes; no denoising;
 * <li>acceleration-structure build: CUDA traverses the BVH the CPU SAH builder made at compile time (its share of
 *     the compile is reported by the compile stats, and the upload converts it to the GPU layout); Vulkan's driver
 *     builds and compacts one BLAS per mesh and the TLAS (wall time, submissions waited on);
 * <li>rays per second: camera, bounce and shadow rays of one counted pass (counting costs atomics, so it is a
 *     separate pass) over the uncounted pass time;
 * <li>GPU memory the tracer holds (CUDA: its device buffers; Vulkan: VMA's allocated bytes);
 * <li>image agreement of the two renders ({@link FilmAgreement}): relative MSE of the difference (sum d^2 / sum
 *     ref^2) against what their own noise explains, the worst 16x16 region z and the per-pixel
 *     {@link ZScoreSummary}; the comparison is VALID only when the images agree (relative MSE at most 2 x noise +
 *     1e-4 and every region |z| &lt; 5);
 * <li>the GPU's name and whether it has RT cores ({@link RtCoreInfo}: CUDA compute capability, device name for
 *     Vulkan).
 * </ul>
 * Prints a table and writes JSON and CSV. Scenes are {@link BenchScene}s: files, or the procedural blobs field of
 * {@code lucent bench --procedural N} (the same camera as the CUDA bench's).
 */
final class BenchCompare {
    private final List<String> backends;
    private final int width, height, passes;
    /** Both backends sample the film with the default pixel filter (the same offsets for the same samples). */
    private final PixelFilter filter = PixelFilter.defaultFilter();

    BenchCompare(List<String> backends, int width, int height, int passes) {
        for (String b : backends) {
            if (!b.equals("cuda") && !b.equals("vulkan")) {
                throw new CliException("--compare: '" + b + "' is not cuda or vulkan");
            }
        }
        if (backends.size() != 2 || backends.get(0).equals(backends.get(1))) {
            throw new CliException("--compare takes two different GPU backends, e.g. cuda,vulkan");
        }
        this.backends = backends;
        this.width = width;
        this.height = height;
        this.passes = passes;
    }

    /** What one backend measured on one scene. */
    record Result(String backend, String gpu, String driver, RtCoreInfo rtCores, double gpuMsPerPass,
                  double accelerationStructureMs, String accelerationStructureNote, double setupMs, long gpuBytes,
                  long[] raysPerPass, Film film) {
        double raysPerSecond() {
            return (raysPerPass[0] + raysPerPass[1] + raysPerPass[2]) / (gpuMsPerPass / 1e3);
        }
    }

    List<Map<String, Object>> run(List<BenchScene> scenes, PrintWriter out, Path json, Path csv) {
        List<Map<String, Object>> rows = new ArrayList<>();
        out.printf(Locale.ROOT, "Lucent bench --compare %s: %dx%d, %d timed sample passes after 2 warm-up passes, max "
                + "depth of each scene, identical sample sequences%n", String.join(",", backends), width, height, passes);
        out.flush();
        for (BenchScene bs : scenes) {
            String spec = bs.name();
            Scene scene = bs.loader().get();
            RenderSettings s = RenderSettings.defaults().overlay(scene.settings);
            long t0 = System.nanoTime();
            try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings)
                    .withSize(width, height))) {
                double compileMs = (System.nanoTime() - t0) / 1e6;
                List<Result> results = new ArrayList<>();
                for (String b : backends) {
                    results.add(b.equals("cuda") ? cuda(cs, s) : vulkan(cs, s));
                }
                rows.add(report(spec, cs, compileMs, s, results, out));
            }
        }
        write(rows, json, csv);
        return rows;
    }

    private Result cuda(CompiledScene cs, RenderSettings s) {
        CudaAvailability a = CudaAvailability.check();
        if (!a.available()) throw new CliException("cuda: not available: " + a.reason());
        try (CudaContext ctx = CudaContext.open(0)) {
            long t0 = System.nanoTime();
            try (CudaPathTracer t = new CudaPathTracer(ctx, cs, width, height, s.maxDepth, s.clamp, s.seed, filter);
                    CudaEventTimer timer = new CudaEventTimer()) {
                double setupMs = (System.nanoTime() - t0) / 1e6;
                t.clearState();
                t.renderRows(0, height, 0, 2, false);
                ctx.synchronize();
                timer.start();
                t.renderRows(0, height, 2, passes, false);
                double ms = timer.stopMillis();
                Film film = new Film(width, height);
                t.mergeRows(film, 0, height);
                t.clearState();
                t.clearRayCounts();
                t.renderRows(0, height, 2 + passes, 1, true);
                long[] rays = t.rayCounts();
                CUdevice dev = new CUdevice();
                JCudaDriver.cuDeviceGet(dev, 0);
                int[] major = new int[1], minor = new int[1];
                JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
                JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
                int v = ctx.driverVersion();
                return new Result("cuda", ctx.deviceName(), "CUDA driver API " + v / 1000 + "." + (v % 1000) / 10,
                        RtCoreInfo.ofComputeCapability(major[0], minor[0]), ms / passes,
                        cs.stats == null ? Double.NaN : cs.stats.bvhMillis(),
                        String.format(Locale.ROOT, "CPU SAH builder at compile: build times summed over meshes "
                                + "(built in parallel; whole compile %.0f ms wall), converted to BVH2 at upload",
                                cs.stats == null ? Double.NaN : cs.stats.compileMillis()),
                        setupMs, t.deviceBytes(), rays, film);
            }
        }
    }

    private Result vulkan(CompiledScene cs, RenderSettings s) {
        VulkanContext ctx;
        try {
            ctx = VulkanContext.open(false);
        } catch (VulkanUnavailableException e) {
            throw new CliException("vulkan: not available: " + e.getMessage());
        }
        try (ctx) {
            long t0 = System.nanoTime();
            try (VulkanPathTracer t = new VulkanPathTracer(ctx, cs, width, height, s.maxDepth, s.clamp, s.seed,
                    filter)) {
                double setupMs = (System.nanoTime() - t0) / 1e6;
                Film film = new Film(width, height);
                t.render(film, 0, 2, false);
                t.render(film, 2, passes, false);
                double ms = t.lastGpuMillis();
                t.render(new Film(width, height), 2 + passes, 1, true);
                long[] rays = t.lastRayCounts();
                double asMs = t.accelerationStructures().blasBuildMillis() + t.accelerationStructures().tlasBuildMillis();
                return new Result("vulkan", ctx.deviceName(), ctx.driverDescription(), ctx.rtCores(), ms / passes, asMs,
                        String.format(Locale.ROOT, "driver BLAS build + compaction (%.1f -> %.1f MiB) + TLAS",
                                t.accelerationStructures().blasBytesBeforeCompaction() / 1048576.0,
                                t.accelerationStructures().blasBytes() / 1048576.0),
                        setupMs, t.deviceBytes(), rays, film);
            }
        }
    }

    private Map<String, Object> report(String spec, CompiledScene cs, double compileMs, RenderSettings s,
            List<Result> results, PrintWriter out) {
        Result a = results.get(0), b = results.get(1);
        FilmAgreement ag = FilmAgreement.of(a.film(), b.film());
        boolean valid = ag.agrees();
        out.printf(Locale.ROOT, "%n== %s: %d triangles (%d instanced), %d instances, max depth %d, compile %.0f ms%n",
                spec, cs.triangleCount, cs.instancedTriangleCount, cs.instanceCount, s.maxDepth, compileMs);
        out.printf(Locale.ROOT, "%-8s %-28s %-8s %12s %12s %12s %10s %10s%n", "backend", "GPU", "RT cores",
                "ms/pass", "Mrays/s", "AS build ms", "setup ms", "GPU MiB");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-8s %-28s %-8s %12.3f %12.1f %12.1f %10.0f %10.1f%n", r.backend(),
                    r.gpu().length() > 28 ? r.gpu().substring(0, 28) : r.gpu(), r.rtCores().label(), r.gpuMsPerPass(),
                    r.raysPerSecond() / 1e6, r.accelerationStructureMs(), r.setupMs(), r.gpuBytes() / 1048576.0);
        }
        out.printf(Locale.ROOT, "%s / %s time per pass: %.2fx; images: relative MSE %.3g (noise explains %.3g), worst "
                + "region |z| %.2f, pixel rms z %.2f: %s%n", b.backend(), a.backend(), b.gpuMsPerPass() / a.gpuMsPerPass(),
                ag.relativeMse(), ag.noiseRelativeMse(), ag.worstRegionZ(), ag.pixels().rmsZ(),
                valid ? "AGREE (comparison valid)" : "DISAGREE (comparison NOT valid)");
        out.flush();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scene", spec);
        row.put("triangles", cs.triangleCount);
        row.put("instancedTriangles", cs.instancedTriangleCount);
        row.put("width", width);
        row.put("height", height);
        row.put("passes", passes);
        row.put("maxDepth", s.maxDepth);
        row.put("compileMs", compileMs);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("backend", r.backend());
            m.put("gpu", r.gpu());
            m.put("driver", r.driver());
            m.put("rtCores", r.rtCores().label());
            m.put("rtCoresBasis", r.rtCores().basis());
            m.put("gpuMsPerPass", r.gpuMsPerPass());
            m.put("raysPerSecond", r.raysPerSecond());
            m.put("raysPerPass", Map.of("camera", r.raysPerPass()[0], "bounce", r.raysPerPass()[1], "shadow",
                    r.raysPerPass()[2]));
            m.put("accelerationStructureMs", r.accelerationStructureMs());
            m.put("accelerationStructure", r.accelerationStructureNote());
            m.put("setupMs", r.setupMs());
            m.put("gpuBytes", r.gpuBytes());
            rs.add(m);
        }
        row.put("backends", rs);
        row.put("speedRatio", b.gpuMsPerPass() / a.gpuMsPerPass());
        row.put("relativeMse", ag.relativeMse());
        row.put("noiseRelativeMse", ag.noiseRelativeMse());
        row.put("worstRegionZ", ag.worstRegionZ());
        row.put("pixelRmsZ", ag.pixels().rmsZ());
        row.put("pixelMeanZ", ag.pixels().meanZ());
        row.put("valid", valid);
        return row;
    }

    @SuppressWarnings("unchecked")
    private static void write(List<Map<String, Object>> rows, Path json, Path csv) {
        try {
            if (json != null) {
                AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(Map.of("comparison", rows)));
            }
            if (csv != null) {
                StringBuilder sb = new StringBuilder("scene,width,height,passes,backend,gpu,rt_cores,ms_per_pass,"
                        + "rays_per_second,as_build_ms,setup_ms,gpu_bytes,relative_mse,noise_relative_mse,"
                        + "worst_region_z,valid\n");
                for (Map<String, Object> row : rows) {
                    for (Map<String, Object> r : (List<Map<String, Object>>) row.get("backends")) {
                        sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%s,\"%s\",%s,%.4f,%.0f,%.2f,%.1f,%d,%.4g,%.4g,%.3f,%s%n",
                                row.get("scene"), row.get("width"), row.get("height"), row.get("passes"),
                                r.get("backend"), r.get("gpu"), r.get("rtCores"), r.get("gpuMsPerPass"),
                                r.get("raysPerSecond"), r.get("accelerationStructureMs"), r.get("setupMs"),
                                r.get("gpuBytes"), row.get("relativeMse"), row.get("noiseRelativeMse"),
                                row.get("worstRegionZ"), row.get("valid")));
                    }
                }
                AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new CliException("cannot write the comparison: " + e.getMessage(), e);
        }
    }
}
