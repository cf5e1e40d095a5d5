package dev.lucent.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lucent version}: Lucent, Java, OS and LWJGL versions, and whether each native library Lucent uses
 * loads (so a broken install or bundle shows here, not halfway through a render). Fails with exit
 * {@link Main#EXIT_FAILURE} when a native library does not load.
 */
@Command(name = "version", description = "Print versions and check that the native libraries load.")
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** A native library check: its name and the call that loads it (and returns a version, or ""). */
    private record NativeCheck(String name, java.util.function.Supplier<String> load) {}

    private static final List<NativeCheck> NATIVES = List.of(
            new NativeCheck("lwjgl", () -> {
                org.lwjgl.system.Library.initialize();
                return "";
            }),
            new NativeCheck("stb", () -> initialize("org.lwjgl.stb.STBImage")),
            new NativeCheck("tinyexr", () -> initialize("org.lwjgl.util.tinyexr.TinyEXR")),
            new NativeCheck("assimp", () -> org.lwjgl.assimp.Assimp.aiGetVersionMajor() + "."
                    + org.lwjgl.assimp.Assimp.aiGetVersionMinor() + "."
                    + org.lwjgl.assimp.Assimp.aiGetVersionPatch()));

    /** Initialises an LWJGL binding class, whose static initialiser loads its native library. */
    private static String initialize(String bindingClass) {
        try {
            Class.forName(bindingClass, true, VersionCommand.class.getClassLoader());
            return "";
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("class " + bindingClass + " missing from the class path", e);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime rt = Runtime.getRuntime();
        out.printf("%-10s%s%n", "Lucent", LucentVersion.version());
        out.printf("%-10s%s%n", "Home",
                System.getProperty("lucent.home", "(lucent.home not set: not started by the lucent launcher)"));
        out.printf("%-10s%s (%s, %s)%n", "Java", System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"), System.getProperty("java.vm.name"));
        out.printf("%-10s%s%n", "", System.getProperty("java.home"));
        out.printf(Locale.ROOT, "%-10s%s %s (%s), %d processors, max heap %s%n", "OS", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), rt.availableProcessors(),
                InfoTextWriter.bytes(rt.maxMemory()));
        out.printf("%-10s%s%n", "LWJGL", org.lwjgl.Version.getVersion());

        List<String> failed = new ArrayList<>();
        for (NativeCheck check : NATIVES) {
            String status;
            try {
                String v = check.load().get();
                status = v.isEmpty() ? "ok" : "ok (" + v + ")";
            } catch (LinkageError | RuntimeException e) {
                status = "FAILED: " + e;
                failed.add(check.name());
            }
            out.printf("%-10s%-8s %s%n", check == NATIVES.get(0) ? "Natives" : "", check.name(), status);
        }
        String libraryPath = System.getProperty("org.lwjgl.librarypath");
        out.printf("%-10s%s%n", "", libraryPath != null ? "from " + libraryPath
                : "extracted from the natives jars on the class path");
        out.flush();
        if (!failed.isEmpty()) {
            throw new CliException("native libraries failed to load: " + String.join(", ", failed)
                    + " (for details rerun with LUCENT_JAVA_OPTS='-Dorg.lwjgl.util.Debug=true"
                    + " -Dorg.lwjgl.util.DebugLoader=true')");
        }
        return Main.EXIT_OK;
    }
}
