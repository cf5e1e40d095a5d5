package dev.lucent.image;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One PNG chunk: a four-letter type and its data (PNG spec, section 5.3). On disk a chunk is
 * {@code length (u32 BE) | type | data | CRC-32 (u32 BE) over type and data}.
 */
public record PngChunk(String type, byte[] data) {
    public PngChunk {
        if (type.length() != 4 || !type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            throw new IllegalArgumentException("PNG chunk type must be 4 ASCII letters: '" + type + "'");
        }
    }

    /** CRC-32 (ISO 3309, as java.util.zip.CRC32) of the type bytes followed by the data. */
    public long crc() {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        return crc.getValue();
    }

    /** Bytes this chunk occupies in a file: 12 bytes of framing plus the data. */
    public int encodedSize() { return 12 + data.length; }
}
