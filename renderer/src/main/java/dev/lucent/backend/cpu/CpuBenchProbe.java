package dev.lucent.backend.cpu;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.bench.BenchProbe;
import dev.lucent.bench.BenchResult;
import dev.lucent.bench.BenchScene;
import dev.lucent.bench.BenchSettings;
import dev.lucent.bench.PathRate;
import dev.lucent.bench.RayRate;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.Film;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU backend's {@link BenchProbe}: primary and diffuse-bounce rays traced per second (closest hit, no
 * shading; {@link CpuRayBenchmark}, wall clock over at least {@code seconds}), and paths per second of the full
 * integrator over {@code samplesPerPixel} passes at the scene's max depth, each with the process CPU time (on a
 * shared machine wall-clock time also measures the other programs). A warm-up render runs first so the JIT has
 * compiled the hot code. There is no shadow-ray test on the CPU.
 */
public final class CpuBenchProbe implements BenchProbe {
    private final int threads;

    /** @param threads worker threads, 0 for all processors */
    public CpuBenchProbe(int threads) {
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    @Override public String backend() { return CpuBackend.NAME; }

    @Override
    public String device() {
        return threads + " thread" + (threads == 1 ? "" : "s") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, " + javaName();
    }

    @Override
    public BenchSettings defaults() { return new BenchSettings(256, 256, 16, 1, 2, 0); }

    @Override
    public Map<String, Object> header() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", CpuBackend.NAME);
        m.put("threads", threads);
        m.put("processors", Runtime.getRuntime().availableProcessors());
        m.put("java", javaName());
        return m;
    }

    private static String javaName() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    @Override
    public BenchResult measure(BenchScene bs, BenchSettings st, PrintWriter log) {
        Scene scene = bs.loader().get();
        RenderSettings s = RenderSettings.defaults().overlay(scene.settings);
        int width = st.width(), height = st.height();
        CompileOptions options = new CompileOptions(0, width, height, BvhOptions.defaults(), s.camera);
        try (CompiledScene compiled = SceneCompiler.compile(scene, options); CpuBackend cpu = new CpuBackend()) {
            RenderOptions render = new RenderOptions(s.maxDepth, s.clamp, s.seed, threads, null);
            cpu.prepare(compiled, render);
            cpu.render(new Film(width, height), 0, 2, null); // warm-up
            CpuRayBenchmark bench = new CpuRayBenchmark(cpu, compiled, threads);
            float[] primary = bench.primaryRays(width, height);
            float[] diffuse = bench.diffuseRays(primary);
            bench.trace(primary, Math.min(0.5, st.seconds())); // warm-up
            CpuRayBenchmark.Result pr = bench.trace(primary, st.seconds());
            CpuRayBenchmark.Result dr = bench.trace(diffuse, st.seconds());
            double cpu0 = CpuTime.processSeconds();
            RenderStats paths = cpu.render(new Film(width, height), 0, st.samplesPerPixel(), null);
            double pathCpu = CpuTime.processSeconds() - cpu0;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("flattened", cpu.flattened());
            details.put("maxDepth", s.maxDepth);
            Map<String, Object> pathExtra = new LinkedHashMap<>();
            pathExtra.put("seconds", paths.seconds());
            pathExtra.put("cpuSeconds", pathCpu);
            pathExtra.put("mraysPerSecond", paths.mraysPerSecond());
            pathExtra.put("cpuNanosPerPath", pathCpu * 1e9 / paths.samples());
            PathRate pathRate = new PathRate(st.samplesPerPixel(), paths.seconds() * 1e3 / st.samplesPerPixel(),
                    paths.samplesPerSecond(), paths.rays() / (double) paths.samples(), "wall-clock", pathExtra);
            return new BenchResult(bs.name(), compiled.instancedTriangleCount, rate(pr), null, rate(dr), pathRate,
                    details);
        }
    }

    private static RayRate rate(CpuRayBenchmark.Result r) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("seconds", r.seconds());
        extra.put("cpuSeconds", r.cpuSeconds());
        extra.put("cpuNanosPerRay", r.cpuNanosPerRay());
        return new RayRate(r.rays(), r.seconds() * 1e3, r.mraysPerSecond(),
                r.rays() > 0 ? r.hits() / (double) r.rays() : 0, "wall-clock", extra);
    }

    @Override
    public void close() {}
}
