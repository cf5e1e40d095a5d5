package dev.lucent.denoise;

/**
 * What a {@link Denoiser} reads: a width x height render as flat float arrays, pixel index {@code y * width + x}
 * (y = 0 the top row), all linear: {@code color} the noisy beauty (linear Rec.709 RGB), {@code albedo} first-hit
 * albedo (RGB in [0,1]), {@code normal} first-hit shading normal in world space, 3 floats per pixel each.
 *
 * <p>This is the subset of the denoise branch's {@code DenoiseInput} record that the OptiX denoiser reads, with
 * the same accessor names; when both branches meet, that record (which adds depth, variance and spp) replaces
 * this one and {@link OptixDenoiser} compiles against it unchanged.
 */
public record DenoiseInput(int width, int height, float[] color, float[] albedo, float[] normal) {
    public DenoiseInput {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("denoise input size " + width + "x" + height);
        }
        int n = 3 * width * height;
        if (color == null || color.length != n) throw new IllegalArgumentException("color needs " + n + " floats");
        if (albedo == null || albedo.length != n) throw new IllegalArgumentException("albedo needs " + n + " floats");
        if (normal == null || normal.length != n) throw new IllegalArgumentException("normal needs " + n + " floats");
    }
}
