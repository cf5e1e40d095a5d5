package dev.lucent.light;

import java.util.HashMap;
import java.util.Map;

/** Independent geometry for light tests: ray-triangle intersection, Lambert's polygon irradiance, emission. */
final class LightTestGeometry {
    private LightTestGeometry() {}

    /**
     * Möller-Trumbore ray-triangle intersection (either face); returns t > 0 of the hit or +inf. Vertices are
     * 9 floats p0, p1, p2.
     */
    static double intersect(double ox, double oy, double oz, double dx, double dy, double dz, float[] v) {
        double e1x = v[3] - v[0], e1y = v[4] - v[1], e1z = v[5] - v[2];
        double e2x = v[6] - v[0], e2y = v[7] - v[1], e2z = v[8] - v[2];
        double px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
        double det = e1x * px + e1y * py + e1z * pz;
        if (Math.abs(det) < 1e-14) return Double.POSITIVE_INFINITY;
        double inv = 1 / det;
        double sx = ox - v[0], sy = oy - v[1], sz = oz - v[2];
        double b1 = (sx * px + sy * py + sz * pz) * inv;
        if (b1 < 0 || b1 > 1) return Double.POSITIVE_INFINITY;
        double qx = sy * e1z - sz * e1y, qy = sz * e1x - sx * e1z, qz = sx * e1y - sy * e1x;
        double b2 = (dx * qx + dy * qy + dz * qz) * inv;
        if (b2 < 0 || b1 + b2 > 1) return Double.POSITIVE_INFINITY;
        double t = (e2x * qx + e2y * qy + e2z * qz) * inv;
        return t > 0 ? t : Double.POSITIVE_INFINITY;
    }

    /**
     * Irradiance at point x with unit normal n from a Lambertian polygon of uniform radiance L lying entirely
     * above x's horizon (Lambert 1760; see Arvo, "Applications of Irradiance Tensors", SIGGRAPH 1995):
     * E = L/2 |sum_i angle(a_i, a_i+1) * (n . unit(a_i x a_i+1))|, a_i the unit directions to the vertices.
     */
    static double polygonIrradiance(double[] x, double[] n, float[] vertices, double radiance) {
        int k = vertices.length / 3;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double[] a = unit(vertices, i, x), b = unit(vertices, (i + 1) % k, x);
            double angle = Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])));
            double cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2], cz = a[0] * b[1] - a[1] * b[0];
            double len = Math.sqrt(cx * cx + cy * cy + cz * cz);
            sum += angle * (n[0] * cx + n[1] * cy + n[2] * cz) / len;
        }
        return radiance / 2 * Math.abs(sum);
    }

    private static double[] unit(float[] v, int i, double[] x) {
        double dx = v[3 * i] - x[0], dy = v[3 * i + 1] - x[1], dz = v[3 * i + 2] - x[2];
        double l = Math.sqrt(dx * dx + dy * dy + dz * dz);
        return new double[] {dx / l, dy / l, dz / l};
    }

    /** EmissionSource with a constant grey radiance and double-sidedness per (instance, triangle). */
    static final class ConstantEmission implements EmissionSource {
        final Map<Long, float[]> radiance = new HashMap<>();
        final Map<Long, Boolean> twoSided = new HashMap<>();

        ConstantEmission set(int instance, int triangle, float r, float g, float b, boolean doubleSided) {
            radiance.put(key(instance, triangle), new float[] {r, g, b});
            twoSided.put(key(instance, triangle), doubleSided);
            return this;
        }

        @Override
        public void emission(int instance, int triangle, float b1, float b2, float[] rgbOut) {
            float[] c = radiance.getOrDefault(key(instance, triangle), new float[3]);
            System.arraycopy(c, 0, rgbOut, 0, 3);
        }

        @Override
        public boolean doubleSided(int instance, int triangle) {
            return twoSided.getOrDefault(key(instance, triangle), false);
        }

        static long key(int instance, int triangle) {
            return ((long) instance << 32) | triangle;
        }
    }
}
