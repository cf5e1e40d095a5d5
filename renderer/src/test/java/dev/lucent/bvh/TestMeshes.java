package dev.lucent.bvh;

import dev.lucent.scene.Mesh;
import dev.lucent.scene.ProceduralMeshes;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Triangle meshes for BVH tests and benchmarks: flat xyz positions and three vertex indices per triangle. */
record TestMeshes(String name, float[] positions, int[] indices) {

    int triangles() { return indices.length / 3; }

    TriangleMeshBounds bounds() { return new TriangleMeshBounds(positions, indices); }

    /** {@code n} independent triangles: centres uniform in [-1, 1]^3, edges up to {@code size} long. */
    static TestMeshes soup(int n, float size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[n * 9];
        int[] idx = new int[n * 3];
        for (int t = 0; t < n; t++) {
            float cx = (float) r.nextDouble(-1, 1), cy = (float) r.nextDouble(-1, 1), cz = (float) r.nextDouble(-1, 1);
            for (int v = 0; v < 3; v++) {
                p[t * 9 + v * 3] = cx + (float) r.nextDouble(-size, size);
                p[t * 9 + v * 3 + 1] = cy + (float) r.nextDouble(-size, size);
                p[t * 9 + v * 3 + 2] = cz + (float) r.nextDouble(-size, size);
                idx[t * 3 + v] = t * 3 + v;
            }
        }
        return new TestMeshes("soup-" + n, p, idx);
    }

    /** UV sphere of radius 1 at the origin, closed (shared pole and seam vertices). */
    static TestMeshes sphere(int rings, int segments) {
        int verts = 2 + (rings - 1) * segments;
        float[] p = new float[verts * 3];
        p[1] = 1;
        p[(verts - 1) * 3 + 1] = -1;
        for (int i = 1; i < rings; i++) {
            double th = Math.PI * i / rings;
            for (int s = 0; s < segments; s++) {
                double ph = 2 * Math.PI * s / segments;
                int v = 1 + (i - 1) * segments + s;
                p[v * 3] = (float) (Math.sin(th) * Math.cos(ph));
                p[v * 3 + 1] = (float) Math.cos(th);
                p[v * 3 + 2] = (float) (Math.sin(th) * Math.sin(ph));
            }
        }
        int tris = 2 * segments * (rings - 1);
        int[] idx = new int[tris * 3];
        int t = 0;
        for (int s = 0; s < segments; s++) {
            int s1 = (s + 1) % segments;
            idx[t++] = 0;
            idx[t++] = 1 + s1;
            idx[t++] = 1 + s;
            int base = 1 + (rings - 2) * segments;
            idx[t++] = verts - 1;
            idx[t++] = base + s;
            idx[t++] = base + s1;
        }
        for (int i = 1; i < rings - 1; i++) {
            for (int s = 0; s < segments; s++) {
                int s1 = (s + 1) % segments;
                int a = 1 + (i - 1) * segments + s, b = 1 + (i - 1) * segments + s1;
                int c = 1 + i * segments + s, d = 1 + i * segments + s1;
                idx[t++] = a;
                idx[t++] = b;
                idx[t++] = c;
                idx[t++] = b;
                idx[t++] = d;
                idx[t++] = c;
            }
        }
        return new TestMeshes("sphere-" + tris, p, idx);
    }

