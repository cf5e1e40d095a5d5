package dev.lucent.bvh.gpu;

import dev.lucent.core.Layout.LcTriangle;
import dev.lucent.core.NativeBuffer;

/**
 * Triangles prepared for GPU intersection ({@code LcTriangle}, 48 bytes: v0 and the edges e1 = v1 - v0,
 * e2 = v2 - v0 as float4s; v0.w = the pool triangle index as int bits, e1.w = e2.w = 0), derived from the
 * compiled pools: {@code positions} (float3 per vertex, object space) and {@code triangles} (int3 mesh-local
 * vertex indices per triangle, in BLAS leaf order). {@link #convert} keeps pool order (entry k is pool triangle
 * k, for {@link Bvh2GpuLayout} leaves); {@link #convertReordered} writes a given order (for
 * {@link Cwbvh8GpuLayout}, whose nodes need their leaf triangles contiguous).
 */
public final class GpuTriangleLayout {
    private GpuTriangleLayout() {}

    /**
     * Writes pool triangles {@code [firstTriangle, firstTriangle + count)} into {@code dst} at the same indices;
     * their vertex indices are relative to vertex {@code firstVertex}.
     *
     * @throws IllegalArgumentException if an index points outside {@code [0, vertexCount)}
     */
    public static void convert(NativeBuffer positions, NativeBuffer triangles, long firstVertex, int vertexCount,
            long firstTriangle, int count, NativeBuffer dst) {
        for (long t = firstTriangle; t < firstTriangle + count; t++) {
            write(positions, triangles, firstVertex, vertexCount, t, dst, t);
        }
    }

    /**
     * Writes pool triangle {@code order[k]} at entry {@code dstFirst + k} of {@code dst}, for k in
     * {@code [from, to)}; vertex indices are relative to vertex {@code firstVertex}.
     */
    public static void convertReordered(NativeBuffer positions, NativeBuffer triangles, long firstVertex,
            int vertexCount, int[] order, int from, int to, NativeBuffer dst, long dstFirst) {
        for (int k = from; k < to; k++) write(positions, triangles, firstVertex, vertexCount, order[k], dst, dstFirst + k);
    }

    private static void write(NativeBuffer positions, NativeBuffer triangles, long firstVertex, int vertexCount,
            long t, NativeBuffer dst, long at) {
        long src = t * 12;
        int i0 = triangles.getInt(src), i1 = triangles.getInt(src + 4), i2 = triangles.getInt(src + 8);
        if ((i0 | i1 | i2) < 0 || i0 >= vertexCount || i1 >= vertexCount || i2 >= vertexCount) {
            throw new IllegalArgumentException("triangle " + t + " has vertex index outside [0, " + vertexCount + ")");
        }
        long p0 = (firstVertex + i0) * 12, p1 = (firstVertex + i1) * 12, p2 = (firstVertex + i2) * 12;
        float x0 = positions.getFloat(p0), y0 = positions.getFloat(p0 + 4), z0 = positions.getFloat(p0 + 8);
        long o = at * LcTriangle.BYTES;
        dst.putFloat(o + LcTriangle.V0, x0);
        dst.putFloat(o + LcTriangle.V0 + 4, y0);
        dst.putFloat(o + LcTriangle.V0 + 8, z0);
        dst.putInt(o + LcTriangle.V0 + 12, (int) t);
        dst.putFloat(o + LcTriangle.E1, positions.getFloat(p1) - x0);
        dst.putFloat(o + LcTriangle.E1 + 4, positions.getFloat(p1 + 4) - y0);
        dst.putFloat(o + LcTriangle.E1 + 8, positions.getFloat(p1 + 8) - z0);
        dst.putFloat(o + LcTriangle.E1 + 12, 0f);
        dst.putFloat(o + LcTriangle.E2, positions.getFloat(p2) - x0);
        dst.putFloat(o + LcTriangle.E2 + 4, positions.getFloat(p2 + 4) - y0);
        dst.putFloat(o + LcTriangle.E2 + 8, positions.getFloat(p2 + 8) - z0);
        dst.putFloat(o + LcTriangle.E2 + 12, 0f);
    }
}
