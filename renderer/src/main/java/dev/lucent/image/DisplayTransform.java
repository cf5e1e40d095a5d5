package dev.lucent.image;

import dev.lucent.scene.RenderSettings;
import java.util.stream.IntStream;

/**
 * Scene-linear Rec.709 RGB to 8-bit sRGB, in this order per pixel:
 * <ol>
 *   <li>exposure: multiply by 2^stops; then NaN and negative components become 0 and +infinity the largest
 *       float (the tone curves need finite, non-negative input);</li>
 *   <li>the {@link ToneMapper} (display-linear [0,1]);</li>
 *   <li>the exact sRGB OETF ({@link Srgb#encode});</li>
 *   <li>quantisation floor(s * 255 + 0.5), optionally dithered first with deterministic triangular noise of
 *       +-1 LSB (a hash of x, y, channel; the same image always gives the same bytes). Signals at or
 *       beyond 0 and 1 are not dithered, so black and clipped white stay flat. Without dithering, steps 3
 *       and 4 are done together by {@link Srgb#encode8}, a table lookup that gives the same codes.</li>
 * </ol>
 * Immutable and thread-safe; {@link #apply} encodes rows in parallel (common fork-join pool).
 */
public final class DisplayTransform {
    private final double exposureStops;
    private final float scale;
    private final ToneMapper toneMapper;
    private final boolean dither;

    public DisplayTransform(double exposureStops, ToneMapper toneMapper, boolean dither) {
        if (!Double.isFinite(exposureStops)) throw new IllegalArgumentException("exposure " + exposureStops);
        this.exposureStops = exposureStops;
        this.scale = (float) Math.pow(2.0, exposureStops);
        this.toneMapper = toneMapper;
        this.dither = dither;
    }

    /** Exposure and tone mapper from render settings (defaults: 0 stops, neutral), no dithering. */
    public static DisplayTransform of(RenderSettings s) {
        double stops = s.exposure != null ? s.exposure : 0.0;
        ToneMapper tm = ToneMapper.named(s.toneMap != null ? s.toneMap : NeutralToneMapper.NAME);
        return new DisplayTransform(stops, tm, false);
    }

    public double exposureStops() { return exposureStops; }
    public ToneMapper toneMapper() { return toneMapper; }
    public boolean dither() { return dither; }

    /** Encodes {@code linearRgb} (3 floats per pixel, rows top to bottom) into a 3-channel LdrImage. */
    public LdrImage apply(int width, int height, float[] linearRgb) {
        if ((long) width * height * 3 != linearRgb.length) {
            throw new IllegalArgumentException("expected " + (long) width * height * 3 + " floats, got "
                    + linearRgb.length);
        }
        byte[] out = new byte[linearRgb.length];
        // Rows are independent and each pixel's bytes depend only on its input and position, so the
        // parallel loop gives the same bytes as a sequential one.
        IntStream.range(0, height).parallel().forEach(y -> {
            float[] px = new float[3];
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                px[0] = linearRgb[i];
                px[1] = linearRgb[i + 1];
                px[2] = linearRgb[i + 2];
                encodePixel(px, x, y, out, i);
            }
        });
        return new LdrImage(width, height, 3, out);
    }

    /** The film's beauty (mean radiance) encoded for display. */
    public LdrImage apply(Film film) {
        return apply(film.width(), film.height(), film.beautyRgb());
    }

    /** Encodes one pixel: {@code rgb} (overwritten) at image position (x, y) into {@code out[offset..+2]}. */
    public void encodePixel(float[] rgb, int x, int y, byte[] out, int offset) {
        for (int c = 0; c < 3; c++) {
            float v = rgb[c] * scale;
            rgb[c] = v > 0 ? Math.min(v, Float.MAX_VALUE) : 0f; // NaN and negatives to 0, +inf to the largest float
        }
        toneMapper.map(rgb, 0);
        for (int c = 0; c < 3; c++) {
            if (dither) {
                double s = Srgb.encode(rgb[c]);
                if (s > 0 && s < 1) s += triangularNoise(x, y, c) / 255.0;
                out[offset + c] = (byte) Srgb.quantize(s);
            } else {
                out[offset + c] = (byte) Srgb.encode8(rgb[c]); // same code as quantize(encode(v)), no pow
            }
        }
    }

    /** Triangular noise in (-1, 1) from a hash of the position: the sum of two uniforms minus 1. */
    static double triangularNoise(int x, int y, int c) {
        long h = mix(((long) x << 32) ^ ((long) y << 2) ^ c);
        double u1 = (h >>> 40) * 0x1.0p-24;
        double u2 = ((h >>> 16) & 0xffffff) * 0x1.0p-24;
        return u1 + u2 - 1.0;
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
