package dev.lucent.material;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.IntStream;
import org.joml.Vector3f;

/**
 * Computes the {@link GgxAlbedoTable} values and writes them twice: the Java resource
 * {@code renderer/src/main/resources/dev/lucent/material/ggx-albedo.bin} (big-endian header and floats) and the
 * C/GLSL header {@code shaders/common/lc_ggx_albedo.h} (the same floats as 9-digit literals, which round-trip).
 * Run it after any change to GgxDistribution, Fresnel or the lobes these tables describe:
 * <pre>
 *   mvn -q -o -B compile -pl renderer
 *   java -cp renderer/target/classes:$(cat cp.txt) dev.lucent.material.GgxAlbedoTableGenerator [REPO_ROOT]
 * </pre>
 * (JOML on the class path; REPO_ROOT defaults to the working directory.)
 *
 * <p>Each albedo is the mean of the visible-normal sampling weight over a {@link #STRATA} x {@link #STRATA}
 * grid of cell-centred (u0, u1): h from {@link GgxDistribution#sampleVisibleNormal}, reflection weight
 * G2(wo, wi) / G1(wo) when the reflected wi is above the surface, refraction weight likewise when the refracted
 * wi is below; those are f |cos theta_i| / pdf of {@link SpecularBrdf} and {@link SpecularBtdf}, so the tables
 * integrate exactly the functions GltfBsdf evaluates. The Fresnel-weighted sums use {@link Fresnel#dielectric}
 * at wo.h. Roughness 0 rows are the smooth limits (E = 1, 1 and F(mu)).
 */
public final class GgxAlbedoTableGenerator {
    private GgxAlbedoTableGenerator() {}

    /** Strata per sampling dimension: 16384 samples per table entry. */
    public static final int STRATA = 128;

    /** Cosine of the mu axis' node i. */
    static float mu(int i) {
        float s = i / (float) (GgxAlbedoTable.MU_SIZE - 1);
        return i == 0 ? GgxAlbedoTable.MU_GRAZING : s * s;
    }

    /** Perceptual roughness of the roughness axis' node k. */
    static float roughness(int k) {
        return k / (float) (GgxAlbedoTable.ROUGHNESS_SIZE - 1);
    }

    /** ior of the ior axis' node j. */
    static float ior(int j) {
        float x = GgxAlbedoTable.X_MIN + j * (GgxAlbedoTable.X_MAX - GgxAlbedoTable.X_MIN)
                / (GgxAlbedoTable.IOR_SIZE - 1);
        return (1 + x) / (1 - x);
    }

    /**
     * {conductor, reflection, interface} albedos at cos theta_o = mu for a perceptual roughness and relative
     * index eta = n(inside of wi's transmission side) / n(wo side).
     */
    static double[] albedos(float mu, float roughness, float eta, int strata) {
        if (roughness == 0) return new double[] {1, Fresnel.dielectric(mu, eta), 1};
        float alpha = GgxDistribution.alpha(roughness);
        Vector3f wo = new Vector3f((float) Math.sqrt(1 - mu * mu), 0, mu), h = new Vector3f(), wi = new Vector3f();
        double g1o = GgxDistribution.g1(wo, alpha);
        double conductor = 0, reflection = 0, total = 0;
        for (int a = 0; a < strata; a++) {
            float u0 = (a + 0.5f) / strata;
            for (int b = 0; b < strata; b++) {
                GgxDistribution.sampleVisibleNormal(wo, alpha, u0, (b + 0.5f) / strata, h);
                float woh = wo.dot(h);
                float f = Fresnel.dielectric(woh, eta);
                Fresnel.reflect(wo, h, wi);
                double wr = wi.z > 0 ? GgxDistribution.g2(wo, wi, alpha) / g1o : 0;
                conductor += wr;
                reflection += f * wr;
                total += f * wr;
                if (f < 1 && SpecularBtdf.refractThrough(wo, h, eta, wi)) {
                    total += (1 - f) * GgxDistribution.g2(wo, wi, alpha) / g1o;
                }
            }
        }
        double n = (double) strata * strata;
        return new double[] {conductor / n, reflection / n, total / n};
    }

