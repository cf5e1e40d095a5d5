package dev.lucent.cli;

import dev.lucent.scene.SceneException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a command makes on an input path before handing it to a loader, so every command words them alike. */
public final class InputFiles {
    private InputFiles() {}

    /** Returns {@code path} if it is a readable regular file; otherwise throws a SceneException naming it. */
    public static Path requireReadableFile(Path path) {
        if (!Files.exists(path)) throw new SceneException(path, "no such file");
        if (Files.isDirectory(path)) throw new SceneException(path, "is a directory, not a scene file");
        if (!Files.isReadable(path)) throw new SceneException(path, "cannot be read (permission denied)");
        return path;
    }
}
