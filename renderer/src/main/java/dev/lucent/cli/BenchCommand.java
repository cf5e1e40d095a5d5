package dev.lucent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.backend.cpu.CpuRayBenchmark;
import dev.lucent.backend.cpu.CpuTime;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.AtomicFiles;
import dev.lucent.image.Film;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lucent bench}: throughput of a backend. Per scene (default: the project's Cornell box and
 * DamagedHelmet under the sky): primary rays and diffuse bounce rays traced per second (closest hit, no
 * shading; {@link CpuRayBenchmark}), and paths per second of the full integrator (pixel samples of a
 * width x height render at the scene's max depth). Then the comparison with Blender Cycles on the same class of
 * machine: the Cornell box at 256x256, 64 samples per pixel, up to 16 bounces, which Cycles renders in about
 * {@value #CYCLES_SECONDS} s. Every figure comes with the process CPU time, since wall-clock time on a shared
 * machine also measures the other programs. Warm-up renders run first so the JIT has compiled the hot code.
 */
@Command(name = "bench", sortOptions = false, description = "Measure ray and path throughput of a render backend.")
public final class BenchCommand implements Callable<Integer> {
    /** Blender Cycles' render time for the comparison render on the 2-core reference machine, seconds. */
    static final double CYCLES_SECONDS = 3.7;

    @Parameters(arity = "0..*", paramLabel = "SCENE",
            description = "Scenes to measure (default: scenes/cornell-box.json and scenes/helmet-sky.json).")
    List<Path> scenes = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to measure (only cpu has a benchmark).")
    String backend = CpuBackend.NAME;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
    int threads = 0;

    @Option(names = "--width", paramLabel = "W", description = "Image width (default ${DEFAULT-VALUE}).")
    int width = 256;

    @Option(names = "--height", paramLabel = "H", description = "Image height (default ${DEFAULT-VALUE}).")
    int height = 256;

    @Option(names = "--spp", paramLabel = "N",
            description = "Samples per pixel of the path test (default ${DEFAULT-VALUE}).")
    int spp = 16;

    @Option(names = "--seconds", paramLabel = "S", description = "Least time per ray test (default ${DEFAULT-VALUE}).")
    double seconds = 2;

    @Option(names = "--no-cycles", description = "Skip the Cycles comparison render.")
    boolean noCycles;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--compare", paramLabel = "A,B", split = ",",
            description = "Compare two GPU backends (cuda,vulkan) on the scenes with identical sample sequences: GPU "
                    + "time per pass, AS build, rays/s, GPU memory, image agreement (see BenchCompare). SCENE may be "
                    + "blobs-10m (10M procedural triangles). --spp is the number of timed passes.")
    List<String> compare;

    @Option(names = "--csv", paramLabel = "FILE", description = "With --compare: also write the figures as CSV.")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (compare != null) {
            if (width < 1 || height < 1 || spp < 1) {
                throw new ParameterException(spec.commandLine(), "--width, --height and --spp must be at least 1");
            }
            List<String> names = new ArrayList<>();
            for (String c : compare) names.add(c.trim().toLowerCase(Locale.ROOT));
            List<String> list = new ArrayList<>();
            for (Path p : scenes) list.add(p.toString());
            if (list.isEmpty()) list = List.of("scenes/cornell-box.json", "scenes/helmet-sky.json");
            new BenchCompare(names, width, height, spp).run(list, spec.commandLine().getOut(), json, csv);
            return Main.EXIT_OK;
        }
        if (!backend.equalsIgnoreCase(CpuBackend.NAME)) {
            throw new CliException(backend + ": no benchmark: lucent bench measures the cpu backend only");
        }
        if (width < 1 || height < 1 || spp < 1 || !(seconds >= 0) || threads < 0) {
            throw new ParameterException(spec.commandLine(), "--width, --height and --spp must be at least 1, "
                    + "--seconds and --threads at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        // The project's scenes: beside the launcher in a checkout, else (a bundle has none) under the current folder.
        Path home = Path.of(System.getProperty("lucent.home", "."));
        if (!java.nio.file.Files.isDirectory(home.resolve("scenes"))) home = Path.of(".");
        List<Path> list = scenes.isEmpty()
                ? List.of(home.resolve("scenes/cornell-box.json"), home.resolve("scenes/helmet-sky.json")) : scenes;
        int resolvedThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("backend", "cpu");
        report.put("threads", resolvedThreads);
        report.put("processors", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.put("width", width);
        report.put("height", height);
        out.printf(Locale.ROOT, "Lucent bench: cpu backend, %d thread%s, %d processors, %s%n", resolvedThreads,
                resolvedThreads == 1 ? "" : "s", Runtime.getRuntime().availableProcessors(), report.get("java"));
        out.printf(Locale.ROOT, "%-24s %14s %14s %16s %14s%n", "scene", "primary rays/s", "diffuse rays/s",
                "paths/s (" + width + "x" + height + ")", "CPU ns/path");
        out.flush();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path p : list) rows.add(measureScene(p, resolvedThreads, out));
        report.put("scenes", rows);
        if (!noCycles) report.put("cyclesComparison", cyclesComparison(home, resolvedThreads, out));
        if (json != null) {
            try {
                AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(report));
            } catch (IOException e) {
                throw new CliException(json + ": cannot write: " + e.getMessage(), e);
            }
        }
        return Main.EXIT_OK;
    }

    private Map<String, Object> measureScene(Path file, int threads, PrintWriter out) {
        Scene scene = SceneLoader.load(InputFiles.requireReadableFile(file));
        RenderSettings s = RenderSettings.defaults().overlay(scene.settings);
        CompileOptions options = new CompileOptions(0, width, height, BvhOptions.defaults(), s.camera);
        Map<String, Object> row = new LinkedHashMap<>();
        try (CompiledScene compiled = SceneCompiler.compile(scene, options); CpuBackend cpu = new CpuBackend()) {
            RenderOptions render = new RenderOptions(s.maxDepth, s.clamp, s.seed, threads, null);
            cpu.prepare(compiled, render);
            cpu.render(new Film(width, height), 0, 2, null); // warm-up
            CpuRayBenchmark bench = new CpuRayBenchmark(cpu, compiled, threads);
            float[] primary = bench.primaryRays(width, height);
            float[] diffuse = bench.diffuseRays(primary);
            bench.trace(primary, Math.min(0.5, seconds)); // warm-up
            CpuRayBenchmark.Result pr = bench.trace(primary, seconds);
            CpuRayBenchmark.Result dr = bench.trace(diffuse, seconds);
            double cpu0 = CpuTime.processSeconds();
            RenderStats paths = cpu.render(new Film(width, height), 0, spp, null);
            double pathCpu = CpuTime.processSeconds() - cpu0;
            row.put("scene", file.toString());
            row.put("triangles", compiled.instancedTriangleCount);
            row.put("flattened", cpu.flattened());
            row.put("maxDepth", s.maxDepth);
            row.put("primary", figures(pr));
            row.put("diffuse", figures(dr));
            Map<String, Object> pathFigures = new LinkedHashMap<>();
            pathFigures.put("spp", spp);
            pathFigures.put("seconds", paths.seconds());
            pathFigures.put("cpuSeconds", pathCpu);
            pathFigures.put("pathsPerSecond", paths.samplesPerSecond());
            pathFigures.put("raysPerPath", paths.rays() / (double) paths.samples());
            pathFigures.put("mraysPerSecond", paths.mraysPerSecond());
            pathFigures.put("cpuNanosPerPath", pathCpu * 1e9 / paths.samples());
            row.put("paths", pathFigures);
            out.printf(Locale.ROOT, "%-24s %14s %14s %16s %14.0f%n", file.getFileName(),
                    RenderReport.si(pr.mraysPerSecond() * 1e6), RenderReport.si(dr.mraysPerSecond() * 1e6),
                    RenderReport.si(paths.samplesPerSecond()), pathCpu * 1e9 / paths.samples());
            out.printf(Locale.ROOT, "%-24s %14s %14s %16s%n", "  CPU ns per ray / path", 
                    String.format(Locale.ROOT, "%.0f", pr.cpuNanosPerRay()),
                    String.format(Locale.ROOT, "%.0f", dr.cpuNanosPerRay()),
                    String.format(Locale.ROOT, "%.1f rays/path", paths.rays() / (double) paths.samples()));
            out.flush();
        }
        return row;
    }

    private static Map<String, Object> figures(CpuRayBenchmark.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rays", r.rays());
        m.put("seconds", r.seconds());
        m.put("cpuSeconds", r.cpuSeconds());
        m.put("mraysPerSecond", r.mraysPerSecond());
        m.put("cpuNanosPerRay", r.cpuNanosPerRay());
        m.put("hitFraction", r.rays() > 0 ? r.hits() / (double) r.rays() : 0);
        return m;
    }

    /** The Cornell box at 256x256, 64 spp, max depth 16, against Cycles' 3.7 s. */
    private Map<String, Object> cyclesComparison(Path home, int threads, PrintWriter out) {
        Path file = home.resolve("scenes/cornell-box.json");
        Scene scene = SceneLoader.load(InputFiles.requireReadableFile(file));
        Map<String, Object> m = new LinkedHashMap<>();
        try (CompiledScene compiled = SceneCompiler.compile(scene,
                new CompileOptions(0, 256, 256, BvhOptions.defaults(), null)); CpuBackend cpu = new CpuBackend()) {
            cpu.prepare(compiled, new RenderOptions(16, 0, 0, threads, null));
            cpu.render(new Film(256, 256), 0, 8, null); // warm-up
            double cpu0 = CpuTime.processSeconds();
            RenderStats r = cpu.render(new Film(256, 256), 0, 64, null);
            double cpuSeconds = CpuTime.processSeconds() - cpu0;
            m.put("seconds", r.seconds());
            m.put("cpuSeconds", cpuSeconds);
            m.put("cyclesSeconds", CYCLES_SECONDS);
            m.put("samplesPerSecond", r.samplesPerSecond());
            m.put("mraysPerSecond", r.mraysPerSecond());
            out.printf(Locale.ROOT, "Cycles comparison: Cornell box 256x256, 64 spp, max depth 16: %.2f s render "
                    + "(%.2f s CPU on %d thread%s), %s samples/s, %s rays/s; Cycles %.1f s: %s%n", r.seconds(),
                    cpuSeconds, threads, threads == 1 ? "" : "s", RenderReport.si(r.samplesPerSecond()),
                    RenderReport.si(r.mraysPerSecond() * 1e6), CYCLES_SECONDS,
                    r.seconds() <= CYCLES_SECONDS
                            ? String.format(Locale.ROOT, "%.2fx faster", CYCLES_SECONDS / r.seconds())
                            : String.format(Locale.ROOT, "%.2fx slower", r.seconds() / CYCLES_SECONDS));
            out.flush();
        }
        return m;
    }
}
