package dev.lucent.backend;

import dev.lucent.image.PixelFilter;
import dev.lucent.integrator.IntegratorSettings;

/**
 * How a {@link RenderBackend} renders.
 *
 * @param maxDepth largest number of bounces of a path (see {@link IntegratorSettings})
 * @param clamp per-sample radiance clamp, 0 = off
 * @param seed master seed of the sample sequences
 * @param threads CPU threads to use, 0 = one per available processor (ignored by GPU backends)
 * @param filter pixel reconstruction filter
 */
public record RenderOptions(int maxDepth, float clamp, long seed, int threads, PixelFilter filter) {
    public RenderOptions {
        if (threads < 0) throw new IllegalArgumentException("threads must be at least 0, got " + threads);
        if (filter == null) filter = PixelFilter.defaultFilter();
        new IntegratorSettings(maxDepth, clamp, seed, filter); // validates the rest
    }

    /** Max depth 8, no clamp, seed 0, all processors, the default filter. */
    public static RenderOptions defaults() {
        return new RenderOptions(8, 0, 0, 0, PixelFilter.defaultFilter());
    }

    public IntegratorSettings integratorSettings() {
        return new IntegratorSettings(maxDepth, clamp, seed, filter);
    }

    /** {@link #threads} with 0 resolved to the number of available processors. */
    public int resolvedThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    public RenderOptions withThreads(int n) {
        return new RenderOptions(maxDepth, clamp, seed, n, filter);
    }

    public RenderOptions withMaxDepth(int d) {
        return new RenderOptions(d, clamp, seed, threads, filter);
    }
}
