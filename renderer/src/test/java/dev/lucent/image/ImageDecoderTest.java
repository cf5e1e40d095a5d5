package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import dev.lucent.scene.Texture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path tmp;

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @Test
    void pngFromMemoryKeepsBytesAndAlphaRowsTopFirst() throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0xFF102030);
        img.setRGB(1, 0, 0x80FFFFFF);
        img.setRGB(0, 1, 0x00000000);
        img.setRGB(1, 1, 0xFF0000FF);
        Texture t = ImageDecoder.decode(ByteBuffer.wrap(encode(img, "png")), "mem", null);
        assertEquals(2, t.width);
        assertEquals(2, t.height);
        assertFalse(t.isHdr());
        assertNull(t.source);
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0x80, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}, t.rgba8);
    }

    @Test
    void greyPngGetsOpaqueAlpha() throws Exception {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 77);
        Path p = tmp.resolve("grey.png");
        Files.write(p, encode(img, "png"));
        Texture t = ImageDecoder.decode(p);
        assertEquals("grey.png", t.name);
        assertEquals(p, t.source);
        assertArrayEquals(new byte[] {77, 77, 77, (byte) 255}, t.rgba8);
    }

    @Test
    void jpegFile() throws Exception {
        Texture t = ImageDecoder.decode(TestPaths.sharedScenes().resolve("damaged-helmet/Default_emissive.jpg"));
        assertEquals(2048, t.width);
        assertEquals(2048, t.height);
        assertEquals(2048 * 2048 * 4, t.rgba8.length);
        for (int i = 3; i < t.rgba8.length; i += 4 * 997) assertEquals((byte) 255, t.rgba8[i]);
    }

    @Test
    void radianceHdrIsFloat() throws Exception {
        Texture t = ImageDecoder.decode(TestPaths.sharedScenes().resolve("environments/sky-afternoon.hdr"));
        assertTrue(t.isHdr());
        assertEquals(2048, t.width);
        assertEquals(1024, t.height);
        float max = 0;
        for (int i = 0; i < t.rgba32f.length; i += 4) {
            max = Math.max(max, t.rgba32f[i]);
            assertEquals(1f, t.rgba32f[i + 3]);
        }
        assertTrue(max > 100, "the sun disk is far brighter than 1: " + max);
        // The lower half is black (SOURCE.md): the last row.
        int last = (t.height - 1) * t.width * 4;
        assertEquals(0f, t.rgba32f[last] + t.rgba32f[last + 1] + t.rgba32f[last + 2]);
    }

    @Test
    void tinyHandWrittenHdr() throws Exception {
        // Radiance RGBE, flat (not run-length) scanlines of width 1: (128, 64, 32, e=129) = (1.0, 0.5, 0.25).
        byte[] header = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[header.length + 4];
        System.arraycopy(header, 0, data, 0, header.length);
        data[header.length] = (byte) 128;
        data[header.length + 1] = 64;
        data[header.length + 2] = 32;
        data[header.length + 3] = (byte) 129;
        Texture t = ImageDecoder.decode(ByteBuffer.wrap(data), "px.hdr", null);
        assertTrue(t.isHdr());
        assertArrayEquals(new float[] {1f, 0.5f, 0.25f, 1f}, t.rgba32f, 1e-6f);
    }

    @Test
    void undecodableBytesNameTheImageAndReason() {
        IOException e = assertThrows(IOException.class,
                () -> ImageDecoder.decode(ByteBuffer.wrap("not an image".getBytes()), "junk.png", null));
        assertTrue(e.getMessage().startsWith("junk.png: cannot decode image (stb_image: "), e.getMessage());
        assertThrows(IOException.class, () -> ImageDecoder.decode(ByteBuffer.allocate(0), "empty.png", null));
    }

    @Test
    void directBufferIsNotConsumed() throws Exception {
        byte[] png = encode(new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB), "png");
        ByteBuffer direct = ByteBuffer.allocateDirect(png.length).put(png).flip();
        ImageDecoder.decode(direct, "a", null);
        Texture again = ImageDecoder.decode(direct, "b", null);
        assertEquals(3, again.width);
        assertEquals(0, direct.position());
    }
}
