package dev.lucent.light;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout.LcEmitter;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.SceneException;
import java.util.Arrays;

/**
 * The emissive triangles of a compiled scene (LcEmitter entries) as area lights.
 *
 * <p>Geometry: at construction each emitter's triangle is transformed to world space (LcInstance objectToWorld
 * applied to the mesh's object-space positions) and kept with its world area and front-face normal. The
 * front face is the counter-clockwise side in object space (glTF), carried to world space: the world normal is
 * {@code sign(det(objectToWorld)) * normalize(cross(p1 - p0, p2 - p0))} over the world vertices, so mirroring
 * instances keep their emitting side. Emission is one-sided (zero from behind) unless
 * {@link EmissionSource#doubleSided} says otherwise.
 *
 * <p>Selection: emitter i is picked with probability {@code (cdf[i] - cdf[i-1]) / cdf[n-1]} from the stored
 * inclusive CDF (LcEmitter.cdf, proportional to LcEmitter.power), found by binary search for the first
 * {@code cdf[i] > u * cdf[n-1]}; zero-power emitters are never picked.
 *
 * <p>Sampling: a point uniform in area on the world triangle (square-root warp, pbrt-v3 {@code
 * UniformSampleTriangle}), density {@code 1 / area}, converted to solid angle as
 * {@code distance^2 / (|cos theta_light| area)}.
 *
 * <p>Holds a copy of what it reads; the pools need not outlive it.
 */
public final class TriangleLight {
    private static final int STRIDE = 13; // p0, p1, p2 (world), front normal (unit, world), area

    private final EmissionSource emission;
    private final int count;
    private final int[] instance, triangle;
    private final float[] cdf;
    private final float cdfTotal;
    private final float totalPower;
    private final float[] geometry;
    /** Open-addressing table from (instance, triangle) to emitter index; keys -1 are empty. */
    private final long[] tableKeys;
    private final int[] tableValues;

    /** The emitters of a compiled scene. */
    public static TriangleLight fromScene(CompiledScene scene, EmissionSource emission) {
        return new TriangleLight(scene.emitters, scene.emitterCount, scene.instances, scene.instanceCount,
                scene.meshes, scene.meshCount, scene.triangles, scene.positions, emission);
    }

    /**
     * Reads {@code emitterCount} LcEmitter entries and the geometry they name. Throws SceneException when an
     * emitter names a missing instance, mesh or triangle, or when the CDF is not finite and non-decreasing.
     */
    public TriangleLight(NativeBuffer emitters, int emitterCount, NativeBuffer instances, int instanceCount,
            NativeBuffer meshes, int meshCount, NativeBuffer triangles, NativeBuffer positions,
            EmissionSource emission) {
        this.emission = emission;
        count = emitterCount;
        instance = new int[count];
        triangle = new int[count];
        cdf = new float[count];
        geometry = new float[count * STRIDE];
        float previous = 0f;
        double power = 0;
        for (int i = 0; i < count; i++) {
            long e = (long) i * LcEmitter.BYTES;
            float p = emitters.getFloat(e + LcEmitter.POWER);
            if (!(p >= 0f) || !Float.isFinite(p)) {
                throw new SceneException(null, "emitter " + i + " has power " + p);
            }
            power += p;
            instance[i] = emitters.getInt(e + LcEmitter.INSTANCE);
            triangle[i] = emitters.getInt(e + LcEmitter.TRIANGLE);
            cdf[i] = emitters.getFloat(e + LcEmitter.CDF);
            if (!Float.isFinite(cdf[i]) || cdf[i] < previous) {
                throw new SceneException(null, "emitter " + i + ": CDF " + cdf[i] + " after " + previous
                        + " is not a finite non-decreasing prefix sum");
            }
            previous = cdf[i];
            loadTriangle(i, instances, instanceCount, meshes, meshCount, triangles, positions);
        }
        cdfTotal = count > 0 ? cdf[count - 1] : 0f;
        totalPower = (float) power;
        if (totalPower > 0f && !(cdfTotal > 0f)) {
            throw new SceneException(null, "emitters have power " + totalPower + " but their CDF ends at " + cdfTotal);
        }
        int capacity = Integer.highestOneBit(Math.max(1, count) * 2) * 2;
        tableKeys = new long[capacity];
        tableValues = new int[capacity];
        Arrays.fill(tableKeys, -1L);
        for (int i = 0; i < count; i++) {
            long key = key(instance[i], triangle[i]);
            int slot = slot(key);
            while (tableKeys[slot] != -1L && tableKeys[slot] != key) slot = (slot + 1) & (capacity - 1);
            if (tableKeys[slot] == -1L) {
                tableKeys[slot] = key;
                tableValues[slot] = i;
            }
        }
    }

