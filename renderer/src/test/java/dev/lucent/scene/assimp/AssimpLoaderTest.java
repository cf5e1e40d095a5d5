package dev.lucent.scene.assimp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import dev.lucent.scene.FeatureReport.Support;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.SceneLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OBJ and PLY through Assimp: the shared models, and small files written by the tests. */
class AssimpLoaderTest {
    @TempDir
    Path tmp;

    /** Triangle counts: the files' own face counts (all faces are triangles). */
    @ParameterizedTest
    @CsvSource({"stanford-bunny.obj, 69451, false", "teapot.obj, 6320, false", "spot.obj, 5856, true",
            "cow.obj, 5804, false"})
    void sharedModels(String name, int triangles, boolean hasUvs) {
        Scene s = SceneLoader.load(TestPaths.sharedScenes().resolve("models").resolve(name));
        assertEquals("Wavefront OBJ", s.format);
        long total = 0;
        for (Node n : s.nodes) if (n.mesh >= 0) total += s.meshes.get(n.mesh).triangleCount();
        assertEquals(triangles, total);
        for (Mesh m : s.meshes) {
            assertNotNull(m.normals, "generated when the file has none");
            assertEquals(hasUvs, m.uvs != null);
            for (int i = 0; i < m.vertexCount(); i++) {
                float x = m.normals[i * 3], y = m.normals[i * 3 + 1], z = m.normals[i * 3 + 2];
                float len = (float) Math.sqrt(x * x + y * y + z * z);
                assertTrue(Math.abs(len - 1) < 1e-3f || len == 0, "unit normal, got " + len);
            }
        }
        assertEquals(-1, s.nodes.get(0).parent);
        assertEquals(1, s.materials.size(), "only Assimp's default material is used");
        assertEquals(0f, s.materials.get(0).metallic);
    }

    @Test
    void bunnyVertexCountAfterJoining() {
        Scene s = SceneLoader.load(TestPaths.sharedScenes().resolve("models/stanford-bunny.obj"));
        // 35947 "v" lines, of which faces reference 34834 (counted from the file); shared vertices stay
        // shared (JoinIdenticalVertices), unreferenced ones are dropped. 144 vertices are split in two because
        // faces around them fold by more than AssimpLoader.MAX_SMOOTHING_ANGLE (80 degrees) and keep their own
        // normals there.
        int vertices = 0;
        for (Mesh m : s.meshes) vertices += m.vertexCount();
        assertEquals(34834 + 144, vertices);
    }

    /**
     * A cube without normals: faces meet at 90 degrees, beyond the smoothing angle, so every vertex normal is a
     * face normal (an axis) and no corner gets the average of three faces.
     */
    @Test
    void hardEdgesStayHard() throws Exception {
        Path obj = tmp.resolve("cube.obj");
        Files.writeString(obj, String.join("\n", "v 0 0 0", "v 1 0 0", "v 1 1 0", "v 0 1 0", "v 0 0 1", "v 1 0 1",
                "v 1 1 1", "v 0 1 1", "f 1 4 3 2", "f 5 6 7 8", "f 1 2 6 5", "f 4 8 7 3", "f 1 5 8 4", "f 2 3 7 6",
                ""));
        Scene s = SceneLoader.load(obj);
        int checked = 0;
        for (Mesh m : s.meshes) {
            for (int v = 0; v < m.vertexCount(); v++) {
                float x = Math.abs(m.normals[3 * v]), y = Math.abs(m.normals[3 * v + 1]),
                        z = Math.abs(m.normals[3 * v + 2]);
                assertEquals(1, Math.max(x, Math.max(y, z)), 1e-5, "vertex " + v + " normal is not a face normal");
                checked++;
            }
        }
        assertEquals(24, checked, "each corner split into its three faces' vertices");
    }

    @Test
    void plyWrittenByTheTest() throws Exception {
        Path ply = tmp.resolve("shape.ply");
        Files.writeString(ply, String.join("\n", "ply", "format ascii 1.0", "element vertex 5",
                "property float x", "property float y", "property float z", "element face 2",
                "property list uchar int vertex_indices", "end_header",
                "0 0 0", "1 0 0", "1 1 0", "0 1 0", "0.5 -1 0", "3 0 4 1", "4 0 1 2 3", ""));
        Scene s = SceneLoader.load(ply);
        assertEquals("PLY", s.format);
        Mesh m = s.meshes.get(0);
        assertEquals(3, m.triangleCount(), "one triangle + one quad split in two");
        assertEquals(5, m.vertexCount());
        // Area: the unit square plus a triangle of base 1 and height 1.
        double area = 0;
        for (int t = 0; t < m.triangleCount(); t++) {
            int a = m.indices[t * 3] * 3, b = m.indices[t * 3 + 1] * 3, c = m.indices[t * 3 + 2] * 3;
            double ux = m.positions[b] - m.positions[a], uy = m.positions[b + 1] - m.positions[a + 1];
            double vx = m.positions[c] - m.positions[a], vy = m.positions[c + 1] - m.positions[a + 1];
            area += Math.abs(ux * vy - uy * vx) / 2;
        }
        assertEquals(1.5, area, 1e-6);
        assertEquals(0, s.degenerateTriangles);
    }

