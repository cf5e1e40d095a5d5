package dev.lucent.scene.gltf;

import dev.lucent.scene.SceneException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The two chunks of a binary glTF (.glb) file, glTF 2.0 specification section 4.4: a 12-byte header (magic
 * "glTF", version 2, total length), then chunks of (uint32 length, uint32 type, data padded to 4 bytes): the
 * JSON chunk first, then an optional BIN chunk. All integers little-endian. Unknown chunk types are skipped.
 */
record GlbContainer(ByteBuffer json, ByteBuffer bin) {
    static final int MAGIC = 0x46546C67; // "glTF"
    static final int CHUNK_JSON = 0x4E4F534A; // "JSON"
    static final int CHUNK_BIN = 0x004E4942; // "BIN\0"

    static boolean isGlb(ByteBuffer file) {
        return file.remaining() >= 4 && file.order(ByteOrder.LITTLE_ENDIAN).getInt(file.position()) == MAGIC;
    }

    /** Splits {@code file} (the whole .glb) into its chunks; the returned buffers are little-endian views. */
    static GlbContainer parse(Path path, ByteBuffer file) {
        ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 20) throw new SceneException(path, "binary glTF is truncated: " + b.remaining() + " bytes");
        int version = b.getInt(4);
        long length = Integer.toUnsignedLong(b.getInt(8));
        if (version != 2) {
            throw new SceneException(path, "binary glTF version " + version + " is not supported (need 2)");
        }
        if (length > b.remaining()) {
            throw new SceneException(path, "binary glTF is truncated: header says " + length + " bytes, file has "
                    + b.remaining());
        }
        ByteBuffer json = null, bin = null;
        long at = 12;
        while (at + 8 <= length) {
            long chunkLength = Integer.toUnsignedLong(b.getInt((int) at));
            int type = b.getInt((int) at + 4);
            long start = at + 8, end = start + chunkLength;
            if (end > length) {
                throw new SceneException(path, "binary glTF chunk at byte " + at + " (" + chunkLength
                        + " bytes) runs past the end of the file (" + length + " bytes)");
            }
            ByteBuffer data = b.duplicate().position((int) start).limit((int) end).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (type == CHUNK_JSON && json == null) json = data;
            else if (type == CHUNK_BIN && bin == null) bin = data;
            at = end + ((4 - (chunkLength & 3)) & 3);
        }
        if (json == null) throw new SceneException(path, "binary glTF has no JSON chunk");
        return new GlbContainer(json, bin);
    }
}
