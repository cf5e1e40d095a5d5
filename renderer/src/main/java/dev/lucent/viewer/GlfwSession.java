package dev.lucent.viewer;

import static org.lwjgl.glfw.GLFW.*;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.lwjgl.glfw.GLFWErrorCallback;

/**
 * GLFW for the whole process: initialised by the first window that needs it and never terminated, so every
 * window of a process (the viewer's, and the test windows that draw with {@link FilmDisplay}) lives in one GLFW
 * session. A glfwTerminate closes GLFW's X display connection; under Xvfb with NVIDIA's GLX (H200 machine),
 * windows opened after a terminate and a new init in the same process got buffer objects that failed every
 * glBufferData and glMapBufferRange. GLFW's error callback keeps the last message for {@link #lastError}.
 *
 * <p>Viewer windows (OpenGL 3.3 core, forward compatible) come from {@link #openWindow} and go back through
 * {@link #closeWindow}, which destroys them, or with {@code -D}{@value #REUSE_PROPERTY}{@code =true} hides them
 * with their context (every object the window's user made deleted) for the next {@link #openWindow} to show
 * again, so that no GL context is ever destroyed in the process. Call both on one thread at a time, with no
 * context of theirs current elsewhere.
 */
final class GlfwSession {
    private GlfwSession() {}

    /** System property: {@code true} keeps closed viewer windows and their contexts for reuse. */
    static final String REUSE_PROPERTY = "lucent.viewer.reuseWindows";

    private static boolean ready;
    private static GLFWErrorCallback errorCallback;
    private static volatile String lastError;
    /** Hidden windows kept for reuse: {handle, 1 if it has a debug context else 0}. */
    private static final ArrayDeque<long[]> parked = new ArrayDeque<>();

    /**
     * Initialises GLFW the first time (later calls return at once). Returns false when GLFW cannot initialise
     * (no display); {@link #lastError} then says why.
     */
    static synchronized boolean init() {
        if (ready) return true;
        if (errorCallback == null) {
            errorCallback = GLFWErrorCallback.create((code, description) ->
                    lastError = GLFWErrorCallback.getDescription(description));
            glfwSetErrorCallback(errorCallback);
        }
        ready = glfwInit();
        return ready;
    }

    /** GLFW's last error message in this process, or null. */
    static String lastError() {
        return lastError;
    }

    /**
     * A window of {@code width} x {@code height} screen coordinates titled "Lucent" with an OpenGL 3.3 core context
     * (a debug context when {@code debug}), shown when {@code visible}: a parked one of the same kind when there
     * is one, else a new one. Returns 0 when GLFW cannot open it ({@link #lastError} says why). The context is not
     * made current.
     */
    static synchronized long openWindow(int width, int height, boolean visible, boolean debug) {
        for (Iterator<long[]> it = parked.iterator(); it.hasNext();) {
            long[] p = it.next();
            if ((p[1] == 1) != debug) continue;
            it.remove();
            long window = p[0];
            glfwSetWindowSize(window, width, height);
            glfwSetWindowTitle(window, "Lucent");
            glfwSetWindowShouldClose(window, false);
            if (visible) glfwShowWindow(window);
            return window;
        }
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
        glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, debug ? GLFW_TRUE : GLFW_FALSE);
        return glfwCreateWindow(width, height, "Lucent", 0, 0);
    }

    /**
     * Takes back a window from {@link #openWindow} whose user has deleted its GL objects, freed its callbacks
     * and detached its context: destroyed, or parked hidden (see the class comment).
     */
    static synchronized void closeWindow(long window, boolean debug) {
        if (Boolean.getBoolean(REUSE_PROPERTY)) {
            glfwHideWindow(window);
            parked.add(new long[] {window, debug ? 1 : 0});
        } else {
            glfwDestroyWindow(window);
        }
    }
}
