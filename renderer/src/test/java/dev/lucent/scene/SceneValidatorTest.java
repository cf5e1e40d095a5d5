package dev.lucent.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SceneValidatorTest {
    static final Path FILE = Path.of("test-scene.gltf");

    /** Four vertices, triangles given by {@code indices}, one material, one node placing the mesh. */
    static Scene scene(float[] positions, int... indices) {
        Scene s = new Scene(FILE);
        Mesh m = new Mesh("m");
        m.positions = positions;
        m.indices = indices;
        m.materials = new int[indices.length / 3];
        s.meshes.add(m);
        s.materials.add(Material.defaultMaterial());
        Node n = new Node("n");
        n.mesh = 0;
        s.addNode(n);
        return s;
    }

    static final float[] SQUARE = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};

    @Test
    void degenerateTrianglesAreKeptCountedAndWarned() {
        // Good, repeated index, collinear (0,0,0)-(1,0,0)-(2,0,0) via a fifth vertex.
        float[] p = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 2, 0, 0};
        Scene s = scene(p, 0, 1, 2, 0, 0, 3, 0, 1, 4);
        SceneValidator.validate(s);
        assertEquals(2, s.degenerateTriangles);
        assertEquals(3, s.meshes.get(0).triangleCount(), "kept");
        assertEquals(1, s.warnings.size());
        assertTrue(s.warnings.get(0).contains("2 degenerate"), s.warnings.get(0));
    }

    @Test
    void indexOutOfRange() {
        Scene s = scene(SQUARE, 0, 1, 4);
        SceneException e = assertThrows(SceneException.class, () -> SceneValidator.validate(s));
        assertEquals(FILE + ": mesh 0 'm': triangle 0 uses vertex index 4, out of range (4 vertices)", e.getMessage());
    }

    @Test
    void infinitePosition() {
        float[] p = SQUARE.clone();
        p[4] = Float.POSITIVE_INFINITY;
        Scene s = scene(p, 0, 1, 2);
        SceneException e = assertThrows(SceneException.class, () -> SceneValidator.validate(s));
        assertTrue(e.getMessage().contains("vertex 1 has a non-finite position (1.0, Infinity, 0.0)"), e.getMessage());
    }

    @Test
    void nanNormalsAreDroppedWithAWarning() {
        Scene s = scene(SQUARE, 0, 1, 2);
        s.meshes.get(0).normals = new float[12];
        s.meshes.get(0).normals[5] = Float.NaN;
        SceneValidator.validate(s);
        assertNull(s.meshes.get(0).normals);
        assertTrue(s.warnings.get(0).contains("non-finite normals"));
    }

    @Test
    void materialOutOfRange() {
        Scene s = scene(SQUARE, 0, 1, 2);
        s.meshes.get(0).materials[0] = 3;
        SceneException e = assertThrows(SceneException.class, () -> SceneValidator.validate(s));
        assertTrue(e.getMessage().contains("uses material 3, out of range (1 materials)"), e.getMessage());
    }

    @Test
    void emptyWhenNoNodePlacesAMesh() {
        Scene s = scene(SQUARE, 0, 1, 2);
        s.nodes.get(0).mesh = -1;
        SceneException e = assertThrows(SceneException.class, () -> SceneValidator.validate(s));
        assertTrue(e.getMessage().startsWith(FILE + ": empty scene"), e.getMessage());
    }

    @Test
    void parentMustPrecedeChild() {
        Scene s = scene(SQUARE, 0, 1, 2);
        s.nodes.get(0).parent = 0;
        SceneException e = assertThrows(SceneException.class, () -> SceneValidator.validate(s));
        assertTrue(e.getMessage().contains("parent 0 does not precede it"), e.getMessage());
    }
}
