package dev.lucent.bvh;

/**
 * The bounds of indexed triangles: primitive i is the triangle with vertex indices
 * {@code indices[3i..3i+2]} into {@code positions} (xyz per vertex, any one space). Reads only; safe to
 * call from several threads.
 */
public final class TriangleMeshBounds implements PrimitiveBounds {
    private final float[] positions;
    private final int[] indices;

    public TriangleMeshBounds(float[] positions, int[] indices) {
        if (indices.length % 3 != 0) throw new IllegalArgumentException("index count not a multiple of 3");
        this.positions = positions;
        this.indices = indices;
    }

    @Override
    public int count() { return indices.length / 3; }

    @Override
    public void bounds(int prim, float[] out) {
        int a = indices[prim * 3] * 3, b = indices[prim * 3 + 1] * 3, c = indices[prim * 3 + 2] * 3;
        float[] p = positions;
        for (int k = 0; k < 3; k++) {
            float x = p[a + k], y = p[b + k], z = p[c + k];
            out[k] = Math.min(x, Math.min(y, z));
            out[k + 3] = Math.max(x, Math.max(y, z));
        }
    }
}