    @Test
    void objWithMtlMaterialsTexturesAndGroups() throws Exception {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", tmp.resolve("wood.png").toFile());
        Files.writeString(tmp.resolve("t.mtl"), String.join("\n",
                "newmtl glass", "Kd 0 0 0", "Ns 500", "d 0.1", "Tf 0.9 1 0.95", "Ni 1.45", "illum 7",
                "newmtl red", "Kd 0.8 0.1 0.1", "Ke 2 2 0", "Ns 10", "Tr 0.25", "illum 2", "map_Kd wood.png",
                "newmtl lost", "Kd 1 1 1", "map_Kd nowhere.png", ""));
        Files.writeString(tmp.resolve("t.obj"), String.join("\n", "mtllib t.mtl",
                "v 0 0 0", "v 1 0 0", "v 0 1 0", "v 1 1 0", "vt 0 0", "vt 1 0", "vt 0 1", "vt 1 1",
                "o first", "usemtl glass", "f 1/1 2/2 3/3", "usemtl red", "f 2/2 4/4 3/3",
                "o second", "usemtl lost", "f 1/1 2/2 4/4", ""));
        Scene s = SceneLoader.load(tmp.resolve("t.obj"));
        assertEquals(3, s.materials.size(), "three used materials, Assimp's unused default dropped");
        Material glass = byName(s, "glass"), red = byName(s, "red"), lost = byName(s, "lost");
        assertEquals(0.9f, glass.transmission, 1e-6f);
        assertEquals(1.45f, glass.ior);
        assertEquals(Material.AlphaMode.OPAQUE, glass.alphaMode);
        assertArrayEquals(new float[] {0.9f, 1, 0.95f, 1}, glass.baseColor, "tinted by Tf");
        assertEquals(MtlMaterialMapping.roughnessFromShininess(500), glass.roughness);
        assertEquals(Material.AlphaMode.BLEND, red.alphaMode);
        assertEquals(0.75f, red.baseColor[3], 1e-6f, "Tr 0.25 is alpha 0.75");
        assertArrayEquals(new float[] {2, 2, 0}, red.emissive);
        assertEquals(0.639f, red.roughness, 1e-3f);
        assertNotNull(red.baseColorTexture);
        assertEquals(4, s.textures.get(red.baseColorTexture.image).width);
        assertNull(glass.baseColorTexture);
        assertTrue(s.textures.get(lost.baseColorTexture.image).name.contains("missing"));
        assertTrue(s.warnings.stream().anyMatch(w -> w.contains("nowhere.png")), s.warnings.toString());
        assertEquals(Support.APPROXIMATED, s.features.get("MTL materials").support());
        // Two objects: a root with two children, each with its own merged mesh.
        long placed = s.nodes.stream().filter(n -> n.mesh >= 0).count();
        assertEquals(2, placed);
        int total = 0;
        for (Mesh m : s.meshes) total += m.triangleCount();
        assertEquals(3, total);
        // OBJ v runs up, Lucent's meshes use glTF's v down: vt (0, 1) becomes (0, 0).
        Mesh first = s.meshes.get(s.nodes.stream().filter(n -> n.name.equals("first")).findFirst().get().mesh);
        boolean found = false;
        for (int v = 0; v < first.vertexCount(); v++) {
            if (first.positions[v * 3 + 1] == 1 && first.positions[v * 3] == 0) {
                assertEquals(0f, first.uvs[v * 2 + 1], 1e-6f);
                found = true;
            }
        }
        assertTrue(found);
    }

    @Test
    void missingMaterialLibraryWarns() throws Exception {
        Files.writeString(tmp.resolve("m.obj"), "mtllib gone.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
        Scene s = SceneLoader.load(tmp.resolve("m.obj"));
        assertTrue(s.warnings.stream().anyMatch(w -> w.contains("gone.mtl") && w.contains("m.obj")),
                s.warnings.toString());
        assertEquals(0.6f, s.materials.get(0).baseColor[0], 1e-6f);
    }

    @Test
    void garbageObjIsASceneException() throws Exception {
        Path p = tmp.resolve("junk.ply");
        Files.writeString(p, "this is not a ply file\n");
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot import"), e.getMessage());
    }

    @Test
    void objWithoutFacesIsEmpty() throws Exception {
        Path p = tmp.resolve("points.obj");
        Files.writeString(p, "v 0 0 0\nv 1 0 0\n");
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("empty scene"), e.getMessage());
    }

    private static Material byName(Scene s, String name) {
        return s.materials.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }
}
