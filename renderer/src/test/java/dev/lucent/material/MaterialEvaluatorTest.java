package dev.lucent.material;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.Layout;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.SceneException;
import org.joml.Vector3f;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaterialEvaluatorTest {
    static final int[] NO_TEXTURES = {-1, -1, -1, -1, -1};
    TextureSamplerTest.Pools pools;
    NativeBuffer materials;

    /** Writes an LcMaterial; textures = {baseColor, metallicRoughness, normal, emissive, transmission}. */
    static void material(NativeBuffer buf, int index, float[] baseColor, float[] emission, float metallic,
            float roughness, float transmission, float ior, float alphaCutoff, float normalScale, int flags,
            int[] textures) {
        long o = (long) index * Layout.LcMaterial.BYTES;
        buf.putFloats(o + Layout.LcMaterial.BASE_COLOR, baseColor, 0, 4);
        buf.putFloats(o + Layout.LcMaterial.EMISSION, emission, 0, 3);
        buf.putFloat(o + Layout.LcMaterial.METALLIC, metallic);
        buf.putFloat(o + Layout.LcMaterial.ROUGHNESS, roughness);
        buf.putFloat(o + Layout.LcMaterial.TRANSMISSION, transmission);
        buf.putFloat(o + Layout.LcMaterial.IOR, ior);
        buf.putFloat(o + Layout.LcMaterial.ALPHA_CUTOFF, alphaCutoff);
        buf.putFloat(o + Layout.LcMaterial.NORMAL_SCALE, normalScale);
        buf.putInt(o + Layout.LcMaterial.FLAGS, flags);
        buf.putInt(o + Layout.LcMaterial.BASE_COLOR_TEX, textures[0]);
        buf.putInt(o + Layout.LcMaterial.METALLIC_ROUGHNESS_TEX, textures[1]);
        buf.putInt(o + Layout.LcMaterial.NORMAL_TEX, textures[2]);
        buf.putInt(o + Layout.LcMaterial.EMISSIVE_TEX, textures[3]);
        buf.putInt(o + Layout.LcMaterial.TRANSMISSION_TEX, textures[4]);
    }

    @BeforeEach
    void setUp() {
        // Three 1x1 RGBA8 images (bilinear lookups return the texel): colour, metallic-roughness, normal.
        pools = new TextureSamplerTest.Pools(3, 3, 3);
        pools.texels.putInt(0, TextureSamplerTest.Pools.rgba8(128, 255, 0, 128));
        pools.texels.putInt(4, TextureSamplerTest.Pools.rgba8(51, 128, 255, 255));
        pools.texels.putInt(8, TextureSamplerTest.Pools.rgba8(255, 128, 255, 255));
        for (int i = 0; i < 3; i++) {
            pools.image(i, i, 1, 1, Layout.LC_IMAGE_RGBA8);
            pools.view(i, i, TextureSamplerTest.IDENTITY);
        }
        materials = NativeBuffer.allocate(2L * Layout.LcMaterial.BYTES);
        material(materials, 0, new float[] {0.8f, 0.6f, 0.4f, 0.9f}, new float[] {1, 2, 3}, 0.3f, 0.7f, 0.2f,
                1.4f, 0.5f, 1, Layout.LC_MATERIAL_DOUBLE_SIDED | Layout.LC_MATERIAL_ALPHA_MASK, NO_TEXTURES);
        material(materials, 1, new float[] {1, 0.5f, 1, 1}, new float[] {2, 2, 2}, 1, 1, 1, 1.5f, 0.5f, 0.5f, 0,
                new int[] {0, 1, 2, 0, 1});
    }

    @AfterEach
    void tearDown() {
        pools.close();
        materials.close();
    }

    MaterialEvaluator evaluator() {
        return new MaterialEvaluator(materials, 2, pools.views, 3, pools.images, 3, pools.texels);
    }

    @Test
    void factorsAloneWithoutTextures() {
        MaterialPoint p = new MaterialPoint();
        evaluator().evaluate(0, 0.3f, 0.9f, p);
        assertEquals(new Vector3f(0.8f, 0.6f, 0.4f), p.bsdf.baseColor);
        assertEquals(0.3f, p.bsdf.metallic);
        assertEquals(0.7f, p.bsdf.roughness);
        assertEquals(0.2f, p.bsdf.transmission);
        assertEquals(1.4f, p.bsdf.ior);
        assertEquals(0.9f, p.alpha);
        assertEquals(new Vector3f(1, 2, 3), p.emission);
        assertEquals(new Vector3f(0, 0, 1), p.normalTs);
        assertTrue(!p.hasNormalMap);
        assertEquals(Layout.LC_MATERIAL_DOUBLE_SIDED | Layout.LC_MATERIAL_ALPHA_MASK, p.flags);
        assertEquals(0.5f, p.alphaCutoff);
    }

    @Test
    void texturesMultiplyFactorsWithTheRightDecoding() {
        MaterialPoint p = new MaterialPoint();
        evaluator().evaluate(1, 0.5f, 0.5f, p);
        float half = TextureSampler.srgbToLinear(128 / 255f);
        assertEquals(half, p.bsdf.baseColor.x, 1e-6); // sRGB-decoded, times factor 1
        assertEquals(0.5f, p.bsdf.baseColor.y, 1e-6); // factor 0.5 times decoded 255
        assertEquals(0, p.bsdf.baseColor.z, 1e-6);
        assertEquals(128 / 255f, p.alpha, 1e-6); // alpha linear
        assertEquals(128 / 255f, p.bsdf.roughness, 1e-6); // G, linear
        assertEquals(1, p.bsdf.metallic, 1e-6); // B
        assertEquals(51 / 255f, p.bsdf.transmission, 1e-6); // R of the transmission texture
        assertEquals(2 * half, p.emission.x, 1e-6); // emissive: factor x sRGB-decoded texture
        assertEquals(2, p.emission.y, 1e-6);
        assertEquals(0, p.emission.z, 1e-6);
        // Normal texel (255, 128, 255): (1, 1/255, 1) after 2c - 1; xy scaled by 0.5, normalised.
        assertTrue(p.hasNormalMap);
        Vector3f expected = new Vector3f(0.5f, 0.5f * (2 * 128 / 255f - 1), 1).normalize();
        assertEquals(expected.x, p.normalTs.x, 1e-6);
        assertEquals(expected.y, p.normalTs.y, 1e-6);
        assertEquals(expected.z, p.normalTs.z, 1e-6);
    }

    @Test
    void badIndicesAreReportedNotCrashed() {
        materials.putInt(Layout.LcMaterial.NORMAL_TEX, 7);
        SceneException e = assertThrows(SceneException.class, this::evaluator);
        assertTrue(e.getMessage().contains("material 0: normalTex = 7"), e.getMessage());
        materials.putInt(Layout.LcMaterial.NORMAL_TEX, -1);
        pools.view(2, 9, TextureSamplerTest.IDENTITY);
        e = assertThrows(SceneException.class, this::evaluator);
        assertTrue(e.getMessage().contains("texture view 2: image 9"), e.getMessage());
        pools.view(2, 2, TextureSamplerTest.IDENTITY);
        pools.image(2, 2, 2, 1, Layout.LC_IMAGE_RGBA8); // two texels from word 2 overrun the 3-word pool
        e = assertThrows(SceneException.class, this::evaluator);
        assertTrue(e.getMessage().contains("image 2"), e.getMessage());
        pools.image(2, 2, 1, 1, 5);
        e = assertThrows(SceneException.class, this::evaluator);
        assertTrue(e.getMessage().contains("unknown format 5"), e.getMessage());
    }
}
