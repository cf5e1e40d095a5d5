package dev.lucent.backend;

/**
 * A backend that cannot run here (no such backend, missing hardware or driver). The message is one line
 * naming the backend and the reason, e.g. "cuda: not available: no NVIDIA driver (libcuda.so.1 not found)".
 */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
