package dev.lucent.cli;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.Backends;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.backend.cuda.CudaBackend;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.LookAtCamera;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.denoise.CascadeReweightFilter;
import dev.lucent.denoise.DenoiseInput;
import dev.lucent.denoise.DenoisedLayer;
import dev.lucent.denoise.Denoiser;
import dev.lucent.denoise.DenoiserUnavailableException;
import dev.lucent.denoise.Denoisers;
import dev.lucent.denoise.IdentityDenoiser;
import dev.lucent.denoise.OptixDenoiser;
import dev.lucent.denoise.SequenceDenoiser;
import dev.lucent.denoise.TemporalDenoiser;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrWriter;
import dev.lucent.image.DisplayTransform;
import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import dev.lucent.image.LuminanceCascade;
import dev.lucent.image.PixelFilter;
import dev.lucent.image.PngWriter;
import dev.lucent.image.ToneMapper;
import dev.lucent.integrator.MotionProjector;
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
import picocli.CommandLine.Mixin;
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
 * AOV layers (albedo, normal, depth, variance, emission, motion) and the film's exact accumulation state, which
 * {@code --resume} continues. {@code --aov} with a PNG also writes that EXR beside it. The film records the firefly
 * cascade (Blender's "denoising data" in spirit: layers a later denoise reads) only when it is used: for
 * {@code --denoise cpu|cpu-regression} on the CPU backend (their firefly reweighting), or with
 * {@code --denoising-data} for a later {@code lucent denoise}; a resumed film keeps whatever its state file has.
 * Every file is written
 * atomically (a temporary file renamed over the target), so an interrupted render never leaves a truncated
 * image, and an existing image survives a failed render.
 *
 * <p>Batches: {@code --frames} renders frames at time frame / fps (the scene file's {@code animation.fps},
 * default 24) to an output name whose {@code #} run becomes the zero-padded frame number; the compiled scene
 * is updated per frame (instances, TLAS, lights, cameras; mesh BVHs reused). A frame whose output exists is
 * skipped unless {@code --overwrite} (or continued with {@code --resume}), so a killed batch picks up where
 * it stopped; {@code --shard i/N} renders the frames at list positions congruent to i mod N. In a batch the
 * motion AOV holds each pixel's screen-space motion from the previous frame of the (sharded) list (the CPU and
 * CUDA backends compute it; others leave it 0), and {@code --temporal} blends each denoised frame with that frame's
 * denoised image reprojected along it ({@link TemporalDenoiser}). On a backend of several devices {@code
 * --multi-gpu} ({@link MultiGpuMode}) either splits each frame over all devices or gives each device whole
 * frames ({@link FrameScheduler}: a backend ({@link RenderBackend#forDevice}) and compiled scene per device,
 * outputs still written in frame order on this thread). Without
 * {@code --frames} the single image at time 0 is written, replacing an existing file.
 *
 * <p>{@code --backend cuda --denoise optix} (not temporal) denoises straight from the device's accumulation, with
 * no host copy of the denoiser inputs, when one device (device 0) rendered the whole film; the EXR/PNG metadata
 * then has {@code lucent.denoisePath=device}. Where OptiX is unavailable the render stops before it starts with
 * the denoiser's one-line reason, as for every backend.
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

    @Mixin
    IntegratorOptions integrator;

    @Option(names = "--backend", paramLabel = "NAME", description = "Render backend: cpu, cuda, vulkan (default cpu).")
    String backend = Backends.defaultName();

    @Option(names = "--devices", paramLabel = "LIST",
            description = "CUDA devices for --backend cuda: all, or indices such as 0,1 (default all).")
    String devices = "all";

    @Option(names = "--multi-gpu", paramLabel = "MODE",
            description = "With --frames and several CUDA devices: frames (each device renders whole frames of its "
                    + "own), split (every frame cut over all devices) or auto (default: frames when at least as many "
                    + "frames are left to render as there are devices).")
    String multiGpuMode = "auto";

    @Option(names = "--vk-debug", description = "With --backend vulkan: enable the Vulkan validation layer "
            + "(messages to stderr).")
    boolean vkDebug;

    @Option(names = "--camera", paramLabel = "NAME", description = "Camera to render (default: the first).")
    String camera;

    @Option(names = "--camera-pos", paramLabel = "X,Y,Z",
            description = "Place the camera here (world space); needs --look-at. Replaces the chosen camera's pose.")
    String cameraPos;

    @Option(names = "--look-at", paramLabel = "X,Y,Z", description = "Point the camera looks at; needs --camera-pos.")
    String lookAt;

    @Option(names = "--up", paramLabel = "X,Y,Z", description = "Up direction with --camera-pos (default 0,1,0).")
    String up;

    @Option(names = "--fov", paramLabel = "DEG", description = "Vertical field of view in degrees (default: the camera's).")
    Float fov;

    @Option(names = "--lens-radius", paramLabel = "R",
            description = "Thin-lens aperture radius, world units, 0 = pinhole (default: the camera's).")
    Float lensRadius;

    @Option(names = "--focus-distance", paramLabel = "D", description = "Focus distance (default: the camera's).")
    Float focusDistance;

    @Option(names = "--env-intensity", paramLabel = "K", description = "Environment intensity (default: the scene's).")
    Float envIntensity;

    @Option(names = "--env-rotation", paramLabel = "DEG",
            description = "Environment rotation about +y in degrees (default: the scene's).")
    Float envRotation;

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
            description = "Denoiser: none (default), cpu, cpu-regression, optix. PNG shows the denoised image; EXR "
                    + "keeps the noisy beauty and adds the layer denoised.R/G/B.")
    String denoise = "none";

    @Option(names = "--denoising-data",
            description = "Record the firefly cascade (layers cascade0..7) in the EXR for a later lucent denoise "
                    + "cpu|cpu-regression|cpu-nfor (CPU backend; with a .png output needs --aov). --denoise cpu or "
                    + "cpu-regression on the CPU backend records it anyway.")
    boolean denoisingData;

    @Option(names = "--temporal",
            description = "With --frames and --denoise cpu|optix: temporal mode, each frame's denoised image blended with "
                    + "the previous frame's along the motion AOV (less flicker; optix: its temporal model). A resumed "
                    + "batch reads the previous frame's EXR.")
    boolean temporal;

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
    /** "device" when OptiX read the CUDA backend's accumulation in place (no host round trip); absent otherwise. */
    static final String DENOISE_PATH_KEY = "lucent.denoisePath";
    /** EXR/PNG attribute: the OptiX model and ABI of an OptiX denoiser, e.g. "temporal-aov, OptiX ABI 105". */
    static final String OPTIX_MODEL_KEY = "lucent.optixModel";
    /** Which frame's denoised image the temporal mode blended in ("none" for a restart). */
    static final String TEMPORAL_KEY = "lucent.temporalHistory";

    /** The chosen denoiser, or null for none; resolved before anything is rendered. */
    private Denoiser denoiser;

    /** Temporal mode around {@link #denoiser}, or null; its history belongs to frame {@link #historyFrame}. */
    private SequenceDenoiser temporalDenoiser;
    private Integer historyFrame;
    private PrintWriter errorStream;
    /** The firefly cascade new films record, or null for none ({@link #cascadeFor}). */
    private LuminanceCascade newFilmCascade;
    /** Whether new films record no cascade only because the image is too large for it ({@link #cascadeFor}). */
    private boolean cascadeTooLarge;
    /** Array length limit {@link #cascadeFor} checks the cascade against; smaller in tests. */
    long maxCascadeArrayLength = Film.MAX_ARRAY_LENGTH;

    /**
     * One frame to render; {@code previous} is the frame before it in the (sharded) frame list, the one its
     * motion vectors and temporal history refer to, or null for the first.
     */
    private record Job(int frame, float time, Path output, Job previous) {}

    @Override
    public Integer call() {
        long wallStart = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        errorStream = err;
        String kind = outputKind(output);
        if (resume && !kind.equals("exr")) {
            throw usage("--resume continues an .exr output (a PNG holds no accumulation state)");
        }
        if (denoisingData && kind.equals("png") && !aov) {
            throw usage("--denoising-data writes EXR layers: give an .exr output, or --aov with a .png");
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
        MultiGpuMode multiGpu;
        try {
            multiGpu = MultiGpuMode.parse(multiGpuMode);
        } catch (IllegalArgumentException e) {
            throw usage("--multi-gpu: " + e.getMessage());
        }
        if (multiGpu == MultiGpuMode.FRAMES && !batch) throw usage("--multi-gpu frames needs --frames");

        // The CUDA backend is created and its devices begin to open now, on a thread of their own, while the
        // scene loads and compiles; its errors surface where the backend is taken (after the scene's).
        boolean splitOnly = !batch || multiGpu == MultiGpuMode.SPLIT;
        try (EarlyBackend early = CudaBackend.NAME.equals(backend.toLowerCase(Locale.ROOT))
                ? new EarlyBackend(this::createBackend,
                        b -> splitOnly || (multiGpu == MultiGpuMode.AUTO && b.deviceCount() < 2))
                : null) {
            return render(early, wallStart, out, err, batch, frameList, multiGpu);
        }
    }

    /**
     * The command after its option checks: loads, compiles and renders. {@code early} is the backend being created
     * ahead (null: create it when needed).
     */
    private int render(EarlyBackend early, long wallStart, PrintWriter out, PrintWriter err, boolean batch,
            List<Integer> frameList, MultiGpuMode multiGpu) {
        Scene loaded = SceneLoader.load(InputFiles.requireReadableFile(scene));
        applyEnvironment(loaded);
        RenderSettings settings = RenderSettings.defaults().overlay(loaded.settings).overlay(cliSettings());
        validate(settings);
        if (temporal && !batch) throw usage("--temporal needs --frames");
        denoiser = denoiserNamed(denoise, settings.threads != null ? settings.threads
                : Runtime.getRuntime().availableProcessors(), temporal);
        PixelFilter pixelFilter = pixelFilter();
        DisplayTransform display = displayTransform(settings);
        float fps = settings.fps;

        if (temporal) temporalDenoiser = (SequenceDenoiser) denoiser;
        List<Job> jobs = new ArrayList<>();
        Job before = null;
        for (int f : frameList) {
            before = new Job(f, batch ? f / fps : 0, Path.of(FramePattern.resolve(output, f)), before);
            jobs.add(before);
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
                List<FrameSlot> slots = new ArrayList<>();
                try {
                    // The backend first, so that its devices open (openDevicesAsync) while the scene compiles.
                    RenderBackend renderer = early != null ? early.take() : createBackend();
                    int frameSlots = batch ? multiGpu.frameSlots(renderer.deviceCount(), todo.size()) : 0;
                    if (frameSlots == 0) renderer.openDevicesAsync();
                    try {
                        slots.add(new FrameSlot(SceneCompiler.compile(loaded, compileOptions)));
                    } catch (RuntimeException | Error e) {
                        renderer.close();
                        throw e;
                    }
                    slots.get(0).backend = renderer;
                    newFilmCascade = cascadeFor(renderer, settings.width, settings.height);
                    deviceName = renderer.deviceName();
                    report.header.put("device", deviceName);
                    if (frameSlots > 0) {
                        // Whole frames per device: each slot its own single-device backend and compiled scene.
                        slots.get(0).mainBackend = renderer;
                        try {
                            slots.get(0).backend = renderer.forDevice(0);
                        } catch (UnsupportedOperationException e) {
                            slots.get(0).backend = null;
                            throw usage("--multi-gpu frames: the " + renderer.name() + " backend renders on one device");
                        }
                        slots.get(0).backend.openDevicesAsync();
                        for (int s = 1; s < frameSlots; s++) {
                            RenderBackend own = renderer.forDevice(s);
                            own.openDevicesAsync();
                            FrameSlot slot;
                            try {
                                slot = new FrameSlot(SceneCompiler.compile(loaded, compileOptions));
                            } catch (RuntimeException | Error e) {
                                own.close();
                                throw e;
                            }
                            slots.add(slot);
                            slot.backend = own;
                        }
                    }
                    if (renderer.deviceCount() > 1 || frameSlots > 0) {
                        report.header.put("multiGpu", frameSlots > 0 ? "frames on " + frameSlots + " devices" : "split");
                    }
                    for (FrameSlot slot : slots) {
                        applyCamera(slot.compiled, settings);
                        slot.backend.prepare(slot.compiled, options);
                        slot.preparedTime = todo.get(0).time();
                    }
                    boolean showProgress = progress || System.console() != null;
                    ProgressBar bar = new ProgressBar(err, showProgress,
                            (long) todo.size() * settings.width * settings.height * settings.spp);
                    boolean concurrent = frameSlots > 0;
                    if (concurrent) bar.startSlots(slots.size(), todo.size());
                    String backendName = renderer.name();
                    new FrameScheduler<FrameSlot, RenderedFrame>(slots, 2 * slots.size()).run(todo.size(),
                            (slot, s, k) -> {
                                Job j = todo.get(k);
                                String label = batch ? "frame " + j.frame() + " (" + (k + 1) + "/" + todo.size() + ")" : "";
                                if (!concurrent) bar.startFrame(label);
                                RenderedFrame r = renderOnSlot(j, slot, loaded, settings, options,
                                        concurrent ? bar.slot(s) : bar, batch);
                                long samples = (long) settings.width * settings.height * settings.spp;
                                if (r.complete() == null) {
                                    if (concurrent) bar.slotFrameEnded(s, samples);
                                    else bar.endFrame(samples);
                                }
                                return r;
                            },
                            (k, r) -> {
                                RenderReport.Frame result = r.complete() != null ? r.complete()
                                        : writeFrame(r, settings, options, display, backendName,
                                                concurrent ? null : slots.get(0).backend);
                                report.add(result);
                                if (concurrent) bar.clear();
                                if (batch) out.println(RenderReport.frameLine(result));
                                out.flush();
                            });
                } finally {
                    for (FrameSlot slot : slots) slot.close();
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

    /**
     * What renders a job: a backend and the compiled scene it was prepared with, at time {@code preparedTime},
     * and the motion snapshot of the last frame it rendered. In split mode the one backend of the command; with
     * whole frames per device one per device ({@link RenderBackend#forDevice} of {@code mainBackend}), each
     * with its own compiled scene so the slots' frames can be at different times.
     */
    private static final class FrameSlot implements AutoCloseable {
        final CompiledScene compiled;
        RenderBackend backend, mainBackend;
        float preparedTime;
        Job snapshotJob;
        MotionProjector.Snapshot snapshot;

        FrameSlot(CompiledScene compiled) {
            this.compiled = compiled;
        }

        @Override
        public void close() {
            try {
                if (backend != null) backend.close();
                if (mainBackend != null) mainBackend.close();
            } finally {
                compiled.close();
            }
        }
    }

    /**
     * A job's film after its render, waiting to be written: its first sample and count, the render's
     * statistics and whether the backend computed the motion AOV; or {@code complete}, the report line of a
     * resumed frame that already had every sample (nothing rendered, nothing to write); {@code stateLacksCascade}
     * when the film was resumed from a state file without the firefly cascade.
     */
    private record RenderedFrame(Job job, Film film, int first, int count, RenderStats stats, boolean motion,
            RenderReport.Frame complete, boolean stateLacksCascade) {}

    /**
     * Moves {@code slot}'s scene to job {@code j}'s time (motion from the previous list frame: its camera and
     * instances, snapshotted after its render on this slot, or now by moving the scene to its time) and renders
     * the frame, new or resumed.
     */
    private RenderedFrame renderOnSlot(Job j, FrameSlot slot, Scene loaded, RenderSettings settings,
            RenderOptions options, RenderProgress progress, boolean batch) {
        CompiledScene compiled = slot.compiled;
        MotionProjector.Snapshot from = null;
        if (j.previous() != null) {
            if (slot.snapshotJob == j.previous()) {
                from = slot.snapshot;
            } else {
                if (j.previous().time() != slot.preparedTime) {
                    compiled.updateInstances(loaded, j.previous().time());
                    applyCamera(compiled, settings);
                    slot.preparedTime = j.previous().time();
                }
                from = MotionProjector.snapshot(compiled, settings.width, settings.height);
            }
        }
        if (j.time() != slot.preparedTime) {
            compiled.updateInstances(loaded, j.time());
            applyCamera(compiled, settings);
            slot.backend.prepare(compiled, options);
            slot.preparedTime = j.time();
        }
        boolean motion = slot.backend.setMotion(from == null ? null : from.towards(compiled)) && from != null;
        RenderedFrame r = renderFilm(j, settings, options, slot.backend, progress, motion);
        if (batch) {
            slot.snapshot = MotionProjector.snapshot(compiled, settings.width, settings.height);
            slot.snapshotJob = j;
        }
        return r;
    }

    /** Renders one frame (new or resumed) into a film; writes nothing. */
    private RenderedFrame renderFilm(Job j, RenderSettings settings, RenderOptions options, RenderBackend renderer,
            RenderProgress progress, boolean motion) {
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
                return new RenderedFrame(j, null, range[0], 0, null, motion,
                        new RenderReport.Frame(j.frame(), j.time(), j.output(), "complete", 0, range[0], null),
                        !film.hasCascades());
            }
        } else {
            film = new Film(settings.width, settings.height, newFilmCascade);
            if (cascadeTooLarge) film.setCascadeAbsence(FilmIo.CASCADE_TOO_LARGE);
        }
        boolean stateLacksCascade = film.sampleCountRange()[1] > 0 && !film.hasCascades();
        int first = film.sampleCountRange()[0];
        int count = settings.spp - first;
        RenderStats stats = renderer.render(film, first, count, progress);
        return new RenderedFrame(j, film, first, count, stats, motion, null, stateLacksCascade);
    }

    /**
     * Writes a rendered frame's outputs (denoised first when a denoiser is set); called in frame order.
     * {@code lastRenderer} is the backend whose last render was this frame, which may denoise it where its
     * accumulation lies ({@link RenderBackend#denoiseOnDevice}); null with whole frames per device, where a slot
     * may already be rendering its next frame (those frames take the host path).
     */
    private RenderReport.Frame writeFrame(RenderedFrame r, RenderSettings settings, RenderOptions options,
            DisplayTransform display, String backendName, RenderBackend lastRenderer) {
        Job j = r.job();
        Film film = r.film();
        RenderStats stats = r.stats();
        String key = resumeKey(settings, options, j.time());
        RenderSettings written = RenderSettings.defaults().overlay(settings);
        written.spp = settings.spp;
        ImageMetadata metadata = ImageMetadata.forRender(written, backendName, stats.seconds())
                .put(ImageMetadata.SCENE, scene.toString())
                .put(FRAME_KEY, Integer.toString(j.frame()))
                .put(TIME_KEY, Float.toString(j.time()))
                .put(RESUME_KEY, key);
        float[] denoised = null;
        if (denoiser != null) {
            boolean blended = temporalDenoiser != null && r.motion()
                    && prepareHistory(j, film.width(), film.height());
            long t0 = System.nanoTime();
            // A backend that can denoise its accumulation where it lies (OptiX on the CUDA film) does;
            // otherwise the host path.
            if (temporalDenoiser == null && lastRenderer != null) {
                denoised = lastRenderer.denoiseOnDevice(denoiser, film);
                if (denoised != null) metadata.put(DENOISE_PATH_KEY, "device");
            }
            // Without motion (a backend that does not compute it, or the first frame) the temporal denoiser
            // denoises the frame on its own rather than blend unaligned history.
            if (denoised == null) {
                DenoiseInput input = DenoiseInput.fromFilm(film, temporalDenoiser != null && r.motion());
                String reweighting = CascadeReweightFilter.describe(denoiser.name(), input, film.cascadeAbsence());
                if (reweighting != null) metadata.put(CascadeReweightFilter.ATTRIBUTE, reweighting);
                denoised = denoiser.denoise(input);
            }
            if (temporalDenoiser != null) {
                historyFrame = j.frame();
                metadata.put(TEMPORAL_KEY, blended ? "frame " + j.previous().frame() : "none");
            }
            if (denoiser instanceof OptixDenoiser o) {
                metadata.put(OPTIX_MODEL_KEY, o.model() + ", OptiX ABI " + o.abi());
            }
            metadata.put(DenoisedLayer.DENOISER_ATTRIBUTE, denoiser.name())
                    .put(DENOISE_SECONDS_KEY, String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e9));
        }
        noteMissingCascade(r, backendName);
        if (outputKind(j.output().toString()).equals("png")) {
            PngWriter.write(j.output(), denoised == null ? display.apply(film)
                    : display.apply(film.width(), film.height(), denoised), metadata);
            if (aov) writeExr(exrBeside(j.output()), film, metadata, denoised);
        } else {
            writeExr(j.output(), film, metadata, denoised);
        }
        return new RenderReport.Frame(j.frame(), j.time(), j.output(), "rendered", r.first(), r.count(), stats);
    }

    /**
     * The cascade new films record: {@link LuminanceCascade#DEFAULT} on the CPU backend (the only one that splits
     * samples) when the chosen denoiser reweights it ({@link CascadeReweightFilter#DENOISERS}) or with
     * {@code --denoising-data}; null (none, no memory or time spent on it) otherwise, and null when a width x height
     * film could not hold it ({@link Film#cascadeFits}, against {@link #maxCascadeArrayLength}): then
     * {@link #cascadeTooLarge} is set, the films say so ({@link FilmIo#CASCADE_TOO_LARGE}) and the denoiser runs
     * without the reweighting.
     */
    private LuminanceCascade cascadeFor(RenderBackend renderer, int width, int height) {
        boolean used = denoisingData
                || denoiser != null && CascadeReweightFilter.DENOISERS.contains(denoiser.name());
        LuminanceCascade cascade = used && renderer.name().equals(CpuBackend.NAME) ? LuminanceCascade.DEFAULT : null;
        cascadeTooLarge = cascade != null
                && !Film.cascadeFits((long) width * height, cascade, maxCascadeArrayLength);
        return cascadeTooLarge ? null : cascade;
    }

    /**
     * One {@code note:} line on stderr per frame that was asked for the firefly cascade (a reweighting denoiser or
     * {@code --denoising-data}) but has none: a GPU backend's, or a resumed state without it.
     */
    private void noteMissingCascade(RenderedFrame r, String backendName) {
        Film film = r.film();
        boolean reweights = denoiser != null && CascadeReweightFilter.DENOISERS.contains(denoiser.name());
        if (film.hasCascades() || !(reweights || denoisingData)) return;
        String why = film.cascadeAbsence() == FilmIo.CASCADE_TOO_LARGE
                ? "the image (" + film.width() + "x" + film.height() + ") is too large for the firefly cascade"
                : r.stateLacksCascade()
                ? r.job().output() + " resumes a state without the firefly cascade (" + film.cascadeAbsence() + ")"
                : backendName + " writes no firefly cascade";
        errorStream.println("note: " + why + "; " + (reweights ? denoiser.name()
                + " denoises without the firefly reweighting" : "--denoising-data writes no cascade layers"));
    }

    /**
     * Makes the temporal denoiser's history the previous list frame's denoised image: kept from the last
     * denoise when that was the previous frame, else read from the previous frame's EXR (the output, or the
     * {@code --aov} EXR beside a PNG) when it has a denoised layer; cleared otherwise (the frame restarts the
     * history, with a note on stderr). Returns whether there is history to blend.
     */
    private boolean prepareHistory(Job j, int width, int height) {
        Job prev = j.previous();
        if (prev == null) {
            temporalDenoiser.clearHistory();
            return false;
        }
        if (historyFrame != null && historyFrame == prev.frame() && temporalDenoiser.hasHistory()) return true;
        temporalDenoiser.clearHistory();
        Path exr = outputKind(prev.output().toString()).equals("exr") ? prev.output() : exrBeside(prev.output());
        if (Files.exists(exr)) {
            ExrImage img = dev.lucent.image.ExrReader.read(exr);
            if (img.hasChannel(ExrImage.channelName(DenoisedLayer.NAME, "R")) && img.width() == width
                    && img.height() == height) {
                temporalDenoiser.setHistory(DenoiseInput.fromExr(img, exr), img.layer(DenoisedLayer.NAME, ExrImage.RGB));
                if (temporalDenoiser.hasHistory()) return true;
                errorStream.println("note: frame " + j.frame() + ": the " + temporalDenoiser.name() + " denoiser's "
                        + "history cannot be restored from frame " + prev.frame() + "'s EXR; the temporal history "
                        + "restarts here");
                return false;
            }
        }
        errorStream.println("note: frame " + j.frame() + ": no denoised EXR of frame " + prev.frame() + " at " + exr
                + "; the temporal history restarts here");
        return false;
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
                + o.seed() + " clamp=" + o.clamp() + " filter=" + o.filter().name() + " time=" + time
                + (viewOverridden() ? " view=" + viewKey() : "");
    }

    /** True when a camera or environment flag changes the scene's view. */
    private boolean viewOverridden() {
        return cameraPos != null || lookAt != null || up != null || fov != null || lensRadius != null
                || focusDistance != null || envIntensity != null || envRotation != null;
    }

    /** The camera and environment flags as one space-free token for the resume key. */
    private String viewKey() {
        return String.join(";", "pos:" + cameraPos, "at:" + lookAt, "up:" + up, "fov:" + fov, "lens:" + lensRadius,
                "focus:" + focusDistance, "envK:" + envIntensity, "envRot:" + envRotation).replace(' ', '_');
    }

    /** --env-intensity and --env-rotation into the loaded scene before it is compiled. */
    private void applyEnvironment(Scene loaded) {
        if (envIntensity == null && envRotation == null) return;
        if (envIntensity != null) {
            require(envIntensity >= 0 && Float.isFinite(envIntensity),
                    "--env-intensity must be 0 or positive, got " + envIntensity);
        }
        if (envRotation != null) require(Float.isFinite(envRotation), "--env-rotation must be finite");
        if (loaded.environment == null) loaded.environment = new dev.lucent.scene.Environment();
        if (envIntensity != null) loaded.environment.intensity = envIntensity;
        if (envRotation != null) loaded.environment.rotationDegrees = envRotation;
    }

    /**
     * --camera-pos/--look-at/--up/--fov/--lens-radius/--focus-distance: the selected camera becomes a look-at
     * camera through {@link CompiledScene#setLookAtCamera} (what the viewer writes for the same floats); flags
     * left out keep the scene camera's values.
     */
    private void applyCamera(CompiledScene compiled, RenderSettings settings) {
        if (cameraPos == null && lookAt == null && up == null && fov == null && lensRadius == null
                && focusDistance == null) {
            return;
        }
        if ((cameraPos == null) != (lookAt == null)) throw usage("--camera-pos and --look-at go together");
        if (up != null && cameraPos == null) throw usage("--up needs --camera-pos and --look-at");
        LookAtCamera base = compiled.lookAtCamera(compiled.selectedCamera);
        try {
            float[] p = cameraPos != null ? LookAtCamera.parseVec3(cameraPos, "--camera-pos") : base.position();
            float[] t = lookAt != null ? LookAtCamera.parseVec3(lookAt, "--look-at") : base.target();
            float[] u = up != null ? LookAtCamera.parseVec3(up, "--up")
                    : cameraPos != null ? new float[] {0, 1, 0} : base.up();
            LookAtCamera c = new LookAtCamera(p, t, u, fov != null ? fov : base.yfovDegrees(),
                    lensRadius != null ? lensRadius : base.lensRadius(),
                    focusDistance != null ? focusDistance : base.focusDistance());
            compiled.setLookAtCamera(compiled.selectedCamera, c, settings.width / (float) settings.height);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
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

    /**
     * The denoiser called {@code name} (its temporal mode for {@code sequence}), null for "none"; unknown is a
     * usage error, unavailable a failure.
     */
    private Denoiser denoiserNamed(String name, int workers, boolean sequence) {
        if (name.equalsIgnoreCase(IdentityDenoiser.NAME)) {
            if (sequence) throw usage("--temporal needs --denoise cpu or optix");
            return null;
        }
        try {
            if (sequence) return Denoisers.sequence(name, workers);
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
        integrator.copyTo(s);
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
