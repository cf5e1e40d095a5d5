package dev.lucent.viewer;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

import dev.lucent.compile.LookAtCamera;
import dev.lucent.image.LdrImage;
import dev.lucent.image.NeutralToneMapper;
import dev.lucent.scene.RenderSettings;
import imgui.ImGui;
import imgui.gl3.ImGuiImplGl3;
import imgui.internal.ImGuiContext;
import imgui.glfw.ImGuiImplGlfw;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;
import org.lwjgl.BufferUtils;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWDropCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.opengl.GLUtil;
import org.lwjgl.system.Callback;
import org.lwjgl.system.MemoryStack;

/**
 * The {@code lucent view} window: a GLFW window with an OpenGL 3.3 core context that shows the
 * {@link ProgressiveRenderer}'s film through {@link FilmDisplay}, with the {@link ViewerOverlay} (Dear ImGui)
 * on top. All methods run on the thread that opened it (GLFW and GL are single-threaded); rendering happens
 * on the renderer's own thread, so {@link #frame} never waits for a pass.
 *
 * <p>Size: the render follows the window's framebuffer (pixels, so HiDPI screens render at full resolution)
 * times the resolution scale, unless the options fix width and height; the image is drawn centred, 1:1 when
 * it fits at scale 1, otherwise fitted with its aspect kept.
 *
 * <p>Mouse and keys (ignored while the overlay has focus): left drag orbits (fly mode: looks around), right or
 * middle drag pans, the wheel dollies; W/A/S/D/Q/E move (Shift: 4x faster); F switches orbit/fly; R resets
 * to the scene camera; Tab or F1 hides the overlay; Ctrl+O opens, Ctrl+S saves, Ctrl+C copies the render
 * command. A file dropped on the window is opened.
 */
public final class Viewer implements AutoCloseable {
    /** Frame rate the loop paces itself to where the swap does not wait for vertical sync. */
    static final double MAX_FPS = 60;

    private final ViewerOptions options;
    private final long window;
    private final FilmDisplay display;
    private final ImGuiImplGlfw imguiGlfw = new ImGuiImplGlfw();
    private final ImGuiImplGl3 imguiGl3 = new ImGuiImplGl3();
    /** This window's Dear ImGui context; ImGui's current context is process-wide, so it is made current per call. */
    private final ImGuiContext imguiContext;
    private final ProgressiveRenderer renderer = new ProgressiveRenderer();
    private final GpuMemoryProbe gpuMemory = new GpuMemoryProbe();
    private final ViewerOverlay overlay;
    private final List<String> backends;
    private final Map<String, String> backendProblems = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> uiTasks = new ConcurrentLinkedQueue<>();
    private final List<Integer> keyPresses = new ArrayList<>();
    /** The thread that opened the window: its GL context is current there and GLFW is driven from it. */
    private final Thread owner = Thread.currentThread();
    private final GLCapabilities glCapabilities;
    /** Prints the driver's debug messages (with {@code -D}{@value #GL_DEBUG_PROPERTY}{@code =true}), else null. */
    private final Callback glDebugLog;
    private final boolean glDebugContext;
    private boolean closed;

    private ViewSettings settings;
    private ViewerScene scene;
    private long shownSerial = -1;
    private boolean overlayVisible = true;
    private boolean flyMode;
    private float resolutionScale = 1;
    private double scrollY;
    private double lastX, lastY;
    private int dragButton = -1;
    private long lastFrameNanos;
    private double frameSeconds;
    private double uploadMillis;
    private String uiNotice;
    private String shownTitle;
    private long frames;
    /** CUDA-OpenGL interop for frames the renderer keeps on the GPU; null where it cannot work here. */
    private CudaGlFrameUploader interop;
    /** Why frames go through the host instead of interop (null while interop is used). */
    private String interopProblem;
    /** Vulkan-OpenGL external memory for the Vulkan backend's frames; null until the first such frame. */
    private VulkanGlFrameUploader vulkanInterop;
    /** Why the Vulkan backend's frames go through the host (null while Vulkan-OpenGL sharing may be used). */
    private String vulkanInteropProblem;

    /** System property: {@code -Dlucent.viewer.interop=false} keeps the CUDA backend's image on the host path. */
    public static final String INTEROP_PROPERTY = "lucent.viewer.interop";
    /** System property: {@code -Dlucent.viewer.glDebug=true} opens a debug context and prints its messages on stderr. */
    public static final String GL_DEBUG_PROPERTY = "lucent.viewer.glDebug";

