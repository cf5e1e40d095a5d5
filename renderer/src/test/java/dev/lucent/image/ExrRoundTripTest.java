package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.scene.SceneException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.libc.LibCStdlib;
import org.lwjgl.util.tinyexr.TinyEXR;

class ExrRoundTripTest {
    @TempDir
    Path dir;

    private static final int W = 37, H = 21; // not multiples of the 16-scanline ZIP block

    private static float[] randomPlane(SplittableRandom r) {
        float[] p = new float[W * H];
        for (int i = 0; i < p.length; i++) p[i] = (float) (r.nextDouble(-4, 40) * Math.pow(10, r.nextInt(-8, 8)));
        p[0] = Float.POSITIVE_INFINITY;
        p[1] = Float.MIN_VALUE;   // subnormal
        p[2] = -0f;
        p[3] = Float.MAX_VALUE;
        return p;
    }

    private static ExrImage sample() {
        SplittableRandom r = new SplittableRandom(7);
        ExrImage img = new ExrImage(W, H);
        for (String c : new String[] {"R", "G", "B", "A"}) img.putChannel(c, randomPlane(r));
        float[] rgb = new float[W * H * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = r.nextFloat();
        img.putLayer("albedo", ExrImage.RGB, rgb, ExrPixelType.FLOAT);
        img.putLayer("denoised", ExrImage.RGB, rgb.clone(), ExrPixelType.FLOAT);
        img.putLayer("normal", ExrImage.XYZ, randomPlaneN(r, 3), ExrPixelType.FLOAT);
        img.putChannel("depth.Z", randomPlane(r));
        float[] half = new float[W * H];
        for (int i = 0; i < half.length; i++) half[i] = r.nextInt(-1000, 1000) / 64f; // exact in binary16
        img.putChannel("halfExact.Y", half, ExrPixelType.HALF);
        float[] third = new float[W * H];
        java.util.Arrays.fill(third, 1f / 3f);
        img.putChannel("halfRounded.Y", third, ExrPixelType.HALF);
        int[] bits = new int[W * H];
        for (int i = 0; i < bits.length; i++) bits[i] = r.nextInt();
        bits[0] = -1;
        bits[1] = Integer.MIN_VALUE;
        img.putUintChannel("state.bits", bits);
        img.putAttributes(ImageMetadata.lucent().put(ImageMetadata.SEED, "42").put("lucent.note", "caf\u00e9 \u2713"));
        img.putAttribute("lucent.a.deliberately.long.attribute.name.over.31", "long name");
        return img;
    }

    private static float[] randomPlaneN(SplittableRandom r, int k) {
        float[] p = new float[W * H * k];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-1, 1);
        return p;
    }

    @Test
    void allLayersAndAttributesComeBackBitExact() {
        for (ExrCompression compression : ExrCompression.values()) roundTrip(compression);
    }

