package dev.lucent.integrator;

import dev.lucent.image.PixelFilter;

/**
 * Settings of {@link PathIntegrator}.
 *
 * @param maxDepth largest number of bounces (scattering events) of a path: 0 shows only emission seen directly,
 *     1 adds direct lighting, and so on
 * @param clamp largest component of one sample's radiance (the sample is scaled down to it, keeping its hue);
 *     0 = off. Clamping trades bias for fewer fireflies.
 * @param seed master seed of the sampler
 * @param filter pixel reconstruction filter, sampled by filter importance sampling
 */
public record IntegratorSettings(int maxDepth, float clamp, long seed, PixelFilter filter) {
    public IntegratorSettings {
        if (maxDepth < 0) throw new IllegalArgumentException("maxDepth must be at least 0, got " + maxDepth);
        if (!(clamp >= 0)) throw new IllegalArgumentException("clamp must be at least 0, got " + clamp);
        if (filter == null) filter = PixelFilter.defaultFilter();
    }

    /** Max depth 8, no clamp, seed 0, the default filter. */
    public static IntegratorSettings defaults() {
        return new IntegratorSettings(8, 0, 0, PixelFilter.defaultFilter());
    }
}
