package dev.lucent.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and edits the chunk stream of a PNG file (PNG spec, 2nd edition, sections 5 and 11.3.4): parsing
 * checks the signature and every chunk's CRC; {@link #insertAfterHeader} adds chunks right after IHDR, which
 * is where PNG allows ancillary text chunks and what image viewers read first.
 */
public final class PngChunkCodec {
    /** The 8-byte PNG signature. */
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngChunkCodec() {}

    /** All chunks of {@code png} in file order. Throws IllegalArgumentException naming the first defect. */
    public static List<PngChunk> parse(byte[] png) {
        if (png.length < SIGNATURE.length || !Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IllegalArgumentException("not a PNG file (bad signature)");
        }
        ByteBuffer b = ByteBuffer.wrap(png); // big-endian, as PNG
        b.position(SIGNATURE.length);
        List<PngChunk> chunks = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 12) throw new IllegalArgumentException("truncated chunk at byte " + b.position());
            int start = b.position();
            long length = Integer.toUnsignedLong(b.getInt());
            if (length > b.remaining() - 8) {
                throw new IllegalArgumentException("chunk at byte " + start + " claims " + length + " bytes");
            }
            byte[] typeBytes = new byte[4];
            b.get(typeBytes);
            byte[] data = new byte[(int) length];
            b.get(data);
            long storedCrc = Integer.toUnsignedLong(b.getInt());
            PngChunk chunk = new PngChunk(new String(typeBytes, StandardCharsets.US_ASCII), data);
            if (chunk.crc() != storedCrc) {
                throw new IllegalArgumentException("CRC mismatch in " + chunk.type() + " chunk at byte " + start);
            }
            chunks.add(chunk);
            if (chunk.type().equals("IEND")) break;
        }
        if (chunks.isEmpty() || !chunks.get(0).type().equals("IHDR")) {
            throw new IllegalArgumentException("first chunk is not IHDR");
        }
        if (!chunks.get(chunks.size() - 1).type().equals("IEND")) throw new IllegalArgumentException("no IEND chunk");
        return chunks;
    }

    /** A copy of {@code png} with {@code extra} inserted right after the IHDR chunk, each with its CRC. */
    public static byte[] insertAfterHeader(byte[] png, List<PngChunk> extra) {
        List<PngChunk> chunks = parse(png);
        int headerEnd = SIGNATURE.length + chunks.get(0).encodedSize();
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length
                + extra.stream().mapToInt(PngChunk::encodedSize).sum());
        out.write(png, 0, headerEnd);
        for (PngChunk c : extra) writeChunk(out, c);
        out.write(png, headerEnd, png.length - headerEnd);
        return out.toByteArray();
    }

    /** Serialises one chunk: length, type, data, CRC. */
    static void writeChunk(ByteArrayOutputStream out, PngChunk c) {
        ByteBuffer head = ByteBuffer.allocate(8);
        head.putInt(c.data().length).put(c.type().getBytes(StandardCharsets.US_ASCII));
        out.write(head.array(), 0, 8);
        out.write(c.data(), 0, c.data().length);
        ByteBuffer crc = ByteBuffer.allocate(4).putInt((int) c.crc());
        out.write(crc.array(), 0, 4);
    }

    /**
     * One text chunk for {@code key = value}: {@code tEXt} (keyword, NUL, Latin-1 text) when the value is
     * Latin-1, else {@code iTXt} (keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty
     * translated keyword, NUL, UTF-8 text).
     */
    public static PngChunk textChunk(String key, String value) {
        ImageMetadata.checkKey(key);
        byte[] keyword = key.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.write(keyword, 0, keyword.length);
        d.write(0);
        if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(value)) {
            byte[] text = value.getBytes(StandardCharsets.ISO_8859_1);
            d.write(text, 0, text.length);
            return new PngChunk("tEXt", d.toByteArray());
        }
        d.write(0); // compression flag: uncompressed
        d.write(0); // compression method
        d.write(0); // empty language tag, terminated
        d.write(0); // empty translated keyword, terminated
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        d.write(text, 0, text.length);
        return new PngChunk("iTXt", d.toByteArray());
    }

    /** The key/value pairs of every uncompressed tEXt and iTXt chunk, in file order. */
    public static Map<String, String> texts(List<PngChunk> chunks) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PngChunk c : chunks) {
            byte[] d = c.data();
            int nul = indexOf(d, 0);
            if (nul < 0) continue;
            String key = new String(d, 0, nul, StandardCharsets.ISO_8859_1);
            if (c.type().equals("tEXt")) {
                out.put(key, new String(d, nul + 1, d.length - nul - 1, StandardCharsets.ISO_8859_1));
            } else if (c.type().equals("iTXt") && nul + 2 < d.length && d[nul + 1] == 0) {
                int lang = indexOf(d, nul + 3);
                int translated = lang < 0 ? -1 : indexOf(d, lang + 1);
                if (translated < 0) continue;
                out.put(key, new String(d, translated + 1, d.length - translated - 1, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static int indexOf(byte[] d, int from) {
        for (int i = from; i < d.length; i++) if (d[i] == 0) return i;
        return -1;
    }
}
