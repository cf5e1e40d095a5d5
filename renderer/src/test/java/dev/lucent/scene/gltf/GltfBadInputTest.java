package dev.lucent.scene.gltf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad glTF input is one SceneException whose message names the file and the problem. */
class GltfBadInputTest {
    @TempDir
    Path tmp;

    static SceneException fails(Path file, String... fragments) {
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        return e;
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws Exception {
        Path p = tmp.resolve("broken.gltf");
        Files.writeString(p, "{\n  \"asset\": {\"version\": \"2.0\"},\n  \"nodes\": [ {\"name\": \"a\",} ]\n}");
        fails(p, "malformed JSON at line 3, column");
    }

    @Test
    void wrongValueTypeNamesTheJsonPath() throws Exception {
        Path p = tmp.resolve("typed.gltf");
        Files.writeString(p, "{\"asset\": {\"version\": \"2.0\"}, \"nodes\": [{\"mesh\": \"x\"}]}");
        fails(p, "invalid glTF at line 1", "nodes[0].mesh");
    }

    @Test
    void schemaConstraintViolation() throws Exception {
        Path p = tmp.resolve("count.gltf");
        Files.writeString(p, "{\"asset\": {\"version\": \"2.0\"}, \"accessors\": [{\"componentType\": 5126,"
                + " \"count\": 0, \"type\": \"VEC3\"}]}");
        fails(p, "accessors[0].count", "count < 1");
    }

    @Test
    void glTF1IsRefused() throws Exception {
        Path p = tmp.resolve("old.gltf");
        Files.writeString(p, "{\"asset\": {\"version\": \"1.0\"}}");
        fails(p, "glTF version 1.0 is not supported");
    }

    @Test
    void missingBufferIsFatalAndNamed() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null));
        Path p = f.writeGltf(tmp, "nobin", false);
        Files.delete(tmp.resolve("nobin.bin"));
        fails(p, "buffer 'nobin.bin'", "not found");
    }

    @Test
    void bufferShorterThanDeclared() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null));
        Path p = f.writeGltf(tmp, "short", false);
        Path bin = tmp.resolve("short.bin");
        byte[] data = Files.readAllBytes(bin);
        Files.write(bin, java.util.Arrays.copyOf(data, data.length - 4));
        fails(p, "buffers[0]", "byteLength says " + data.length);
    }

    @Test
    void accessorOutOfBufferViewBounds() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null));
        ((ObjectNode) f.array("accessors").get(0)).put("count", 4); // 4 VEC3 floats in a 36-byte view
        fails(f.writeGltf(tmp, "oob", false), "accessors[0] (POSITION of meshes[0].primitives[0])",
                "out of bounds", "48");
    }

    @Test
    void bufferViewPastTheBuffer() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null));
        ((ObjectNode) f.array("bufferViews").get(0)).put("byteLength", 4000);
        fails(f.writeGltf(tmp, "view", false), "bufferViews[0]", "runs past the end of buffers[0]");
    }

    @Test
    void indexOutOfRange() throws Exception {
        GltfFixture f = new GltfFixture();
        int pos = f.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        f.primitive(pos, f.indices(5123, 0, 1, 7), null);
        f.meshNode(0);
        fails(f.writeGltf(tmp, "index", false), "meshes[0].primitives[0]", "index 7", "out of range (3 vertices)");
    }

    @Test
    void nonFinitePosition() throws Exception {
        GltfFixture f = new GltfFixture();
        int pos = f.floats("VEC3", 0, 0, 0, Float.NaN, 0, 0, 0, 1, 0);
        f.primitive(pos, null, null);
        f.meshNode(0);
        fails(f.writeGltf(tmp, "nan", false), "vertex 1 has a non-finite position (NaN");
    }

    @Test
    void emptyScene() throws Exception {
        GltfFixture f = new GltfFixture();
        f.triangleMesh(null); // a mesh, but no node places it
        f.array("nodes").addObject().put("name", "empty");
        f.root.putArray("scenes").addObject().putArray("nodes").add(0);
        fails(f.writeGltf(tmp, "empty", false), "empty scene: no triangles to render");
    }

    @Test
    void unsupportedRequiredExtensionIsNamed() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null));
        f.array("extensionsUsed").add("KHR_draco_mesh_compression");
        f.array("extensionsRequired").add("KHR_draco_mesh_compression");
        fails(f.writeGltf(tmp, "draco", false), "requires glTF extension KHR_draco_mesh_compression");
    }

    @Test
    void supportedRequiredExtensionLoads() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null));
        f.array("extensionsUsed").add("KHR_texture_transform");
        f.array("extensionsRequired").add("KHR_texture_transform");
        Scene s = SceneLoader.load(f.writeGltf(tmp, "tt", false));
        assertEquals(1, s.meshes.size());
    }

    @Test
    void truncatedGlb() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null));
        Path p = f.writeGlb(tmp, "cut");
        byte[] data = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(data, data.length - 10));
        fails(p, "binary glTF is truncated");
    }

    @Test
    void glbExtensionWithoutGlbContent() throws Exception {
        Path p = tmp.resolve("fake.glb");
        Files.writeString(p, "{\"asset\": {\"version\": \"2.0\"}}");
        fails(p, "not a binary glTF file");
    }

    @Test
    void badDataUri() throws Exception {
        Path p = tmp.resolve("datauri.gltf");
        Files.writeString(p, "{\"asset\": {\"version\": \"2.0\"}, \"buffers\": [{\"byteLength\": 4,"
                + " \"uri\": \"data:application/octet-stream,plain\"}]}");
        fails(p, "buffers[0]", "not base64");
    }

    @Test
    void nodeCycle() throws Exception {
        GltfFixture f = new GltfFixture();
        int mesh = f.triangleMesh(null);
        f.meshNode(mesh).putArray("children").add(1);
        f.array("nodes").addObject().putArray("children").add(0);
        fails(f.writeGltf(tmp, "cycle", false), "nodes[0] is reached twice");
    }

    @Test
    void uriThatCannotNameAFile() throws Exception {
        Path p = tmp.resolve("nul.gltf");
        Files.writeString(p, "{\"asset\": {\"version\": \"2.0\"}, \"buffers\": [{\"byteLength\": 4,"
                + " \"uri\": \"a\\u0000b.bin\"}]}");
        fails(p, "buffers[0]: invalid uri");
    }

    @Test
    void zeroQuaternion() throws Exception {
        GltfFixture f = new GltfFixture();
        f.meshNode(f.triangleMesh(null)).putArray("rotation").add(0).add(0).add(0).add(0);
        fails(f.writeGltf(tmp, "quat", false), "nodes[0].rotation is the zero quaternion");
    }
}
