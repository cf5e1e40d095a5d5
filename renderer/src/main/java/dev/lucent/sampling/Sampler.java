package dev.lucent.sampling;

/**
 * The random sequence a path consumes at one (pixel, sample) pair. Every value is a pure function of
 * (pixel x, pixel y, sample index, dimension, seed): no state survives {@link #startPixelSample} except those
 * five inputs, so an image is bit-identical whatever the thread count or tile order, and rendering can resume
 * at any sample index.
 *
 * <p>Dimension consumption: {@link #startPixelSample} sets the dimension counter to 0; {@link #get1D} reads
 * dimension d and advances the counter by 1; {@link #get2D} reads the pair (d, d+1) and advances it by 2.
 * Callers that want a fixed dimension per purpose (say, bounce b always starting at 4 + 8b) set it with
 * {@link #setDimension}. Values lie in [0, 1).
 *
 * <p>Implementations are mutable and meant to be used by one thread at a time (one per render thread).
 */
public interface Sampler {
    /** Starts the sequence of pixel (px, py) at {@code sampleIndex} (an unsigned 32-bit index) for {@code seed}. */
    void startPixelSample(int px, int py, int sampleIndex, long seed);

    /** The next dimension's value in [0, 1). */
    float get1D();

    /** The next two dimensions' values in [0, 1), written to {@code out[0]} and {@code out[1]}. */
    void get2D(float[] out);

    /** The dimension the next {@link #get1D} or {@link #get2D} call reads. */
    int dimension();

    /** Moves the dimension counter; the next read uses dimension {@code d} (d >= 0). */
    void setDimension(int d);
}
