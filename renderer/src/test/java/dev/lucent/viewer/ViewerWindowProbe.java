package dev.lucent.viewer;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

import dev.lucent.backend.Backends;
import dev.lucent.core.TestPaths;
import dev.lucent.scene.RenderSettings;
import imgui.ImGui;
import imgui.gl3.ImGuiImplGl3;
import imgui.glfw.ImGuiImplGlfw;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLUtil;
import org.lwjgl.system.Callback;

/**
 * Finds which step of a window's life breaks pixel-buffer mapping in later windows of the same process (seen under
 * Xvfb with NVIDIA's GLX). Run one mode per JVM: {@code java ... dev.lucent.viewer.ViewerWindowProbe MODE [WINDOWS]}.
 * Each of WINDOWS (default 3) windows in turn gets an OpenGL 3.3 core debug context; the mode's step runs once
 * with that context current; then a 36,864-byte pixel buffer is allocated, mapped for writing, filled, unmapped
 * and copied into a texture, and one line reports the result with the GL error and the driver's debug messages
 * (stderr); then the window is destroyed. Modes and their step:
 * <ul>
 *   <li>{@code plain}: none (GLFW and GLX alone);
 *   <li>{@code cuda}: create and close the "cuda" backend (retains and releases device 0's primary context, which
 *       the last release destroys);
 *   <li>{@code cuda-pinned}: the same, with the primary context held by {@link CudaContextPin} from the start;
 *   <li>{@code vulkan}: create and close the "vulkan" backend (instance and device);
 *   <li>{@code imgui}: Dear ImGui's GLFW and OpenGL 3 back ends initialised and shut down;
 *   <li>{@code viewer}: instead of a bare window, a whole {@link Viewer} (CPU backend, Cornell box 64x48) runs
 *       frames until its display has uploaded an image, and reports the display's upload path.
 * </ul>
 * Prints "probe MODE window i: map ok" or "... map FAILED (...)" per window and a last line "probe MODE: n of N
 * windows mapped". Exit status 0 when every window mapped.
 */
public final class ViewerWindowProbe {
    private ViewerWindowProbe() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "plain";
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (!GlfwSession.init()) throw new IllegalStateException("glfwInit failed: " + GlfwSession.lastError());
        if (mode.equals("cuda-pinned")) System.out.println("probe " + mode + ": pin " + CudaContextPin.pin());
        int ok = 0;
        for (int i = 1; i <= windows; i++) {
            String result;
            try {
                result = mode.equals("viewer") ? viewerWindow() : bareWindow(mode);
            } catch (RuntimeException | LinkageError e) {
                result = "FAILED (" + e.getClass().getSimpleName() + ": " + ProgressiveRenderer.oneLine(e) + ")";
            }
            if (result.startsWith("map ok")) ok++;
            System.out.println("probe " + mode + " window " + i + ": " + result);
        }
        System.out.println("probe " + mode + ": " + ok + " of " + windows + " windows mapped");
        System.exit(ok == windows ? 0 : 1);
    }

    private static String bareWindow(String mode) {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        long window = glfwCreateWindow(160, 120, "probe", 0, 0);
        if (window == 0) return "FAILED (no window: " + GlfwSession.lastError() + ")";
        glfwMakeContextCurrent(window);
        GL.createCapabilities();
        Callback debug = GLUtil.setupDebugMessageCallback(System.err);
        try {
            String gl = glGetString(GL_VENDOR) + " / " + glGetString(GL_RENDERER);
            step(mode, window);
            return mapPixelBuffer() + " [" + gl + "]";
        } finally {
            glFinish();
            glfwMakeContextCurrent(0);
            GL.setCapabilities(null);
            glfwDestroyWindow(window);
            if (debug != null) debug.free();
        }
    }

    private static void step(String mode, long window) {
        switch (mode) {
            case "plain" -> { }
            case "cuda", "cuda-pinned" -> System.out.print(backendProbe("cuda"));
            case "vulkan" -> System.out.print(backendProbe("vulkan"));
            case "imgui" -> {
                ImGuiNatives.configure();
                ImGui.createContext();
                ImGuiImplGlfw g = new ImGuiImplGlfw();
                ImGuiImplGl3 gl3 = new ImGuiImplGl3();
                g.init(window, true);
                gl3.init("#version 330 core");
                gl3.shutdown();
                try {
                    g.shutdown();
                } catch (NullPointerException e) {
                    // standard cursors Xvfb could not create (see Viewer.close)
                }
                ImGui.destroyContext();
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /** Creates and closes backend {@code name} directly (not through the once-per-process probe). */
    private static String backendProbe(String name) {
        try (var b = Backends.create(name)) {
            return "";
        } catch (RuntimeException e) {
            return "(" + name + " unavailable: " + ProgressiveRenderer.oneLine(e) + ") ";
        }
    }

    /** Allocates, maps, fills, unmaps and uses a pixel buffer of 64x48 RGB floats; "map ok" or why not. */
    static String mapPixelBuffer() {
        while (glGetError() != GL_NO_ERROR) {
            // start clean
        }
        int w = 64, h = 48;
        long bytes = 4L * 3 * w * h;
        int pbo = glGenBuffers(), tex = glGenTextures();
        try {
            glBindTexture(GL_TEXTURE_2D, tex);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB32F, w, h, 0, GL_RGB, GL_FLOAT, (ByteBuffer) null);
            glBindBuffer(GL_PIXEL_UNPACK_BUFFER, pbo);
            glBufferData(GL_PIXEL_UNPACK_BUFFER, bytes, GL_STREAM_DRAW);
            int dataError = glGetError();
            ByteBuffer mapped = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, bytes,
                    GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT);
            if (mapped == null) {
                return String.format(Locale.ROOT, "map FAILED (buffer %d, glBufferData error 0x%x, map error 0x%x)",
                        pbo, dataError, glGetError());
            }
            while (mapped.hasRemaining()) mapped.putFloat(0.5f);
            boolean unmapped = glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGB, GL_FLOAT, 0L);
            int e = glGetError();
            return e == GL_NO_ERROR && unmapped ? "map ok" : String.format(Locale.ROOT,
                    "map ok but unmap %s, texture fill error 0x%x", unmapped, e);
        } finally {
            glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
            glBindTexture(GL_TEXTURE_2D, 0);
            glDeleteBuffers(pbo);
            glDeleteTextures(tex);
        }
    }

    private static String viewerWindow() {
        RenderSettings o = new RenderSettings();
        o.width = 64;
        o.height = 48;
        o.spp = 4;
        try (Viewer v = new Viewer(new ViewerOptions(TestPaths.projectRoot().resolve("scenes/cornell-box.json"), "cpu",
                o, 160, 120, "none", false))) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (v.display().imageWidth() == 0 && System.nanoTime() < deadline) v.frame();
            if (v.display().imageWidth() == 0) return "FAILED (no image within 60 s: " + v.status() + ")";
            String path = v.display().uploadPath();
            return (path.equals("pixel buffer") ? "map ok" : "map FAILED") + " [upload path: " + path + "; "
                    + v.glRenderer() + "; " + v.displayPath() + "]";
        }
    }
}