    private void loadTriangle(int i, NativeBuffer instances, int instanceCount, NativeBuffer meshes,
            int meshCount, NativeBuffer triangles, NativeBuffer positions) {
        int inst = instance[i];
        if (inst < 0 || inst >= instanceCount) {
            throw new SceneException(null, "emitter " + i + " names instance " + inst + " of " + instanceCount);
        }
        long io = (long) inst * LcInstance.BYTES;
        float[] m = new float[12];
        for (int k = 0; k < 4; k++) {
            m[k] = instances.getFloat(io + LcInstance.OBJECT_TO_WORLD0 + 4 * k);
            m[4 + k] = instances.getFloat(io + LcInstance.OBJECT_TO_WORLD1 + 4 * k);
            m[8 + k] = instances.getFloat(io + LcInstance.OBJECT_TO_WORLD2 + 4 * k);
        }
        int mesh = instances.getInt(io + LcInstance.MESH);
        if (mesh < 0 || mesh >= meshCount) {
            throw new SceneException(null, "emitter " + i + ": instance " + inst + " names mesh " + mesh);
        }
        long mo = (long) mesh * LcMesh.BYTES;
        long firstTriangle = Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_TRIANGLE));
        long triangleCount = Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.TRIANGLE_COUNT));
        long firstVertex = Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_VERTEX));
        long vertexCount = Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.VERTEX_COUNT));
        long tri = Integer.toUnsignedLong(triangle[i]);
        if (tri < firstTriangle || tri >= firstTriangle + triangleCount) {
            throw new SceneException(null, "emitter " + i + ": triangle " + tri + " is not in mesh " + mesh);
        }
        int g = i * STRIDE;
        for (int c = 0; c < 3; c++) {
            long local = Integer.toUnsignedLong(triangles.getInt(tri * 12 + 4L * c));
            if (local >= vertexCount) {
                throw new SceneException(null, "emitter " + i + ": triangle " + tri + " names vertex " + local
                        + " of " + vertexCount);
            }
            long p = (firstVertex + local) * 12;
            float x = positions.getFloat(p), y = positions.getFloat(p + 4), z = positions.getFloat(p + 8);
            geometry[g + 3 * c] = m[0] * x + m[1] * y + m[2] * z + m[3];
            geometry[g + 3 * c + 1] = m[4] * x + m[5] * y + m[6] * z + m[7];
            geometry[g + 3 * c + 2] = m[8] * x + m[9] * y + m[10] * z + m[11];
        }
        double e1x = geometry[g + 3] - geometry[g], e1y = geometry[g + 4] - geometry[g + 1];
        double e1z = geometry[g + 5] - geometry[g + 2];
        double e2x = geometry[g + 6] - geometry[g], e2y = geometry[g + 7] - geometry[g + 1];
        double e2z = geometry[g + 8] - geometry[g + 2];
        double cx = e1y * e2z - e1z * e2y, cy = e1z * e2x - e1x * e2z, cz = e1x * e2y - e1y * e2x;
        double len = Math.sqrt(cx * cx + cy * cy + cz * cz);
        double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
        double s = len > 0 ? (det < 0 ? -1.0 : 1.0) / len : 0.0;
        geometry[g + 9] = (float) (cx * s);
        geometry[g + 10] = (float) (cy * s);
        geometry[g + 11] = (float) (cz * s);
        geometry[g + 12] = (float) (0.5 * len);
    }

    /** Sum of LcEmitter.power, the group's power estimate for light selection. */
    public float totalPower() { return totalPower; }

    /** Number of emitters. */
    public int count() { return count; }

    /** Total of the stored CDF's last entry (1 when the compiler normalised it; 0 when there are none). */
    public float cdfTotal() { return cdfTotal; }

    public int instance(int emitter) { return instance[emitter]; }
    public int triangle(int emitter) { return triangle[emitter]; }

    /** World-space area of emitter {@code e}'s triangle, m^2. */
    public float area(int e) { return geometry[e * STRIDE + 12]; }

    /** World-space front-face unit normal of emitter {@code e} into out[0..2]. */
    public void normal(int e, float[] out) {
        out[0] = geometry[e * STRIDE + 9];
        out[1] = geometry[e * STRIDE + 10];
        out[2] = geometry[e * STRIDE + 11];
    }

    /** World-space vertex {@code c} (0..2) of emitter {@code e} into out[0..2]. */
    public void vertex(int e, int c, float[] out) {
        System.arraycopy(geometry, e * STRIDE + 3 * c, out, 0, 3);
    }

    /** Probability of {@link #sampleEmitter} choosing emitter {@code e}. */
    public float pmf(int e) {
        if (!(cdfTotal > 0f)) return 0f;
        return (cdf[e] - (e > 0 ? cdf[e - 1] : 0f)) / cdfTotal;
    }

    /** Emitter for u in [0,1), chosen with probability {@link #pmf}; -1 when there is none to choose. */
    public int sampleEmitter(float u) {
        if (!(cdfTotal > 0f)) return -1;
        float t = Math.min(Math.max(u, 0f), Math.nextDown(1f)) * cdfTotal;
        int lo = 0, hi = count - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > t) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** Emitter index of (instance, global triangle), or -1 if that triangle is not an emitter. */
    public int emitterOf(int inst, int tri) {
        long key = key(inst, tri);
        int slot = slot(key);
        while (true) {
            long k = tableKeys[slot];
            if (k == key) return tableValues[slot];
            if (k == -1L) return -1;
            slot = (slot + 1) & (tableKeys.length - 1);
        }
    }

    /**
     * Samples a point on emitter {@code e} for (u1, u2) in [0,1)^2 as seen from world point (x,y,z). Fills wi,
     * distance, Le, isDelta = false and pdf (solid angle, without the selection probability). Returns false
     * (pdf 0) when the point sees the back of a one-sided emitter, the triangle edge-on, or zero emission.
     */
    public boolean sampleLi(int e, float x, float y, float z, float u1, float u2, LightSample out) {
        int g = e * STRIDE;
        float su = (float) Math.sqrt(u1);
        float b0 = 1f - su, b1 = u2 * su, b2 = 1f - b0 - b1;
        float qx = b0 * geometry[g] + b1 * geometry[g + 3] + b2 * geometry[g + 6];
        float qy = b0 * geometry[g + 1] + b1 * geometry[g + 4] + b2 * geometry[g + 7];
        float qz = b0 * geometry[g + 2] + b1 * geometry[g + 5] + b2 * geometry[g + 8];
        float wx = qx - x, wy = qy - y, wz = qz - z;
        float d2 = wx * wx + wy * wy + wz * wz;
        float area = geometry[g + 12];
        out.isDelta = false;
        if (!(d2 > 0f) || !(area > 0f)) {
            out.clear();
            return false;
        }
        float d = (float) Math.sqrt(d2);
        wx /= d;
        wy /= d;
        wz /= d;
        float cosLight = -(geometry[g + 9] * wx + geometry[g + 10] * wy + geometry[g + 11] * wz);
        if (cosLight == 0f || (cosLight < 0f && !emission.doubleSided(instance[e], triangle[e]))) {
            out.clear();
            return false;
        }
        emission.emission(instance[e], triangle[e], b1, b2, out.rgb);
        if (out.rgb[0] == 0f && out.rgb[1] == 0f && out.rgb[2] == 0f) {
            out.clear();
            return false;
        }
        out.setDirection(wx, wy, wz);
        out.distance = d;
        out.setRadiance(out.rgb[0], out.rgb[1], out.rgb[2]);
        out.pdf = d2 / (Math.abs(cosLight) * area);
        return true;
    }

    /**
     * Solid-angle density (without selection probability) with which {@link #sampleLi} from world point
     * (x,y,z) produces the direction to world point (hx,hy,hz) on emitter {@code e}. The hit normal
     * (nx,ny,nz), either orientation, gives |cos theta_light|; a zero normal means the stored geometric one.
     * 0 when the point sees the back of a one-sided emitter.
     */
    public float pdfLi(int e, float x, float y, float z, float hx, float hy, float hz, float nx, float ny,
            float nz) {
        int g = e * STRIDE;
        float area = geometry[g + 12];
        float wx = hx - x, wy = hy - y, wz = hz - z;
        float d2 = wx * wx + wy * wy + wz * wz;
        if (!(d2 > 0f) || !(area > 0f)) return 0f;
        float front = geometry[g + 9] * wx + geometry[g + 10] * wy + geometry[g + 11] * wz;
        if (front >= 0f && !emission.doubleSided(instance[e], triangle[e])) return 0f;
        float nlen = (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
        float cos = nlen > 0f ? Math.abs(nx * wx + ny * wy + nz * wz) / (nlen * (float) Math.sqrt(d2))
                : Math.abs(front) / (float) Math.sqrt(d2);
        if (!(cos > 0f)) return 0f;
        return d2 / (cos * area);
    }

    private static long key(int inst, int tri) {
        return ((long) inst << 32) | Integer.toUnsignedLong(tri);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 33) & (tableKeys.length - 1);
    }
}
