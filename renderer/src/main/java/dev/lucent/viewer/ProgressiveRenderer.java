package dev.lucent.viewer;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.Backends;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.DeviceFilmBackend;
import dev.lucent.backend.cuda.CudaDeviceFilmBackend;
import dev.lucent.backend.vulkan.VulkanBackend;
import dev.lucent.backend.vulkan.VulkanDeviceFilmBackend;
import dev.lucent.backend.cuda.CudaDisplayBuffer;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.LookAtCamera;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.denoise.DenoiseInput;
import dev.lucent.denoise.DenoisedLayer;
import dev.lucent.denoise.Denoiser;
import dev.lucent.denoise.Denoisers;
import dev.lucent.denoise.IdentityDenoiser;
import dev.lucent.image.DisplayTransform;
import dev.lucent.image.ExrWriter;
import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import dev.lucent.image.PixelFilter;
import dev.lucent.image.PngWriter;
import dev.lucent.image.ToneMapper;
import dev.lucent.scene.Environment;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The viewer's render thread: owns the scene, its compiled form, the backend, the film and the denoiser, and
 * renders progressive passes into the film while the UI thread keeps drawing. The UI talks to it only
 * through this class's methods, which never block on rendering:
 * <ul>
 * <li>{@link #submit} the settings to render; a change of anything {@link ViewSettings#sameRender} compares
 *     bumps the restart token, which a running pass polls in its progress callback (the pass stops, its film is
 *     discarded) and which is checked between passes; accumulation restarts from sample 0;</li>
 * <li>{@link #loadScene} loads and compiles another scene on this thread; on failure the message goes to
 *     {@link ViewerStatus#error} and the previous scene keeps rendering;</li>
 * <li>{@link #latestFrame}, {@link #status}, {@link #scene} read what was last published.</li>
 * </ul>
 *
 * <p>Passes: pixel p receives samples spp, spp+1, ... in order (the backend contract), so the film after any
 * split into passes equals a batch render of the same spp, seed and view. A pass starts at 1 spp and doubles
 * while passes take under {@value #FAST_PASS_SECONDS} s (up to {@value #MAX_PASS_SPP}), halving above
 * {@value #SLOW_PASS_SECONDS} s, so the first image comes quickly and later passes waste little on overhead.
 *
 * <p>Backend failure: a backend other than "cpu" that cannot be created, prepared or run is replaced by "cpu"
 * and the reason goes to {@link ViewerStatus#notice}; the UI sees the backend actually used in the status.
 */
public final class ProgressiveRenderer implements AutoCloseable {
    static final double FAST_PASS_SECONDS = 0.1;
    static final double SLOW_PASS_SECONDS = 0.4;
    static final int MAX_PASS_SPP = 64;

    private final Object lock = new Object();
    private final Thread thread;
    private final AtomicLong restartToken = new AtomicLong();
    private final AtomicReference<ViewerFrame> frame = new AtomicReference<>();
    private final AtomicReference<ViewerStatus> status = new AtomicReference<>(ViewerStatus.INITIAL);
    private final AtomicReference<ViewerScene> sceneInfo = new AtomicReference<>();
    private final AtomicLong frameSerial = new AtomicLong();

    // Requests, guarded by lock.
    private Path pendingScene;
    private ViewSettings requested;
    private long requestedScene;
    private boolean denoiseRequested;
    private boolean republish;
    /** New settings arrived: one round runs even without a pass due, so the status shows the new target. */
    private boolean settingsChanged;
    private final ArrayDeque<SaveRequest> saves = new ArrayDeque<>();
    private boolean closed;
    /** The display path changed ({@link #setDeviceDisplay}): the next round restarts with the other backend form. */
    private boolean forceRestart;
    private volatile boolean deviceDisplay;
    private volatile boolean vulkanDeviceDisplay;

    // Render-thread state.
    private Scene scene;
    private CompiledScene compiled;
    private long sceneSerial;
    private long accumulation;
    private RenderBackend backend;
    private ViewSettings active;
    private Film film;
    private int spp;
    private int passSpp = 1;
    private int lastPassSpp;
    private double lastPassSeconds;
    private RenderStats total = RenderStats.ZERO;
    /** The device accumulation ({@link DeviceFilmBackend}) holds samples the host film does not have yet. */
    private boolean filmBehind;
    private long startNanos;
    private float[] denoised;
    private String denoisedBy;
    private double denoiseSeconds;
    private boolean failed;
    private String notice;
    private String error;
    private boolean loading;
    private final Map<String, Denoiser> denoisers = new LinkedHashMap<>();
    private final Map<String, String> backendProblems = new LinkedHashMap<>();

    private record SaveRequest(Path target, CompletableFuture<String> result) {}

    /** Starts the render thread (idle until a scene is loaded and settings are submitted). */
    public ProgressiveRenderer() {
        thread = new Thread(this::run, "lucent-viewer-render");
        thread.setDaemon(true);
        thread.start();
    }

    /** Loads and compiles {@code path} on the render thread; the current scene renders until it succeeds. */
    public void loadScene(Path path) {
        synchronized (lock) {
            pendingScene = path;
            lock.notifyAll();
        }
    }

    /**
     * Renders {@code settings} for the scene of serial {@code sceneSerial} (settings for an older scene are
     * ignored once a newer one has loaded). Restarts accumulation when the render changes.
     */
    public void submit(long forScene, ViewSettings settings) {
        synchronized (lock) {
            boolean restart = requested == null || requestedScene != forScene || !requested.sameRender(settings);
            boolean display = requested != null && (requested.aov() != settings.aov()
                    || !requested.denoiser().equals(settings.denoiser()));
            if (!settings.equals(requested) || requestedScene != forScene) settingsChanged = true;
            requested = settings;
            requestedScene = forScene;
            if (restart) restartToken.incrementAndGet();
            if (display) republish = true;
            lock.notifyAll();
        }
    }

    /** Denoises the current film now (with the selected denoiser, "cpu" when none is selected). */
    public void denoiseNow() {
        synchronized (lock) {
            denoiseRequested = true;
            lock.notifyAll();
        }
    }

    /**
     * With {@code on}, the "cuda" backend keeps the accumulation on the GPU ({@link CudaDeviceFilmBackend}) and frames
     * are published in device memory ({@link ViewerFrame#device}) for a UI with CUDA-OpenGL interop; the host
     * film is then brought up to date only to save or denoise. Off (the default), every pass is merged into the
     * host film and frames carry host floats. A change restarts accumulation.
     */
    public void setDeviceDisplay(boolean on) {
        synchronized (lock) {
            if (deviceDisplay == on) return;
            deviceDisplay = on;
            forceRestart = true;
            restartToken.incrementAndGet();
            lock.notifyAll();
        }
    }

    public boolean deviceDisplay() { return deviceDisplay; }

    /**
     * As {@link #setDeviceDisplay} for the "vulkan" backend: with {@code on} it keeps the accumulation on the GPU
     * ({@link VulkanDeviceFilmBackend}) and frames carry a Vulkan display buffer ({@link ViewerFrame#vulkan}) for a
     * UI that imports it into OpenGL; where that backend cannot start, the host-path Vulkan backend renders and the
     * notice says why. A change restarts accumulation.
     */
    public void setVulkanDeviceDisplay(boolean on) {
        synchronized (lock) {
            if (vulkanDeviceDisplay == on) return;
            vulkanDeviceDisplay = on;
            forceRestart = true;
            restartToken.incrementAndGet();
            lock.notifyAll();
        }
    }

    public boolean vulkanDeviceDisplay() { return vulkanDeviceDisplay; }

    /**
     * Saves the current image: {@code .png} tone-mapped with the display settings (the denoised image when there
     * is one), {@code .exr} the film with its AOVs and accumulation state (plus the denoised layer). Written
     * atomically by the project's writers. The future completes with a one-line result or exceptionally.
     */
    public CompletableFuture<String> save(Path target) {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (lock) {
            saves.add(new SaveRequest(target, f));
            lock.notifyAll();
        }
        return f;
    }

    public ViewerFrame latestFrame() { return frame.get(); }

    public ViewerStatus status() { return status.get(); }

    /** The scene last loaded, or null before the first load succeeded. */
    public ViewerScene scene() { return sceneInfo.get(); }

    /** Backends that could not be created here, with their one-line reasons (filled as they are tried). */
    public Map<String, String> backendProblems() {
        synchronized (backendProblems) {
            return new LinkedHashMap<>(backendProblems);
        }
    }

    /**
     * Backends that can run here: "cpu" and each other registered one whose factory succeeds ({@link
     * Backends#problem}, probed once per process); the others go into {@code problems} with their reasons.
     */
    public static List<String> availableBackends(Map<String, String> problems) {
        List<String> ok = new ArrayList<>();
        for (String name : Backends.names()) {
            String problem = Backends.problem(name);
            if (problem == null) ok.add(name);
            else problems.put(name, problem);
        }
        return ok;
    }

    private void run() {
        try {
            while (true) {
                Path load;
                ViewSettings want;
                long wantScene;
                boolean denoiseNow, redisplay, restartNow;
                SaveRequest save;
                synchronized (lock) {
                    while (!closed && pendingScene == null && !denoiseRequested && !republish && !settingsChanged
                            && saves.isEmpty() && !workToDo()) {
                        lock.wait();
                    }
                    if (closed) return;
                    load = pendingScene;
                    pendingScene = null;
                    want = requested;
                    wantScene = requestedScene;
                    denoiseNow = denoiseRequested;
                    denoiseRequested = false;
                    redisplay = republish;
                    republish = false;
                    settingsChanged = false;
                    restartNow = forceRestart && want != null && wantScene == sceneSerial && compiled != null;
                    if (restartNow) forceRestart = false;
                    save = saves.poll();
                }
                try {
                    step(load, want, wantScene, denoiseNow, redisplay, restartNow, save);
                } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
                    // Whatever goes wrong in a pass, a denoise or a save is shown and stops rendering until
                    // the next change; the render thread itself stays.
                    error = "render thread: " + oneLine(e);
                    failed = true;
                    if (active == null) active = want;
                    if (save != null) save.result().completeExceptionally(e);
                    publishStatus();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            releaseAll();
        }
    }

    /** One round of the render loop with the requests taken under the lock. */
    private void step(Path load, ViewSettings want, long wantScene, boolean denoiseNow, boolean redisplay,
            boolean restartNow, SaveRequest save) {
        {
            {
                if (load != null) {
                    load(load);
                    if (save != null) doSave(save);
                    return;
                }
                if (want != null && wantScene == sceneSerial && compiled != null) {
                    long token = restartToken.get();
                    if (restartNow || active == null || !active.sameRender(want) || (film == null && !failed)) {
                        restart(want);
                    } else {
                        active = want;
                        if (redisplay) {
                            if (denoisedBy != null && !denoisedBy.equals(want.denoiser())) clearDenoised();
                            publish();
                        }
                    }
                    if (save != null) {
                        doSave(save);
                        return;
                    }
                    if (film != null && !failed) {
                        if (denoiseNow) {
                            denoise(want.denoiser().equals(IdentityDenoiser.NAME) ? "cpu" : want.denoiser());
                        } else if (spp < want.spp()) {
                            pass(token);
                        } else if (autoDenoiseDue(want)) {
                            denoise(want.denoiser());
                        }
                    }
                    publishStatus();
                } else if (save != null) {
                    save.result().completeExceptionally(new IllegalStateException("nothing rendered yet"));
                }
            }
        }
    }

    /** Under lock: whether a pass or a restart is due. */
    private boolean workToDo() {
        if (requested == null || requestedScene != sceneSerial || compiled == null) return false;
        if (forceRestart) return true;
        if (active == null || !active.sameRender(requested)) return true;
        if (failed) return false; // until the next change
        if (film == null) return true;
        if (spp < requested.spp()) return true;
        return autoDenoiseDue(requested);
    }

    /** At the target with a denoiser selected whose result for this sample count is not there yet. */
    private boolean autoDenoiseDue(ViewSettings s) {
        return spp >= s.spp() && !s.denoiser().equals(IdentityDenoiser.NAME)
                && !(s.denoiser().equals(denoisedBy) && denoisedAt == spp);
    }

    private void load(Path path) {
        loading = true;
        publishStatus();
        Scene loaded;
        CompiledScene next;
        try {
            loaded = SceneLoader.load(path);
            RenderSettings s = RenderSettings.defaults().overlay(loaded.settings);
            next = SceneCompiler.compile(loaded, new CompileOptions(0, s.width, s.height, BvhOptions.defaults(),
                    null));
        } catch (SceneException e) {
            loading = false;
            error = "cannot open " + path + ": " + oneLine(e);
            publishStatus();
            return;
        } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
            // A missing native library (LinkageError) or a scene too large must not end the render thread.
            loading = false;
            error = "cannot open " + path + ": " + oneLine(e);
            publishStatus();
            return;
        }
        if (backend != null) {
            backend.close(); // it may hold the old scene's device buffers
            backend = null;
        }
        if (compiled != null) compiled.close();
        scene = loaded;
        compiled = next;
        film = null;
        active = null;
        spp = 0;
        sceneSerial++;
        loading = false;
        error = null;
        notice = "opened " + path.getFileName();
        sceneInfo.set(describe(sceneSerial, path, loaded, next));
        publishStatus();
    }

    /** The UI's view of a freshly compiled scene: cameras with orbit pivots, bounds, environment. */
    static ViewerScene describe(long serial, Path path, Scene scene, CompiledScene cs) {
        float[] lo = new float[3], hi = new float[3];
        for (int i = 0; i < 3; i++) {
            lo[i] = cs.globals.getFloat(LcSceneGlobals.BBOX_MIN + 4L * i);
            hi[i] = cs.globals.getFloat(LcSceneGlobals.BBOX_MAX + 4L * i);
        }
        List<LookAtCamera> cams = new ArrayList<>();
        for (int i = 0; i < cs.cameraCount; i++) cams.add(CameraRig.pivotFor(cs.lookAtCamera(i), lo, hi));
        float dx = hi[0] - lo[0], dy = hi[1] - lo[1], dz = hi[2] - lo[2];
        float radius = (float) Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
        Environment env = scene.environment != null ? scene.environment : new Environment();
        return new ViewerScene(serial, path, List.copyOf(cs.cameraNames), List.copyOf(cams),
                Float.isFinite(radius) && radius > 0 ? radius : 1, env.intensity, env.rotationDegrees,
                RenderSettings.defaults().overlay(scene.settings));
    }

    /** New film for {@code want}: backend (with fallback), camera, environment, prepare. */
    private void restart(ViewSettings want) {
        film = null;
        failed = false;
        clearDenoised();
        try {
            ensureBackend(want.backend());
            if (scene.environment == null) scene.environment = new Environment();
            scene.environment.intensity = want.envIntensity();
            scene.environment.rotationDegrees = want.envRotation();
            compiled.updateEnvironment(scene);
            compiled.selectedCamera = Math.min(Math.max(want.cameraIndex(), 0), compiled.cameraCount - 1);
            compiled.setLookAtCamera(compiled.selectedCamera, want.camera(), want.width() / (float) want.height());
            prepareWithFallback(want);
        } catch (RuntimeException e) {
            error = "cannot render: " + oneLine(e);
            failed = true;
            active = want;
            return;
        }
        active = want;
        film = new Film(want.width(), want.height());
        filmBehind = false;
        accumulation++;
        spp = 0;
        passSpp = 1;
        lastPassSpp = 0;
        total = RenderStats.ZERO;
        lastPassSeconds = 0;
        startNanos = System.nanoTime();
        if (error != null && !error.startsWith("cannot open")) error = null; // load errors stay until the next load
    }

    private void ensureBackend(String name) {
        String failedBefore;
        synchronized (backendProblems) {
            failedBefore = backendProblems.get(name.toLowerCase(Locale.ROOT));
        }
        if (failedBefore != null && !name.equalsIgnoreCase("cpu")) {
            // Failed earlier in this session: stay on the CPU rather than fail again on every restart.
            notice = name + " failed (" + failedBefore + "); rendering on cpu";
            name = "cpu";
        }
        boolean cuda = name.equalsIgnoreCase(dev.lucent.backend.cuda.CudaBackend.NAME);
        boolean vulkan = name.equalsIgnoreCase(VulkanBackend.NAME);
        boolean onDevice = (deviceDisplay && cuda) || (vulkanDeviceDisplay && vulkan);
        if (backend != null && backend.name().equalsIgnoreCase(name) && (backend instanceof DeviceFilmBackend) == onDevice) {
            return;
        }
        if (backend != null) backend.close();
        backend = null;
        if (onDevice && vulkan) {
            try {
                backend = new VulkanDeviceFilmBackend();
                return;
            } catch (RuntimeException | LinkageError e) {
                // No device film here (e.g. no exportable memory): the host-path Vulkan backend below.
                vulkanDeviceDisplay = false;
                notice = "Vulkan device display unavailable (" + oneLine(e) + "); frames go through the host";
            }
        }
        try {
            backend = onDevice && cuda ? new CudaDeviceFilmBackend() : Backends.create(name);
        } catch (RuntimeException | LinkageError e) {
            fallBack(name, e);
        }
    }

    private void prepareWithFallback(ViewSettings want) {
        RenderOptions options = new RenderOptions(want.maxDepth(), want.clamp(), want.seed(), want.threads(),
                PixelFilter.defaultFilter());
        try {
            backend.prepare(compiled, options);
        } catch (RuntimeException | LinkageError e) {
            if (backend.name().equals("cpu")) throw e;
            fallBack(backend.name(), e);
            backend.prepare(compiled, options);
        }
    }

    /** Replaces the backend by "cpu" after {@code name} failed with {@code e}; the reason goes to the notice. */
    private void fallBack(String name, Throwable e) {
        if (name.equalsIgnoreCase("cpu")) {
            if (e instanceof RuntimeException re) throw re;
            throw (Error) e;
        }
        if (backend != null) {
            try {
                backend.close();
            } catch (RuntimeException ignored) {
                // Closing a failed backend may fail as well; the CPU backend replaces it either way.
            }
        }
        String reason = oneLine(e);
        synchronized (backendProblems) {
            backendProblems.put(name.toLowerCase(Locale.ROOT), reason);
        }
        notice = name + " failed (" + reason + "); rendering on cpu";
        backend = Backends.create("cpu");
    }

    private void pass(long token) {
        int n = Math.max(1, Math.min(passSpp, active.spp() - spp));
        long t0 = System.nanoTime();
        RenderStats s;
        try {
            s = backend.render(film, spp, n, (done, all) -> {
                if (restartToken.get() != token) throw new PassCancelledException();
            });
        } catch (PassCancelledException e) {
            film = null; // partly updated: the restart below makes a new one
            active = null;
            return;
        } catch (RuntimeException | LinkageError e) {
            if (restartToken.get() != token) {
                film = null;
                active = null;
                return;
            }
            if (!backend.name().equals("cpu")) {
                try {
                    fallBack(backend.name(), e);
                } catch (RuntimeException again) {
                    error = "render failed: " + oneLine(again);
                    failed = true;
                    return;
                }
                film = null;
                ViewSettings want = active;
                active = null;
                restart(want);
                return;
            }
            error = "render failed: " + oneLine(e);
            failed = true;
            return;
        }
        if (backend instanceof DeviceFilmBackend) filmBehind = true;
        spp += n;
        lastPassSpp = n;
        total = total.plus(s);
        lastPassSeconds = (System.nanoTime() - t0) / 1e9;
        if (lastPassSeconds < FAST_PASS_SECONDS) passSpp = Math.min(MAX_PASS_SPP, passSpp * 2);
        else if (lastPassSeconds > SLOW_PASS_SECONDS) passSpp = Math.max(1, passSpp / 2);
        publish();
    }

    private void denoise(String name) {
        if (name.equals(IdentityDenoiser.NAME)) return;
        try {
            Denoiser d = denoisers.get(name);
            if (d == null) {
                d = Denoisers.byName(name, Math.max(1, Runtime.getRuntime().availableProcessors()));
                denoisers.put(name, d);
            }
            long t0 = System.nanoTime();
            denoised = d.denoise(DenoiseInput.fromFilm(hostFilm()));
            denoiseSeconds = (System.nanoTime() - t0) / 1e9;
            denoisedBy = name;
            denoisedAt = spp;
        } catch (RuntimeException e) {
            notice = "denoiser " + name + ": " + oneLine(e);
            denoisedBy = name; // not retried for this sample count; a restart or "denoise now" tries again
            denoisedAt = spp;
            denoised = null;
        }
        publish();
    }

    private int denoisedAt;

    private void clearDenoised() {
        denoised = null;
        denoisedBy = null;
    }

    /**
     * Publishes the film (the selected AOV) for display, then the status: resolved on the GPU into a display
     * buffer where the accumulation is there ({@link CudaDeviceFilmBackend}, {@link VulkanDeviceFilmBackend}) and no
     * denoised beauty is shown, else as
     * host floats.
     */
    private void publish() {
        if (film == null || active == null) return;
        float[] shownDenoised = denoised != null && denoisedAt == spp ? denoised : null;
        if (backend instanceof CudaDeviceFilmBackend d && d.deviceSpp() == spp
                && (shownDenoised == null || active.aov() != AovView.BEAUTY)) {
            CudaDisplayBuffer buffer = d.resolve(active.aov().ordinal());
            frame.set(new ViewerFrame(frameSerial.incrementAndGet(), film.width(), film.height(), null,
                    active.aov().mode, spp, buffer));
        } else if (backend instanceof VulkanDeviceFilmBackend v && v.deviceSpp() == spp
                && (shownDenoised == null || active.aov() != AovView.BEAUTY)) {
            frame.set(new ViewerFrame(frameSerial.incrementAndGet(), film.width(), film.height(), null,
                    active.aov().mode, spp, null, v.resolve(active.aov().ordinal())));
        } else {
            float[] rgb = active.aov().extract(hostFilm(), shownDenoised);
            frame.set(new ViewerFrame(frameSerial.incrementAndGet(), film.width(), film.height(), rgb,
                    active.aov().mode, spp));
        }
        publishStatus();
    }

    /** The film with every sample rendered so far: merged from the device accumulation first where it is behind. */
    private Film hostFilm() {
        if (filmBehind && backend instanceof DeviceFilmBackend d) {
            Film f = new Film(film.width(), film.height());
            d.syncFilm(f);
            film = f;
            filmBehind = false;
        }
        return film;
    }

    private void publishStatus() {
        ViewSettings a = active;
        status.set(new ViewerStatus(sceneSerial, accumulation, scene != null ? scene.source.toString() : null, spp,
                a != null ? a.spp() : 0, film != null ? film.width() : 0, film != null ? film.height() : 0,
                lastPassSpp, lastPassSeconds,
                startNanos > 0 ? (System.nanoTime() - startNanos) / 1e9 : 0, total,
                backend != null ? backend.name() : "-", backend != null ? backend.deviceName() : "-",
                denoised != null && denoisedAt == spp ? denoisedBy : null, denoiseSeconds, notice, error, loading,
                a != null && film != null && !failed && spp < a.spp()));
    }

    private void doSave(SaveRequest r) {
        try {
            if (film == null || active == null) throw new IllegalStateException("nothing rendered yet");
            hostFilm();
            String name = r.target().getFileName().toString().toLowerCase(Locale.ROOT);
            RenderSettings rs = renderSettings(active);
            ImageMetadata meta = ImageMetadata.forRender(rs, backend.name(), total.seconds())
                    .put(ImageMetadata.SCENE, scene.source.toString());
            float[] shownDenoised = denoised != null && denoisedAt == spp ? denoised : null;
            if (shownDenoised != null) meta.put(DenoisedLayer.DENOISER_ATTRIBUTE, denoisedBy);
            if (name.endsWith(".png")) {
                DisplayTransform t = new DisplayTransform(active.exposure(), ToneMapper.named(active.toneMap()), false);
                PngWriter.write(r.target(), shownDenoised != null
                        ? t.apply(film.width(), film.height(), shownDenoised) : t.apply(film), meta);
            } else if (name.endsWith(".exr")) {
                if (shownDenoised == null) FilmIo.save(r.target(), film, meta);
                else ExrWriter.write(r.target(), DenoisedLayer.addTo(FilmIo.stateImage(film, meta), shownDenoised,
                        denoisedBy));
            } else {
                throw new IllegalArgumentException("'" + r.target().getFileName() + "' must end in .png or .exr");
            }
            String msg = "saved " + r.target() + " (" + spp + " spp)";
            notice = msg;
            r.result().complete(msg);
        } catch (RuntimeException e) {
            notice = "save failed: " + oneLine(e);
            r.result().completeExceptionally(e);
        }
        publishStatus();
    }

    /** The settings written into image metadata for {@code s} at the current sample count. */
    private RenderSettings renderSettings(ViewSettings s) {
        RenderSettings r = new RenderSettings();
        r.width = s.width();
        r.height = s.height();
        r.spp = spp;
        r.maxDepth = s.maxDepth();
        r.seed = s.seed();
        r.clamp = s.clamp();
        r.exposure = s.exposure();
        r.toneMap = s.toneMap();
        return RenderSettings.defaults().overlay(r);
    }

    /** The exception's message on one line (its class name when it has none). */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replace('\n', ' ').strip();
    }

    private void releaseAll() {
        for (Denoiser d : denoisers.values()) d.close();
        denoisers.clear();
        if (backend != null) backend.close();
        backend = null;
        if (compiled != null) compiled.close();
        compiled = null;
    }

    /** Stops the render thread (a running pass is cancelled) and releases the backend and the scene. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        restartToken.incrementAndGet();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