    /** The whole table in {@link GgxAlbedoTable}'s layout, computed on the common fork-join pool. */
    public static float[] generate(int strata) {
        int mus = GgxAlbedoTable.MU_SIZE, rs = GgxAlbedoTable.ROUGHNESS_SIZE, iors = GgxAlbedoTable.IOR_SIZE;
        float[] t = new float[GgxAlbedoTable.SIZE];
        IntStream.range(0, rs * mus).parallel().forEach(c -> {
            int k = c / mus, i = c % mus;
            t[GgxAlbedoTable.CONDUCTOR + k * GgxAlbedoTable.ROW + i] = (float) albedos(mu(i), roughness(k), 1.5f, strata)[0];
        });
        IntStream.range(0, 2 * iors * rs * mus).parallel().forEach(c -> {
            int i = c % mus, k = (c / mus) % rs, j = (c / (mus * rs)) % iors, side = c / (mus * rs * iors);
            float eta = side == 0 ? ior(j) : 1 / ior(j);
            double[] e = albedos(mu(i), roughness(k), eta, strata);
            t[GgxAlbedoTable.dielectricRow(GgxAlbedoTable.REFLECTION, side, j, k) + i] = (float) e[1];
            t[GgxAlbedoTable.dielectricRow(GgxAlbedoTable.INTERFACE, side, j, k) + i] = (float) e[2];
        });
        // Hemispherical average of the interpolated reflection rows (what GltfBsdf's lookups integrate to).
        int steps = 8192;
        for (int j = 0; j < iors; j++) {
            for (int k = 0; k < rs; k++) {
                int row = GgxAlbedoTable.dielectricRow(GgxAlbedoTable.REFLECTION, 0, j, k);
                double sum = 0;
                for (int s = 0; s < steps; s++) {
                    float mu = (s + 0.5f) / steps;
                    sum += GgxAlbedoTable.row(t, row, mu) * (double) mu;
                }
                t[GgxAlbedoTable.REFLECTION_AVG + j * rs + k] = (float) (2 * sum / steps);
            }
        }
        return t;
    }

