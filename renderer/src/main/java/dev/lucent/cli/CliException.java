package dev.lucent.cli;

/**
 * An expected failure of a command that is not about a scene file (a missing native library, an output that
 * cannot be written, ...). Like {@link dev.lucent.scene.SceneException}, the CLI prints only its message, as
 * one line, and exits with {@link Main#EXIT_FAILURE}.
 */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
