package dev.lucent.compile;

import dev.lucent.core.NativeBuffer;

/**
 * Per-vertex tangents for normal mapping, for meshes loaded without them. Method: E. Lengyel, "Computing
 * Tangent Space Basis Vectors for an Arbitrary Mesh" (Terathon, 2001): per triangle the object-space
 * derivatives dP/du and dP/dv follow from its edges and UV differences; they are summed per vertex, the
 * tangent is dP/du made orthogonal to the vertex normal (Gram-Schmidt) and normalised.
 *
 * <p>Sign convention (glTF 2.0, "Meshes"): bitangent = cross(normal, tangent.xyz) * w must point to +Y of
 * the normal map, i.e. up the image. glTF's v runs down the image, so w = +1 exactly when cross(n, t)
 * points along -dP/dv. Mirrored UV islands that share a vertex cancel in the sums (the method's known
 * limit; MikkTSpace splits such vertices instead). Where UVs are missing or degenerate the tangent is any
 * unit vector perpendicular to the normal, w = +1.
 */
final class TangentGenerator {
    private TangentGenerator() {}

    /**
     * Writes {@code vertexCount} tangents (float4, object space, w = sign) to {@code out} at byte
     * {@code tangentOffset}, a region that must be zero on entry. {@code normals} holds the mesh's unit
     * normals (float3) at byte {@code normalOffset}. {@code uvs} may be null.
     */
    static void generate(float[] positions, float[] uvs, int[] indices, int vertexCount, NativeBuffer normals,
            long normalOffset, NativeBuffer out, long tangentOffset) {
        // dP/du sums accumulate in the output's xyz; dP/dv sums need a heap array (3 floats per vertex).
        float[] dpdv = new float[vertexCount * 3];
        if (uvs != null) {
            for (int t = 0; t < indices.length; t += 3) {
                int a = indices[t], b = indices[t + 1], c = indices[t + 2];
                float e1x = positions[b * 3] - positions[a * 3], e1y = positions[b * 3 + 1] - positions[a * 3 + 1],
                        e1z = positions[b * 3 + 2] - positions[a * 3 + 2];
                float e2x = positions[c * 3] - positions[a * 3], e2y = positions[c * 3 + 1] - positions[a * 3 + 1],
                        e2z = positions[c * 3 + 2] - positions[a * 3 + 2];
                float du1 = uvs[b * 2] - uvs[a * 2], dv1 = uvs[b * 2 + 1] - uvs[a * 2 + 1];
                float du2 = uvs[c * 2] - uvs[a * 2], dv2 = uvs[c * 2 + 1] - uvs[a * 2 + 1];
                float det = du1 * dv2 - du2 * dv1;
                if (det == 0 || !Float.isFinite(det)) continue;
                float r = 1 / det;
                float sx = (e1x * dv2 - e2x * dv1) * r, sy = (e1y * dv2 - e2y * dv1) * r,
                        sz = (e1z * dv2 - e2z * dv1) * r;
                float tx = (e2x * du1 - e1x * du2) * r, ty = (e2y * du1 - e1y * du2) * r,
                        tz = (e2z * du1 - e1z * du2) * r;
                accumulate(out, tangentOffset, dpdv, a, sx, sy, sz, tx, ty, tz);
                accumulate(out, tangentOffset, dpdv, b, sx, sy, sz, tx, ty, tz);
                accumulate(out, tangentOffset, dpdv, c, sx, sy, sz, tx, ty, tz);
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            long o = tangentOffset + (long) v * 16, no = normalOffset + (long) v * 12;
            double nx = normals.getFloat(no), ny = normals.getFloat(no + 4), nz = normals.getFloat(no + 8);
            double sx = out.getFloat(o), sy = out.getFloat(o + 4), sz = out.getFloat(o + 8);
            double d = nx * sx + ny * sy + nz * sz;
            double tx = sx - nx * d, ty = sy - ny * d, tz = sz - nz * d;
            double len = Math.sqrt(tx * tx + ty * ty + tz * tz);
            double w = 1;
            if (len > 1e-20 && Double.isFinite(len)) {
                tx /= len;
                ty /= len;
                tz /= len;
                // cross(n, t) . dP/dv < 0  <=>  the bitangent points up the image  <=>  w = +1.
                double bx = ny * tz - nz * ty, by = nz * tx - nx * tz, bz = nx * ty - ny * tx;
                double s = bx * dpdv[v * 3] + by * dpdv[v * 3 + 1] + bz * dpdv[v * 3 + 2];
                w = s > 0 ? -1 : 1;
            } else {
                // Any unit vector perpendicular to n: cross with the axis least aligned with n.
                double ax = Math.abs(nx) < 0.9 ? 1 : 0, ay = ax == 1 ? 0 : 1;
                tx = ay * nz;
                ty = -ax * nz;
                tz = ax * ny - ay * nx;
                double l = Math.sqrt(tx * tx + ty * ty + tz * tz);
                if (l == 0) {
                    tx = 1;
                    l = 1;
                }
                tx /= l;
                ty /= l;
                tz /= l;
            }
            PoolIo.putVec4(out, o, (float) tx, (float) ty, (float) tz, (float) w);
        }
    }

    private static void accumulate(NativeBuffer out, long tangentOffset, float[] dpdv, int v, float sx, float sy,
            float sz, float tx, float ty, float tz) {
        long o = tangentOffset + (long) v * 16;
        out.putFloat(o, out.getFloat(o) + sx);
        out.putFloat(o + 4, out.getFloat(o + 4) + sy);
        out.putFloat(o + 8, out.getFloat(o + 8) + sz);
        dpdv[v * 3] += tx;
        dpdv[v * 3 + 1] += ty;
        dpdv[v * 3 + 2] += tz;
    }
}