    /**
     * Hard cases on integer coordinates: a 10 x 10 grid of unit squares in the plane y = 0 (shared edges and
     * vertices), axis-aligned squares in planes x = k and z = k, zero-area triangles (repeated vertex,
     * collinear vertices, all three equal), exact duplicates of grid triangles, and a few random slivers.
     */
    static TestMeshes degenerate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FloatList p = new FloatList();
        IntList idx = new IntList();
        int g = 10;
        int base = p.size() / 3;
        for (int j = 0; j <= g; j++) for (int i = 0; i <= g; i++) p.add(i - 5, 0, j - 5);
        for (int j = 0; j < g; j++) {
            for (int i = 0; i < g; i++) {
                int a = base + j * (g + 1) + i, b = a + 1, c = a + g + 1, d = c + 1;
                idx.add(a, c, b);
                idx.add(b, c, d);
            }
        }
        for (int k = -2; k <= 2; k += 2) {
            int v = p.size() / 3;
            p.add(k, 0, -1);
            p.add(k, 2, -1);
            p.add(k, 2, 1);
            p.add(k, 0, 1);
            idx.add(v, v + 1, v + 2);
            idx.add(v, v + 2, v + 3);
            v = p.size() / 3;
            p.add(-1, 0, k);
            p.add(1, 0, k);
            p.add(1, 2, k);
            p.add(-1, 2, k);
            idx.add(v, v + 1, v + 2);
            idx.add(v, v + 2, v + 3);
        }
        for (int k = 0; k < 40; k++) {
            int v = p.size() / 3;
            float x = r.nextInt(-4, 5), y = r.nextInt(0, 3), z = r.nextInt(-4, 5);
            p.add(x, y, z);
            p.add(x + 1, y, z);
            p.add(x + 2, y, z);
            p.add(x + 1, y + 1, z);
            idx.add(v, v, v + 3);
            idx.add(v, v + 1, v + 2);
            idx.add(v + 3, v + 3, v + 3);
        }
        int gridTris = 2 * g * g;
        for (int k = 0; k < 30; k++) {
            int t = r.nextInt(gridTris);
            idx.add(idx.get(t * 3), idx.get(t * 3 + 1), idx.get(t * 3 + 2));
        }
        for (int k = 0; k < 30; k++) {
            int v = p.size() / 3;
            float x = (float) r.nextDouble(-4, 4), y = (float) r.nextDouble(0, 2), z = (float) r.nextDouble(-4, 4);
            p.add(x, y, z);
            p.add(x + 3, y + 1e-3f, z);
            p.add(x + 1.5f, y, z + 1e-6f);
            idx.add(v, v + 1, v + 2);
        }
        return new TestMeshes("degenerate", p.toArray(), idx.toArray());
    }

    /** {@link ProceduralMeshes#blobs} as a test mesh. */
    static TestMeshes blobs(long triangles, long seed) {
        Mesh m = ProceduralMeshes.blobs(triangles, seed);
        return new TestMeshes(m.name, m.positions, m.indices);
    }

    /**
     * Reads vertices ("v x y z") and faces ("f a b c ...", indices 1-based or negative, "/"-separated
     * attributes ignored, polygons fanned) of a Wavefront OBJ file; everything else is ignored. For test and
     * benchmark models only; the scene loader is the supported importer.
     */
    static TestMeshes obj(Path file) throws IOException {
        FloatList p = new FloatList();
        IntList idx = new IntList();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("v")) {
                    p.add(Float.parseFloat(f[1]), Float.parseFloat(f[2]), Float.parseFloat(f[3]));
                } else if (f[0].equals("f")) {
                    int verts = p.size() / 3;
                    int[] face = new int[f.length - 1];
                    for (int i = 1; i < f.length; i++) {
                        int k = Integer.parseInt(f[i].split("/")[0]);
                        face[i - 1] = k < 0 ? verts + k : k - 1;
                    }
                    for (int i = 1; i + 1 < face.length; i++) idx.add(face[0], face[i], face[i + 1]);
                }
            }
        }
        String name = file.getFileName().toString().replace(".obj", "");
        return new TestMeshes(name, p.toArray(), idx.toArray());
    }

    private static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float x, float y, float z) {
            if (n + 3 > a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
            a[n++] = x;
            a[n++] = y;
            a[n++] = z;
        }

        int size() { return n; }
        float[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }

    private static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int x, int y, int z) {
            if (n + 3 > a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
            a[n++] = x;
            a[n++] = y;
            a[n++] = z;
        }

        int get(int i) { return a[i]; }
        int[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }
}
