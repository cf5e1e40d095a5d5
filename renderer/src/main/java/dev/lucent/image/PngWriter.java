package dev.lucent.image;

import dev.lucent.scene.SceneException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lwjgl.stb.STBIWriteCallback;
import org.lwjgl.stb.STBImageWrite;
import org.lwjgl.system.MemoryUtil;

/**
 * Writes an {@link LdrImage} as PNG with text metadata.
 *
 * <p>The pixels are encoded by stb_image_write ({@code stbi_write_png_to_func}, into memory). stb writes only
 * IHDR, IDAT and IEND, so the metadata is added afterwards as {@code tEXt}/{@code iTXt} chunks inserted right
 * after IHDR, each with its CRC-32 ({@link PngChunkCodec}). The file is written through {@link AtomicFiles}.
 */
public final class PngWriter {
    private PngWriter() {}

    /** Encodes {@code image} and writes it to {@code target} atomically. Throws SceneException on failure. */
    public static void write(Path target, LdrImage image, ImageMetadata metadata) {
        byte[] png = encode(image, metadata);
        try {
            AtomicFiles.write(target, png);
        } catch (IOException e) {
            throw new SceneException(target, "cannot write PNG: " + e.getMessage(), e);
        }
    }

    /** The complete PNG file for {@code image}, with one text chunk per metadata entry, in order. */
    public static byte[] encode(LdrImage image, ImageMetadata metadata) {
        byte[] plain = encodePixels(image);
        List<PngChunk> texts = new ArrayList<>();
        for (Map.Entry<String, String> e : metadata.entries().entrySet()) {
            texts.add(PngChunkCodec.textChunk(e.getKey(), e.getValue()));
        }
        return texts.isEmpty() ? plain : PngChunkCodec.insertAfterHeader(plain, texts);
    }

    /** stb_image_write's PNG (IHDR, IDAT, IEND) of the pixels. */
    static byte[] encodePixels(LdrImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer pixels = MemoryUtil.memAlloc(image.pixels().length);
        try (STBIWriteCallback sink = STBIWriteCallback.create((context, data, size) -> {
            ByteBuffer chunk = STBIWriteCallback.getData(data, size);
            byte[] bytes = new byte[size];
            chunk.get(bytes);
            out.write(bytes, 0, size);
        })) {
            pixels.put(image.pixels()).flip();
            boolean ok = STBImageWrite.stbi_write_png_to_func(sink, 0L, image.width(), image.height(),
                    image.channels(), pixels, image.width() * image.channels());
            if (!ok) {
                throw new IllegalStateException("stbi_write_png_to_func failed for a " + image.width() + "x"
                        + image.height() + " image");
            }
        } finally {
            MemoryUtil.memFree(pixels);
        }
        return out.toByteArray();
    }
}
