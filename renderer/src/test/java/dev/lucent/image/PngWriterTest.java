package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.SceneException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwjgl.stb.STBImage;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

class PngWriterTest {
    @TempDir
    Path dir;

    /** A 7x5 image whose bytes encode position and channel, so any reordering shows. */
    private static LdrImage pattern(int channels) {
        int w = 7, h = 5;
        byte[] px = new byte[w * h * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) px[(y * w + x) * channels + c] = (byte) (x * 31 + y * 7 + c * 90);
            }
        }
        return new LdrImage(w, h, channels, px);
    }

    private static ImageMetadata metadata() {
        RenderSettings s = RenderSettings.defaults();
        s.seed = 42L;
        return ImageMetadata.forRender(s, "cpu", 1.25)
                .put("Comment", "caf\u00e9 latin-1")
                .put("lucent.note", "check \u2713 unicode");
    }

    private static byte[] stbDecode(byte[] png, int[] whc) {
        ByteBuffer in = MemoryUtil.memAlloc(png.length).put(png).flip();
        try (MemoryStack s = MemoryStack.stackPush()) {
            IntBuffer w = s.mallocInt(1), h = s.mallocInt(1), c = s.mallocInt(1);
            ByteBuffer pixels = STBImage.stbi_load_from_memory(in, w, h, c, 0);
            assertNotNull(pixels, STBImage.stbi_failure_reason());
            whc[0] = w.get(0);
            whc[1] = h.get(0);
            whc[2] = c.get(0);
            byte[] out = new byte[pixels.remaining()];
            pixels.get(0, out); // absolute: stbi_image_free needs the buffer's position at 0
            STBImage.stbi_image_free(pixels);
            return out;
        } finally {
            MemoryUtil.memFree(in);
        }
    }

    @Test
    void pixelsRoundTripThroughStbImage() {
        for (int channels : new int[] {3, 4}) {
            LdrImage img = pattern(channels);
            int[] whc = new int[3];
            byte[] decoded = stbDecode(PngWriter.encode(img, metadata()), whc);
            assertArrayEquals(new int[] {7, 5, channels}, whc);
            assertArrayEquals(img.pixels(), decoded);
        }
    }

    @Test
    void textChunksFollowHeaderWithValidCrcs() {
        byte[] png = PngWriter.encode(pattern(3), metadata());
        List<PngChunk> chunks = PngChunkCodec.parse(png); // checks every CRC
        assertEquals("IHDR", chunks.get(0).type());
        assertEquals("IEND", chunks.get(chunks.size() - 1).type());
        ImageMetadata expected = metadata();
        int k = expected.entries().size();
        for (int i = 1; i <= k; i++) {
            String t = chunks.get(i).type();
            assertTrue(t.equals("tEXt") || t.equals("iTXt"), "chunk " + i + " is " + t);
        }
        assertEquals("iTXt", chunks.get(k).type(), "the non-Latin-1 value uses iTXt");
        assertEquals(expected.entries(), PngChunkCodec.texts(chunks));
        assertEquals("Lucent", PngChunkCodec.texts(chunks).get("Software"));
        assertEquals("42", PngChunkCodec.texts(chunks).get(ImageMetadata.SEED));
        assertTrue(PngChunkCodec.texts(chunks).get(ImageMetadata.SETTINGS).contains("spp=64"));
    }

    @Test
    void corruptedChunkFailsCrcCheck() {
        byte[] png = PngWriter.encode(pattern(3), ImageMetadata.lucent());
        int ihdrEnd = 8 + 25;
        png[ihdrEnd + 8 + 2] ^= 0x20; // a byte inside the first tEXt keyword
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PngChunkCodec.parse(png));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    /** Java ImageIO decodes the file independently: same pixels and the same text entries. */
    @Test
    void imageIoReadsPixelsAndText() throws IOException {
        Path file = dir.resolve("out/render.png");
        LdrImage img = pattern(3);
        PngWriter.write(file, img, metadata());
        assertTrue(Files.exists(file));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            BufferedImage bi = reader.read(0);
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    int rgb = bi.getRGB(x, y);
                    assertEquals(img.get(x, y, 0), (rgb >> 16) & 0xff);
                    assertEquals(img.get(x, y, 1), (rgb >> 8) & 0xff);
                    assertEquals(img.get(x, y, 2), rgb & 0xff);
                }
            }
            IIOMetadata meta = reader.getImageMetadata(0);
            Map<String, String> texts = new HashMap<>();
            collectText(meta.getAsTree("javax_imageio_png_1.0"), texts);
            assertEquals(metadata().entries(), texts);
            reader.dispose();
        }
    }

    private static void collectText(Node node, Map<String, String> out) {
        NamedNodeMap a = node.getAttributes();
        if (node.getNodeName().equals("tEXtEntry")) {
            out.put(a.getNamedItem("keyword").getNodeValue(), a.getNamedItem("value").getNodeValue());
        } else if (node.getNodeName().equals("iTXtEntry")) {
            out.put(a.getNamedItem("keyword").getNodeValue(), a.getNamedItem("text").getNodeValue());
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) collectText(c, out);
    }

    @Test
    void unwritableTargetIsASceneException() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        SceneException e = assertThrows(SceneException.class,
                () -> PngWriter.write(blocker.resolve("child.png"), pattern(3), ImageMetadata.lucent()));
        assertTrue(e.getMessage().contains("child.png"), e.getMessage());
    }

    @Test
    void badMetadataKeysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageMetadata.lucent().put(" lead", "x"));
        assertThrows(IllegalArgumentException.class, () -> ImageMetadata.lucent().put("a".repeat(80), "x"));
        assertThrows(IllegalArgumentException.class, () -> ImageMetadata.lucent().put("tab\tkey", "x"));
        assertThrows(IllegalArgumentException.class, () -> ImageMetadata.lucent().put("k", "nul\0"));
    }
}
