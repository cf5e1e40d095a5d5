package dev.lucent.scene.assimp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.scene.Material;
import org.junit.jupiter.api.Test;

class MtlMaterialMappingTest {
    static MtlMaterialMapping.Mtl mtl(float[] kd, float ns, float d, float[] tf, float ni, int illum) {
        return new MtlMaterialMapping.Mtl("m", kd, new float[] {0, 0, 0}, ns, d, tf, ni, illum, null, null, false);
    }

    @Test
    void shininessToRoughnessKnownValues() {
        // (2 / (Ns + 2))^(1/4): Walter et al. 2007 Phong-Beckmann match, then glTF roughness = sqrt(alpha).
        assertEquals(1f, MtlMaterialMapping.roughnessFromShininess(0), 0f);
        assertEquals(Math.pow(2.0 / 12, 0.25), MtlMaterialMapping.roughnessFromShininess(10), 1e-6);
        assertEquals(0.3742, MtlMaterialMapping.roughnessFromShininess(100), 1e-4);
        assertEquals(0.2114, MtlMaterialMapping.roughnessFromShininess(1000), 1e-4);
        // Monotone: shinier is smoother.
        float previous = 2;
        for (int ns = 0; ns <= 2000; ns += 50) {
            float r = MtlMaterialMapping.roughnessFromShininess(ns);
            assertEquals(true, r < previous);
            previous = r;
        }
    }

    @Test
    void diffuseIsADielectric() {
        Material m = MtlMaterialMapping.toMaterial(mtl(new float[] {0.2f, 0.4f, 0.6f}, 0, 1, new float[] {1, 1, 1},
                1, 2));
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.6f, 1}, m.baseColor);
        assertEquals(0f, m.metallic);
        assertEquals(1f, m.roughness);
        assertEquals(Material.AlphaMode.OPAQUE, m.alphaMode);
        assertEquals(0f, m.transmission);
        assertEquals(1.5f, m.ior, "Ni 1 (absent) keeps the default");
    }

    @Test
    void glassIllumBecomesTransmission() {
        Material m = MtlMaterialMapping.toMaterial(mtl(new float[] {0, 0, 0}, 900, 0.2f, new float[] {1, 1, 1},
                1, 4));
        assertEquals(0.8f, m.transmission, 1e-6f);
        assertEquals(1.5f, m.ior, "no Ni: glass default");
        assertArrayEquals(new float[] {1, 1, 1, 1}, m.baseColor, "black Kd glass is tinted white");
        assertEquals(Material.AlphaMode.OPAQUE, m.alphaMode);
    }

    @Test
    void transparentNonGlassIsBlend() {
        Material m = MtlMaterialMapping.toMaterial(mtl(new float[] {1, 0, 0}, 0, 0.4f, new float[] {1, 1, 1},
                1.3f, 2));
        assertEquals(Material.AlphaMode.BLEND, m.alphaMode);
        assertEquals(0.4f, m.baseColor[3]);
        assertEquals(0f, m.transmission);
        assertEquals(1.3f, m.ior);
    }

    @Test
    void explicitPbrValuesWin() {
        Material m = MtlMaterialMapping.toMaterial(new MtlMaterialMapping.Mtl("pbr", new float[] {1, 1, 1},
                new float[] {0, 0, 0}, 10, 1, new float[] {1, 1, 1}, 1, 2, 0.25f, 1f, true));
        assertEquals(0.25f, m.roughness);
        assertEquals(1f, m.metallic);
        assertEquals(true, m.doubleSided);
    }
}
