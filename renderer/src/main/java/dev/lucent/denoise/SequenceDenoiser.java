package dev.lucent.denoise;

/**
 * A denoiser for frame sequences that carries state from one frame to the next (the previous frame's output),
 * fed the motion AOV ({@link DenoiseInput#motion()}) of each frame: {@link TemporalDenoiser} on the CPU, and
 * {@link OptixDenoiser} opened with OptiX's temporal model. Frames go in sequence order; a renderer that skips
 * or resumes frames sets the history from the previous frame's file or clears it.
 */
public interface SequenceDenoiser extends Denoiser {
    /** Whether a previous frame is held, so the next frame with motion is blended with it. */
    boolean hasHistory();

    /** Forgets the previous frame: the next frame starts a new sequence. */
    void clearHistory();

    /**
     * Makes {@code previousOutput} (the denoised previous frame, 3 floats per pixel, linear) the history, with
     * {@code previous} its input (the guide layers, for denoisers that check history against them). A denoiser
     * whose history holds more than an image (OptiX's temporal model under ABI 87 and later carries internal
     * guide layers) cannot take it this way: it clears its history instead, and {@link #hasHistory()} says so.
     */
    void setHistory(DenoiseInput previous, float[] previousOutput);
}
