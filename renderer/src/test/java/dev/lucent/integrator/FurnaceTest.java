package dev.lucent.integrator;

import static dev.lucent.integrator.IntegratorTestScenes.add;
import static dev.lucent.integrator.IntegratorTestScenes.material;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.image.Film;
import dev.lucent.material.BsdfEval;
import dev.lucent.material.BsdfParams;
import dev.lucent.material.GltfBsdf;
import dev.lucent.scene.Material;
import dev.lucent.scene.Scene;
import org.joml.Vector3f;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * White furnace: a sphere of albedo 1 inside a uniform environment of radiance 1. Seen from outside, a convex
 * surface in uniform light sends back its directional albedo E(theta_o) = integral of f cos over the incident
 * directions (every incident direction sees the environment), so
 * <ul>
 * <li>for BSDFs that conserve energy exactly, every pixel is 1: the diffuse base under a smooth coat
 *     (GltfBsdf's reciprocal diffuse weighting makes that exact), a smooth conductor, and smooth glass
 *     (whose light leaves after any number of internal bounces: checked with a deep max depth);
 * <li>rough GGX lobes model single scattering only; GltfBsdf puts the lost energy back from tabulated albedos
 *     (GgxAlbedoTable), so rough conductors, the diffuse base under a rough coat and rough glass render 1 within
 *     noise and the tables' interpolation error. For the reflecting materials the test also computes
 *     E(theta_o) independently from {@link GltfBsdf#evalBsdf} by quadrature (no sampling routine involved),
 *     checks it is 1 within the table error, and compares every pixel with the expected image from intersecting
 *     each pixel's area with an analytic sphere: that checks light sampling, BSDF sampling and their MIS
 *     weights against the BSDF's own integral.
 * <li>the glTF metal/dielectric mix over a white base: both halves are white, so 1 as well.
 * </ul>
 */
class FurnaceTest {
    private static final int SIZE = 24;
    private static final float DISTANCE = 4.5f, FOV = 30;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, metallic, roughness, transmission, compare with the quadrature albedo, tolerance of the mean
        "diffuse under a smooth coat, 0, 0.0, 0, false, 0.005",
        "smooth conductor, 1, 0.0, 0, false, 0.002",
        "smooth glass, 0, 0.0, 1, false, 0.01",
        "diffuse under a rough coat 0.5, 0, 0.5, 0, true, 0.005",
        "diffuse under a rough coat 1, 0, 1.0, 0, true, 0.005",
        "rough conductor 0.25 (lobes too narrow for the quadrature grid), 1, 0.25, 0, false, 0.005",
        "rough conductor 0.5, 1, 0.5, 0, true, 0.005",
        "rough conductor 1, 1, 1.0, 0, true, 0.005",
        "rough glass 0.1, 0, 0.1, 1, false, 0.01",
        "rough glass 0.5, 0, 0.5, 1, false, 0.01",
        "rough glass 1, 0, 1.0, 1, false, 0.01",
        "metal/dielectric mix over a white base, 0.5, 0.4, 0, true, 0.005",
    })
    void sphereOfAlbedoOneInUniformLight(String name, float metallic, float roughness, float transmission,
            boolean albedoReference, double tolerance) {
        Scene s = IntegratorTestScenes.empty();
        Material m = material("white", 1, 1, 1, metallic, roughness, transmission, 1.5f);
        IntegratorTestScenes.add(s, IntegratorTestScenes.sphere(1), add(s, m), 0, 0, 0);
        IntegratorTestScenes.uniformEnvironment(s, 1);
        IntegratorTestScenes.camera(s, FOV, new Vector3f(0, 0, DISTANCE), new Vector3f(0, 0, 0));
        Film f = IntegratorTestScenes.render(s, SIZE, SIZE, 64, 64, 2, 1);

        double[] expected = new double[f.pixelCount()];
        if (albedoReference) {
            double[] table = albedoTable(new BsdfParams().set(1, 1, 1, metallic, roughness, transmission, 1.5f));
            // Energy compensation: 1 up to the tables' interpolation error. Below cos 0.06 the quadrature grid
            // does not resolve the narrow grazing lobes of low roughness, so those bins are not checked.
            for (int i = 4; i < table.length; i++) {
                assertEquals(1, table[i], 0.006, name + ": albedo at cos " + (i + 0.5) / table.length);
            }
            expectedImage(table, expected);
        } else {
            java.util.Arrays.fill(expected, 1.0);
        }
        double sumRendered = 0, sumExpected = 0;
        for (int p = 0; p < f.pixelCount(); p++) {
            sumRendered += f.mean(p, 1);
            sumExpected += expected[p];
            // Every pixel within 6 standard errors (no pixel systematically dark or bright).
            double se = Math.sqrt(f.varianceOfMean(p, 1));
            assertEquals(expected[p], f.mean(p, 1), Math.max(6 * se, 0.02), name + ": pixel " + p);
        }
        assertEquals(sumExpected / f.pixelCount(), sumRendered / f.pixelCount(), tolerance, name + ": image mean");
        for (int c = 0; c < 3; c++) {
            assertEquals(sumRendered / f.pixelCount(), IntegratorTestScenes.mean(f, c), 1e-9, "grey in, grey out");
        }
    }

    /** Directional albedo E(cos theta_o) at cos = (i + 0.5) / N, by midpoint quadrature of f cos over wi. */
    private static double[] albedoTable(BsdfParams params) {
        int n = 64, grid = 384;
        double[] table = new double[n];
        GltfBsdf bsdf = new GltfBsdf();
        BsdfEval eval = new BsdfEval();
        Vector3f wo = new Vector3f(), wi = new Vector3f();
        for (int i = 0; i < n; i++) {
            double cosO = (i + 0.5) / n;
            wo.set((float) Math.sqrt(1 - cosO * cosO), 0, (float) cosO);
            double sum = 0;
            // Cosine-weighted grid: wi = concentric-free polar map (r = sqrt(a), phi = 2 pi b); f cos / pdf = f pi.
            for (int a = 0; a < grid; a++) {
                double r = Math.sqrt((a + 0.5) / grid), z = Math.sqrt(1 - r * r);
                for (int b = 0; b < grid; b++) {
                    double phi = 2 * Math.PI * (b + 0.5) / grid;
                    wi.set((float) (r * Math.cos(phi)), (float) (r * Math.sin(phi)), (float) z);
                    bsdf.evalBsdf(params, wo, wi, eval);
                    sum += eval.f.y * Math.PI;
                }
            }
            table[i] = sum / ((double) grid * grid);
        }
        return table;
    }

    /**
     * Expected pixel values: over 8x8 points per pixel (the box filter spreads samples uniformly over the
     * pixel), rays from the camera meet the unit sphere at cos theta_o (albedo from the table) or miss it (1).
     */
    private static void expectedImage(double[] table, double[] out) {
        double tanHalf = Math.tan(Math.toRadians(FOV) / 2);
        int sub = 8;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double sum = 0;
                for (int j = 0; j < sub; j++) {
                    for (int i = 0; i < sub; i++) {
                        double sx = (2 * (x + (i + 0.5) / sub) / SIZE - 1) * tanHalf;
                        double sy = (1 - 2 * (y + (j + 0.5) / sub) / SIZE) * tanHalf;
                        double len = Math.sqrt(sx * sx + sy * sy + 1);
                        double dx = sx / len, dy = sy / len, dz = -1 / len;
                        // |o + t d|^2 = 1 with o = (0, 0, DISTANCE)
                        double bq = DISTANCE * dz, c = DISTANCE * DISTANCE - 1, disc = bq * bq - c;
                        if (disc <= 0) {
                            sum += 1;
                            continue;
                        }
                        double t = -bq - Math.sqrt(disc);
                        double hx = t * dx, hy = t * dy, hz = DISTANCE + t * dz; // unit normal
                        double cos = -(hx * dx + hy * dy + hz * dz);
                        sum += interpolate(table, cos);
                    }
                }
                out[y * SIZE + x] = sum / (sub * sub);
            }
        }
    }

    private static double interpolate(double[] table, double cos) {
        double f = cos * table.length - 0.5;
        if (f <= 0) return table[0];
        int i = (int) Math.floor(f);
        if (i >= table.length - 1) return table[table.length - 1];
        double t = f - i;
        return table[i] * (1 - t) + table[i + 1] * t;
    }
}
