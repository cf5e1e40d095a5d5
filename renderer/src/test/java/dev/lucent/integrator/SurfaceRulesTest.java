package dev.lucent.integrator;

import static dev.lucent.integrator.IntegratorTestScenes.add;
import static dev.lucent.integrator.IntegratorTestScenes.material;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.Film;
import dev.lucent.material.GltfBsdf;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Shapes;
import dev.lucent.scene.Texture;
import dev.lucent.scene.TextureRef;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The integrator's surface rules: emitter sides, back faces, normal-map leaks, alpha mask and blend. */
class SurfaceRulesTest {

    /** The sphere with its triangles wound the other way: front faces point inwards. */
    private static Mesh insideOutSphere(float radius) {
        Mesh m = IntegratorTestScenes.sphere(radius);
        for (int t = 0; t < m.indices.length; t += 3) {
            int k = m.indices[t + 1];
            m.indices[t + 1] = m.indices[t + 2];
            m.indices[t + 2] = k;
        }
        return m;
    }

    /**
     * Camera inside a black (non-reflecting) sphere that emits radiance 1, looking at a white sphere (diffuse
     * under a smooth coat, which conserves energy exactly). Emitter faces pointing inwards, or double-sided: everything is 1 (area
     * light sampling, BSDF hits on the emitter and their MIS weights agree). Faces pointing outwards and
     * single-sided: nothing reaches the inside, every pixel is 0.
     */
    @ParameterizedTest(name = "inward {0}, double-sided {1}: {2}")
    @CsvSource({"true, false, 1", "false, true, 1", "false, false, 0"})
    void singleSidedEmittersEmitFromTheFrontOnly(boolean inward, boolean doubleSided, float expected) {
        Scene s = IntegratorTestScenes.empty();
        // A smooth black metal reflects (1 - cos)^5 (Schlick with F0 = 0): below 1e-9 at the near-normal angles
        // at which the inner sphere sees the lamp, so the lamp adds emission only.
        Material lamp = material("lamp", 0, 0, 0, 1, 0, 0, 1.5f);
        lamp.emissive = new float[] {1, 1, 1};
        lamp.doubleSided = doubleSided;
        add(s, inward ? insideOutSphere(6) : IntegratorTestScenes.sphere(6), add(s, lamp), 0, 0, 0);
        add(s, Shapes.sphere(1, 128), add(s, material("white", 1, 1, 1, 0, 0, 0, 1.5f)), 0, 0, 0);
        IntegratorTestScenes.camera(s, 40, new Vector3f(0, 0, 4), new Vector3f(0, 0, 0));
        Film f = IntegratorTestScenes.render(s, 16, 16, 32, 16, 2, 3);
        for (int c = 0; c < 3; c++) assertEquals(expected, IntegratorTestScenes.mean(f, c), 0.01);
        for (int p = 0; p < f.pixelCount(); p++) {
            assertEquals(expected, f.mean(p, 0), Math.max(6 * Math.sqrt(f.varianceOfMean(p, 0)), 0.03), "pixel " + p);
        }
    }

    /**
     * Back faces of single-sided materials are shaded like front faces: a quad facing away from the camera,
     * lit by a point light on the camera's side, looks the same as the quad facing the camera.
     */
    @Test
    void backFacesOfSingleSidedMaterialsAreShaded() {
        double[] means = new double[2];
        for (int k = 0; k < 2; k++) {
            Scene s = IntegratorTestScenes.empty();
            Mesh quad = Shapes.quad(4, 4);
            int m = add(s, material("grey", 0.5f, 0.5f, 0.5f, 0, 0, 0, GltfBsdf.MIN_IOR));
            var node = add(s, quad, m, 0, 0, 0);
            if (k == 1) node.rotation.rotateX((float) Math.PI); // faces -y: the camera sees its back
            IntegratorTestScenes.pointLight(s, 10, 0, 2, 0);
            IntegratorTestScenes.camera(s, 30, new Vector3f(0, 3, 0.01f), new Vector3f(0, 0, 0));
            means[k] = IntegratorTestScenes.mean(IntegratorTestScenes.render(s, 12, 12, 4, 4, 1, 0), 1);
        }
        assertTrue(means[0] > 0.1, "front lit: " + means[0]);
        assertEquals(means[0], means[1], 1e-4 * means[0]);
    }

