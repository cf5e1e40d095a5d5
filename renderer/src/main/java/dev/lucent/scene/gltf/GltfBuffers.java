package dev.lucent.scene.gltf;

import de.javagl.jgltf.impl.v2.Buffer;
import de.javagl.jgltf.impl.v2.BufferView;
import de.javagl.jgltf.impl.v2.GlTF;
import dev.lucent.scene.SceneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The binary buffers of a glTF file, resolved once: the GLB BIN chunk (a buffer without uri, which must be
 * buffers[0] of a .glb), base64 data URIs, or files relative to the glTF file. A buffer that cannot be had is
 * fatal: a {@link SceneException} naming the buffer and the file it should be in.
 */
final class GltfBuffers {
    /** Buffer data by glTF buffer index, little-endian, position 0, limit = the bytes actually present. */
    final ByteBuffer[] data;
    private final Path file;
    private final GlTF gltf;

    GltfBuffers(Path file, GlTF gltf, ByteBuffer glbBin) {
        this.file = file;
        this.gltf = gltf;
        List<Buffer> list = gltf.getBuffers() != null ? gltf.getBuffers() : List.of();
        data = new ByteBuffer[list.size()];
        Path dir = file.toAbsolutePath().getParent();
        for (int i = 0; i < list.size(); i++) {
            Buffer b = list.get(i);
            String where = "buffers[" + i + "]";
            if (b.getByteLength() == null) throw new SceneException(file, where + ".byteLength is missing");
            ByteBuffer bytes;
            String uri = b.getUri();
            if (uri == null) {
                if (i != 0 || glbBin == null) {
                    throw new SceneException(file, where + " has no uri and the file has no GLB binary chunk for it");
                }
                bytes = glbBin;
            } else if (GltfUris.isDataUri(uri)) {
                try {
                    bytes = GltfUris.decodeDataUri(uri);
                } catch (IllegalArgumentException e) {
                    throw new SceneException(file, where + ": " + e.getMessage());
                }
            } else if (GltfUris.isRemote(uri)) {
                throw new SceneException(file, where + " is a remote URI, which Lucent does not fetch: " + uri);
            } else {
                Path p;
                try {
                    p = GltfUris.resolve(dir, uri);
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw new SceneException(file, where + ": invalid uri '" + uri + "': " + e.getMessage());
                }
                if (!Files.isRegularFile(p)) {
                    throw new SceneException(file, "buffer '" + uri + "' (" + where + ") not found: " + p);
                }
                try {
                    bytes = ByteBuffer.wrap(Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new SceneException(file, "buffer '" + uri + "' (" + where + ") cannot be read: "
                            + e.getMessage(), e);
                }
            }
            if (bytes.remaining() < b.getByteLength()) {
                throw new SceneException(file, where + " ('" + (uri == null ? "GLB binary chunk"
                        : GltfUris.describe(uri)) + "') has " + bytes.remaining() + " bytes, but byteLength says "
                        + b.getByteLength());
            }
            data[i] = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** The bytes of buffer view {@code index} (for embedded images), checked against its buffer. */
    ByteBuffer view(int index, String usage) {
        List<BufferView> views = gltf.getBufferViews();
        if (views == null || index < 0 || index >= views.size()) {
            throw new SceneException(file, usage + " refers to bufferView " + index + ", but the file has "
                    + (views == null ? 0 : views.size()) + " buffer views");
        }
        BufferView v = views.get(index);
        int b = v.getBuffer();
        if (b < 0 || b >= data.length) {
            throw new SceneException(file, "bufferViews[" + index + "] refers to buffer " + b
                    + ", which does not exist");
        }
        long offset = v.getByteOffset() != null ? v.getByteOffset() : 0;
        long end = offset + v.getByteLength();
        if (end > data[b].limit()) {
            throw new SceneException(file, "bufferViews[" + index + "] (bytes " + offset + " to " + end
                    + ") runs past the end of buffers[" + b + "] (" + data[b].limit() + " bytes)");
        }
        return data[b].duplicate().position((int) offset).limit((int) end).slice();
    }
}
