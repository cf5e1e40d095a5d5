package dev.lucent.viewer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where imgui-java finds its native library. In a bundle ({@code -Dlucent.home} with
 * {@code natives/linux-x64/libimgui-java64.so}) the library is loaded in place through imgui-java's
 * {@code imgui.library.path} property; otherwise imgui-java extracts it from its natives jar on the class path.
 */
final class ImGuiNatives {
    private ImGuiNatives() {}

    static final String LIBRARY = "libimgui-java64.so";

    /** Sets {@code imgui.library.path} when the bundle ships the library and nothing set it before. */
    static void configure() {
        if (System.getProperty("imgui.library.path") != null) return;
        String home = System.getProperty("lucent.home");
        if (home == null) return;
        Path dir = Path.of(home, "natives", "linux-x64");
        if (Files.isRegularFile(dir.resolve(LIBRARY))) System.setProperty("imgui.library.path", dir.toString());
    }
}
