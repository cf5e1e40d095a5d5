package dev.lucent.metrics;

/**
 * A width x height RGB image as 3 floats per pixel, pixel index {@code y * width + x}, y = 0 the top row. What
 * the floats mean (scene-linear radiance or a display-encoded signal in [0,1]) is stated by whoever takes
 * one; see {@link DisplayEncoding}. The array is referenced, not copied.
 */
public record RgbImage(int width, int height, float[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image size " + width + "x" + height);
        }
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("expected " + 3 * width * height + " floats, got " + rgb.length);
        }
    }

    public int pixelCount() { return width * height; }

    /** Channel {@code c} of pixel (x, y). */
    public float get(int x, int y, int c) { return rgb[3 * (y * width + x) + c]; }

    /** IllegalArgumentException unless {@code other} has the same size. */
    public void requireSameSize(RgbImage other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("image sizes differ: " + width + "x" + height + " and "
                    + other.width + "x" + other.height);
        }
    }
}
