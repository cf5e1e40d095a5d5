package dev.lucent.image;

import java.util.List;
import java.util.Locale;

/**
 * A separable, non-negative pixel reconstruction filter f(x, y) = f1(x) f1(y), sampled by filter importance
 * sampling (Ernst et al., "Filter Importance Sampling", IEEE RT 2006; pbrt-v4 section 8.8): each camera
 * sample's film position is the pixel centre plus an offset drawn with density proportional to f, and the
 * sample's weight is 1. There is no splatting, so every sample belongs to exactly one pixel and the film
 * stays per-pixel owned and deterministic. Offsets are in pixels, x right, y down (film raster space).
 */
public interface PixelFilter {
    /** The name used by the CLI and {@link #named}. */
    String name();

    /** Half-width of the support in each axis, in pixels. */
    double radius();

    /** The 1D profile f1 at offset {@code x} (pixels); 0 outside [-radius, radius]; not normalised. */
    double profile(double x);

    /** f(x, y) = f1(x) f1(y). */
    default double evaluate(double x, double y) { return profile(x) * profile(y); }

    /**
     * Maps two uniform numbers in [0,1) to a film offset {@code dxy[0..1]} in [-radius, radius]^2 distributed
     * with density f / integral(f); u0 drives x and u1 drives y, each through the inverse CDF of f1.
     */
    void sample(float u0, float u1, float[] dxy);

    /** Names accepted by {@link #named}, default first. */
    static List<String> names() {
        return List.of(GaussianFilter.NAME, BoxFilter.NAME, TentFilter.NAME, BlackmanHarrisFilter.NAME);
    }

    /** The default filter: Gaussian, radius 1.5, sigma 0.5. */
    static PixelFilter defaultFilter() { return new GaussianFilter(); }

    /** The filter called {@code name} with its default parameters; IllegalArgumentException listing names. */
    static PixelFilter named(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case GaussianFilter.NAME: return new GaussianFilter();
            case BoxFilter.NAME: return new BoxFilter();
            case TentFilter.NAME: return new TentFilter();
            case BlackmanHarrisFilter.NAME: return new BlackmanHarrisFilter();
            default:
                throw new IllegalArgumentException("unknown pixel filter '" + name + "'; known: "
                        + String.join(", ", names()));
        }
    }
}
