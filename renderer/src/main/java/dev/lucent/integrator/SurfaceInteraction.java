package dev.lucent.integrator;

import static org.lwjgl.system.MemoryUtil.memGetFloat;
import static org.lwjgl.system.MemoryUtil.memGetInt;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.Hit;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;

/**
 * The local geometry at a ray hit, world space, computed from a {@link Hit} and the compiled scene's pools:
 * position, normals, texture coordinates, tangent and material. Mutable and reused per thread.
 *
 * <p>Normals:
 * <ul>
 * <li>{@code f} (face normal): unit normal of the triangle's front face, the counter-clockwise side in object
 *     space carried to world space by the inverse transpose of the instance's linear part (so a mirroring
 *     instance keeps its front side). This is the same orientation {@link dev.lucent.light.TriangleLight}
 *     uses; emission of single-sided materials leaves only through this side.
 * <li>{@code s} (shading normal): the interpolated vertex normal (inverse transpose, unit), before any normal
 *     map. Falls back to the face normal when the vertex normals interpolate to zero or NaN.
 * <li>{@code g} (geometric normal): the face normal flipped, where needed, into the shading normal's
 *     hemisphere (pbrt's convention), so the two agree on which side is "outside". Ray offsets and the
 *     reflection/transmission consistency checks of the integrator use it.
 * </ul>
 * The position is the barycentric combination of the object-space vertices, transformed (more precise than
 * origin + t * direction far from the origin).
 */
public final class SurfaceInteraction {
    /** Hit position, world space. */
    public float px, py, pz;
    /** Face normal (front = counter-clockwise side), unit, world space. */
    public float fx, fy, fz;
    /** Geometric normal, unit, in the hemisphere of the shading normal. */
    public float gx, gy, gz;
    /** Interpolated shading normal, unit, world space (before normal mapping). */
    public float sx, sy, sz;
    /** Interpolated tangent, world space (not normalised), and the bitangent sign; tw == 0 when the mesh has none. */
    public float tx, ty, tz, tw;
    /** Texture coordinate (TEXCOORD_0, v down the image). */
    public float u, v;
    /** LcMaterial index (the instance's override when it has one). */
    public int material;
    /** True when the ray arrived at the front face (direction opposite the face normal). */
    public boolean frontFace;

