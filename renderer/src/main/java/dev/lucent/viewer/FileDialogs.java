package dev.lucent.viewer;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.tinyfd.TinyFileDialogs;

/**
 * Native open/save dialogs through LWJGL's tinyfiledialogs (zenity, kdialog or Xdialog on Linux), run on a
 * daemon thread so the window keeps drawing while a dialog is open. The chosen path (never null; a cancelled
 * dialog reports nothing) is handed to {@code onChosen} on that thread; callers pass it to the UI thread.
 */
final class FileDialogs {
    private FileDialogs() {}

    private static final String[] SCENES = {"*.json", "*.gltf", "*.glb", "*.obj", "*.ply"};
    private static final String[] IMAGES = {"*.png", "*.exr"};

    static void open(String start, Consumer<Path> onChosen) {
        run(() -> {
            try (MemoryStack s = MemoryStack.stackPush()) {
                PointerBuffer filters = patterns(s, SCENES);
                String r = TinyFileDialogs.tinyfd_openFileDialog("Open scene", start, filters,
                        "Scenes (json, gltf, glb, obj, ply)", false);
                if (r != null && !r.isEmpty()) onChosen.accept(Path.of(r));
            }
        });
    }

    static void save(String start, Consumer<Path> onChosen) {
        run(() -> {
            try (MemoryStack s = MemoryStack.stackPush()) {
                PointerBuffer filters = patterns(s, IMAGES);
                String r = TinyFileDialogs.tinyfd_saveFileDialog("Save image", start, filters, "Images (png, exr)");
                if (r != null && !r.isEmpty()) onChosen.accept(Path.of(r));
            }
        });
    }

    private static PointerBuffer patterns(MemoryStack s, String[] p) {
        PointerBuffer b = s.mallocPointer(p.length);
        for (String x : p) b.put(s.UTF8(x));
        return b.flip();
    }

    private static void run(Runnable r) {
        Thread t = new Thread(r, "lucent-viewer-dialog");
        t.setDaemon(true);
        t.start();
    }
}
