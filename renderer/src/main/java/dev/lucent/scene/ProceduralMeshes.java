package dev.lucent.scene;

import java.util.SplittableRandom;

/**
 * Deterministic procedural meshes for benchmarks and large-scene tests. {@link #blobs} scatters displaced
 * spheres of varying size over a square field at varying heights above a gently rolling terrain: clusters,
 * empty space, large and small triangles side by side — closer to real scenes than a uniform soup.
 */
public final class ProceduralMeshes {
    private ProceduralMeshes() {}

    /** Triangles in one blob (a UV sphere of {@value #RINGS} rings and {@value #SEGMENTS} segments). */
    static final int RINGS = 12, SEGMENTS = 16;
    static final int BLOB_TRIANGLES = 2 * SEGMENTS * (RINGS - 1);

    /**
     * About {@code targetTriangles} triangles (within one blob of it; at least one blob plus the terrain).
     * A quarter of the triangles form the terrain grid, the rest are blobs. Material id 0 everywhere.
     */
    public static Mesh blobs(long targetTriangles, long seed) {
        if (targetTriangles < 2L * BLOB_TRIANGLES) targetTriangles = 2L * BLOB_TRIANGLES;
        long terrainTris = targetTriangles / 4;
        int grid = (int) Math.max(2, Math.sqrt(terrainTris / 2.0)) + 1;
        long blobCount = Math.max(1, (targetTriangles - 2L * (grid - 1) * (grid - 1)) / BLOB_TRIANGLES);
        long vertices = (long) grid * grid + blobCount * (RINGS + 1) * (SEGMENTS + 1);
        long triangles = 2L * (grid - 1) * (grid - 1) + blobCount * BLOB_TRIANGLES;
        if (vertices * 3 > Integer.MAX_VALUE - 8 || triangles * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(targetTriangles + " triangles exceed one mesh's array limits");
        }
        float size = (float) Math.sqrt(targetTriangles) * 0.05f;
        Mesh m = new Mesh("blobs-" + targetTriangles);
        m.positions = new float[(int) vertices * 3];
        m.indices = new int[(int) triangles * 3];
        m.materials = new int[(int) triangles];
        int v = 0, t = 0;
        for (int j = 0; j < grid; j++) {
            for (int i = 0; i < grid; i++) {
                float x = (i / (float) (grid - 1) - 0.5f) * size, z = (j / (float) (grid - 1) - 0.5f) * size;
                m.positions[v * 3] = x;
                m.positions[v * 3 + 1] = terrain(x, z, size);
                m.positions[v * 3 + 2] = z;
                v++;
            }
        }
        for (int j = 0; j < grid - 1; j++) {
            for (int i = 0; i < grid - 1; i++) {
                int a = j * grid + i, b = a + 1, c = a + grid, d = c + 1;
                t = Shapes.tri(m.indices, t, a, c, b);
                t = Shapes.tri(m.indices, t, b, c, d);
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long k = 0; k < blobCount; k++) {
            // Clustered placement: pick a cluster centre from a few hundred, then offset around it.
            double cx = (hash(seed, k % 257) - 0.5) * size, cz = (hash(seed + 1, k % 257) - 0.5) * size;
            double spread = size * 0.04 * (0.2 + hash(seed + 2, k % 257));
            float x = (float) (cx + rnd.nextGaussian() * spread), z = (float) (cz + rnd.nextGaussian() * spread);
            float r = (float) (size * 0.002 * Math.exp(rnd.nextGaussian() * 0.8));
            float y = terrain(x, z, size) + r + (float) Math.abs(rnd.nextGaussian()) * size * 0.01f;
            float wobble = (float) rnd.nextDouble() * 0.3f, phase = (float) rnd.nextDouble() * 6.283f;
            int base = v;
            for (int ring = 0; ring <= RINGS; ring++) {
                double th = Math.PI * ring / RINGS;
                for (int s = 0; s <= SEGMENTS; s++) {
                    double ph = 2 * Math.PI * s / SEGMENTS;
                    float rr = r * (1 + wobble * (float) Math.sin(3 * ph + phase) * (float) Math.sin(2 * th));
                    m.positions[v * 3] = x + rr * (float) (Math.sin(th) * Math.cos(ph));
                    m.positions[v * 3 + 1] = y + rr * (float) Math.cos(th);
                    m.positions[v * 3 + 2] = z + rr * (float) (Math.sin(th) * Math.sin(ph));
                    v++;
                }
            }
            t = Shapes.uvSphereTriangles(m.indices, t, base, RINGS, SEGMENTS);
        }
        return m;
    }

    private static float terrain(float x, float z, float size) {
        double f = 6.283 / size;
        return (float) (size * 0.02 * (Math.sin(3 * f * x) * Math.cos(2 * f * z) + 0.5 * Math.sin(7 * f * (x + z))));
    }

    private static double hash(long seed, long k) {
        long h = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k).nextLong();
        return (h >>> 11) * 0x1.0p-53;
    }
}
