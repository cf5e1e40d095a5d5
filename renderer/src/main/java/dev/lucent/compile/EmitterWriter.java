package dev.lucent.compile;

import dev.lucent.core.Layout.LcEmitter;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Material;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Texture;
import java.util.List;

/**
 * Writes {@code emitters}: one LcEmitter per (instance, triangle) whose material emits, in instance order
 * then the mesh's triangle (BVH) order, with power = luminance(emission) * world-space area * pi (the power
 * a one-sided Lambertian emitter of that radiance sends out) and the inclusive power CDF. Emission is
 * emissive factor * emissive strength; where the material has an emissive texture, the factor is multiplied
 * by the texture's average linear texel value (sRGB decoded for LDR images). That average is an
 * approximation: sampling then follows the mean brightness of the texture, not its pattern, so textured
 * emitters are sampled correctly in expectation but with more variance than per-texel power would give.
 * Instances the TLAS leaves out (non-invertible transform) still get their emitters, with zero area and so
 * zero power, which keeps the emitter set fixed across animation frames. When every power is zero the CDF
 * is uniform.
 */
final class EmitterWriter {
    private EmitterWriter() {}

    /** Luminance of each compiled material's emission, with the emissive-texture average applied. */
    static double[] emissionLuminance(Scene scene, List<Material> materials) {
        double[] lum = new double[materials.size()];
        for (int i = 0; i < lum.length; i++) {
            Material m = materials.get(i);
            if (!m.isEmissive()) continue;
            double s = m.emissiveStrength;
            double r = m.emissive[0] * s, g = m.emissive[1] * s, b = m.emissive[2] * s;
            if (m.emissiveTexture != null) {
                double[] avg = averageLinear(scene.textures.get(m.emissiveTexture.image));
                r *= avg[0];
                g *= avg[1];
                b *= avg[2];
            }
            lum[i] = Math.max(0, PoolIo.luminance(r, g, b));
        }
        return lum;
    }

    /** Mean linear RGB of a texture (LDR values decoded from sRGB, as emissive textures are). */
    static double[] averageLinear(Texture t) {
        double[] sum = new double[3];
        long texels = (long) t.width * t.height;
        if (t.isHdr()) {
            for (long k = 0; k < texels; k++) {
                for (int c = 0; c < 3; c++) sum[c] += t.rgba32f[(int) (k * 4 + c)];
            }
        } else {
            double[] decode = new double[256];
            for (int v = 0; v < 256; v++) {
                double x = v / 255.0;
                decode[v] = x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
            }
            for (long k = 0; k < texels; k++) {
                for (int c = 0; c < 3; c++) sum[c] += decode[t.rgba8[(int) (k * 4 + c)] & 0xFF];
            }
        }
        for (int c = 0; c < 3; c++) sum[c] /= Math.max(1, texels);
        return sum;
    }

    /** Number of emissive (instance, triangle) pairs. */
    static long count(CompiledScene cs, double[] lum) {
        long n = 0;
        for (int i = 0; i < cs.instanceCount; i++) {
            long io = (long) i * LcInstance.BYTES;
            long mo = (long) cs.instances.getInt(io + LcInstance.MESH) * LcMesh.BYTES;
            long first = cs.meshes.getInt(mo + LcMesh.FIRST_TRIANGLE) & 0xFFFF_FFFFL;
            long tris = cs.meshes.getInt(mo + LcMesh.TRIANGLE_COUNT) & 0xFFFF_FFFFL;
            int override = cs.instances.getInt(io + LcInstance.MATERIAL_OVERRIDE);
            if (override >= 0) {
                if (lum[override] > 0) n += tris;
                continue;
            }
            for (long t = first; t < first + tris; t++) {
                if (lum[cs.triangleMaterials.getInt(t * 4)] > 0) n++;
            }
        }
        return n;
    }

    /** Allocates (when the count changed) and writes the emitters and their CDF from the current instances. */
    static void write(CompiledScene cs, double[] lum) {
        long n = count(cs, lum);
        if (n > Integer.MAX_VALUE) throw new IllegalStateException(n + " emissive triangles exceed 2^31-1");
        if (cs.emitters == null || cs.emitterCount != n) {
            if (cs.emitters != null) cs.emitters.close();
            cs.emitters = PoolIo.table(n, LcEmitter.BYTES);
            cs.emitterCount = (int) n;
        }
        NativeBuffer e = cs.emitters;
        long k = 0;
        double total = 0;
        float[] rows = new float[12];
        double[] scratch = new double[9];
        for (int i = 0; i < cs.instanceCount; i++) {
            long io = (long) i * LcInstance.BYTES;
            long mo = (long) cs.instances.getInt(io + LcInstance.MESH) * LcMesh.BYTES;
            long first = cs.meshes.getInt(mo + LcMesh.FIRST_TRIANGLE) & 0xFFFF_FFFFL;
            long tris = cs.meshes.getInt(mo + LcMesh.TRIANGLE_COUNT) & 0xFFFF_FFFFL;
            long firstVertex = cs.meshes.getInt(mo + LcMesh.FIRST_VERTEX) & 0xFFFF_FFFFL;
            int override = cs.instances.getInt(io + LcInstance.MATERIAL_OVERRIDE);
            for (int r = 0; r < 12; r++) rows[r] = cs.instances.getFloat(io + LcInstance.OBJECT_TO_WORLD0 + 4L * r);
            for (long t = first; t < first + tris; t++) {
                double l = lum[override >= 0 ? override : cs.triangleMaterials.getInt(t * 4)];
                if (!(l > 0)) continue;
                float power = (float) (l * worldArea(cs, rows, t, firstVertex, scratch) * Math.PI);
                total += power;
                long o = k * LcEmitter.BYTES;
                e.putInt(o + LcEmitter.INSTANCE, i);
                e.putInt(o + LcEmitter.TRIANGLE, (int) t);
                e.putFloat(o + LcEmitter.POWER, power);
                k++;
            }
        }
        cs.totalEmitterPower = (float) total;
        // CDF from the stored float powers, so it agrees exactly with what a sampler reads back.
        double sum = 0;
        for (long j = 0; j < n; j++) {
            long o = j * LcEmitter.BYTES;
            if (total > 0) {
                sum += e.getFloat(o + LcEmitter.POWER);
                e.putFloat(o + LcEmitter.CDF, j == n - 1 ? 1f : (float) Math.min(1, sum / total));
            } else {
                e.putFloat(o + LcEmitter.CDF, (float) ((j + 1) / (double) n));
            }
        }
    }

    /** Area of global triangle {@code t} after the object-to-world rows {@code m} (3x4, row-major). */
    private static double worldArea(CompiledScene cs, float[] m, long t, long firstVertex, double[] p) {
        for (int c = 0; c < 3; c++) {
            long v = firstVertex + (cs.triangles.getInt(t * 12 + 4L * c) & 0xFFFF_FFFFL);
            double x = cs.positions.getFloat(v * 12), y = cs.positions.getFloat(v * 12 + 4),
                    z = cs.positions.getFloat(v * 12 + 8);
            for (int r = 0; r < 3; r++) {
                p[c * 3 + r] = m[r * 4] * x + m[r * 4 + 1] * y + m[r * 4 + 2] * z + m[r * 4 + 3];
            }
        }
        double e1x = p[3] - p[0], e1y = p[4] - p[1], e1z = p[5] - p[2];
        double e2x = p[6] - p[0], e2y = p[7] - p[1], e2z = p[8] - p[2];
        double cx = e1y * e2z - e1z * e2y, cy = e1z * e2x - e1x * e2z, cz = e1x * e2y - e1y * e2x;
        return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    }
}
