package dev.lucent.viewer;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

import dev.lucent.core.TestPaths;
import dev.lucent.scene.RenderSettings;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL43C;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.opengl.KHRDebug;
import org.lwjgl.opengl.GLUtil;
import org.lwjgl.system.Callback;

/**
 * Finds what in a window's life breaks pixel buffers in later windows of the same process (seen under Xvfb with
 * NVIDIA's GLX). Run one mode per JVM: {@code java ... dev.lucent.viewer.ViewerWindowProbe MODE [WINDOWS]}. For
 * each of WINDOWS (default 3) rounds, a window with an OpenGL 3.3 core debug context is made current, a
 * 36,864-byte pixel buffer is allocated, mapped for writing, filled, unmapped and copied into a texture, and one
 * line reports the result with the GL error (the driver's debug messages go to stderr). Modes, by what happens to
 * the window after its round:
 * <ul>
 *   <li>{@code plain}: context detached, window destroyed (a new window each round);
 *   <li>{@code keep}: context detached, window kept (a new window each round, the earlier ones still open);
 *   <li>{@code detach}: context detached, the same window used again the next round;
 *   <li>{@code reuse}: handed back to {@link GlfwSession} (hidden, context left current) and taken again from it;
 *   <li>{@code viewer}: instead of a bare window, a whole {@link Viewer} (CPU backend, Cornell box 64x48) runs frames
 *       until its display has uploaded an image; reports the display's upload path.
 * </ul>
 * Prints "probe MODE window i: map ok" or "... map FAILED (...)" per round and last "probe MODE: n of N windows
 * mapped". Exit status 0 when every round mapped.
 */
public final class ViewerWindowProbe {
    private ViewerWindowProbe() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "plain";
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (!GlfwSession.init()) throw new IllegalStateException("glfwInit failed: " + GlfwSession.lastError());
        int ok = 0;
        long kept = 0;
        for (int i = 1; i <= windows; i++) {
            String result;
            try {
                result = switch (mode) {
                    case "viewer" -> viewerWindow();
                    case "reuse" -> reusedWindow();
                    case "plain", "keep", "detach" -> {
                        long w = mode.equals("detach") && kept != 0 ? kept : newWindow();
                        if (w == 0) yield "FAILED (no window: " + GlfwSession.lastError() + ")";
                        String r = round(w);
                        glfwMakeContextCurrent(0);
                        GL.setCapabilities(null);
                        if (mode.equals("plain")) glfwDestroyWindow(w);
                        else kept = w;
                        yield r;
                    }
                    default -> throw new IllegalArgumentException("unknown mode " + mode);
                };
            } catch (RuntimeException | LinkageError e) {
                result = "FAILED (" + e.getClass().getSimpleName() + ": " + ProgressiveRenderer.oneLine(e) + ")";
            }
            if (result.startsWith("map ok")) ok++;
            System.out.println("probe " + mode + " window " + i + ": " + result);
        }
        System.out.println("probe " + mode + ": " + ok + " of " + windows + " windows mapped");
        System.out.flush();
        System.exit(ok == windows ? 0 : 1);
    }

    private static long newWindow() {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        return glfwCreateWindow(160, 120, "probe", 0, 0);
    }

    /** Makes {@code window}'s context current, logs its debug messages and maps a pixel buffer; then glFinish. */
    private static String round(long window) {
        glfwMakeContextCurrent(window);
        GLCapabilities caps = GL.createCapabilities();
        Callback debug = GLUtil.setupDebugMessageCallback(System.err);
        try {
            return mapPixelBuffer() + " [" + glGetString(GL_VENDOR) + " / " + glGetString(GL_RENDERER) + "]";
        } finally {
            if (debug != null) {
                if (caps.OpenGL43) GL43C.glDebugMessageCallback(null, 0);
                else if (caps.GL_KHR_debug) KHRDebug.glDebugMessageCallback(null, 0);
                debug.free();
            }
            glFinish();
        }
    }

    private static String reusedWindow() {
        long w = GlfwSession.openWindow(160, 120, false, true);
        if (w == 0) return "FAILED (no window: " + GlfwSession.lastError() + ")";
        try {
            return round(w);
        } finally {
            GlfwSession.closeWindow(w, true);
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