    /**
     * Opens the window (GLFW and OpenGL 3.3 core), starts the renderer and loads {@code options.scene()}.
     * Throws IllegalStateException with the reason when there is no display or no suitable OpenGL.
     */
    public Viewer(ViewerOptions options) {
        this.options = options;
        if (!GlfwSession.init()) {
            renderer.close();
            throw new IllegalStateException("cannot open a window: GLFW failed to initialise ("
                    + (GlfwSession.lastError() != null ? GlfwSession.lastError() : "no display?") + ")");
        }
        glDebugContext = Boolean.getBoolean(GL_DEBUG_PROPERTY);
        window = GlfwSession.openWindow(options.windowWidth(), options.windowHeight(), options.visible(), glDebugContext);
        if (window == 0) {
            renderer.close();
            throw new IllegalStateException("cannot open a window with OpenGL 3.3 core ("
                    + (GlfwSession.lastError() != null ? GlfwSession.lastError() : "unknown reason") + ")");
        }
        if (glfwGetCurrentContext() != window) glfwMakeContextCurrent(window); // a reused window's may be current
        glCapabilities = GL.createCapabilities();
        glDebugLog = glDebugContext ? GLUtil.setupDebugMessageCallback(System.err) : null;
        glfwSwapInterval(1);
        display = new FilmDisplay();
        if (!Boolean.parseBoolean(System.getProperty(INTEROP_PROPERTY, "true"))) {
            interopProblem = "turned off (-D" + INTEROP_PROPERTY + "=false)";
            vulkanInteropProblem = interopProblem;
        } else {
            interopProblem = CudaGlFrameUploader.vendorProblem();
            vulkanInteropProblem = GlImportedBuffer.problem();
        }
        // The interop buffer is registered with CUDA only when the first frame from the GPU arrives; the Vulkan
        // display buffer is imported into OpenGL at the first frame from Vulkan (device UUIDs checked then).
        renderer.setDeviceDisplay(interopProblem == null);
        renderer.setVulkanDeviceDisplay(vulkanInteropProblem == null);

        glfwSetScrollCallback(window, (w, dx, dy) -> scrollY += dy);
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) -> {
            if (action == GLFW_PRESS) keyPressed(key);
        });
        GLFWDropCallback dropCallback = GLFWDropCallback.create((w, count, names) -> {
            String[] paths = new String[count];
            for (int i = 0; i < count; i++) paths[i] = GLFWDropCallback.getName(names, i);
            dropped(paths);
        });
        glfwSetDropCallback(window, dropCallback);

        ImGuiNatives.configure();
        imguiContext = ImGui.createContext();
        ImGui.setCurrentContext(imguiContext); // createContext makes it current only when none is
        ImGui.getIO().setIniFilename(null);
        float[] sx = new float[1], sy = new float[1];
        glfwGetWindowContentScale(window, sx, sy);
        ImGui.getIO().setFontGlobalScale(Math.max(1f, sx[0]));
        imguiGlfw.init(window, true); // chains the scroll and key callbacks installed above
        imguiGl3.init("#version 330 core");

        backends = ProgressiveRenderer.availableBackends(backendProblems);
        overlay = new ViewerOverlay(this);
        renderer.loadScene(options.scene());
        lastFrameNanos = System.nanoTime();
    }

    /**
     * One UI frame: events, input, settings to the renderer, upload of a new image, drawing, overlay, swap.
     * Returns false once the window should close.
     */
    public boolean frame() {
        bindContext();
        long start = System.nanoTime();
        glfwPollEvents();
        for (Runnable r; (r = uiTasks.poll()) != null;) r.run();
        adoptScene();
        ViewerFrame f = renderer.latestFrame();
        if (f != null && f.serial() != shownSerial) {
            if (f.vulkan() != null) {
                uploadVulkan(f);
            } else if (!f.onDevice()) {
                display.upload(f);
                uploadMillis = display.lastUploadNanos() / 1e6;
            } else if (startInterop()) {
                try {
                    if (interop.upload(f, display)) uploadMillis = interop.lastUploadNanos() / 1e6;
                    // else the frame's device buffer was replaced meanwhile: a newer frame follows
                } catch (RuntimeException | LinkageError e) {
                    // Interop failed on this machine: host frames from now on, with the reason in the panel.
                    interopProblem = "CUDA-OpenGL interop failed: " + ProgressiveRenderer.oneLine(e);
                    interop.close();
                    interop = null;
                    renderer.setDeviceDisplay(false);
                }
            }
            shownSerial = f.serial();
        }

        imguiGl3.newFrame();
        imguiGlfw.newFrame();
        ImGui.newFrame();
        handleInput();
        if (settings != null) {
            updateRenderSize();
            renderer.submit(scene.serial(), settings);
        }
        drawImage();
        ViewerStatus st = renderer.status();
        gpuMemory.setActive(!st.backend().equals("cpu") && !st.backend().equals("-"));
        if (overlayVisible) overlay.draw(st);
        else if (st.error() != null) overlay.drawErrorOnly(st);
        ImGui.render();
        int[] fb = framebufferSize();
        glViewport(0, 0, fb[0], fb[1]);
        imguiGl3.renderDrawData(ImGui.getDrawData());
        String t = title(st);
        if (!t.equals(shownTitle)) {
            glfwSetWindowTitle(window, t);
            shownTitle = t;
        }
        if (captureNext) {
            captured = readPixels(0, 0, fb[0], fb[1]);
            captureNext = false;
        }
        glfwSwapBuffers(window);
        frames++;

        long now = System.nanoTime();
        double minFrame = 1e9 / MAX_FPS;
        long wait = (long) (minFrame - (now - start));
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        now = System.nanoTime();
        frameSeconds = (now - lastFrameNanos) / 1e9;
        lastFrameNanos = now;
        return !glfwWindowShouldClose(window);
    }

    /** Runs frames until the window is closed. */
    public void run() {
        while (frame()) {
            // frame() paces itself
        }
    }

    private String title(ViewerStatus st) {
        String name = scene != null ? scene.path().getFileName().toString() : "no scene";
        return "Lucent - " + name + " - " + st.spp() + "/" + st.target() + " spp";
    }

    /** Takes the settings of a scene that just loaded: its first (or --camera) camera and its environment. */
    private void adoptScene() {
        ViewerScene s = renderer.scene();
        if (s == null || (scene != null && s.serial() == scene.serial())) return;
        boolean first = scene == null;
        scene = s;
        RenderSettings rs = first ? s.settings().overlay(options.overrides()) : null;
        int camera = 0;
        if (first && options.overrides().camera != null) {
            camera = s.cameraNames().indexOf(options.overrides().camera);
            if (camera < 0) {
                uiNotice = "no camera named '" + options.overrides().camera + "'; showing " + s.cameraNames().get(0);
                camera = 0;
            }
        }
        LookAtCamera cam = s.cameras().get(camera);
        if (first) {
            settings = new ViewSettings(options.backend(), rs.spp, rs.maxDepth, rs.seed, rs.clamp,
                    rs.threads != null ? rs.threads : 0, 1, 1, resolutionScale, camera, cam, s.envIntensity(),
                    s.envRotation(), options.denoiser(), rs.exposure, rs.toneMap != null ? rs.toneMap
                            : NeutralToneMapper.NAME, AovView.BEAUTY);
        } else {
            settings = settings.withCamera(camera, cam).withEnvironment(s.envIntensity(), s.envRotation());
        }
        updateRenderSize();
    }

    private void updateRenderSize() {
        int w, h;
        if (options.overrides().width != null && options.overrides().height != null) {
            w = options.overrides().width;
            h = options.overrides().height;
        } else {
            int[] fb = framebufferSize();
            w = fb[0];
            h = fb[1];
        }
        w = Math.max(1, Math.round(w * resolutionScale));
        h = Math.max(1, Math.round(h * resolutionScale));
        if (settings.width() != w || settings.height() != h || settings.resolutionScale() != resolutionScale) {
            settings = settings.withSize(w, h, resolutionScale);
        }
    }

    int[] framebufferSize() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var w = stack.mallocInt(1);
            var h = stack.mallocInt(1);
            glfwGetFramebufferSize(window, w, h);
            return new int[] {Math.max(1, w.get(0)), Math.max(1, h.get(0))};
        }
    }

    /** Where the image goes in the framebuffer: {x, y, w, h} in GL window coordinates (origin bottom-left). */
    int[] imageRect() {
        int[] fb = framebufferSize();
        int iw = display.imageWidth(), ih = display.imageHeight();
        if (iw == 0 || ih == 0) return new int[] {0, 0, fb[0], fb[1]};
        double s = Math.min(fb[0] / (double) iw, fb[1] / (double) ih);
        boolean fixed = options.overrides().width != null && options.overrides().height != null;
        if (fixed && resolutionScale == 1 && s >= 1) s = 1;
        int w = Math.max(1, (int) Math.round(iw * s)), h = Math.max(1, (int) Math.round(ih * s));
        return new int[] {(fb[0] - w) / 2, (fb[1] - h) / 2, w, h};
    }

    private void drawImage() {
        int[] fb = framebufferSize();
        glViewport(0, 0, fb[0], fb[1]);
        glClearColor(0.08f, 0.08f, 0.09f, 1f);
        glClear(GL_COLOR_BUFFER_BIT);
        if (settings == null) return;
        int[] r = imageRect();
        display.draw(r[0], r[1], r[2], r[3], settings.exposure(), FilmDisplay.toneMapIndex(settings.toneMap()),
                r[2] == display.imageWidth() && r[3] == display.imageHeight());
    }

    private void handleInput() {
        var io = ImGui.getIO();
        List<Integer> keys = new ArrayList<>(keyPresses);
        keyPresses.clear();
        boolean ctrl = glfwGetKey(window, GLFW_KEY_LEFT_CONTROL) == GLFW_PRESS
                || glfwGetKey(window, GLFW_KEY_RIGHT_CONTROL) == GLFW_PRESS;
        if (!io.getWantCaptureKeyboard()) {
            for (int k : keys) {
                if (k == GLFW_KEY_TAB || k == GLFW_KEY_F1) overlayVisible = !overlayVisible;
                else if (ctrl && k == GLFW_KEY_O) overlay.openDialog();
                else if (ctrl && k == GLFW_KEY_S) overlay.saveDialog();
                else if (ctrl && k == GLFW_KEY_C) copyRenderCommand();
                else if (!ctrl && k == GLFW_KEY_F) flyMode = !flyMode;
                else if (!ctrl && k == GLFW_KEY_R) resetCamera();
            }
        }
        if (settings == null) return;
        double[] x = new double[1], y = new double[1];
        glfwGetCursorPos(window, x, y);
        int[] ws = windowSize();
        double scale = 1.0 / Math.max(1, ws[1]);
        double dx = (x[0] - lastX) * scale, dy = (y[0] - lastY) * scale;
        lastX = x[0];
        lastY = y[0];
        if (dragButton >= 0 && glfwGetMouseButton(window, dragButton) != GLFW_PRESS) dragButton = -1;
        if (dragButton < 0 && !io.getWantCaptureMouse()) {
            for (int b : new int[] {GLFW_MOUSE_BUTTON_LEFT, GLFW_MOUSE_BUTTON_RIGHT, GLFW_MOUSE_BUTTON_MIDDLE}) {
                if (glfwGetMouseButton(window, b) == GLFW_PRESS) {
                    dragButton = b;
                    dx = dy = 0;
                    break;
                }
            }
        }
        LookAtCamera c = settings.camera();
        LookAtCamera next = c;
        if (dragButton == GLFW_MOUSE_BUTTON_LEFT && (dx != 0 || dy != 0)) {
            next = flyMode ? CameraRig.look(c, dx * Math.PI, -dy * Math.PI) : CameraRig.orbit(c, dx * 2 * Math.PI, dy * Math.PI);
        } else if (dragButton >= 0 && (dx != 0 || dy != 0)) {
            next = CameraRig.pan(c, dx * 2, dy * 2); // a drag of the window height moves one view height
        }
        if (scrollY != 0 && !io.getWantCaptureMouse()) {
            next = CameraRig.dolly(next, Math.pow(0.9, scrollY));
        }
        scrollY = 0;
        if (!io.getWantCaptureKeyboard() && !ctrl) {
            double speed = (scene != null ? scene.sceneRadius() : 1) * 0.8 * Math.min(frameSeconds, 0.1);
            if (glfwGetKey(window, GLFW_KEY_LEFT_SHIFT) == GLFW_PRESS) speed *= 4;
            double ahead = key(GLFW_KEY_W) - key(GLFW_KEY_S), side = key(GLFW_KEY_D) - key(GLFW_KEY_A);
            double lift = key(GLFW_KEY_E) - key(GLFW_KEY_Q);
            if (ahead != 0 || side != 0 || lift != 0) next = CameraRig.fly(next, ahead * speed, side * speed, lift * speed);
        }
        if (next != c) settings = settings.withCamera(settings.cameraIndex(), next);
    }

    private int key(int k) {
        return glfwGetKey(window, k) == GLFW_PRESS ? 1 : 0;
    }

    private int[] windowSize() {
        int[] w = new int[1], h = new int[1];
        glfwGetWindowSize(window, w, h);
        return new int[] {Math.max(1, w[0]), Math.max(1, h[0])};
    }

    /** A key went down (GLFW key callback): handled at the next frame unless the overlay has the keyboard. */
    void keyPressed(int key) {
        keyPresses.add(key);
    }

    /** Files dropped on the window (GLFW drop callback): the first is opened at the next frame. */
    void dropped(String[] paths) {
        if (paths.length > 0) {
            Path p = Path.of(paths[0]);
            uiTasks.add(() -> openScene(p));
        }
    }

    // ---- What the overlay and tests drive ----

    /** The settings being rendered (null until the first scene loaded). */
    public ViewSettings settings() { return settings; }

    /** Replaces the settings (a render change restarts accumulation at the next frame). */
    public void updateSettings(UnaryOperator<ViewSettings> change) {
        if (settings != null) settings = change.apply(settings);
    }

    public ViewerStatus status() { return renderer.status(); }

    /** The scene shown (null before the first load finished). */
    public ViewerScene scene() { return scene; }

    /** Opens {@code path} (loaded on the render thread; on failure the current scene stays). */
    public void openScene(Path path) {
        renderer.loadScene(path);
    }

    /** Saves the image shown (PNG tone-mapped, EXR with AOVs), written atomically; see ProgressiveRenderer#save. */
    public java.util.concurrent.CompletableFuture<String> save(Path target) {
        return renderer.save(target);
    }

    public void denoiseNow() { renderer.denoiseNow(); }

    /** The scene camera the view started from, again (the selected scene camera). */
    public void resetCamera() {
        if (scene != null && settings != null) {
            settings = settings.withCamera(settings.cameraIndex(), scene.cameras().get(settings.cameraIndex()));
        }
    }

    /** Switches to scene camera {@code index}. */
    public void selectCamera(int index) {
        if (scene != null && settings != null && index >= 0 && index < scene.cameras().size()) {
            settings = settings.withCamera(index, scene.cameras().get(index));
        }
    }

    public void setResolutionScale(float s) {
        resolutionScale = Math.max(0.05f, Math.min(1f, s));
    }

    public float resolutionScale() { return resolutionScale; }

    public boolean flyMode() { return flyMode; }

    public void setFlyMode(boolean on) { flyMode = on; }

    public void setOverlayVisible(boolean on) { overlayVisible = on; }

    public boolean overlayVisible() { return overlayVisible; }

    public List<String> backends() { return backends; }

    /** Problems of backends that are not available, and of any that failed while rendering. */
    public Map<String, String> backendProblems() {
        Map<String, String> m = new LinkedHashMap<>(backendProblems);
        m.putAll(renderer.backendProblems());
        return m;
    }

    /** The {@code lucent render} command reproducing the current view (output render.png). */
    public String renderCommand() {
        if (scene == null || settings == null) return null;
        return RenderCommandLine.of(scene.path(), scene.cameraNames().get(settings.cameraIndex()), settings,
                "render.png");
    }

    /** Puts {@link #renderCommand} on the clipboard (GLFW). */
    public void copyRenderCommand() {
        String cmd = renderCommand();
        if (cmd == null) return;
        glfwSetClipboardString(window, cmd);
        uiNotice = "copied the render command to the clipboard";
    }

    /** The clipboard's text (GLFW), or null. */
    public String clipboard() { return glfwGetClipboardString(window); }

    String uiNotice() { return uiNotice; }

    /** GPU memory in use, where a GPU backend renders and nvidia-smi answers (see GpuMemoryProbe). */
    String gpuMemory() { return gpuMemory.reading(); }

    void setUiNotice(String s) { uiNotice = s; }

    void runOnUiThread(Runnable r) { uiTasks.add(r); }

    /** Milliseconds the last image upload took (PBO map, copy, unmap, texture update). */
    public double uploadMillis() { return uploadMillis; }

    /** Shows a frame from Vulkan memory through OpenGL; where that fails, host frames from now on, with the reason. */
    private void uploadVulkan(ViewerFrame f) {
        try {
            if (vulkanInterop == null) vulkanInterop = new VulkanGlFrameUploader();
            if (vulkanInterop.upload(f, display)) uploadMillis = vulkanInterop.lastUploadNanos() / 1e6;
            // else the frame's buffer was replaced meanwhile: a newer frame follows
        } catch (RuntimeException | LinkageError e) {
            vulkanInteropProblem = "Vulkan-OpenGL sharing failed: " + ProgressiveRenderer.oneLine(e);
            vulkanInterop.close();
            vulkanInterop = null;
            renderer.setVulkanDeviceDisplay(false);
        }
    }

    /**
     * How a GPU backend's image reaches the display: "CUDA-OpenGL interop" (device to device), "Vulkan-OpenGL
     * external memory" (the Vulkan backend's display buffer imported into OpenGL; once a frame is shown, followed
     * by how GL is ordered after Vulkan's writes: "(GL waits a timeline semaphore)", "(GL waits a binary
     * semaphore)" or "(host-ordered, no GL semaphore import)"), or "host" with the reason
     * sharing is not used (for CUDA: the OpenGL renderer is not NVIDIA's, CUDA is missing, or it is turned off; for
     * Vulkan: no GL_EXT_memory_object_fd, OpenGL on another device, or no exportable Vulkan memory).
     */
    public String displayPath() {
        ViewerStatus st = renderer.status();
        if (st != null && st.backend().equalsIgnoreCase(dev.lucent.backend.vulkan.VulkanBackend.NAME)) {
            if (renderer.vulkanDeviceDisplay() && vulkanInteropProblem == null) {
                GlImportedSemaphore.Sync sync = vulkanInterop == null ? null : vulkanInterop.sync();
                return "Vulkan-OpenGL external memory" + (sync == null ? "" : " (" + sync.label + ")");
            }
            String upload = display.uploadPath().equals("pixel buffer") ? "PBO upload" : display.uploadPath();
            String why = vulkanInteropProblem != null ? vulkanInteropProblem
                    : st.notice() != null && st.notice().startsWith("Vulkan device display") ? st.notice()
                    : "sharing switched off";
            return "host (" + upload + "): " + why;
        }
        if (renderer.deviceDisplay() && interopProblem == null) return "CUDA-OpenGL interop";
        String upload = display.uploadPath().equals("pixel buffer") ? "PBO upload" : display.uploadPath();
        return "host (" + upload + "): " + (interopProblem != null ? interopProblem : "interop switched off");
    }

    /** The OpenGL vendor and renderer strings of the window's context, e.g. "NVIDIA Corporation / NVIDIA H200/PCIe/SSE2". */
    public String glRenderer() {
        bindContext();
        return glGetString(GL_VENDOR) + " / " + glGetString(GL_RENDERER);
    }

    /**
     * Uses CUDA-OpenGL interop for the CUDA backend's image, and Vulkan-OpenGL external memory for the Vulkan
     * backend's, when {@code on} and it works here (see {@link #displayPath}); off, the image goes through the host
     * film and the PBO upload. Restarts accumulation.
     */
    public void setInterop(boolean on) {
        renderer.setDeviceDisplay(on && interopProblem == null);
        renderer.setVulkanDeviceDisplay(on && vulkanInteropProblem == null);
    }

    /**
     * Sets up CUDA-OpenGL interop at the first frame from the GPU; where that fails, the renderer goes back to
     * host frames and {@link #displayPath} gives the reason. Returns whether interop is ready.
     */
    private boolean startInterop() {
        if (interop != null) return true;
        if (interopProblem == null) interopProblem = CudaGlFrameUploader.problem();
        if (interopProblem == null) {
            try {
                interop = new CudaGlFrameUploader();
                return true;
            } catch (RuntimeException | LinkageError e) {
                interopProblem = "CUDA-OpenGL interop: " + ProgressiveRenderer.oneLine(e);
            }
        }
        renderer.setDeviceDisplay(false);
        return false;
    }

    /** Serial of the frame shown last (-1 before the first). */
    long shownFrameSerial() { return shownSerial; }

    /** Whether the frame shown last came from device memory (interop) rather than host floats. */
    public boolean renderFrameOnDevice() {
        ViewerFrame f = renderer.latestFrame();
        return f != null && f.onDevice();
    }

    /** Seconds between the last two frames. */
    public double frameSeconds() { return frameSeconds; }

    public long frameCount() { return frames; }

    /** The image shown, without the overlay: drawn again into the back buffer and read with glReadPixels. */
    public LdrImage screenshot() {
        bindContext();
        drawImage();
        int[] r = imageRect();
        return readPixels(r[0], r[1], r[2], r[3]);
    }

    /** Runs one {@link #frame} and returns the whole window as drawn, overlay included (read before the swap). */
    public LdrImage captureFrame() {
        captureNext = true;
        frame();
        return captured;
    }

    private boolean captureNext;
    private LdrImage captured;

    /** The back buffer's rectangle (GL window coordinates) as an 8-bit RGB image, rows top to bottom. */
    private static LdrImage readPixels(int x, int y, int w, int h) {
        ByteBuffer buf = BufferUtils.createByteBuffer(w * h * 3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(x, y, w, h, GL_RGB, GL_UNSIGNED_BYTE, buf);
        FilmDisplay.checkError("reading the framebuffer");
        byte[] rows = new byte[w * h * 3];
        int stride = w * 3;
        for (int r = 0; r < h; r++) buf.get((h - 1 - r) * stride, rows, r * stride, stride); // GL rows are bottom-up
        return new LdrImage(w, h, 3, rows);
    }

    /** The display pipeline, for tests that draw their own images. */
    FilmDisplay display() { return display; }

    long window() { return window; }

    /**
     * Checks that the calling thread is the one that opened the window and makes the window's GL context and its
     * Dear ImGui context current. GLFW windows and GL contexts belong to one thread: a GL call on another thread
     * reaches no context (or a dead thread's), and the driver ignores it or fails it. Viewers on several threads
     * must not run frames at the same time: Dear ImGui's current context is one for the whole process.
     */
    private void bindContext() {
        if (closed) throw new IllegalStateException("the viewer window is closed");
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("the viewer is used on thread '" + Thread.currentThread().getName()
                    + "' but was opened on '" + owner.getName() + "': its window and OpenGL context belong to that thread");
        }
        if (glfwGetCurrentContext() != window) {
            glfwMakeContextCurrent(window);
            GL.setCapabilities(glCapabilities);
        }
        ImGui.setCurrentContext(imguiContext); // another viewer may have made (or destroyed) its own current
    }

    /**
     * Stops the renderer, then releases, with the window's context current on the opening thread: the CUDA
     * registration of the interop buffer (before the buffer it names is deleted), the overlay's and the display's
     * GL objects; waits for the GL work to finish and hands the window back to {@link GlfwSession}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) return;
        bindContext();
        closed = true;
        // The GL import of the Vulkan display buffer goes before the renderer frees the Vulkan memory.
        if (vulkanInterop != null) vulkanInterop.close();
        vulkanInterop = null;
        renderer.close(); // joins the render thread: no pass uses the device buffers below any more
        gpuMemory.close();
        if (interop != null) interop.close();
        interop = null;
        imguiGl3.shutdown();
        try {
            imguiGlfw.shutdown();
        } catch (NullPointerException e) {
            // imgui-java 1.88 destroys every standard cursor, also those GLFW could not create (0 under Xvfb),
            // which LWJGL's checks refuse; the cursors it did create live as long as GLFW.
        }
        ImGui.destroyContext(imguiContext);
        display.close();
        if (glDebugLog != null) { // unset first: the context may live on (GlfwSession keeps windows)
            if (glCapabilities.OpenGL43) org.lwjgl.opengl.GL43C.glDebugMessageCallback(null, 0);
            else if (glCapabilities.GL_KHR_debug) org.lwjgl.opengl.KHRDebug.glDebugMessageCallback(null, 0);
            else if (glCapabilities.GL_ARB_debug_output) org.lwjgl.opengl.ARBDebugOutput.glDebugMessageCallbackARB(null, 0);
            glDebugLog.free();
        }
        glFinish();
        Callbacks.glfwFreeCallbacks(window); // the key, scroll and drop callbacks set above
        GlfwSession.closeWindow(window, glDebugContext); // kept for reuse, or destroyed (see GlfwSession)
    }
}
