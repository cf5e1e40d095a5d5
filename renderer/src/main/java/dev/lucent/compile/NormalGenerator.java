package dev.lucent.compile;

import dev.lucent.core.NativeBuffer;

/**
 * Smooth vertex normals for meshes loaded without them: each vertex gets the normalised sum of the
 * unnormalised face normals (e1 x e2, whose length is twice the triangle's area) of the triangles that use
 * it, so large triangles weigh more ("area-weighted" averaging). Faces are counter-clockwise, as glTF
 * prescribes. A vertex that only degenerate triangles touch gets +y.
 */
final class NormalGenerator {
    private NormalGenerator() {}

    /**
     * Writes {@code vertexCount} unit normals (float3, object space) to {@code out} starting at byte
     * {@code offset}; that region must be zero on entry (it accumulates the sums in place, so no heap array
     * as large as the mesh is needed).
     */
    static void generate(float[] positions, int[] indices, int vertexCount, NativeBuffer out, long offset) {
        for (int t = 0; t < indices.length; t += 3) {
            int a = indices[t] * 3, b = indices[t + 1] * 3, c = indices[t + 2] * 3;
            float e1x = positions[b] - positions[a], e1y = positions[b + 1] - positions[a + 1],
                    e1z = positions[b + 2] - positions[a + 2];
            float e2x = positions[c] - positions[a], e2y = positions[c + 1] - positions[a + 1],
                    e2z = positions[c + 2] - positions[a + 2];
            float nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
            add(out, offset + (long) a * 4, nx, ny, nz);
            add(out, offset + (long) b * 4, nx, ny, nz);
            add(out, offset + (long) c * 4, nx, ny, nz);
        }
        for (long v = 0; v < vertexCount; v++) {
            long o = offset + v * 12;
            double x = out.getFloat(o), y = out.getFloat(o + 4), z = out.getFloat(o + 8);
            double len = Math.sqrt(x * x + y * y + z * z);
            if (len > 0 && Double.isFinite(len)) {
                out.putFloat(o, (float) (x / len));
                out.putFloat(o + 4, (float) (y / len));
                out.putFloat(o + 8, (float) (z / len));
            } else {
                out.putFloat(o, 0);
                out.putFloat(o + 4, 1);
                out.putFloat(o + 8, 0);
            }
        }
    }

    private static void add(NativeBuffer b, long o, float x, float y, float z) {
        b.putFloat(o, b.getFloat(o) + x);
        b.putFloat(o + 4, b.getFloat(o + 4) + y);
        b.putFloat(o + 8, b.getFloat(o + 8) + z);
    }
}
