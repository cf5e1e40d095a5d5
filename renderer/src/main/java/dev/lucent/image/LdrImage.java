package dev.lucent.image;

/**
 * An 8-bit display-referred image: {@code channels} bytes per pixel (3 = sRGB, 4 = sRGB + linear alpha),
 * rows top to bottom, pixels left to right, no padding. Produced by {@link DisplayTransform}, written by
 * {@link PngWriter}.
 */
public record LdrImage(int width, int height, int channels, byte[] pixels) {
    public LdrImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size " + width + "x" + height);
        if (channels != 3 && channels != 4) throw new IllegalArgumentException("channels must be 3 or 4: " + channels);
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException("pixel array holds " + pixels.length + " bytes, expected "
                    + (long) width * height * channels);
        }
    }

    /** Byte value of channel {@code c} at (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }
}
