package dev.lucent.scene.gltf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Builds small glTF 2.0 files for tests: one binary buffer, accessors appended to it, JSON edited freely. */
final class GltfFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    final ObjectNode root = JSON.createObjectNode();
    final ByteArrayOutputStream bin = new ByteArrayOutputStream();

    GltfFixture() {
        root.putObject("asset").put("version", "2.0");
    }

    ArrayNode array(String name) {
        return root.has(name) ? (ArrayNode) root.get(name) : root.putArray(name);
    }

    /** Appends raw bytes (4-byte aligned) as a buffer view; returns its index. */
    int view(byte[] data) {
        while (bin.size() % 4 != 0) bin.write(0);
        ArrayNode views = array("bufferViews");
        views.addObject().put("buffer", 0).put("byteOffset", bin.size()).put("byteLength", data.length);
        bin.writeBytes(data);
        return views.size() - 1;
    }

    /** A FLOAT accessor of the given type ("VEC3", ...); returns its index. */
    int floats(String type, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        int n = switch (type) { case "SCALAR" -> 1; case "VEC2" -> 2; case "VEC3" -> 3; default -> 4; };
        array("accessors").addObject().put("bufferView", view(b.array())).put("componentType", 5126)
                .put("count", values.length / n).put("type", type);
        return array("accessors").size() - 1;
    }

    /** An index accessor of UNSIGNED_BYTE (5121), UNSIGNED_SHORT (5123) or UNSIGNED_INT (5125). */
    int indices(int componentType, int... values) {
        int size = componentType == 5121 ? 1 : componentType == 5123 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            if (size == 1) b.put((byte) v);
            else if (size == 2) b.putShort((short) v);
            else b.putInt(v);
        }
        array("accessors").addObject().put("bufferView", view(b.array())).put("componentType", componentType)
                .put("count", values.length).put("type", "SCALAR");
        return array("accessors").size() - 1;
    }

    /** A mesh with one primitive; returns the primitive object for further edits. */
    ObjectNode primitive(int position, Integer indices, Integer material) {
        ObjectNode mesh = array("meshes").addObject();
        ObjectNode p = mesh.putArray("primitives").addObject();
        p.putObject("attributes").put("POSITION", position);
        if (indices != null) p.put("indices", indices);
        if (material != null) p.put("material", material);
        return p;
    }

    /** A node placing mesh {@code mesh}, added to scene 0; returns the node object. */
    ObjectNode meshNode(int mesh) {
        ObjectNode n = array("nodes").addObject().put("mesh", mesh);
        if (!root.has("scenes")) root.putArray("scenes").addObject().putArray("nodes");
        ((ArrayNode) root.get("scenes").get(0).get("nodes")).add(array("nodes").size() - 1);
        return n;
    }

    /** One triangle (0,0,0) (1,0,0) (0,1,0) with a material slot; returns the mesh index. */
    int triangleMesh(Integer material) {
        int pos = floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        int idx = indices(5123, 0, 1, 2);
        primitive(pos, idx, material);
        return array("meshes").size() - 1;
    }

    /** Writes name.gltf and name.bin (or a base64 data URI when {@code embed}). */
    Path writeGltf(Path dir, String name, boolean embed) throws IOException {
        byte[] data = bin.toByteArray();
        ObjectNode buffer = JSON.createObjectNode().put("byteLength", data.length);
        if (embed) {
            buffer.put("uri", "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(data));
        } else {
            Files.write(dir.resolve(name + ".bin"), data);
            buffer.put("uri", name + ".bin");
        }
        root.putArray("buffers").add(buffer);
        Path out = dir.resolve(name + ".gltf");
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return out;
    }

    Path writeGlb(Path dir, String name) throws IOException {
        byte[] data = bin.toByteArray();
        root.putArray("buffers").addObject().put("byteLength", data.length);
        Path out = dir.resolve(name + ".glb");
        Files.write(out, glb(JSON.writeValueAsBytes(root), data));
        return out;
    }

    /** A GLB container: header, JSON chunk padded with spaces, BIN chunk padded with zeros. */
    static byte[] glb(byte[] json, byte[] bin) {
        int jsonPadded = (json.length + 3) & ~3, binPadded = (bin.length + 3) & ~3;
        int total = 12 + 8 + jsonPadded + (bin.length > 0 ? 8 + binPadded : 0);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46546C67).putInt(2).putInt(total);
        b.putInt(jsonPadded).putInt(0x4E4F534A).put(json);
        for (int i = json.length; i < jsonPadded; i++) b.put((byte) ' ');
        if (bin.length > 0) {
            b.putInt(binPadded).putInt(0x004E4942).put(bin);
            for (int i = bin.length; i < binPadded; i++) b.put((byte) 0);
        }
        return b.array();
    }
}
