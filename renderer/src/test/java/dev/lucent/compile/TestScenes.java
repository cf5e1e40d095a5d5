package dev.lucent.compile;

import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import java.nio.file.Path;

/** Small scenes built in code, with known geometry, for the compiler and intersector tests. */
final class TestScenes {
    private TestScenes() {}

    static Scene empty() {
        return new Scene(Path.of("test-scene.json"));
    }

    /**
     * Unit quad in the z = 0 plane, corners (0,0), (1,0), (1,1), (0,1), facing +z (counter-clockwise), glTF
     * UVs with v down the image (the image's top row at y = 1). Two triangles, material {@code material}.
     */
    static Mesh quad(int material) {
        Mesh m = new Mesh("quad");
        m.positions = new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
        m.uvs = new float[] {0, 1, 1, 1, 1, 0, 0, 0};
        m.indices = new int[] {0, 1, 2, 0, 2, 3};
        m.materials = new int[] {material, material};
        return m;
    }

    /** Axis-aligned cube [-1,1]^3, 12 outward-facing triangles, material {@code material}. */
    static Mesh cube(int material) {
        Mesh m = new Mesh("cube");
        m.positions = new float[24];
        for (int i = 0; i < 8; i++) {
            m.positions[i * 3] = (i & 1) != 0 ? 1 : -1;
            m.positions[i * 3 + 1] = (i & 2) != 0 ? 1 : -1;
            m.positions[i * 3 + 2] = (i & 4) != 0 ? 1 : -1;
        }
        m.indices = new int[] {0, 2, 3, 0, 3, 1, 4, 5, 7, 4, 7, 6, 0, 1, 5, 0, 5, 4, 2, 6, 7, 2, 7, 3, 0, 4, 6, 0, 6,
                2, 1, 3, 7, 1, 7, 5};
        m.materials = new int[12];
        java.util.Arrays.fill(m.materials, material);
        return m;
    }

    static Node node(String name, int mesh) {
        Node n = new Node(name);
        n.mesh = mesh;
        return n;
    }

    static Material material(String name) {
        Material m = new Material(name);
        m.metallic = 0;
        return m;
    }
}