    /** Writes the Java resource and the C header under {@code root} (atomically: temporary file, then rename). */
    public static void write(float[] t, Path root) throws IOException {
        Path resource = root.resolve("renderer/src/main/resources/dev/lucent/material").resolve(GgxAlbedoTable.RESOURCE);
        Files.createDirectories(resource.getParent());
        Path tmp = Files.createTempFile(resource.getParent(), "ggx-albedo", ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
            out.writeInt(GgxAlbedoTable.MAGIC);
            out.writeInt(GgxAlbedoTable.MU_SIZE);
            out.writeInt(GgxAlbedoTable.ROUGHNESS_SIZE);
            out.writeInt(GgxAlbedoTable.IOR_SIZE);
            out.writeInt(GgxAlbedoTable.SIZE);
            for (float v : t) out.writeFloat(v);
        }
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, resource, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Path header = root.resolve("shaders/common/lc_ggx_albedo.h");
        Path tmpH = Files.createTempFile(header.getParent(), "lc_ggx_albedo", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmpH, StandardCharsets.US_ASCII)) {
            w.write(header(t));
        }
        Files.setPosixFilePermissions(tmpH, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmpH, header, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The C/GLSL header text: layout constants and, per table of the layout, a comma-separated float list
     * (LC_GGX_CONDUCTOR_VALUES, LC_GGX_REFLECTION_VALUES, LC_GGX_INTERFACE_VALUES, LC_GGX_REFLECTION_AVG_VALUES):
     * separate arrays because one SPIR-V instruction holds at most 65,535 words, which the whole table exceeds.
     */
    static String header(float[] t) {
        StringBuilder s = new StringBuilder();
        s.append("/*\n");
        s.append(" * lc_ggx_albedo.h - GENERATED by dev.lucent.material.GgxAlbedoTableGenerator (");
        s.append(STRATA).append("x").append(STRATA).append(" strata per entry); do not edit.\n");
        s.append(" * Directional albedos of the single-scattering GGX lobes for energy compensation; the layout, axes\n");
        s.append(" * and meaning are documented in dev.lucent.material.GgxAlbedoTable, which reads the same numbers from\n");
        s.append(" * its resource ggx-albedo.bin (GgxAlbedoTableTest checks that they agree). lc_bsdf.h declares one\n");
        s.append(" * array per table from the LC_GGX_*_VALUES lists and reads them through LC_GGX_ALBEDO(i), i the index\n");
        s.append(" * in GgxAlbedoTable's flat layout.\n");
        s.append(" */\n");
        s.append("#ifndef LC_GGX_ALBEDO_H\n#define LC_GGX_ALBEDO_H\n\n");
        String[] names = {"MU_SIZE", "ROUGHNESS_SIZE", "IOR_SIZE", "ROW", "SLICE", "SIDE", "CONDUCTOR", "REFLECTION",
            "INTERFACE", "REFLECTION_AVG", "ALBEDO_COUNT"};
        int[] ints = {GgxAlbedoTable.MU_SIZE, GgxAlbedoTable.ROUGHNESS_SIZE, GgxAlbedoTable.IOR_SIZE, GgxAlbedoTable.ROW,
            GgxAlbedoTable.SLICE, GgxAlbedoTable.SIDE, GgxAlbedoTable.CONDUCTOR, GgxAlbedoTable.REFLECTION,
            GgxAlbedoTable.INTERFACE, GgxAlbedoTable.REFLECTION_AVG, GgxAlbedoTable.SIZE};
        for (int i = 0; i < names.length; i++) s.append("#define LC_GGX_").append(names[i]).append(' ').append(ints[i]).append('\n');
        s.append("#define LC_GGX_X_MIN ").append(literal(GgxAlbedoTable.X_MIN)).append('\n');
        s.append("#define LC_GGX_X_MAX ").append(literal(GgxAlbedoTable.X_MAX)).append('\n');
        values(s, "LC_GGX_CONDUCTOR_VALUES", t, GgxAlbedoTable.CONDUCTOR, GgxAlbedoTable.REFLECTION);
        values(s, "LC_GGX_REFLECTION_VALUES", t, GgxAlbedoTable.REFLECTION, GgxAlbedoTable.INTERFACE);
        values(s, "LC_GGX_INTERFACE_VALUES", t, GgxAlbedoTable.INTERFACE, GgxAlbedoTable.REFLECTION_AVG);
        values(s, "LC_GGX_REFLECTION_AVG_VALUES", t, GgxAlbedoTable.REFLECTION_AVG, GgxAlbedoTable.SIZE);
        s.append("\n#endif /* LC_GGX_ALBEDO_H */\n");
        return s.toString();
    }

    /** #define name with t[from .. to - 1] as a comma-separated list, 8 a line. */
    private static void values(StringBuilder s, String name, float[] t, int from, int to) {
        s.append("\n#define ").append(name);
        for (int k = from; k < to; k++) {
            if ((k - from) % 8 == 0) s.append(" \\\n   ");
            s.append(' ').append(literal(t[k]));
            if (k + 1 < to) s.append(',');
        }
        s.append('\n');
    }

    /** A float literal valid in C and GLSL that parses back to exactly v. */
    static String literal(float v) {
        return String.format(java.util.Locale.ROOT, "%.8ef", v);
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        float[] t = generate(STRATA);
        write(t, root);
        System.out.printf("GgxAlbedoTable: %d values in %.1f s -> %s%n", t.length, (System.nanoTime() - t0) * 1e-9, root);
    }
}
