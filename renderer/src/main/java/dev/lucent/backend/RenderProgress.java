package dev.lucent.backend;

/**
 * Receives progress from {@link RenderBackend#render}. May be called from several render threads at once;
 * implementations must be thread-safe and quick (they run on the render threads).
 */
@FunctionalInterface
public interface RenderProgress {
    /** {@code done} of the call's {@code total} pixel samples are finished (monotonic within one call). */
    void update(long done, long total);
}
