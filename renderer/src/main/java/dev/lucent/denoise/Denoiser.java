package dev.lucent.denoise;

/**
 * Turns a noisy render plus its feature buffers into a clean image. Implementations are found by name through
 * {@link Denoisers#byName}; the CLI and the renderers know only this interface.
 *
 * <p>Contract: {@link #denoise} reads {@code in} without modifying it and returns a new array of
 * {@code 3 * width * height} linear Rec.709 RGB floats (same units as {@link DenoiseInput#color()}), rows top
 * to bottom. The output is a deterministic function of the input: the same input gives the same bits on every
 * run and with any thread count.
 */
public interface Denoiser extends AutoCloseable {
    /** The name {@link Denoisers#byName} accepts for this denoiser ("none", "cpu", ...). */
    String name();

    /** The denoised beauty, 3 floats per pixel; see the interface contract. */
    float[] denoise(DenoiseInput in);

    /** Releases native resources (GPU memory, OptiX handles); CPU denoisers hold none. */
    @Override
    default void close() {}
}
