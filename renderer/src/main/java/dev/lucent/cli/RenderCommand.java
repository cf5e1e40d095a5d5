package dev.lucent.cli;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.Backends;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.denoise.DenoiseInput;
import dev.lucent.denoise.DenoisedLayer;
import dev.lucent.denoise.Denoiser;
import dev.lucent.denoise.DenoiserUnavailableException;
import dev.lucent.denoise.Denoisers;
import dev.lucent.denoise.IdentityDenoiser;
import dev.lucent.image.ExrWriter;
import dev.lucent.image.DisplayTransform;
import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import dev.lucent.image.PixelFilter;
import dev.lucent.image.PngWriter;
import dev.lucent.image.ToneMapper;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * {@code lucent render SCENE -o OUT}: renders a scene, or a sequence of frames, to PNG or OpenEXR.
 *
 * <p>Settings come from, in increasing precedence: Lucent's defaults, the scene file's {@code "render"} block,
 * the command line. The output format follows the extension: {@code .png} is tone-mapped 8-bit sRGB
 * (exposure, tone map) with the render settings as text metadata; {@code .exr} is the linear image with the
 * AOV layers (albedo, normal, depth, variance) and the film's exact accumulation state, which
 * {@code --resume} continues. {@code --aov} with a PNG also writes that EXR beside it. Every file is written
 * atomically (a temporary file renamed over the target), so an interrupted render never leaves a truncated
 * image, and an existing image survives a failed render.
 *
 * <p>Batches: {@code --frames} renders frames at time frame / fps (the scene file's {@code animation.fps},
 * default 24) to an output name whose {@code #} run becomes the zero-padded frame number; the compiled scene
 * is updated per frame (instances, TLAS, lights, cameras; mesh BVHs reused). A frame whose output exists is
 * skipped unless {@code --overwrite} (or continued with {@code --resume}), so a killed batch picks up where
 * it stopped; {@code --shard i/N} renders the frames at list positions congruent to i mod N. Without
 * {@code --frames} the single image at time 0 is written, replacing an existing file.
 *
 * <p>Exit status 0 on success; 2 with one line on stderr for bad options, a bad scene or an unavailable
 * backend; 1 for an internal error.
 */
@Command(name = "render", sortOptions = false, description = "Render a scene (or a sequence of frames) to PNG or EXR.")
public final class RenderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENE",
            description = "Scene file: Lucent scene (.json), glTF (.gltf/.glb), OBJ or PLY.")
    Path scene;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output image, .png or .exr; with --frames a pattern such as out/frame_####.png.")
    String output;

    @Option(names = "--spp", paramLabel = "N", description = "Samples per pixel (scene file, else 64).")
    Integer spp;

    @Option(names = "--width", paramLabel = "W", description = "Image width in pixels (scene file, else 640).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Image height in pixels (scene file, else 480).")
    Integer height;

    @Option(names = "--max-depth", paramLabel = "D", description = "Largest number of bounces (scene file, else 8).")
    Integer maxDepth;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (scene file, else 0).")
    Long seed;

    @Option(names = "--threads", paramLabel = "T", description = "CPU threads (default: all processors).")
    Integer threads;

    @Option(names = "--backend", paramLabel = "NAME", description = "Render backend: cpu, cuda, vulkan (default cpu).")
    String backend = Backends.defaultName();

    @Option(names = "--devices", paramLabel = "LIST",
            description = "CUDA devices for --backend cuda: all, or indices such as 0,1 (default all).")
    String devices = "all";

    @Option(names = "--vk-debug", description = "With --backend vulkan: enable the Vulkan validation layer "
            + "(messages to stderr).")
    boolean vkDebug;

    @Option(names = "--camera", paramLabel = "NAME", description = "Camera to render (default: the first).")
    String camera;

    @Option(names = "--exposure", paramLabel = "STOPS", description = "Exposure compensation for PNG output.")
    Float exposure;

    @Option(names = {"--tonemap", "--tone-map"}, paramLabel = "NAME",
            description = "Tone map for PNG output: neutral, aces, agx, clamp.")
    String toneMap;

    @Option(names = "--clamp", paramLabel = "L", description = "Per-sample radiance clamp, 0 = off (default).")
    Float clamp;

    @Option(names = "--filter", paramLabel = "NAME",
            description = "Pixel filter: gaussian (default), box, tent, blackman-harris.")
    String filter;

    @Option(names = "--frames", paramLabel = "LIST", description = "Frames to render, e.g. 1-240 or 1-100:5,120.")
    String frames;

    @Option(names = "--shard", paramLabel = "i/N",
            description = "Render only list positions i, i+N, i+2N, ... (0 <= i < N).")
    String shard;

    @Option(names = "--overwrite", description = "Render frames whose output already exists.")
    boolean overwrite;

    @Option(names = "--resume",
            description = "Continue an existing .exr output of the same scene and settings up to --spp.")
    boolean resume;

    @Option(names = "--denoise", paramLabel = "NAME",
            description = "Denoiser: none (default), cpu, optix. PNG shows the denoised image; EXR keeps the noisy "
                    + "beauty and adds the layer denoised.R/G/B.")
    String denoise = "none";

    @Option(names = "--aov", description = "With a .png output, also write the linear EXR with AOV layers beside it.")
    boolean aov;

    @Option(names = "--stats-json", paramLabel = "FILE", description = "Write the render statistics as JSON.")
    Path statsJson;

    @Option(names = "--progress", description = "Show the progress bar even when not on a terminal.")
    boolean progress;

    @Spec
    CommandSpec spec;

    /** Metadata key with everything a resumed render must share with the film it continues. */
    static final String RESUME_KEY = "lucent.resumeKey";
    static final String FRAME_KEY = "lucent.frame";
    static final String TIME_KEY = "lucent.time";
    static final String DENOISE_SECONDS_KEY = "lucent.denoiseSeconds";

    /** The chosen denoiser, or null for none; resolved before anything is rendered. */
    private Denoiser denoiser;

    /** One frame to render. */
    private record Job(int frame, float time, Path output) {}

    @Override
    public Integer call() {
        long wallStart = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        String kind = outputKind(output);
        if (resume && !kind.equals("exr")) {
            throw usage("--resume continues an .exr output (a PNG holds no accumulation state)");
        }
        boolean batch = frames != null;
        List<Integer> frameList = List.of(0);
        if (batch) {
            try {
                frameList = FrameList.parse(frames);
                if (shard != null) frameList = ShardSpec.parse(shard).select(frameList);
            } catch (IllegalArgumentException e) {
                throw usage((shard != null && e.getMessage().startsWith("shard") ? "--shard: " : "--frames: ")
                        + e.getMessage());
            }
            if (FrameList.parse(frames).size() > 1 && !FramePattern.hasPlaceholder(output)) {
                throw usage("--frames gives several frames but the output '" + output
                        + "' has no # to number them (e.g. out/frame_####.png)");
            }
        } else if (shard != null) {
            throw usage("--shard needs --frames");
        }

        Scene loaded = SceneLoader.load(InputFiles.requireReadableFile(scene));
        RenderSettings settings = RenderSettings.defaults().overlay(loaded.settings).overlay(cliSettings());
        validate(settings);
        denoiser = denoiserNamed(denoise, settings.threads != null ? settings.threads
                : Runtime.getRuntime().availableProcessors());
        PixelFilter pixelFilter = pixelFilter();
        DisplayTransform display = displayTransform(settings);
        float fps = settings.fps;

        List<Job> jobs = new ArrayList<>();
        for (int f : frameList) {
            jobs.add(new Job(f, batch ? f / fps : 0, Path.of(FramePattern.resolve(output, f))));
        }

        RenderReport report = new RenderReport();
        RenderOptions options = new RenderOptions(settings.maxDepth, settings.clamp, settings.seed,
                settings.threads != null ? settings.threads : 0, pixelFilter);
        report.header.put("scene", scene.toString());
        report.header.put("output", output);
        report.header.put("backend", backend);
        report.header.put("width", settings.width);
        report.header.put("height", settings.height);
        report.header.put("spp", settings.spp);
        report.header.put("maxDepth", settings.maxDepth);
        report.header.put("seed", settings.seed);

        // Frames whose output exists are skipped before anything is compiled.
        List<Job> todo = new ArrayList<>();
        for (Job j : jobs) {
            if (batch && !overwrite && !resume && Files.exists(j.output())) {
                RenderReport.Frame skipped = new RenderReport.Frame(j.frame(), j.time(), j.output(), "skipped", 0, 0,
                        null);
                report.add(skipped);
                out.println(RenderReport.frameLine(skipped));
            } else {
                todo.add(j);
            }
        }

        String deviceName = "-";
        try {
            if (!todo.isEmpty()) {
                CompileOptions compileOptions = new CompileOptions(todo.get(0).time(), settings.width, settings.height,
                        BvhOptions.defaults(), settings.camera);
                try (CompiledScene compiled = SceneCompiler.compile(loaded, compileOptions);
                        RenderBackend renderer = createBackend()) {
                    renderer.prepare(compiled, options);
                    deviceName = renderer.deviceName();
                    report.header.put("device", deviceName);
                    boolean showProgress = progress || System.console() != null;
                    ProgressBar bar = new ProgressBar(err, showProgress,
                            (long) todo.size() * settings.width * settings.height * settings.spp);
                    float preparedTime = todo.get(0).time();
                    int index = 0;
                    for (Job j : todo) {
                        index++;
                        if (j.time() != preparedTime) {
                            compiled.updateInstances(loaded, j.time());
                            renderer.prepare(compiled, options);
                            preparedTime = j.time();
                        }
                        RenderReport.Frame result = renderFrame(j, settings, options, display, renderer, bar,
                                batch ? "frame " + j.frame() + " (" + index + "/" + todo.size() + ")" : "");
                        report.add(result);
                        if (batch) out.println(RenderReport.frameLine(result));
                        out.flush();
                    }
                }
            }
        } finally {
            if (denoiser != null) denoiser.close();
        }
        report.header.putIfAbsent("device", deviceName);
        report.wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        report.printSummary(out, batch);
        if (statsJson != null) report.writeJson(statsJson);
        return Main.EXIT_OK;
    }

    /** Renders one frame (new or resumed) and writes its outputs. */
    private RenderReport.Frame renderFrame(Job j, RenderSettings settings, RenderOptions options,
            DisplayTransform display, RenderBackend renderer, ProgressBar bar, String label) {
        String key = resumeKey(settings, options, j.time());
        Film film;
        if (resume && Files.exists(j.output())) {
            film = FilmIo.load(j.output());
            ImageMetadata old = readMetadata(j.output());
            String oldKey = old.get(RESUME_KEY);
            if (!key.equals(oldKey)) {
                throw new CliException(j.output() + ": cannot resume: " + difference(oldKey, key));
            }
            int[] range = film.sampleCountRange();
            if (range[0] != range[1]) {
                throw new CliException(j.output() + ": cannot resume: its pixels hold " + range[0] + " to "
                        + range[1] + " samples");
            }
            if (range[0] >= settings.spp) {
                return new RenderReport.Frame(j.frame(), j.time(), j.output(), "complete", 0, range[0], null);
            }
        } else {
            film = new Film(settings.width, settings.height);
        }
        int first = film.sampleCountRange()[0];
        int count = settings.spp - first;
        bar.startFrame(label);
        RenderStats stats = renderer.render(film, first, count, bar);
        bar.endFrame((long) settings.width * settings.height * settings.spp);

        RenderSettings written = RenderSettings.defaults().overlay(settings);
        written.spp = settings.spp;
        ImageMetadata metadata = ImageMetadata.forRender(written, renderer.name(), stats.seconds())
                .put(ImageMetadata.SCENE, scene.toString())
                .put(FRAME_KEY, Integer.toString(j.frame()))
                .put(TIME_KEY, Float.toString(j.time()))
                .put(RESUME_KEY, key);
        float[] denoised = null;
        if (denoiser != null) {
            long t0 = System.nanoTime();
            denoised = denoiser.denoise(DenoiseInput.fromFilm(film));
            metadata.put(DenoisedLayer.DENOISER_ATTRIBUTE, denoiser.name())
                    .put(DENOISE_SECONDS_KEY, String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e9));
        }
        if (outputKind(j.output().toString()).equals("png")) {
            PngWriter.write(j.output(), denoised == null ? display.apply(film)
                    : display.apply(film.width(), film.height(), denoised), metadata);
            if (aov) writeExr(exrBeside(j.output()), film, metadata, denoised);
        } else {
            writeExr(j.output(), film, metadata, denoised);
        }
        return new RenderReport.Frame(j.frame(), j.time(), j.output(), "rendered", first, count, stats);
    }

    /** The resumable EXR of {@code film}, with the denoised layer when there is one. */
    private static void writeExr(Path target, Film film, ImageMetadata metadata, float[] denoised) {
        if (denoised == null) {
            FilmIo.save(target, film, metadata);
        } else {
            ExrWriter.write(target, DenoisedLayer.addTo(FilmIo.stateImage(film, metadata), denoised,
                    metadata.get(DenoisedLayer.DENOISER_ATTRIBUTE)));
        }
    }

    /** The attributes of an existing EXR, for the resume check. */
    private static ImageMetadata readMetadata(Path exr) {
        ImageMetadata m = new ImageMetadata();
        for (Map.Entry<String, String> e : dev.lucent.image.ExrReader.read(exr).attributes().entrySet()) {
            try {
                m.put(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ignored) {
                // Not a Lucent key (OpenEXR allows names PNG keywords do not); irrelevant to resuming.
            }
        }
        return m;
    }

    /**
     * Everything a film's samples depend on besides the sample indices: the scene file, image size, camera,
     * max depth, seed, clamp, filter, time. Space-separated key=value pairs.
     */
    private String resumeKey(RenderSettings s, RenderOptions o, float time) {
        return "scene=" + scene.toAbsolutePath().normalize() + " width=" + s.width + " height=" + s.height
                + " camera=" + (s.camera != null ? s.camera : "(first)") + " maxDepth=" + o.maxDepth() + " seed="
                + o.seed() + " clamp=" + o.clamp() + " filter=" + o.filter().name() + " time=" + time;
    }

    /** "width is 64 there, 32 here" for the first differing pair of two resume keys. */
    private static String difference(String old, String now) {
        if (old == null) return "it was not written by lucent render (no " + RESUME_KEY + " attribute)";
        Map<String, String> a = pairs(old), b = pairs(now);
        List<String> diffs = new ArrayList<>();
        for (String k : b.keySet()) {
            if (!b.get(k).equals(a.get(k))) diffs.add(k + " is " + a.getOrDefault(k, "unset") + " there, " + b.get(k)
                    + " here");
        }
        return "it was rendered with other settings (" + String.join("; ", diffs) + ")";
    }

    private static Map<String, String> pairs(String key) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : key.split(" ")) {
            int eq = p.indexOf('=');
            if (eq > 0) m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return m;
    }

    /** The denoiser called {@code name}, null for "none"; unknown is a usage error, unavailable a failure. */
    private Denoiser denoiserNamed(String name, int workers) {
        if (name.equalsIgnoreCase(IdentityDenoiser.NAME)) return null;
        try {
            return Denoisers.byName(name, workers);
        } catch (DenoiserUnavailableException e) {
            throw new CliException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw usage("--denoise: " + e.getMessage());
        }
    }

    private RenderBackend createBackend() {
        try {
            Backends.setCudaDevices(devices);
            Backends.setVulkanDebug(vkDebug);
            return Backends.create(backend);
        } catch (BackendUnavailableException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** The command line's settings (unset options stay null). */
    private RenderSettings cliSettings() {
        RenderSettings s = new RenderSettings();
        s.width = width;
        s.height = height;
        s.spp = spp;
        s.maxDepth = maxDepth;
        s.seed = seed;
        s.threads = threads;
        s.clamp = clamp;
        s.camera = camera;
        s.exposure = exposure;
        s.toneMap = toneMap;
        return s;
    }

    private void validate(RenderSettings s) {
        require(s.width >= 1 && s.height >= 1, "image size must be at least 1x1, got " + s.width + "x" + s.height);
        require((long) s.width * s.height <= 1L << 28, "image of " + s.width + "x" + s.height
                + " pixels is too large (at most 268 million pixels)");
        require(s.spp >= 1, "--spp must be at least 1, got " + s.spp);
        require(s.maxDepth >= 0, "--max-depth must be at least 0, got " + s.maxDepth);
        require(s.threads == null || s.threads >= 1, "--threads must be at least 1, got " + s.threads);
        require(s.clamp >= 0 && Float.isFinite(s.clamp), "--clamp must be 0 (off) or positive, got " + s.clamp);
        require(Float.isFinite(s.exposure), "--exposure must be finite, got " + s.exposure);
        require(s.fps != null && s.fps > 0, "animation fps must be positive, got " + s.fps);
    }

    private void require(boolean ok, String message) {
        if (!ok) throw usage(message);
    }

    private PixelFilter pixelFilter() {
        if (filter == null) return PixelFilter.defaultFilter();
        try {
            return PixelFilter.named(filter);
        } catch (IllegalArgumentException e) {
            throw usage("--filter: " + e.getMessage());
        }
    }

    private DisplayTransform displayTransform(RenderSettings s) {
        try {
            return new DisplayTransform(s.exposure, ToneMapper.named(s.toneMap), false);
        } catch (IllegalArgumentException e) {
            throw usage("--tonemap: " + e.getMessage());
        }
    }

    /** "png" or "exr" from the output name; a usage error otherwise. */
    private String outputKind(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) return "png";
        if (lower.endsWith(".exr")) return "exr";
        throw usage("output '" + name + "' must end in .png or .exr");
    }

    static Path exrBeside(Path png) {
        String n = png.getFileName().toString();
        return png.resolveSibling(n.substring(0, n.length() - 4) + ".exr");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
