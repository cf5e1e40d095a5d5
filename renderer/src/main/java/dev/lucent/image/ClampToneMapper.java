package dev.lucent.image;

/** No curve: linear values clipped to [0,1] per channel. */
public final class ClampToneMapper implements ToneMapper {
    public static final String NAME = "clamp";

    @Override
    public String name() { return NAME; }

    @Override
    public void map(float[] rgb, int offset) {
        for (int c = 0; c < 3; c++) rgb[offset + c] = Math.min(1f, Math.max(0f, rgb[offset + c]));
    }
}
