package dev.lucent.denoise;

import dev.lucent.image.LuminanceCascade;

/**
 * A render's firefly cascade as the denoiser reads it: the {@link LuminanceCascade} the film split its samples
 * by and the buffers' per-pixel means, {@code cascade.count()} buffers of 3 floats (linear RGB) per pixel,
 * buffer-major: buffer i, pixel p, channel c at {@code 3 (i n + p) + c} for n pixels. The buffers sum to the
 * colour (up to float rounding). The array is referenced, not copied; denoisers never modify it.
 */
public record CascadeLayers(LuminanceCascade cascade, float[] means) {
    public CascadeLayers {
        if (cascade == null || means == null) throw new IllegalArgumentException("cascade layers need both parts");
        if (means.length % (3 * cascade.count()) != 0) {
            throw new IllegalArgumentException("cascade means: " + means.length + " floats for " + cascade.count()
                    + " buffers");
        }
    }

    /** Pixels the buffers cover. */
    public int pixelCount() { return means.length / (3 * cascade.count()); }
}