    private void roundTrip(ExrCompression compression) {
        ExrImage original = sample();
        byte[] exr = ExrWriter.encode(original, compression);
        assertEquals(compression.code, ExrTestFiles.parseHeader(exr).get("compression").value()[0]);
        ExrImage back = ExrReader.decode(exr, null);

        assertEquals(W, back.width());
        assertEquals(H, back.height());
        assertEquals(original.channelNames().stream().sorted().toList(), new ArrayList<>(back.channelNames()));
        for (String name : original.channelNames()) {
            ExrPixelType type = original.pixelType(name);
            assertEquals(type, back.pixelType(name), name);
            if (type == ExrPixelType.UINT) {
                assertArrayEquals(original.uintChannel(name), back.uintChannel(name), name);
            } else if (!name.equals("halfRounded.Y")) {
                float[] a = original.channel(name), b = back.channel(name);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
                }
            }
        }
        float third = back.channel("halfRounded.Y")[5];
        assertEquals(1.0 / 3.0, third, 1.0 / 3.0 * 0x1p-11, "half keeps 11 significant bits");
        assertTrue(third != 1f / 3f, "and really was stored as half");
        assertEquals(original.attributes(), back.attributes());
        assertArrayEquals(original.layer("denoised", ExrImage.RGB), back.layer("denoised", ExrImage.RGB));
    }

    /** The header as raw bytes: sorted channel list, ZIP, string attributes; read without tinyexr. */
    @Test
    void headerFollowsOpenExrLayout() {
        byte[] exr = ExrWriter.encode(sample());
        Map<String, ExrTestFiles.Attribute> header = ExrTestFiles.parseHeader(exr);
        List<String> channels = ExrTestFiles.channelNames(header.get("channels").value());
        List<String> sorted = new ArrayList<>(channels);
        sorted.sort(String::compareTo);
        assertEquals(sorted, channels, "OpenEXR requires the channel list sorted");
        assertTrue(channels.containsAll(List.of("A", "B", "G", "R", "albedo.R", "normal.X", "depth.Z",
                "denoised.G")));
        assertEquals(3, header.get("compression").value()[0], "ZIP_COMPRESSION");
        ExrTestFiles.Attribute software = header.get(ImageMetadata.SOFTWARE);
        assertEquals("string", software.type());
        assertEquals("Lucent", new String(software.value(), StandardCharsets.UTF_8));
        assertEquals(20000630, java.nio.ByteBuffer.wrap(exr).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        int flags = java.nio.ByteBuffer.wrap(exr).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4);
        assertTrue((flags & 0x400) != 0, "long-name bit set for the >31-byte attribute name");
    }

    @Test
    void readsFilesFromAnotherWriterScanlineAndTiled() {
        String[] names = {"B", "G", "R", "Z"};
        float[][] planes = new float[4][W * H];
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < W * H; i++) planes[c][i] = c * 1000 + i + 0.25f;
        }
        for (int tile : new int[] {0, 16}) {
            byte[] file = ExrTestFiles.uncompressed(W, H, names, planes, "owner", "someone else", tile);
            ExrImage img = ExrReader.decode(file, Path.of("other.exr"));
            assertEquals(W, img.width());
            assertEquals(H, img.height());
            assertEquals(List.of(names), new ArrayList<>(img.channelNames()));
            for (int c = 0; c < 4; c++) assertArrayEquals(planes[c], img.channel(names[c]), names[c] + " tile=" + tile);
            assertEquals("someone else", img.attribute("owner"));
        }
    }

    @Test
    void writesThroughAtomicFilesAndReadsFromDisk() throws IOException {
        Path file = dir.resolve("nested/out.exr");
        ExrImage img = sample();
        ExrWriter.write(file, img);
        ExrImage back = ExrReader.read(file);
        assertArrayEquals(img.channel("R"), back.channel("R"));
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void badInputIsASceneExceptionNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.exr");
        SceneException e = assertThrows(SceneException.class, () -> ExrReader.read(missing));
        assertTrue(e.getMessage().contains("missing.exr"));

        Path garbage = dir.resolve("garbage.exr");
        Files.write(garbage, "definitely not an exr file".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(SceneException.class, () -> ExrReader.read(garbage));
        assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());

        byte[] good = ExrWriter.encode(sample());
        Path truncated = dir.resolve("truncated.exr");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        e = assertThrows(SceneException.class, () -> ExrReader.read(truncated));
        assertTrue(e.getMessage().contains("truncated.exr"), e.getMessage());

        Path empty = dir.resolve("empty.exr");
        Files.write(empty, new byte[0]);
        assertThrows(SceneException.class, () -> ExrReader.read(empty));
    }

    @Test
    void reservedAttributeNamesAreRefused() {
        ExrImage img = new ExrImage(2, 2).putChannel("Y", new float[4]).putAttribute("channels", "x");
        assertThrows(IllegalArgumentException.class, () -> ExrWriter.encode(img));
    }

    /** tinyexr's own layer API finds Lucent's layers: EXRLayers lists them, LoadEXRWithLayer reads RGB ones. */
    @Test
    void tinyexrLayerApiSeesTheLayers() {
        Path file = dir.resolve("layers.exr");
        ExrImage img = sample();
        ExrWriter.write(file, img);
        try (MemoryStack s = MemoryStack.stackPush()) {
            PointerBuffer names = s.mallocPointer(1);
            IntBuffer count = s.mallocInt(1);
            PointerBuffer err = s.callocPointer(1);
            assertEquals(TinyEXR.TINYEXR_SUCCESS, TinyEXR.EXRLayers(file.toString(), names, count, err));
            List<String> layers = new ArrayList<>();
            PointerBuffer list = MemoryUtil.memPointerBuffer(names.get(0), count.get(0));
            for (int i = 0; i < count.get(0); i++) {
                layers.add(MemoryUtil.memUTF8(list.get(i)));
                LibCStdlib.nfree(list.get(i));
            }
            LibCStdlib.nfree(names.get(0));
            assertTrue(layers.containsAll(List.of("albedo", "normal", "depth", "denoised")), layers.toString());

            PointerBuffer rgba = s.mallocPointer(1);
            IntBuffer w = s.mallocInt(1), h = s.mallocInt(1);
            assertEquals(TinyEXR.TINYEXR_SUCCESS, TinyEXR.LoadEXRWithLayer(rgba, w, h, file.toString(), "albedo", err));
            FloatBuffer pixels = MemoryUtil.memFloatBuffer(rgba.get(0), w.get(0) * h.get(0) * 4);
            float[] albedo = img.layer("albedo", ExrImage.RGB);
            for (int p = 0; p < W * H; p++) {
                for (int c = 0; c < 3; c++) assertEquals(albedo[3 * p + c], pixels.get(4 * p + c));
            }
            LibCStdlib.nfree(rgba.get(0));
        }
    }
}
