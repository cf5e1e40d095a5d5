package dev.lucent.metrics;

import dev.lucent.image.DisplayTransform;
import dev.lucent.image.NeutralToneMapper;
import dev.lucent.image.Srgb;
import dev.lucent.image.ToneMapper;

/**
 * The display signal every perceptual metric in this package works on: scene-linear Rec.709 RGB, times
 * 2^exposure, NaN and negatives to 0, through the {@link ToneMapper}, then the exact sRGB OETF
 * ({@link Srgb#encode}), kept as floats in [0,1] (not quantised to 8 bits). These are the steps of
 * {@link DisplayTransform} before quantisation, so with the defaults (0 stops, Khronos PBR Neutral) the
 * metrics judge the image the way {@code lucent render} and {@code lucent denoise} write it as PNG.
 */
public record DisplayEncoding(double exposureStops, ToneMapper toneMapper) {
    public DisplayEncoding {
        if (!Double.isFinite(exposureStops)) throw new IllegalArgumentException("exposure " + exposureStops);
        if (toneMapper == null) throw new IllegalArgumentException("no tone mapper");
    }

    /** 0 stops, neutral tone mapper: Lucent's PNG default. */
    public static DisplayEncoding defaults() {
        return new DisplayEncoding(0.0, new NeutralToneMapper());
    }

    /** The display signal of a scene-linear image. */
    public RgbImage encode(RgbImage linear) {
        float scale = (float) Math.pow(2.0, exposureStops);
        float[] in = linear.rgb();
        float[] out = new float[in.length];
        float[] px = new float[3];
        for (int i = 0; i < in.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                float v = in[i + c] * scale;
                px[c] = v > 0 ? Math.min(v, Float.MAX_VALUE) : 0f;
            }
            toneMapper.map(px, 0);
            for (int c = 0; c < 3; c++) {
                out[i + c] = (float) Math.min(1.0, Math.max(0.0, Srgb.encode(px[c])));
            }
        }
        return new RgbImage(linear.width(), linear.height(), out);
    }
}
