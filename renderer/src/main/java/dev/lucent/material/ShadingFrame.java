package dev.lucent.material;

import org.joml.Vector3f;
import org.joml.Vector3fc;

/**
 * Orthonormal shading frame (t, b, n) at a hit, world space: the BSDF's local frame has x = t, y = b, z = n.
 * Built from the shading normal alone (Duff et al. 2017, "Building an Orthonormal Basis, Revisited": branchless
 * and continuous except across n.z = 0's sign) or from the normal and the mesh tangent (glTF: tangent.xyz with
 * bitangent sign w, b = w cross(n, t)), then optionally tilted by a tangent-space normal map. Mutable; one per
 * thread.
 */
public final class ShadingFrame {
    public final Vector3f t = new Vector3f(1, 0, 0), b = new Vector3f(0, 1, 0), n = new Vector3f(0, 0, 1);

    /** Frame around the unit normal {@code normal} with Duff et al.'s tangents; (t, b, n) is right-handed. */
    public ShadingFrame fromNormal(Vector3fc normal) {
        float nx = normal.x(), ny = normal.y(), nz = normal.z();
        float sign = Math.copySign(1f, nz);
        float a = -1 / (sign + nz);
        float c = nx * ny * a;
        n.set(nx, ny, nz);
        t.set(1 + sign * nx * nx * a, sign * c, -sign * nx);
        b.set(c, sign + ny * ny * a, -ny);
        return this;
    }

    /**
     * Frame around the unit normal with t = the tangent made orthogonal to n (Gram-Schmidt) and
     * b = bitangentSign * cross(n, t). Falls back to {@link #fromNormal} when the tangent is missing (zero) or
     * parallel to the normal.
     */
    public ShadingFrame fromNormalTangent(Vector3fc normal, Vector3fc tangent, float bitangentSign) {
        float d = normal.dot(tangent);
        float tx = tangent.x() - d * normal.x(), ty = tangent.y() - d * normal.y(), tz = tangent.z() - d * normal.z();
        float len2 = tx * tx + ty * ty + tz * tz;
        if (!(len2 > 1e-12f)) return fromNormal(normal);
        n.set(normal);
        t.set(tx, ty, tz).mul(1 / (float) Math.sqrt(len2));
        n.cross(t, b);
        if (bitangentSign < 0) b.negate();
        return this;
    }

    /**
     * Tilts the frame by a tangent-space normal (unit, z along the current n, as a normal map gives it):
     * n' = normalize(x t + y b + z n), then t and b are re-orthogonalised against n' keeping their handedness.
     */
    public ShadingFrame applyNormalMap(Vector3fc normalTs) {
        float nx = normalTs.x() * t.x + normalTs.y() * b.x + normalTs.z() * n.x;
        float ny = normalTs.x() * t.y + normalTs.y() * b.y + normalTs.z() * n.y;
        float nz = normalTs.x() * t.z + normalTs.y() * b.z + normalTs.z() * n.z;
        float len2 = nx * nx + ny * ny + nz * nz;
        if (!(len2 > 1e-12f)) return this;
        float inv = 1 / (float) Math.sqrt(len2);
        // Handedness of the current frame: sign of n . (t x b).
        float handedness = n.x * (t.y * b.z - t.z * b.y) + n.y * (t.z * b.x - t.x * b.z)
                + n.z * (t.x * b.y - t.y * b.x);
        n.set(nx * inv, ny * inv, nz * inv);
        float d = n.dot(t);
        float tx = t.x - d * n.x, ty = t.y - d * n.y, tz = t.z - d * n.z;
        float tl2 = tx * tx + ty * ty + tz * tz;
        if (!(tl2 > 1e-12f)) return fromNormal(n);
        t.set(tx, ty, tz).mul(1 / (float) Math.sqrt(tl2));
        n.cross(t, b);
        if (handedness < 0) b.negate();
        return this;
    }

    /** World vector to local (v.t, v.b, v.n). {@code out} may alias {@code v}. */
    public Vector3f toLocal(Vector3fc v, Vector3f out) {
        float x = v.dot(t), y = v.dot(b), z = v.dot(n);
        return out.set(x, y, z);
    }

    /** Local vector to world x t + y b + z n. {@code out} may alias {@code v}. */
    public Vector3f toWorld(Vector3fc v, Vector3f out) {
        float x = v.x(), y = v.y(), z = v.z();
        return out.set(x * t.x + y * b.x + z * n.x, x * t.y + y * b.y + z * n.y, x * t.z + y * b.z + z * n.z);
    }
}