    /**
     * A normal map tilts the shading normal of an upward-facing floor 53 degrees towards +x. A point light
     * below the floor and off to +x is on the shading normal's side but under the geometric surface: no light
     * may reach the top (a shading normal must not leak light through a surface). The same light above the floor
     * does light it.
     */
    @ParameterizedTest(name = "light at y = {0}")
    @CsvSource({"-1, false", "1, true"})
    void normalMapsDoNotLeakLightThroughSurfaces(float lightY, boolean lit) {
        Scene s = IntegratorTestScenes.empty();
        // Tangent-space normal (0.8, 0, 0.6) encoded as (n + 1) / 2.
        s.textures.add(Texture.ldr("tilt", null, 1, 1, new byte[] {(byte) 230, (byte) 128, (byte) 204, (byte) 255}));
        Material m = material("floor", 0.8f, 0.8f, 0.8f, 0, 1, 0, 1.5f);
        m.normalTexture = new TextureRef(0);
        add(s, Shapes.quad(40, 40), add(s, m), 0, 0, 0);
        IntegratorTestScenes.pointLight(s, 50, 3, lightY, 0);
        IntegratorTestScenes.camera(s, 30, new Vector3f(0, 2, 0.01f), new Vector3f(0, 0, 0));
        Film f = IntegratorTestScenes.render(s, 12, 12, 8, 4, 2, 0);
        double mean = IntegratorTestScenes.mean(f, 0);
        if (lit) assertTrue(mean > 0.05, "lit from above: " + mean);
        else assertEquals(0.0, mean, 0.0, "light leaked through the floor");
    }

    /**
     * An instance's material override replaces the materials of its mesh, emission included: the quad's own
     * material is black, the override emits (0.25, 0.5, 1), and that is what the camera sees (and what the
     * light sampler treats as an emitter).
     */
    @Test
    void instanceMaterialOverride() {
        Scene s = IntegratorTestScenes.empty();
        int own = add(s, material("own", 0, 0, 0, 0, 1, 0, 1.5f));
        Material glow = material("glow", 0, 0, 0, 0, 1, 0, 1.5f);
        glow.emissive = new float[] {0.25f, 0.5f, 1};
        glow.doubleSided = true;
        int override = add(s, glow);
        var node = add(s, Shapes.quad(10, 10), own, 0, 0, 0);
        node.materialOverride = override;
        IntegratorTestScenes.camera(s, 20, new Vector3f(0, 3, 0.01f), new Vector3f(0, 0, 0));
        Film f = IntegratorTestScenes.render(s, 4, 4, 2, 2, 1, 0);
        assertEquals(0.25, IntegratorTestScenes.mean(f, 0), 1e-6);
        assertEquals(0.5, IntegratorTestScenes.mean(f, 1), 1e-6);
        assertEquals(1.0, IntegratorTestScenes.mean(f, 2), 1e-6);
    }

    /**
     * A quad emitting 1 (base colour black) with alpha 0.3 in front of a uniform environment of 0.25: MASK with
     * cutoff 0.5 removes it (0.25), cutoff 0.2 keeps it (1); BLEND shows it with probability 0.3 per
     * sample (0.3 + 0.7 x 0.25 = 0.475) and the same seed gives the same bits.
     */
    @ParameterizedTest(name = "{0} cutoff {1}")
    @CsvSource({"MASK, 0.5, 0.25", "MASK, 0.2, 1.0", "BLEND, 0.5, 0.475"})
    void alphaMaskAndBlend(Material.AlphaMode mode, float cutoff, double expected) {
        Scene s = IntegratorTestScenes.empty();
        Material m = material("card", 0, 0, 0, 0, 1, 0, 1.5f);
        m.baseColor[3] = 0.3f;
        m.alphaMode = mode;
        m.alphaCutoff = cutoff;
        m.emissive = new float[] {1, 1, 1};
        m.doubleSided = true;
        var node = add(s, Shapes.quad(10, 10), add(s, m), 0, 0, 0);
        node.rotation.rotateX((float) Math.PI / 2); // faces +z, towards the camera
        IntegratorTestScenes.uniformEnvironment(s, 0.25f);
        IntegratorTestScenes.camera(s, 20, new Vector3f(0, 0, 5), new Vector3f(0, 0, 0));
        Film f = IntegratorTestScenes.render(s, 8, 8, 256, 2, 2, 5);
        assertEquals(expected, IntegratorTestScenes.mean(f, 1), 0.01);
        if (mode == Material.AlphaMode.BLEND) {
            Film again = IntegratorTestScenes.render(s, 8, 8, 256, 2, 1, 5);
            for (int p = 0; p < f.pixelCount(); p++) assertEquals(f.mean(p, 1), again.mean(p, 1), 0.0);
        }
    }
}
