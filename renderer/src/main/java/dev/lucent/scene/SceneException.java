package dev.lucent.scene;

import java.nio.file.Path;

/**
 * Bad input: a file that cannot be read, parsed or used. The message names the file and the problem in one
 * line; the CLI prints {@link #getMessage()} and exits non-zero (the stack trace only with --debug).
 */
public class SceneException extends RuntimeException {
    private final Path file;

    public SceneException(Path file, String problem) {
        this(file, problem, null);
    }

    public SceneException(Path file, String problem, Throwable cause) {
        super((file != null ? file + ": " : "") + problem, cause);
        this.file = file;
    }

    /** The offending file, or null when the problem is not tied to one. */
    public Path file() { return file; }
}
