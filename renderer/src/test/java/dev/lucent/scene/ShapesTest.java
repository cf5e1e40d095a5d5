package dev.lucent.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Closed-form checks: areas, enclosed volumes (outward winding gives a positive signed volume), normals. */
class ShapesTest {
    /** Sum of triangle areas. */
    static double area(Mesh m) {
        double a = 0;
        for (int t = 0; t < m.triangleCount(); t++) a += cross(m, t).length() / 2;
        return a;
    }

    /** Signed volume by the divergence theorem: sum of det(a, b, c) / 6 (positive for outward CCW faces). */
    static double volume(Mesh m) {
        double v = 0;
        for (int t = 0; t < m.triangleCount(); t++) {
            org.joml.Vector3d a = p(m, m.indices[t * 3]), b = p(m, m.indices[t * 3 + 1]), c = p(m, m.indices[t * 3 + 2]);
            v += a.dot(new org.joml.Vector3d(b).cross(c)) / 6;
        }
        return v;
    }

    static org.joml.Vector3d p(Mesh m, int i) {
        return new org.joml.Vector3d(m.positions[i * 3], m.positions[i * 3 + 1], m.positions[i * 3 + 2]);
    }

    static org.joml.Vector3d cross(Mesh m, int t) {
        org.joml.Vector3d a = p(m, m.indices[t * 3]), b = p(m, m.indices[t * 3 + 1]), c = p(m, m.indices[t * 3 + 2]);
        return new org.joml.Vector3d(b).sub(a).cross(new org.joml.Vector3d(c).sub(a));
    }

    /** Every triangle's geometric normal agrees with its vertex normals, which are unit. */
    static void normalsAgree(Mesh m) {
        for (int t = 0; t < m.triangleCount(); t++) {
            org.joml.Vector3d g = cross(m, t).normalize();
            for (int k = 0; k < 3; k++) {
                int v = m.indices[t * 3 + k];
                org.joml.Vector3d n = new org.joml.Vector3d(m.normals[v * 3], m.normals[v * 3 + 1], m.normals[v * 3 + 2]);
                assertEquals(1, n.length(), 1e-5);
                assertTrue(g.dot(n) > 0.8, "triangle " + t + " faces its normals");
            }
        }
        assertEquals(m.triangleCount(), m.materials.length);
        assertEquals(m.vertexCount() * 2, m.uvs.length);
        assertEquals(0, SceneValidator.countDegenerate(m.positions, m.indices));
    }

    @Test
    void quad() {
        Mesh m = Shapes.quad(2, 3);
        assertEquals(6, area(m), 1e-9);
        assertEquals(2, m.triangleCount());
        normalsAgree(m);
        for (int t = 0; t < 2; t++) assertTrue(cross(m, t).y > 0, "faces +Y");
    }

    @Test
    void box() {
        Mesh m = Shapes.box(1, 2, 3);
        assertEquals(12, m.triangleCount());
        assertEquals(2 * (1 * 2 + 2 * 3 + 1 * 3), area(m), 1e-9);
        assertEquals(6, volume(m), 1e-9);
        normalsAgree(m);
    }

    @Test
    void sphere() {
        int segments = 64;
        Mesh m = Shapes.sphere(2, segments);
        int rings = segments / 2;
        assertEquals(2 * segments * (rings - 1), m.triangleCount());
        // A polyhedron inscribed in the sphere: slightly less than 4/3 pi r^3 and 4 pi r^2.
        double v = volume(m), a = area(m);
        assertTrue(v < 4.0 / 3 * Math.PI * 8 && v > 0.99 * 4.0 / 3 * Math.PI * 8, "volume " + v);
        assertTrue(a < 4 * Math.PI * 4 && a > 0.99 * 4 * Math.PI * 4, "area " + a);
        normalsAgree(m);
        assertEquals(2f, m.positions[1], 1e-6f, "first ring is the north pole");
    }

    @Test
    void disk() {
        int n = 12;
        Mesh m = Shapes.disk(1.5f, n);
        // Regular n-gon inscribed in the circle: (n / 2) r^2 sin(2 pi / n).
        assertEquals(n / 2.0 * 1.5 * 1.5 * Math.sin(2 * Math.PI / n), area(m), 1e-5);
        normalsAgree(m);
        for (int t = 0; t < n; t++) assertTrue(cross(m, t).y > 0, "faces +Y");
        assertThrows(IllegalArgumentException.class, () -> Shapes.disk(1, 2));
    }
}
