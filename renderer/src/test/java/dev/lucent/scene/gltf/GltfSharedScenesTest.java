package dev.lucent.scene.gltf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucent.core.TestPaths;
import dev.lucent.scene.FeatureReport;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.scene.Texture;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared glTF models, and .glb / base64 variants of the helmet written by the tests. */
class GltfSharedScenesTest {
    @TempDir
    Path tmp;

    static Path helmet() { return TestPaths.sharedScenes().resolve("damaged-helmet/DamagedHelmet.gltf"); }

    @Test
    void damagedHelmet() {
        Scene s = SceneLoader.load(helmet());
        assertEquals("glTF 2.0", s.format);
        checkHelmet(s);
        assertTrue(s.warnings.isEmpty(), s.warnings.toString());
        Material m = s.materials.get(0);
        assertTrue(m.isEmissive());
        assertArrayEquals(new float[] {1, 1, 1}, m.emissive);
        // The node rotates the helmet 90 degrees about +X (quaternion xyzw).
        assertEquals(0.7071068f, s.nodes.get(0).rotation.x, 1e-6f);
        assertEquals(0.7071068f, s.nodes.get(0).rotation.w, 1e-6f);
        FeatureReport.Entry ao = s.features.get("occlusion maps");
        assertNotNull(ao);
        assertEquals(FeatureReport.Support.IGNORED, ao.support());
    }

    /** Facts of the helmet that every variant (gltf, glb, base64) must reproduce. */
    static void checkHelmet(Scene s) {
        assertEquals(1, s.meshes.size());
        Mesh mesh = s.meshes.get(0);
        // The index accessor holds 46356 indices: 15452 triangles.
        assertEquals(46356, mesh.indices.length);
        assertEquals(15452, mesh.triangleCount());
        assertEquals(14556, mesh.vertexCount());
        assertNotNull(mesh.normals);
        assertNotNull(mesh.uvs);
        assertNull(mesh.tangents);
        assertEquals(1, s.materials.size(), "one material, no default added");
        for (int id : mesh.materials) assertEquals(0, id);
        // First POSITION min/max from the accessor bounds.
        float minX = Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int v = 0; v < mesh.vertexCount(); v++) {
            minX = Math.min(minX, mesh.positions[v * 3]);
            maxY = Math.max(maxY, mesh.positions[v * 3 + 1]);
        }
        assertEquals(-0.9474585652351379f, minX, 0f);
        assertEquals(0.8128451108932495f, maxY, 0f);
        Material m = s.materials.get(0);
        assertEquals("Material_MR", m.name);
        assertNotNull(m.baseColorTexture);
        assertNotNull(m.metallicRoughnessTexture);
        assertNotNull(m.normalTexture);
        assertNotNull(m.emissiveTexture);
        // Five glTF textures; the occlusion map is not carried, so four images are decoded, each once.
        Set<Integer> used = new HashSet<>();
        for (var r : new dev.lucent.scene.TextureRef[] {m.baseColorTexture, m.metallicRoughnessTexture,
                m.normalTexture, m.emissiveTexture}) {
            used.add(r.image);
        }
        assertEquals(4, used.size());
        assertEquals(4, s.textures.size());
        for (Texture t : s.textures) {
            assertEquals(2048, t.width);
            assertEquals(2048, t.height);
            assertFalse(t.isHdr());
            assertFalse(t.name.endsWith("(missing)"), t.name);
        }
        assertEquals(1, s.nodes.size());
        assertEquals(0, s.nodes.get(0).mesh);
    }

    @Test
    void suzanne() {
        Scene s = SceneLoader.load(TestPaths.sharedScenes().resolve("suzanne/Suzanne.gltf"));
        Mesh m = s.meshes.get(0);
        assertEquals(11808 / 3, m.triangleCount());
        assertEquals(11808, m.vertexCount());
        assertNotNull(m.tangents, "Suzanne has TANGENT");
        assertEquals(1f, m.tangents[3], 0f);
        assertEquals(2, s.textures.size());
        assertNotNull(s.materials.get(0).baseColorTexture);
        assertNotNull(s.materials.get(0).metallicRoughnessTexture);
        assertEquals("Suzanne", s.nodes.get(0).name);
    }

    @Test
    void glbWrittenFromTheHelmetWithEmbeddedImages() throws Exception {
        Path dir = helmet().getParent();
        ObjectNode json = (ObjectNode) GltfFixture.JSON.readTree(helmet().toFile());
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        bin.writeBytes(Files.readAllBytes(dir.resolve("DamagedHelmet.bin")));
        ArrayNode views = (ArrayNode) json.get("bufferViews");
        for (var image : json.get("images")) {
            ObjectNode img = (ObjectNode) image;
            byte[] jpg = Files.readAllBytes(dir.resolve(img.get("uri").asText()));
            while (bin.size() % 4 != 0) bin.write(0);
            views.addObject().put("buffer", 0).put("byteOffset", bin.size()).put("byteLength", jpg.length);
            bin.writeBytes(jpg);
            img.remove("uri");
            img.put("bufferView", views.size() - 1).put("mimeType", "image/jpeg");
        }
        byte[] data = bin.toByteArray();
        ((ObjectNode) json.get("buffers").get(0)).remove("uri");
        ((ObjectNode) json.get("buffers").get(0)).put("byteLength", data.length);
        Path glb = tmp.resolve("helmet.glb");
        Files.write(glb, GltfFixture.glb(GltfFixture.JSON.writeValueAsBytes(json), data));

        Scene s = SceneLoader.load(glb);
        assertEquals("glTF 2.0 (binary)", s.format);
        checkHelmet(s);
        assertTrue(s.warnings.isEmpty(), s.warnings.toString());
        Scene reference = SceneLoader.load(helmet());
        assertArrayEquals(reference.meshes.get(0).positions, s.meshes.get(0).positions);
        assertArrayEquals(reference.meshes.get(0).indices, s.meshes.get(0).indices);
        assertArrayEquals(reference.textures.get(0).rgba8, s.textures.get(0).rgba8, "same JPEG, same pixels");
    }

    @Test
    void gltfWithBase64EmbeddedBuffer() throws Exception {
        Path dir = helmet().getParent();
        ObjectNode json = (ObjectNode) GltfFixture.JSON.readTree(helmet().toFile());
        byte[] data = Files.readAllBytes(dir.resolve("DamagedHelmet.bin"));
        ((ObjectNode) json.get("buffers").get(0)).put("uri",
                "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(data));
        // Images stay external: point them back at the shared folder with absolute file: URIs.
        for (var image : json.get("images")) {
            ((ObjectNode) image).put("uri", dir.resolve(image.get("uri").asText()).toUri().toString());
        }
        Path gltf = tmp.resolve("embedded.gltf");
        Files.write(gltf, GltfFixture.JSON.writeValueAsBytes(json));
        Scene s = SceneLoader.load(gltf);
        checkHelmet(s);
        assertTrue(s.warnings.isEmpty(), s.warnings.toString());
    }
}
