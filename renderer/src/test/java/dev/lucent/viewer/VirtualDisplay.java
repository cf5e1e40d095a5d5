package dev.lucent.viewer;

import static org.lwjgl.system.MemoryUtil.memAddress;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.lwjgl.system.JNI;
import org.lwjgl.system.Library;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.SharedLibrary;

/**
 * An X display for the viewer tests. With DISPLAY set, that display is used. Without it, when {@code Xvfb} is
 * on the PATH, one Xvfb server (1280x800x24, Mesa's software OpenGL) is started on the first free display
 * number from :90 for the rest of the JVM and DISPLAY is set in the process environment with libc's setenv
 * (GLFW reads it from there; Java cannot change its own environment), and stopped at JVM exit. Otherwise the
 * calling test is skipped with the reason.
 */
final class VirtualDisplay {
    private VirtualDisplay() {}

    private static String display;
    private static String unavailable;

    /** The display name (":90"), or skips the test (JUnit assumption) saying why there is none. */
    static synchronized String require() {
        if (display == null && unavailable == null) start();
        Assumptions.assumeTrue(display != null, () -> "no X display: " + unavailable);
        return display;
    }

    private static void start() {
        String env = System.getenv("DISPLAY");
        if (env != null && !env.isBlank()) {
            display = env;
            return;
        }
        Path xvfb = onPath("Xvfb");
        if (xvfb == null) {
            unavailable = "DISPLAY is not set and Xvfb is not on the PATH (apt-get install xvfb)";
            return;
        }
        for (int n = 90; n < 190; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) continue;
            try {
                Process p = new ProcessBuilder(xvfb.toString(), ":" + n, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Path socket = Path.of("/tmp/.X11-unix/X" + n);
                for (int i = 0; i < 100 && p.isAlive() && !Files.exists(socket); i++) Thread.sleep(50);
                if (!p.isAlive() || !Files.exists(socket)) {
                    p.destroy();
                    continue; // taken meanwhile, or failed on this number: try the next
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    p.destroy();
                    try {
                        p.waitFor(2, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }));
                setenv("DISPLAY", ":" + n);
                display = ":" + n;
                return;
            } catch (IOException e) {
                unavailable = "starting Xvfb failed: " + e.getMessage();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted while starting Xvfb";
                return;
            }
        }
        unavailable = "no free display number for Xvfb in :90-:189";
    }

    /** libc setenv(name, value, 1) in this process, through LWJGL's dynamic call support. */
    private static void setenv(String name, String value) {
        try (SharedLibrary libc = Library.loadNative(VirtualDisplay.class, "org.lwjgl", "libc.so.6");
                MemoryStack s = MemoryStack.stackPush()) {
            long fn = libc.getFunctionAddress("setenv");
            if (fn == 0) throw new IllegalStateException("libc has no setenv");
            int rc = JNI.invokePPI(memAddress(s.UTF8(name)), memAddress(s.UTF8(value)), 1, fn);
            if (rc != 0) throw new IllegalStateException("setenv(" + name + ") returned " + rc);
        }
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
