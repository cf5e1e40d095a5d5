package dev.lucent.material;

import dev.lucent.core.Layout;
import dev.lucent.core.NativeBuffer;

/**
 * Bilinear, repeat-wrapped texture lookups in the compiled scene's image pools (see {@code lucent_layout.h}:
 * LcTextureView, LcImage, the texel pool).
 *
 * <p>Conventions (glTF): uv (0, 0) is the top-left corner of the image, u to the right, v down the rows (row 0
 * is the first row stored); texel (i, j) has its centre at ((i + 0.5) / width, (j + 0.5) / height). A texture
 * view first maps uv by its KHR_texture_transform matrix, uv' = (m00 u + m01 v + m02, m10 u + m11 v + m12).
 * RGBA8 texels are one 32-bit word, R in the low byte; RGBA32F texels are four floats. With {@code srgb} set,
 * 8-bit colour channels are decoded with the exact sRGB EOTF before filtering (alpha is always linear); float
 * images are linear already and are never decoded. Results are RGBA in a caller-owned {@code float[4]}.
 *
 * <p>Indices are trusted (hot path, no bounds checks); {@link MaterialEvaluator} validates the pools once.
 */
public final class TextureSampler {
    private static final float[] SRGB_TO_LINEAR = new float[256];
    private static final float INV_255 = 1f / 255;

    static {
        for (int i = 0; i < 256; i++) SRGB_TO_LINEAR[i] = srgbToLinear(i / 255f);
    }

    private final NativeBuffer textureViews, images, texels;

    public TextureSampler(NativeBuffer textureViews, NativeBuffer images, NativeBuffer texels) {
        this.textureViews = textureViews;
        this.images = images;
        this.texels = texels;
    }

    /** The sRGB electro-optical transfer function (IEC 61966-2-1), exact piecewise form. */
    public static float srgbToLinear(float c) {
        if (c <= 0.04045f) return c / 12.92f;
        return (float) Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** Looks up texture view {@code view} (LcTextureView index) at uv, applying its transform. */
    public void sampleView(int view, float u, float v, boolean srgb, float[] rgba) {
        long o = (long) view * Layout.LcTextureView.BYTES;
        float tu = textureViews.getFloat(o + Layout.LcTextureView.M00) * u
                + textureViews.getFloat(o + Layout.LcTextureView.M01) * v
                + textureViews.getFloat(o + Layout.LcTextureView.M02);
        float tv = textureViews.getFloat(o + Layout.LcTextureView.M10) * u
                + textureViews.getFloat(o + Layout.LcTextureView.M11) * v
                + textureViews.getFloat(o + Layout.LcTextureView.M12);
        sampleImage(textureViews.getInt(o + Layout.LcTextureView.IMAGE), tu, tv, srgb, rgba);
    }

    /** Bilinear lookup of image {@code image} (LcImage index) at uv with repeat wrapping. */
    public void sampleImage(int image, float u, float v, boolean srgb, float[] rgba) {
        long o = (long) image * Layout.LcImage.BYTES;
        long base = Integer.toUnsignedLong(images.getInt(o + Layout.LcImage.OFFSET_WORDS)) * 4;
        int w = images.getInt(o + Layout.LcImage.WIDTH);
        int h = images.getInt(o + Layout.LcImage.HEIGHT);
        boolean hdr = images.getInt(o + Layout.LcImage.FORMAT) == Layout.LC_IMAGE_RGBA32F;

        float x = wrap01(u) * w - 0.5f, y = wrap01(v) * h - 0.5f;
        float fx0 = (float) Math.floor(x), fy0 = (float) Math.floor(y);
        float fx = x - fx0, fy = y - fy0;
        int x0 = (int) fx0, y0 = (int) fy0;
        int x1 = x0 + 1 >= w ? 0 : x0 + 1, y1 = y0 + 1 >= h ? 0 : y0 + 1;
        if (x0 < 0) x0 = w - 1;
        if (y0 < 0) y0 = h - 1;

        rgba[0] = rgba[1] = rgba[2] = rgba[3] = 0;
        accumulate(base, w, x0, y0, (1 - fx) * (1 - fy), hdr, srgb, rgba);
        accumulate(base, w, x1, y0, fx * (1 - fy), hdr, srgb, rgba);
        accumulate(base, w, x0, y1, (1 - fx) * fy, hdr, srgb, rgba);
        accumulate(base, w, x1, y1, fx * fy, hdr, srgb, rgba);
    }

    /** u - floor(u) in [0, 1]; non-finite coordinates read as 0. */
    private static float wrap01(float u) {
        if (!(Math.abs(u) < 1e30f)) return 0;
        return u - (float) Math.floor(u);
    }

    private void accumulate(long base, int w, int x, int y, float weight, boolean hdr, boolean srgb, float[] rgba) {
        long texel = (long) y * w + x;
        if (hdr) {
            long a = base + texel * 16;
            rgba[0] += weight * texels.getFloat(a);
            rgba[1] += weight * texels.getFloat(a + 4);
            rgba[2] += weight * texels.getFloat(a + 8);
            rgba[3] += weight * texels.getFloat(a + 12);
        } else {
            int word = texels.getInt(base + texel * 4);
            int r = word & 0xff, g = (word >>> 8) & 0xff, b = (word >>> 16) & 0xff, a = word >>> 24;
            if (srgb) {
                rgba[0] += weight * SRGB_TO_LINEAR[r];
                rgba[1] += weight * SRGB_TO_LINEAR[g];
                rgba[2] += weight * SRGB_TO_LINEAR[b];
            } else {
                rgba[0] += weight * r * INV_255;
                rgba[1] += weight * g * INV_255;
                rgba[2] += weight * b * INV_255;
            }
            rgba[3] += weight * a * INV_255;
        }
    }
}
