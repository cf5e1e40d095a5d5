package dev.lucent.denoise;

/**
 * A filter that averages the colours of one render with weights taken from another render of the same pixels
 * (NFOR's cross-filtering of half buffers: the weights of half 1 from half 2, so that an outlier of half 1,
 * absent from half 2, does not shield itself from its neighbours). With {@code values == weightsFrom} it is
 * an ordinary denoiser. Output: 3 linear RGB floats per pixel, as {@link Denoiser#denoise}.
 */
public interface CrossFilter {
    float[] filter(DenoiseInput values, DenoiseInput weightsFrom);

    /** A {@link Denoiser} as a cross filter that ignores {@code weightsFrom}. */
    static CrossFilter of(Denoiser denoiser) {
        return (values, weightsFrom) -> denoiser.denoise(values);
    }
}
