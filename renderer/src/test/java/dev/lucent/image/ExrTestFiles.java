package dev.lucent.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Independent OpenEXR byte-level helpers for tests, written from the OpenEXR file layout document: builds
 * uncompressed scanline and tiled files (so the reader is checked against a writer other than tinyexr) and
 * parses a header's attribute list (so the writer's output is checked without tinyexr).
 */
final class ExrTestFiles {
    private ExrTestFiles() {}

    /** One attribute as stored: type name and raw value bytes. */
    record Attribute(String type, byte[] value) {}

    /** The header attributes of a single-part EXR file, in file order. */
    static Map<String, Attribute> parseHeader(byte[] exr) {
        ByteBuffer b = ByteBuffer.wrap(exr).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != 20000630) throw new IllegalArgumentException("bad magic");
        b.getInt(); // version and flags
        Map<String, Attribute> out = new LinkedHashMap<>();
        while (true) {
            String name = cstring(b);
            if (name.isEmpty()) return out;
            String type = cstring(b);
            byte[] value = new byte[b.getInt()];
            b.get(value);
            out.put(name, new Attribute(type, value));
        }
    }

    /** Channel names of a {@code chlist} attribute value, in stored order. */
    static List<String> channelNames(byte[] chlist) {
        ByteBuffer b = ByteBuffer.wrap(chlist).order(ByteOrder.LITTLE_ENDIAN);
        List<String> names = new ArrayList<>();
        while (true) {
            String name = cstring(b);
            if (name.isEmpty()) return names;
            names.add(name);
            b.position(b.position() + 16); // pixel type, pLinear + 3 reserved, x and y sampling
        }
    }

    private static String cstring(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) { /* scan to NUL */ }
        return new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
    }

    /**
     * An uncompressed single-part file with FLOAT channels {@code names} (must be sorted) holding
     * {@code planes[c][y * w + x]}, plus one string attribute; scanline, or tiled (ONE_LEVEL, round down)
     * with {@code tile x tile} tiles when {@code tile > 0}.
     */
    static byte[] uncompressed(int w, int h, String[] names, float[][] planes, String attrName, String attrValue,
                               int tile) {
        Out o = new Out();
        o.i32(20000630);
        o.i32(2 | (tile > 0 ? 0x200 : 0));
        Out ch = new Out();
        for (String n : names) {
            ch.str(n);
            ch.i32(2); // FLOAT
            ch.i32(0); // pLinear + reserved
            ch.i32(1);
            ch.i32(1);
        }
        ch.u8(0);
        o.attr("channels", "chlist", ch.bytes());
        o.attr("compression", "compression", new byte[] {0});
        Out box = new Out();
        box.i32(0);
        box.i32(0);
        box.i32(w - 1);
        box.i32(h - 1);
        o.attr("dataWindow", "box2i", box.bytes());
        o.attr("displayWindow", "box2i", box.bytes());
        o.attr("lineOrder", "lineOrder", new byte[] {0});
        Out one = new Out();
        one.f32(1f);
        o.attr("pixelAspectRatio", "float", one.bytes());
        o.attr("screenWindowCenter", "v2f", new byte[8]);
        o.attr("screenWindowWidth", "float", one.bytes());
        if (tile > 0) {
            Out td = new Out();
            td.i32(tile);
            td.i32(tile);
            td.u8(0); // ONE_LEVEL, ROUND_DOWN
            o.attr("tiles", "tiledesc", td.bytes());
        }
        o.attr(attrName, "string", attrValue.getBytes(StandardCharsets.UTF_8));
        o.u8(0);

        List<byte[]> chunks = new ArrayList<>();
        if (tile == 0) {
            for (int y = 0; y < h; y++) {
                Out c = new Out();
                c.i32(y);
                c.i32(names.length * w * 4);
                for (float[] plane : planes) for (int x = 0; x < w; x++) c.f32(plane[y * w + x]);
                chunks.add(c.bytes());
            }
        } else {
            int tx = (w + tile - 1) / tile, ty = (h + tile - 1) / tile;
            for (int j = 0; j < ty; j++) {
                for (int i = 0; i < tx; i++) {
                    int cw = Math.min(tile, w - i * tile), chh = Math.min(tile, h - j * tile);
                    Out c = new Out();
                    c.i32(i);
                    c.i32(j);
                    c.i32(0);
                    c.i32(0);
                    c.i32(names.length * cw * chh * 4);
                    for (int y = 0; y < chh; y++) {
                        for (float[] plane : planes) {
                            for (int x = 0; x < cw; x++) c.f32(plane[(j * tile + y) * w + i * tile + x]);
                        }
                    }
                    chunks.add(c.bytes());
                }
            }
        }
        long offset = o.size() + 8L * chunks.size();
        for (byte[] c : chunks) {
            o.i64(offset);
            offset += c.length;
        }
        for (byte[] c : chunks) o.raw(c);
        return o.bytes();
    }

    private static final class Out {
        private final ByteArrayOutputStream s = new ByteArrayOutputStream();

        void u8(int v) { s.write(v); }
        void raw(byte[] b) { s.write(b, 0, b.length); }
        void i32(int v) { raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array()); }
        void i64(long v) { raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array()); }
        void f32(float v) { i32(Float.floatToRawIntBits(v)); }
        void str(String v) { raw(v.getBytes(StandardCharsets.UTF_8)); u8(0); }
        void attr(String name, String type, byte[] value) { str(name); str(type); i32(value.length); raw(value); }
        int size() { return s.size(); }
        byte[] bytes() { return s.toByteArray(); }
    }
}
