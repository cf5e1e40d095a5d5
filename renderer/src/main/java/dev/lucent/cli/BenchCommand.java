package dev.lucent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.cpu.CpuBenchProbe;
import dev.lucent.backend.cpu.CpuTime;
import dev.lucent.backend.cuda.CudaBackend;
import dev.lucent.backend.cuda.CudaBenchProbe;
import dev.lucent.bench.BenchProbe;
import dev.lucent.bench.BenchProbes;
import dev.lucent.bench.BenchResult;
import dev.lucent.bench.BenchScene;
import dev.lucent.bench.BenchSettings;
import dev.lucent.bench.BenchTable;
import dev.lucent.bench.RayRate;
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
 * {@code lucent bench}: throughput of a backend, measured by that backend's {@link BenchProbe}. Per scene
 * (default: the project's Cornell box and DamagedHelmet under the sky, plus 10M procedural triangles on GPU
 * backends): primary, shadow and diffuse-bounce rays traced per second (no shading; CPU: no shadow test), and
 * paths per second and time per sample pass of the full integrator. GPU figures come from GPU timers (CUDA
 * events). The cpu backend adds the comparison with Blender Cycles on the same class of machine: the Cornell
 * box at 256x256, 64 samples per pixel, up to 16 bounces, which Cycles renders in about {@value #CYCLES_SECONDS}
 * s; its figures come with the process CPU time, since wall-clock time on a shared machine also measures the
 * other programs.
 *
 * <p>The backend-agnostic part (scene list, settings, tables, JSON) is here and in {@code dev.lucent.bench}; a
 * comparison of backends runs {@link #runProbe} once per backend over the same scenes and settings.
 */
@Command(name = "bench", sortOptions = false, description = "Measure ray and path throughput of a render backend.")
public final class BenchCommand implements Callable<Integer> {
    /** Blender Cycles' render time for the comparison render on the 2-core reference machine, seconds. */
    static final double CYCLES_SECONDS = 3.7;
    /** Triangles of the procedural scene GPU backends add to the default scenes. */
    static final long GPU_DEFAULT_PROCEDURAL = 10_000_000;

    static {
        BenchProbes.register(CpuBackend.NAME, () -> new CpuBenchProbe(0));
        BenchProbes.register(CudaBackend.NAME, CudaBenchProbe::new);
    }

    @Parameters(arity = "0..*", paramLabel = "SCENE",
            description = "Scenes to measure (default: scenes/cornell-box.json and scenes/helmet-sky.json, and on "
                    + "GPU backends --procedural 10000000 too).")
    List<Path> scenes = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to measure: cpu or cuda (default cpu).")
    String backend = CpuBackend.NAME;

    @Option(names = "--procedural", paramLabel = "TRIANGLES",
            description = "Also measure a procedural scene of about this many triangles (blobs on a terrain).")
    Long procedural;

    @Option(names = "--threads", paramLabel = "T", description = "CPU threads (default: all processors).")
    int threads = 0;

    @Option(names = "--width", paramLabel = "W", description = "Image width (default 256 cpu, 1920 GPU).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Image height (default 256 cpu, 1080 GPU).")
    Integer height;

    @Option(names = "--spp", paramLabel = "N",
            description = "Sample passes of the path test (default 16).")
    Integer spp;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Timed launches per GPU ray test, median reported (default 30).")
    Integer iterations;

    @Option(names = "--seconds", paramLabel = "S", description = "Least time per CPU ray test (default 2).")
    Double seconds;

    @Option(names = "--no-cycles", description = "Skip the Cycles comparison render (cpu).")
    boolean noCycles;

    @Option(names = "--cycles-only", description = "Only the Cycles comparison render (to time it alternately with "
            + "Cycles itself: tools/cycles-cornell.py).")
    boolean cyclesOnly;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--compare", paramLabel = "A,B", split = ",",
            description = "Compare two GPU backends (cuda,vulkan) on the scenes with identical sample sequences: GPU "
                    + "time per pass, AS build, rays/s, GPU memory, image agreement (see BenchCompare). --spp is the "
                    + "number of timed passes.")
    List<String> compare;

    @Option(names = "--csv", paramLabel = "FILE", description = "With --compare: also write the figures as CSV.")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (compare != null) return compare();
        if (noCycles && cyclesOnly) {
            throw new ParameterException(spec.commandLine(), "--no-cycles and --cycles-only exclude each other");
        }
        if (cyclesOnly && !backend.equalsIgnoreCase(CpuBackend.NAME)) {
            throw new ParameterException(spec.commandLine(), "--cycles-only measures the cpu backend only");
        }
        if ((width != null && width < 1) || (height != null && height < 1) || (spp != null && spp < 1)
                || (iterations != null && iterations < 1) || (seconds != null && !(seconds >= 0)) || threads < 0
                || (procedural != null && procedural < 1)) {
            throw new ParameterException(spec.commandLine(), "--width, --height, --spp, --iterations and "
                    + "--procedural must be at least 1, --seconds and --threads at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        // The project's scenes: beside the launcher in a checkout, else (a bundle has none) under the current folder.
        Path home = Path.of(System.getProperty("lucent.home", "."));
        if (!java.nio.file.Files.isDirectory(home.resolve("scenes"))) home = Path.of(".");
        boolean cpu = backend.equalsIgnoreCase(CpuBackend.NAME);
        Map<String, Object> report = new LinkedHashMap<>();
        if (!cyclesOnly) {
            try (BenchProbe probe = createProbe(backend)) {
                List<BenchScene> list = new ArrayList<>();
                List<Path> files = scenes.isEmpty()
                        ? List.of(home.resolve("scenes/cornell-box.json"), home.resolve("scenes/helmet-sky.json"))
                        : scenes;
                for (Path f : files) list.add(BenchScene.file(InputFiles.requireReadableFile(f)));
                Long proc = procedural != null ? procedural : !cpu && scenes.isEmpty() ? GPU_DEFAULT_PROCEDURAL : null;
                if (proc != null) list.add(BenchScene.procedural(proc));
                BenchSettings settings = settings(probe.defaults());
                report.putAll(probe.header());
                report.put("width", settings.width());
                report.put("height", settings.height());
                out.printf(Locale.ROOT, "Lucent bench: %s backend, %s%n", probe.backend(), probe.device());
                out.flush();
                List<BenchResult> results = runProbe(probe, list, settings, out);
                out.println();
                BenchTable.print(out, settings, results);
                if (cpu) printCpuTimes(out, results);
                out.flush();
                List<Map<String, Object>> rows = new ArrayList<>();
                for (BenchResult r : results) rows.add(r.toJson());
                report.put("scenes", rows);
            }
        }
        if (cpu && !noCycles) {
            int resolvedThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            report.put("cyclesComparison", cyclesComparison(home, resolvedThreads, out));
        }
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

    /**
     * {@code --compare A,B}: {@link BenchCompare} over the same scene list as a GPU bench (the files named, else the
     * Cornell box, DamagedHelmet under the sky and {@value #GPU_DEFAULT_PROCEDURAL} procedural triangles; plus
     * {@code --procedural N}), at 1920x1080 and 16 timed sample passes unless --width/--height/--spp say otherwise.
     */
    private int compare() {
        int w = width != null ? width : 1920, h = height != null ? height : 1080, passes = spp != null ? spp : 16;
        if (w < 1 || h < 1 || passes < 1 || (procedural != null && procedural < 1)) {
            throw new ParameterException(spec.commandLine(), "--width, --height, --spp and --procedural must be at least 1");
        }
        List<String> names = new ArrayList<>();
        for (String c : compare) names.add(c.trim().toLowerCase(Locale.ROOT));
        BenchCompare bench = new BenchCompare(names, w, h, passes);
        Path home = Path.of(System.getProperty("lucent.home", "."));
        if (!java.nio.file.Files.isDirectory(home.resolve("scenes"))) home = Path.of(".");
        List<BenchScene> list = new ArrayList<>();
        List<Path> files = scenes.isEmpty()
                ? List.of(home.resolve("scenes/cornell-box.json"), home.resolve("scenes/helmet-sky.json")) : scenes;
        for (Path f : files) list.add(BenchScene.file(InputFiles.requireReadableFile(f)));
        Long proc = procedural != null ? procedural : scenes.isEmpty() ? GPU_DEFAULT_PROCEDURAL : null;
        if (proc != null) list.add(BenchScene.procedural(proc));
        bench.run(list, spec.commandLine().getOut(), json, csv);
        return Main.EXIT_OK;
    }

    /** The probe of backend {@code name}; a backend that cannot run here becomes a one-line CLI error. */
    BenchProbe createProbe(String name) {
        try {
            if (name.equalsIgnoreCase(CpuBackend.NAME)) return new CpuBenchProbe(threads);
            return BenchProbes.create(name);
        } catch (BackendUnavailableException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** The command line's settings over the probe's defaults. */
    BenchSettings settings(BenchSettings d) {
        return new BenchSettings(width != null ? width : d.width(), height != null ? height : d.height(),
                spp != null ? spp : d.samplesPerPixel(), iterations != null ? iterations : d.iterations(),
                seconds != null ? seconds : d.seconds(), threads);
    }

    /** Measures every scene with {@code probe}, logging one line per scene as it finishes. */
    public static List<BenchResult> runProbe(BenchProbe probe, List<BenchScene> list, BenchSettings settings,
            PrintWriter out) {
        List<BenchResult> results = new ArrayList<>();
        for (BenchScene s : list) {
            BenchResult r = probe.measure(s, settings, out);
            results.add(r);
            out.printf(Locale.ROOT, "%s %s: primary %s, shadow %s, diffuse %s Mrays/s; %s paths/s, %.3f ms/pass%n",
                    probe.backend(), r.scene(), fmt(r.primary()), fmt(r.shadow()), fmt(r.diffuse()),
                    RenderReport.si(r.paths().pathsPerSecond()), r.paths().msPerPass());
            out.flush();
        }
        return results;
    }

    private static String fmt(RayRate r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.1f", r.mraysPerSecond());
    }

    private static void printCpuTimes(PrintWriter out, List<BenchResult> results) {
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, "%-26s CPU ns per primary ray %.0f, per diffuse ray %.0f, per path %.0f "
                    + "(%.1f rays/path)%n", r.scene(), r.primary().extra().get("cpuNanosPerRay"),
                    r.diffuse().extra().get("cpuNanosPerRay"), r.paths().extra().get("cpuNanosPerPath"),
                    r.paths().raysPerPath());
        }
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