    /**
     * Fills this from {@code hit} of the world ray with direction (dx, dy, dz) (any length), reading the pools of
     * {@code s}.
     */
    public void compute(CompiledScene s, Hit hit, float dx, float dy, float dz) {
        long inst = s.instances.address() + (long) hit.instance * LcInstance.BYTES;
        int mesh = memGetInt(inst + LcInstance.MESH);
        int override = memGetInt(inst + LcInstance.MATERIAL_OVERRIDE);
        long mr = s.meshes.address() + (long) mesh * LcMesh.BYTES;
        long firstVertex = memGetInt(mr + LcMesh.FIRST_VERTEX) & 0xFFFF_FFFFL;
        boolean hasTangents = memGetInt(mr + LcMesh.HAS_TANGENTS) != 0;
        int tri = hit.triangle;
        long ta = s.triangles.address() + (long) tri * 12;
        long i0 = firstVertex + (memGetInt(ta) & 0xFFFF_FFFFL);
        long i1 = firstVertex + (memGetInt(ta + 4) & 0xFFFF_FFFFL);
        long i2 = firstVertex + (memGetInt(ta + 8) & 0xFFFF_FFFFL);
        float b1 = hit.u, b2 = hit.v, b0 = 1 - b1 - b2;
        material = override >= 0 ? override : memGetInt(s.triangleMaterials.address() + 4L * tri);

        // Object-to-world rows a (3x4) and world-to-object rows w (3x4).
        long o2w = inst + LcInstance.OBJECT_TO_WORLD0, w2o = inst + LcInstance.WORLD_TO_OBJECT0;
        float a00 = memGetFloat(o2w), a01 = memGetFloat(o2w + 4), a02 = memGetFloat(o2w + 8),
                a03 = memGetFloat(o2w + 12);
        float a10 = memGetFloat(o2w + 16), a11 = memGetFloat(o2w + 20), a12 = memGetFloat(o2w + 24),
                a13 = memGetFloat(o2w + 28);
        float a20 = memGetFloat(o2w + 32), a21 = memGetFloat(o2w + 36), a22 = memGetFloat(o2w + 40),
                a23 = memGetFloat(o2w + 44);
        float w00 = memGetFloat(w2o), w01 = memGetFloat(w2o + 4), w02 = memGetFloat(w2o + 8);
        float w10 = memGetFloat(w2o + 16), w11 = memGetFloat(w2o + 20), w12 = memGetFloat(w2o + 24);
        float w20 = memGetFloat(w2o + 32), w21 = memGetFloat(w2o + 36), w22 = memGetFloat(w2o + 40);

        long pos = s.positions.address();
        long p0 = pos + i0 * 12, p1 = pos + i1 * 12, p2 = pos + i2 * 12;
        float x0 = memGetFloat(p0), y0 = memGetFloat(p0 + 4), z0 = memGetFloat(p0 + 8);
        float x1 = memGetFloat(p1), y1 = memGetFloat(p1 + 4), z1 = memGetFloat(p1 + 8);
        float x2 = memGetFloat(p2), y2 = memGetFloat(p2 + 4), z2 = memGetFloat(p2 + 8);
        float ox = b0 * x0 + b1 * x1 + b2 * x2, oy = b0 * y0 + b1 * y1 + b2 * y2, oz = b0 * z0 + b1 * z1 + b2 * z2;
        px = a00 * ox + a01 * oy + a02 * oz + a03;
        py = a10 * ox + a11 * oy + a12 * oz + a13;
        pz = a20 * ox + a21 * oy + a22 * oz + a23;

        // Face normal: object cross product through the inverse transpose (W^T n).
        float e1x = x1 - x0, e1y = y1 - y0, e1z = z1 - z0, e2x = x2 - x0, e2y = y2 - y0, e2z = z2 - z0;
        float cx = e1y * e2z - e1z * e2y, cy = e1z * e2x - e1x * e2z, cz = e1x * e2y - e1y * e2x;
        float nx = w00 * cx + w10 * cy + w20 * cz, ny = w01 * cx + w11 * cy + w21 * cz,
                nz = w02 * cx + w12 * cy + w22 * cz;
        float len2 = nx * nx + ny * ny + nz * nz;
        if (len2 > 0 && len2 < Float.POSITIVE_INFINITY) {
            float inv = (float) (1 / Math.sqrt(len2));
            fx = nx * inv;
            fy = ny * inv;
            fz = nz * inv;
        } else {
            // Degenerate triangle: face the incoming ray.
            float dl = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
            fx = -dx / dl;
            fy = -dy / dl;
            fz = -dz / dl;
        }
        frontFace = fx * dx + fy * dy + fz * dz < 0;

        long nrm = s.normals.address();
        long n0 = nrm + i0 * 12, n1 = nrm + i1 * 12, n2 = nrm + i2 * 12;
        float ix = b0 * memGetFloat(n0) + b1 * memGetFloat(n1) + b2 * memGetFloat(n2);
        float iy = b0 * memGetFloat(n0 + 4) + b1 * memGetFloat(n1 + 4) + b2 * memGetFloat(n2 + 4);
        float iz = b0 * memGetFloat(n0 + 8) + b1 * memGetFloat(n1 + 8) + b2 * memGetFloat(n2 + 8);
        nx = w00 * ix + w10 * iy + w20 * iz;
        ny = w01 * ix + w11 * iy + w21 * iz;
        nz = w02 * ix + w12 * iy + w22 * iz;
        len2 = nx * nx + ny * ny + nz * nz;
        if (len2 > 1e-30f && len2 < Float.POSITIVE_INFINITY) {
            float inv = (float) (1 / Math.sqrt(len2));
            sx = nx * inv;
            sy = ny * inv;
            sz = nz * inv;
        } else {
            sx = fx;
            sy = fy;
            sz = fz;
        }
        if (fx * sx + fy * sy + fz * sz < 0) {
            gx = -fx;
            gy = -fy;
            gz = -fz;
        } else {
            gx = fx;
            gy = fy;
            gz = fz;
        }

        long uv = s.uvs.address();
        long u0 = uv + i0 * 8, u1 = uv + i1 * 8, u2 = uv + i2 * 8;
        u = b0 * memGetFloat(u0) + b1 * memGetFloat(u1) + b2 * memGetFloat(u2);
        v = b0 * memGetFloat(u0 + 4) + b1 * memGetFloat(u1 + 4) + b2 * memGetFloat(u2 + 4);

        if (hasTangents) {
            long tg = s.tangents.address();
            long t0 = tg + i0 * 16, t1 = tg + i1 * 16, t2 = tg + i2 * 16;
            float qx = b0 * memGetFloat(t0) + b1 * memGetFloat(t1) + b2 * memGetFloat(t2);
            float qy = b0 * memGetFloat(t0 + 4) + b1 * memGetFloat(t1 + 4) + b2 * memGetFloat(t2 + 4);
            float qz = b0 * memGetFloat(t0 + 8) + b1 * memGetFloat(t1 + 8) + b2 * memGetFloat(t2 + 8);
            tx = a00 * qx + a01 * qy + a02 * qz;
            ty = a10 * qx + a11 * qy + a12 * qz;
            tz = a20 * qx + a21 * qy + a22 * qz;
            float sign = memGetFloat(t0 + 12) < 0 ? -1 : 1;
            // A mirroring transform reverses the handedness of (t, b, n) built as b = w cross(n, t).
            float det = a00 * (a11 * a22 - a12 * a21) - a01 * (a10 * a22 - a12 * a20) + a02 * (a10 * a21 - a11 * a20);
            tw = det < 0 ? -sign : sign;
        } else {
            tx = ty = tz = tw = 0;
        }
    }

