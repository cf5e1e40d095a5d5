package dev.lucent.scene;

/**
 * Built-in shapes for scenes authored without model files. Each is a {@link Mesh} in object space, centred
 * on the origin, with unit normals, texture coordinates, counter-clockwise front faces seen from outside, and
 * material id 0 on every triangle (the caller points it at a scene material).
 */
public final class Shapes {
    private Shapes() {}

    /**
     * A rectangle in the XZ plane (y = 0) facing +Y, {@code sizeX} by {@code sizeZ}. u runs along +X, v along +Z.
     * 4 vertices, 2 triangles.
     */
    public static Mesh quad(float sizeX, float sizeZ) {
        float x = sizeX / 2, z = sizeZ / 2;
        Mesh m = new Mesh("quad");
        m.positions = new float[] {-x, 0, -z, -x, 0, z, x, 0, z, x, 0, -z};
        m.normals = new float[] {0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0};
        m.uvs = new float[] {0, 0, 0, 1, 1, 1, 1, 0};
        m.indices = new int[] {0, 1, 2, 0, 2, 3};
        m.materials = new int[2];
        return m;
    }

    /** An axis-aligned box of the given full extents: 24 vertices (flat faces), 12 triangles. */
    public static Mesh box(float sizeX, float sizeY, float sizeZ) {
        float hx = sizeX / 2, hy = sizeY / 2, hz = sizeZ / 2;
        Mesh m = new Mesh("box");
        m.positions = new float[24 * 3];
        m.normals = new float[24 * 3];
        m.uvs = new float[24 * 2];
        m.indices = new int[36];
        m.materials = new int[12];
        // Per face: normal n and in-plane axes u, v with u x v = n, each scaled to its half extent.
        float[][] faces = {
            {1, 0, 0, 0, hy, 0, 0, 0, hz}, {-1, 0, 0, 0, 0, hz, 0, hy, 0},
            {0, 1, 0, 0, 0, hz, hx, 0, 0}, {0, -1, 0, hx, 0, 0, 0, 0, hz},
            {0, 0, 1, hx, 0, 0, 0, hy, 0}, {0, 0, -1, 0, hy, 0, hx, 0, 0}};
        float[] h = {hx, hy, hz};
        float[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (int f = 0; f < 6; f++) {
            float[] d = faces[f];
            for (int k = 0; k < 4; k++) {
                int v = f * 4 + k;
                for (int a = 0; a < 3; a++) {
                    m.positions[v * 3 + a] = d[a] * h[a] + corners[k][0] * d[3 + a] + corners[k][1] * d[6 + a];
                    m.normals[v * 3 + a] = d[a];
                }
                m.uvs[v * 2] = (corners[k][0] + 1) / 2;
                m.uvs[v * 2 + 1] = (1 - corners[k][1]) / 2;
            }
            int b = f * 4;
            int[] tri = {b, b + 1, b + 2, b, b + 2, b + 3};
            System.arraycopy(tri, 0, m.indices, f * 6, 6);
        }
        return m;
    }

    /**
     * A UV sphere: {@code segments} around the +Y axis (at least 3) and segments / 2 rings (at least 2) from
     * the north pole (+Y, v = 0) to the south pole (v = 1). The seam repeats its vertices so u runs 0 to 1;
     * pole triangles are not degenerate. 2 * segments * (rings - 1) triangles.
     */
    public static Mesh sphere(float radius, int segments) {
        if (segments < 3) throw new IllegalArgumentException("a sphere needs at least 3 segments, got " + segments);
        int rings = Math.max(2, segments / 2);
        Mesh m = new Mesh("sphere");
        int nv = (rings + 1) * (segments + 1);
        m.positions = new float[nv * 3];
        m.normals = new float[nv * 3];
        m.uvs = new float[nv * 2];
        int v = 0;
        for (int r = 0; r <= rings; r++) {
            double th = Math.PI * r / rings;
            for (int s = 0; s <= segments; s++) {
                double ph = 2 * Math.PI * s / segments;
                float nx = (float) (Math.sin(th) * Math.cos(ph)), ny = (float) Math.cos(th),
                        nz = (float) (Math.sin(th) * Math.sin(ph));
                m.normals[v * 3] = nx;
                m.normals[v * 3 + 1] = ny;
                m.normals[v * 3 + 2] = nz;
                m.positions[v * 3] = radius * nx;
                m.positions[v * 3 + 1] = radius * ny;
                m.positions[v * 3 + 2] = radius * nz;
                m.uvs[v * 2] = (float) s / segments;
                m.uvs[v * 2 + 1] = (float) r / rings;
                v++;
            }
        }
        int nt = 2 * segments * (rings - 1);
        m.indices = new int[nt * 3];
        m.materials = new int[nt];
        uvSphereTriangles(m.indices, 0, 0, rings, segments);
        return m;
    }

    /**
     * Writes the 2 * segments * (rings - 1) triangles of a UV sphere whose (rings + 1) x (segments + 1) vertices
     * start at vertex {@code base}, ring by ring from the north pole, into {@code idx} from triangle {@code t};
     * returns the next free triangle. Counter-clockwise seen from outside; the pole rings give one triangle per
     * segment, not two.
     */
    static int uvSphereTriangles(int[] idx, int t, int base, int rings, int segments) {
        for (int r = 0; r < rings; r++) {
            for (int s = 0; s < segments; s++) {
                int a = base + r * (segments + 1) + s, b = a + 1, c = a + segments + 1, d = c + 1;
                if (r != 0) t = tri(idx, t, a, b, c);
                if (r != rings - 1) t = tri(idx, t, b, d, c);
            }
        }
        return t;
    }

    /**
     * A disk of radius {@code radius} in the XZ plane facing +Y, as a fan of {@code segments} triangles (at
     * least 3) around a centre vertex. Planar texture coordinates: (0.5, 0.5) at the centre.
     */
    public static Mesh disk(float radius, int segments) {
        if (segments < 3) throw new IllegalArgumentException("a disk needs at least 3 segments, got " + segments);
        Mesh m = new Mesh("disk");
        int nv = segments + 1;
        m.positions = new float[nv * 3];
        m.normals = new float[nv * 3];
        m.uvs = new float[nv * 2];
        m.uvs[0] = 0.5f;
        m.uvs[1] = 0.5f;
        for (int i = 0; i < nv; i++) m.normals[i * 3 + 1] = 1;
        for (int s = 0; s < segments; s++) {
            double ph = 2 * Math.PI * s / segments;
            float x = (float) Math.cos(ph), z = (float) Math.sin(ph);
            m.positions[(s + 1) * 3] = radius * x;
            m.positions[(s + 1) * 3 + 2] = radius * z;
            m.uvs[(s + 1) * 2] = 0.5f + x / 2;
            m.uvs[(s + 1) * 2 + 1] = 0.5f + z / 2;
        }
        m.indices = new int[segments * 3];
        m.materials = new int[segments];
        int t = 0;
        for (int s = 0; s < segments; s++) {
            // Centre, next, current: counter-clockwise seen from +Y since the angle grows from +X towards +Z.
            t = tri(m.indices, t, 0, 1 + (s + 1) % segments, 1 + s);
        }
        return m;
    }

    /** Writes triangle (a, b, c) as triangle {@code t} of {@code idx}; returns t + 1. */
    static int tri(int[] idx, int t, int a, int b, int c) {
        idx[t * 3] = a;
        idx[t * 3 + 1] = b;
        idx[t * 3 + 2] = c;
        return t + 1;
    }
}
