package dev.lucent.material;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GgxAlbedoTableTest {
    private static String header() throws IOException {
        return Files.readString(TestPaths.projectRoot().resolve("shaders/common/lc_ggx_albedo.h"));
    }

    @Test
    void headerHoldsTheResourceValuesBitForBit() throws IOException {
        String h = header();
        // The per-table lists, in layout order, hold the whole table.
        int start = h.indexOf("#define LC_GGX_CONDUCTOR_VALUES");
        assertTrue(start >= 0, "LC_GGX_CONDUCTOR_VALUES missing");
        String lists = h.substring(start);
        int[] order = {lists.indexOf("#define LC_GGX_REFLECTION_VALUES"), lists.indexOf("#define LC_GGX_INTERFACE_VALUES"),
            lists.indexOf("#define LC_GGX_REFLECTION_AVG_VALUES")};
        assertTrue(0 < order[0] && order[0] < order[1] && order[1] < order[2], "tables out of layout order");
        Matcher m = Pattern.compile("[-+0-9.]+e[-+][0-9]+f").matcher(lists);
        List<Float> values = new ArrayList<>();
        while (m.find()) values.add(Float.parseFloat(m.group()));
        float[] table = GgxAlbedoTable.values();
        assertEquals(table.length, values.size(), "value count");
        for (int i = 0; i < table.length; i++) {
            assertEquals(Float.floatToIntBits(table[i]), Float.floatToIntBits(values.get(i)), "value " + i);
        }
    }

    @Test
    void headerLayoutMatchesJava() throws IOException {
        String h = header();
        int[][] expected = {
            {GgxAlbedoTable.MU_SIZE}, {GgxAlbedoTable.ROUGHNESS_SIZE}, {GgxAlbedoTable.IOR_SIZE},
            {GgxAlbedoTable.ROW}, {GgxAlbedoTable.SLICE}, {GgxAlbedoTable.SIDE}, {GgxAlbedoTable.CONDUCTOR},
            {GgxAlbedoTable.REFLECTION}, {GgxAlbedoTable.INTERFACE}, {GgxAlbedoTable.REFLECTION_AVG},
            {GgxAlbedoTable.SIZE}};
        String[] names = {"MU_SIZE", "ROUGHNESS_SIZE", "IOR_SIZE", "ROW", "SLICE", "SIDE", "CONDUCTOR", "REFLECTION",
            "INTERFACE", "REFLECTION_AVG", "ALBEDO_COUNT"};
        for (int i = 0; i < names.length; i++) {
            Matcher m = Pattern.compile("#define LC_GGX_" + names[i] + " (\\d+)\n").matcher(h);
            assertTrue(m.find(), names[i]);
            assertEquals(expected[i][0], Integer.parseInt(m.group(1)), names[i]);
        }
        Matcher x = Pattern.compile("#define LC_GGX_X_MAX (\\S+)f\n").matcher(h);
        assertTrue(x.find());
        assertEquals(GgxAlbedoTable.X_MAX, Float.parseFloat(x.group(1)), 0);
    }

    @Test
    void storedValuesAreWhatTheGeneratorComputes() {
        // A fresh computation of random entries (same code, same floats) gives the stored bits.
        SplittableRandom rng = new SplittableRandom(11);
        for (int n = 0; n < 24; n++) {
            int i = rng.nextInt(GgxAlbedoTable.MU_SIZE), k = rng.nextInt(GgxAlbedoTable.ROUGHNESS_SIZE);
            int j = rng.nextInt(GgxAlbedoTable.IOR_SIZE), side = rng.nextInt(2);
            float ior = GgxAlbedoTableGenerator.ior(j);
            double[] e = GgxAlbedoTableGenerator.albedos(GgxAlbedoTableGenerator.mu(i), GgxAlbedoTableGenerator.roughness(k),
                    side == 0 ? ior : 1 / ior, GgxAlbedoTableGenerator.STRATA);
            float[] t = GgxAlbedoTable.values();
            String at = "mu node " + i + ", roughness node " + k + ", ior node " + j + ", side " + side;
            assertEquals((float) e[1], t[GgxAlbedoTable.dielectricRow(GgxAlbedoTable.REFLECTION, side, j, k) + i], at);
            assertEquals((float) e[2], t[GgxAlbedoTable.dielectricRow(GgxAlbedoTable.INTERFACE, side, j, k) + i], at);
            if (side == 0 && j == 0) {
                assertEquals((float) e[0], t[GgxAlbedoTable.CONDUCTOR + k * GgxAlbedoTable.ROW + i], at);
            }
        }
    }

    @Test
    void lookupsReturnNodeValuesAndSmoothLimits() {
        float[] t = GgxAlbedoTable.values();
        // At nodes the interpolation returns the stored value.
        float mu = GgxAlbedoTableGenerator.mu(20), r = GgxAlbedoTableGenerator.roughness(13), ior = GgxAlbedoTableGenerator.ior(5);
        assertEquals(t[GgxAlbedoTable.CONDUCTOR + 13 * GgxAlbedoTable.ROW + 20], GgxAlbedoTable.conductor(mu, r), 1e-6);
        assertEquals(t[GgxAlbedoTable.dielectricRow(GgxAlbedoTable.INTERFACE, 1, 5, 13) + 20],
                GgxAlbedoTable.dielectric(GgxAlbedoTable.INTERFACE, 1, ior, r, mu), 1e-5);
        // Roughness 0: no loss; the coat reflects F(mu).
        for (float c : new float[] {0.1f, 0.5f, 1}) {
            assertEquals(1, GgxAlbedoTable.conductor(c, 0), 1e-6);
            assertEquals(1, GgxAlbedoTable.dielectric(GgxAlbedoTable.INTERFACE, 0, 1.5f, 0, c), 1e-6);
            assertEquals(Fresnel.dielectric(c, 1.5f), GgxAlbedoTable.dielectric(GgxAlbedoTable.REFLECTION, 0, 1.5f, 0, c),
                    0.01);
        }
        // Single scattering loses more energy as the surface gets rougher (normal incidence).
        float previous = 1;
        for (int k = 0; k < GgxAlbedoTable.ROUGHNESS_SIZE; k++) {
            float e = GgxAlbedoTable.conductor(1, GgxAlbedoTableGenerator.roughness(k));
            assertTrue(e <= previous && e > 0.25f, "roughness node " + k + ": " + e);
            previous = e;
        }
        assertTrue(previous < 0.5f, "roughness 1 loses about half: " + previous);
        // The average of a row is 2 * integral of E mu dmu; for the smooth coat that is Fresnel.diffuseReflectance.
        assertEquals(Fresnel.diffuseReflectance(1.5), GgxAlbedoTable.reflectionAverage(
                GgxAlbedoTable.lowerNode(GgxAlbedoTable.iorPosition(1.5f), GgxAlbedoTable.IOR_SIZE), 0,
                GgxAlbedoTable.iorPosition(1.5f) - GgxAlbedoTable.lowerNode(GgxAlbedoTable.iorPosition(1.5f),
                        GgxAlbedoTable.IOR_SIZE), 0), 0.003);
    }

    @Test
    void compensatedWhiteLobesHaveAlbedoOne() {
        // Monte Carlo albedo of the compensated BSDF (sampleBsdf weights) at directions between the table's nodes.
        GltfBsdf bsdf = new GltfBsdf();
        StringBuilder bad = new StringBuilder();
        for (float roughness : new float[] {0.17f, 0.45f, 0.83f, 1}) {
            for (float cos : new float[] {0.9f, 0.55f, 0.23f, -0.4f, -0.85f}) {
                BsdfParams[] ps = {
                    GltfBsdfTest.params(1, 1, 1, 1, roughness, 0, 1.5f),
                    GltfBsdfTest.params(1, 1, 1, 0, roughness, 0, 1.5f),
                    GltfBsdfTest.params(1, 1, 1, 0, roughness, 1, 1.5f),
                    GltfBsdfTest.params(1, 1, 1, 0, roughness, 1, 2.2f),
                };
                for (BsdfParams p : ps) {
                    double[] a = GltfBsdfTest.albedo(bsdf, p, GltfBsdfTest.wo(cos), 1 << 15);
                    if (Math.abs(a[1] - 1) > 0.006 + 4 * a[3]) {
                        bad.append(String.format("%s cos=%.2f: albedo %.5f%n", p, cos, a[1]));
                    }
                }
            }
        }
        assertTrue(bad.length() == 0, bad.toString());
    }
}