    /**
     * Texture coordinate of barycentrics (b1, b2) on global triangle {@code tri} of instance {@code instance}
     * into {@code uvOut[0..1]}.
     */
    public static void uv(CompiledScene s, int instance, int tri, float b1, float b2, float[] uvOut) {
        long inst = s.instances.address() + (long) instance * LcInstance.BYTES;
        long mr = s.meshes.address() + (long) memGetInt(inst + LcInstance.MESH) * LcMesh.BYTES;
        long firstVertex = memGetInt(mr + LcMesh.FIRST_VERTEX) & 0xFFFF_FFFFL;
        long ta = s.triangles.address() + (long) tri * 12;
        long uv = s.uvs.address();
        long u0 = uv + (firstVertex + (memGetInt(ta) & 0xFFFF_FFFFL)) * 8;
        long u1 = uv + (firstVertex + (memGetInt(ta + 4) & 0xFFFF_FFFFL)) * 8;
        long u2 = uv + (firstVertex + (memGetInt(ta + 8) & 0xFFFF_FFFFL)) * 8;
        float b0 = 1 - b1 - b2;
        uvOut[0] = b0 * memGetFloat(u0) + b1 * memGetFloat(u1) + b2 * memGetFloat(u2);
        uvOut[1] = b0 * memGetFloat(u0 + 4) + b1 * memGetFloat(u1 + 4) + b2 * memGetFloat(u2 + 4);
    }

    /** LcMaterial index of global triangle {@code tri} as instance {@code instance} draws it. */
    public static int material(CompiledScene s, int instance, int tri) {
        int override = memGetInt(s.instances.address() + (long) instance * LcInstance.BYTES
                + LcInstance.MATERIAL_OVERRIDE);
        return override >= 0 ? override : memGetInt(s.triangleMaterials.address() + 4L * tri);
    }
}
