package dev.lucent.denoise;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one gateway that loads liblucent_optix.so, the OptiX bridge. It tries, in this order, and stops at the first
 * that loads:
 * <ol>
 *   <li>the file named by the system property {@code lucent.optix.library} (an explicit override);</li>
 *   <li>{@code ${lucent.home}/natives/linux-x64/liblucent_optix.so} (the bundle; the launcher sets
 *       {@code lucent.home});</li>
 *   <li>the jar resource {@code /natives/linux-x64/liblucent_optix.so} (put there by tools/build-jni during
 *       the Maven build), copied to a temporary file that is deleted when the JVM exits;</li>
 *   <li>{@code System.loadLibrary("lucent_optix")}, i.e. {@code java.library.path}.</li>
 * </ol>
 * Loading happens once per JVM; {@link #failure()} then says, in one line, why nothing loaded and what to do.
 */
public final class OptixNativeLibrary {
    public static final String PROPERTY = "lucent.optix.library";
    static final String FILE = "liblucent_optix.so";
    static final String RESOURCE = "/natives/linux-x64/" + FILE;

    private static String failure;
    private static boolean attempted;

    private OptixNativeLibrary() {}

    /** Loads the library if not yet attempted; returns null when it is loaded, else the one-line reason. */
    public static synchronized String failure() {
        if (!attempted) {
            attempted = true;
            failure = load(System.getProperty(PROPERTY), System.getProperty("lucent.home"));
        }
        return failure;
    }

    /** Loads the library or throws {@link IllegalStateException} with {@link #failure()}'s reason. */
    public static void require() {
        String why = failure();
        if (why != null) throw new IllegalStateException(why);
    }

    /**
     * One attempt through the documented order with the given property values (null: unset); returns null when
     * the library loaded, else the one-line reason. Loading an already loaded file again is a no-op.
     */
    static String load(String explicit, String home) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "bridge not built for " + os + "/" + arch + " (liblucent_optix.so exists for linux x86_64 only)";
        }
        List<String> tried = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            return tryFile(Path.of(explicit), "-D" + PROPERTY, tried) ? null
                    : "bridge not loaded: -D" + PROPERTY + "=" + explicit + " failed (" + String.join("; ", tried) + ")";
        }
        if (home != null && tryFile(Path.of(home, "natives", "linux-x64", FILE), "bundle", tried)) return null;
        if (tryResource(tried)) return null;
        try {
            System.loadLibrary("lucent_optix");
            return null;
        } catch (UnsatisfiedLinkError e) {
            tried.add("java.library.path: " + oneLine(e.getMessage()));
        }
        return "bridge not built: " + FILE + " not found or not loadable (" + String.join("; ", tried)
                + "); build with gcc and a full JDK on the PATH (mvn package runs tools/build-jni) or set -D"
                + PROPERTY + "=PATH";
    }

    private static boolean tryFile(Path file, String where, List<String> tried) {
        if (!Files.isRegularFile(file)) {
            tried.add(where + ": no " + file);
            return false;
        }
        try {
            System.load(file.toAbsolutePath().toString());
            return true;
        } catch (UnsatisfiedLinkError e) {
            tried.add(where + ": " + oneLine(e.getMessage()));
            return false;
        }
    }

    private static boolean tryResource(List<String> tried) {
        try (InputStream in = OptixNativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                tried.add("jar: no " + RESOURCE.substring(1));
                return false;
            }
            Path tmp = Files.createTempFile("lucent_optix", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tryFile(tmp, "jar", tried);
        } catch (IOException e) {
            tried.add("jar: cannot extract " + RESOURCE.substring(1) + ": " + oneLine(e.getMessage()));
            return false;
        }
    }

    static String oneLine(String s) {
        if (s == null) return "(no message)";
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() > 240 ? line.substring(0, 240) + "..." : line;
    }
}
