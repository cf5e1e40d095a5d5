package dev.lucent.image;

import dev.lucent.scene.Texture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lwjgl.stb.STBImage;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * Decodes input images (PNG, JPEG, Radiance HDR, and the other formats stb_image reads: BMP, TGA, GIF's first
 * frame, PSD, PIC, PNM) into {@link Texture}s, from a file or from encoded bytes in memory (glb buffer views,
 * data URIs). Uses LWJGL's stb_image with four channels forced:
 * <ul>
 * <li>LDR images become {@link Texture#ldr} RGBA8, bytes exactly as stored (no sRGB decoding here); 16-bit
 *     PNGs are reduced to 8 bits by stb_image; grey or RGB images get alpha 255.
 * <li>Radiance .hdr images become {@link Texture#hdr} linear float RGBA with alpha 1.
 * </ul>
 * Rows are top first (stb_image's vertical flip is never enabled). Failures throw {@link IOException} naming
 * the image and stb_image's reason; callers decide on the fallback ({@link Texture#missing}).
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    /** Decodes the image file at {@code file}; the texture is named after the file. */
    public static Texture decode(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer encoded = MemoryUtil.memAlloc(Math.max(1, bytes.length));
        try {
            encoded.put(bytes).flip();
            return decodeDirect(encoded, file.getFileName().toString(), file);
        } finally {
            MemoryUtil.memFree(encoded);
        }
    }

    /**
     * Decodes encoded image bytes (the remaining bytes of {@code encoded}, which is not modified).
     *
     * @param name   texture name (file name or glTF image name)
     * @param source file the bytes came from, or null for embedded images
     */
    public static Texture decode(ByteBuffer encoded, String name, Path source) throws IOException {
        if (encoded.isDirect()) return decodeDirect(encoded.slice(), name, source);
        ByteBuffer copy = MemoryUtil.memAlloc(Math.max(1, encoded.remaining()));
        try {
            copy.put(encoded.duplicate()).flip();
            return decodeDirect(copy, name, source);
        } finally {
            MemoryUtil.memFree(copy);
        }
    }

    private static Texture decodeDirect(ByteBuffer encoded, String name, Path source) throws IOException {
        if (!encoded.hasRemaining()) throw new IOException(name + ": image data is empty");
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var w = stack.mallocInt(1);
            var h = stack.mallocInt(1);
            var channels = stack.mallocInt(1);
            if (STBImage.stbi_is_hdr_from_memory(encoded)) {
                FloatBuffer px = STBImage.stbi_loadf_from_memory(encoded, w, h, channels, 4);
                if (px == null) throw failure(name);
                try {
                    float[] rgba = new float[checkedSize(name, w.get(0), h.get(0))];
                    px.get(0, rgba); // absolute: stbi_image_free frees the buffer's current position
                    return Texture.hdr(name, source, w.get(0), h.get(0), rgba);
                } finally {
                    STBImage.stbi_image_free(px);
                }
            }
            ByteBuffer px = STBImage.stbi_load_from_memory(encoded, w, h, channels, 4);
            if (px == null) throw failure(name);
            try {
                byte[] rgba = new byte[checkedSize(name, w.get(0), h.get(0))];
                px.get(0, rgba); // absolute: stbi_image_free frees the buffer's current position
                return Texture.ldr(name, source, w.get(0), h.get(0), rgba);
            } finally {
                STBImage.stbi_image_free(px);
            }
        }
    }

    private static int checkedSize(String name, int w, int h) throws IOException {
        long n = 4L * w * h;
        if (w <= 0 || h <= 0 || n > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": unsupported image size " + w + "x" + h);
        }
        return (int) n;
    }

    private static IOException failure(String name) {
        String reason = STBImage.stbi_failure_reason();
        return new IOException(name + ": cannot decode image (stb_image: "
                + (reason != null ? reason : "unknown reason") + ")");
    }
}
