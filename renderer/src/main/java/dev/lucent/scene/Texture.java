package dev.lucent.scene;

import java.nio.file.Path;

/**
 * A decoded image, kept once per file however many materials use it. LDR images hold 8-bit RGBA exactly as
 * stored (sRGB decoding happens where the material slot says so); HDR images hold linear float RGBA.
 * Rows are top first.
 */
public final class Texture {
    public final String name;
    /** File it came from, or null for embedded images. */
    public final Path source;
    public final int width, height;
    /** RGBA8, width*height*4 bytes, or null when {@link #hdr} is set. */
    public final byte[] rgba8;
    /** RGBA float, width*height*4 floats, or null for LDR images. */
    public final float[] rgba32f;

    private Texture(String name, Path source, int width, int height, byte[] rgba8, float[] rgba32f) {
        this.name = name;
        this.source = source;
        this.width = width;
        this.height = height;
        this.rgba8 = rgba8;
        this.rgba32f = rgba32f;
    }

    public static Texture ldr(String name, Path source, int width, int height, byte[] rgba8) {
        return new Texture(name, source, width, height, rgba8, null);
    }

    public static Texture hdr(String name, Path source, int width, int height, float[] rgba32f) {
        return new Texture(name, source, width, height, null, rgba32f);
    }

    public boolean isHdr() { return rgba32f != null; }

    /** The visible fallback for a texture that cannot be loaded: 8x8 magenta/black checker. */
    public static Texture missing(String name, Path source) {
        byte[] px = new byte[8 * 8 * 4];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int i = (y * 8 + x) * 4;
                boolean on = ((x ^ y) & 1) == 0;
                px[i] = (byte) (on ? 255 : 0);
                px[i + 1] = 0;
                px[i + 2] = (byte) (on ? 255 : 0);
                px[i + 3] = (byte) 255;
            }
        }
        return new Texture(name + " (missing)", source, 8, 8, px, null);
    }
}
