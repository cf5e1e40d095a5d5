package dev.lucent.material;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Directional albedos E(mu) = integral of f |cos theta_i| over wi of Lucent's single-scattering GGX lobes, the
 * tables {@link GltfBsdf} uses to put back the energy that single scattering loses (Kulla and Conty 2017,
 * "Revisiting Physically Based Shading at Imageworks"; Turquin 2019, "Practical multiple scattering
 * compensation for microfacet models"). Generated once by {@link GgxAlbedoTableGenerator} from the BSDF's own
 * {@link GgxDistribution}, {@link Fresnel} and Smith terms, stored in the resource {@value #RESOURCE} and, with
 * the same numbers, in {@code shaders/common/lc_ggx_albedo.h} for the GPU ports ({@code GgxAlbedoTableTest}
 * checks that the two agree bit for bit and that the stored values match a fresh computation).
 *
 * <h2>Layout (one float array; the C header uses the same offsets)</h2>
 * <pre>
 *   CONDUCTOR  [roughness][mu]             E of specular_brdf with Fresnel 1
 *   REFLECTION [side][ior][roughness][mu]  E of F(wo.h, eta) specular_brdf (the dielectric coat's reflection)
 *   INTERFACE  [side][ior][roughness][mu]  E of F specular_brdf + (1 - F) specular_btdf (rough glass, both lobes)
 *   REFLECTION_AVG [ior][roughness]        2 * integral of E_REFLECTION(mu) mu dmu, side 0, of the interpolant
 * </pre>
 * Axes: mu = cos theta_o at nodes (i / ({@link #MU_SIZE} - 1))^2, interpolated linearly in sqrt(mu) (the albedos
 * change fastest near grazing; node 0 holds the value at mu = {@value #MU_GRAZING}, the grazing limit);
 * perceptual roughness at nodes k / ({@link #ROUGHNESS_SIZE} - 1) (row 0 is the smooth limit: E = 1 for the
 * conductor and the interface, E = F(mu) for the reflection); ior through x = (ior - 1) / (ior + 1) at nodes
 * spaced evenly from x({@value #IOR_MIN}) to x({@value #IOR_MAX}), clamped (iors above {@value #IOR_MAX} use the
 * last node). Side 0: wo outside, eta = ior; side 1: wo inside a transmissive material, eta = 1 / ior (total
 * internal reflection included). Lookups are linear in each axis.
 */
public final class GgxAlbedoTable {
    private GgxAlbedoTable() {}

    public static final int MU_SIZE = 32, ROUGHNESS_SIZE = 32, IOR_SIZE = 16;
    /** cos theta_o at which the mu = 0 node is computed (the albedos are continuous there). */
    public static final float MU_GRAZING = 1e-3f;
    public static final float IOR_MIN = 1.01f, IOR_MAX = 3.0f;
    public static final float X_MIN = (IOR_MIN - 1) / (IOR_MIN + 1), X_MAX = (IOR_MAX - 1) / (IOR_MAX + 1);

    static final int ROW = MU_SIZE, SLICE = ROUGHNESS_SIZE * MU_SIZE, SIDE = IOR_SIZE * SLICE;
    public static final int CONDUCTOR = 0;
    public static final int REFLECTION = CONDUCTOR + SLICE;
    public static final int INTERFACE = REFLECTION + 2 * SIDE;
    public static final int REFLECTION_AVG = INTERFACE + 2 * SIDE;
    public static final int SIZE = REFLECTION_AVG + IOR_SIZE * ROUGHNESS_SIZE;

    static final String RESOURCE = "ggx-albedo.bin";
    static final int MAGIC = 0x4c474741; // "LGGA"

    /** The stored table, loaded on first use (the generator runs without it). */
    private static final class Stored {
        static final float[] TABLE = load();
    }

    /** The stored table (a copy), in the layout above. */
    public static float[] values() {
        return Stored.TABLE.clone();
    }

    /** Position of perceptual roughness on the roughness axis, in [0, ROUGHNESS_SIZE - 1]. */
    static float roughnessPosition(float roughness) {
        return clamp01(roughness) * (ROUGHNESS_SIZE - 1);
    }

    /** Position of an ior (>= 1) on the ior axis, in [0, IOR_SIZE - 1]. */
    static float iorPosition(float ior) {
        float x = (ior - 1) / (ior + 1);
        return clamp01((x - X_MIN) / (X_MAX - X_MIN)) * (IOR_SIZE - 1);
    }

    /** Lower node of the cell holding an axis position (axis of n >= 2 nodes). */
    static int lowerNode(float position, int n) {
        return Math.min((int) position, n - 2);
    }

    /** E(mu) along one row starting at {@code offset}, linear in sqrt(mu) between the mu nodes. */
    static float row(int offset, float mu) {
        return row(Stored.TABLE, offset, mu);
    }

    /** {@link #row(int, float)} over any array in this layout (the generator integrates its own). */
    static float row(float[] table, int offset, float mu) {
        float p = (float) Math.sqrt(clamp01(mu)) * (MU_SIZE - 1);
        int i = lowerNode(p, MU_SIZE);
        float t = p - i;
        float a = table[offset + i];
        return a + t * (table[offset + i + 1] - a);
    }

    /** Conductor albedo E(mu) at a perceptual roughness. */
    public static float conductor(float mu, float roughness) {
        float pr = roughnessPosition(roughness);
        int r = lowerNode(pr, ROUGHNESS_SIZE);
        float fr = pr - r;
        int o = CONDUCTOR + r * ROW;
        float a = row(o, mu);
        return a + fr * (row(o + ROW, mu) - a);
    }

    /** Row offset of the (side, ior node, roughness node) cell's lower corner in a dielectric table. */
    static int dielectricRow(int table, int side, int iorNode, int roughnessNode) {
        return table + side * SIDE + iorNode * SLICE + roughnessNode * ROW;
    }

    /** Bilinear (ior, roughness) blend of four rows at mu; {@code offset} from {@link #dielectricRow}. */
    static float dielectric(int offset, float fIor, float fRoughness, float mu) {
        float a = row(offset, mu), b = row(offset + ROW, mu);
        float c = row(offset + SLICE, mu), d = row(offset + SLICE + ROW, mu);
        float lo = a + fRoughness * (b - a), hi = c + fRoughness * (d - c);
        return lo + fIor * (hi - lo);
    }

    /** Bilinear (ior, roughness) look-up of REFLECTION_AVG. */
    static float reflectionAverage(int iorNode, int roughnessNode, float fIor, float fRoughness) {
        int o = REFLECTION_AVG + iorNode * ROUGHNESS_SIZE + roughnessNode;
        float[] t = Stored.TABLE;
        float a = t[o], b = t[o + 1], c = t[o + ROUGHNESS_SIZE], d = t[o + ROUGHNESS_SIZE + 1];
        float lo = a + fRoughness * (b - a), hi = c + fRoughness * (d - c);
        return lo + fIor * (hi - lo);
    }

    /** Albedo of a dielectric table ({@link #REFLECTION} or {@link #INTERFACE}) at (side, ior, roughness, mu). */
    public static float dielectric(int table, int side, float ior, float roughness, float mu) {
        float pi = iorPosition(ior), pr = roughnessPosition(roughness);
        int i = lowerNode(pi, IOR_SIZE), r = lowerNode(pr, ROUGHNESS_SIZE);
        return dielectric(dielectricRow(table, side, i, r), pi - i, pr - r, mu);
    }

    static float clamp01(float x) {
        return x > 0 ? (x < 1 ? x : 1) : 0; // NaN -> 0
    }

    private static float[] load() {
        try (InputStream in = GgxAlbedoTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in));
            int magic = data.readInt(), mu = data.readInt(), roughness = data.readInt(), ior = data.readInt();
            int size = data.readInt();
            if (magic != MAGIC || mu != MU_SIZE || roughness != ROUGHNESS_SIZE || ior != IOR_SIZE || size != SIZE) {
                throw new IllegalStateException(RESOURCE + " does not match GgxAlbedoTable's layout: regenerate it"
                        + " with GgxAlbedoTableGenerator");
            }
            float[] t = new float[SIZE];
            for (int k = 0; k < SIZE; k++) t[k] = data.readFloat();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }
}
