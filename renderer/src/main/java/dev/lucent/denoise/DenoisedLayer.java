package dev.lucent.denoise;

import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrPixelType;

/**
 * How a denoised beauty is stored in a render EXR: beside the noisy beauty {@code R, G, B} (which is kept) as
 * the FLOAT layer {@code denoised.R/G/B}, with the denoiser's name in the string attribute
 * {@code lucent.denoiser}. {@code lucent render --denoise} and {@code lucent denoise} both write it this way.
 */
public final class DenoisedLayer {
    /** Layer name: channels {@code denoised.R}, {@code denoised.G}, {@code denoised.B}. */
    public static final String NAME = "denoised";
    /** Attribute naming the denoiser that produced the layer. */
    public static final String DENOISER_ATTRIBUTE = "lucent.denoiser";

    private DenoisedLayer() {}

    /** Adds (or replaces) the denoised layer, 3 floats per pixel, and the attribute; returns {@code img}. */
    public static ExrImage addTo(ExrImage img, float[] rgb, String denoiser) {
        img.putLayer(NAME, ExrImage.RGB, rgb, ExrPixelType.FLOAT);
        img.putAttribute(DENOISER_ATTRIBUTE, denoiser);
        return img;
    }
}
