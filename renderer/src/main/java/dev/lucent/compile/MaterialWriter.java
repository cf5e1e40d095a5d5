package dev.lucent.compile;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcMaterial;
import dev.lucent.core.Layout.LcTextureView;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Material;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.TextureRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code materials} (LcMaterial) and {@code textureViews} (LcTextureView). Material i is scene
 * material i; when some triangle names no material, glTF's default material is appended after them. Each
 * texture slot of each material gets its own view (KHR_texture_transform as the 2x3 matrix of
 * {@link TextureRef#matrix()}); LcTextureView.image equals the scene texture index, since images are
 * stored one per scene texture.
 */
final class MaterialWriter {
    private MaterialWriter() {}

    /** The materials as compiled: scene materials plus the default one when {@code withDefault}. */
    static List<Material> materials(Scene scene, boolean withDefault) {
        List<Material> list = new ArrayList<>(scene.materials);
        if (withDefault) list.add(Material.defaultMaterial());
        return list;
    }

    static void write(CompiledScene cs, Scene scene, List<Material> materials) {
        int views = 0;
        for (Material m : materials) {
            for (TextureRef r : slots(m)) if (r != null) views++;
        }
        cs.materialCount = materials.size();
        cs.textureViewCount = views;
        cs.materials = PoolIo.table(materials.size(), LcMaterial.BYTES);
        cs.textureViews = PoolIo.table(views, LcTextureView.BYTES);
        int view = 0;
        for (int i = 0; i < materials.size(); i++) {
            Material m = materials.get(i);
            long o = (long) i * LcMaterial.BYTES;
            NativeBuffer b = cs.materials;
            float[] bc = m.baseColor;
            PoolIo.putVec4(b, o + LcMaterial.BASE_COLOR, bc[0], bc[1], bc[2], bc.length > 3 ? bc[3] : 1);
            float s = m.emissiveStrength;
            PoolIo.putVec4(b, o + LcMaterial.EMISSION, m.emissive[0] * s, m.emissive[1] * s, m.emissive[2] * s, 0);
            b.putFloat(o + LcMaterial.METALLIC, m.metallic);
            b.putFloat(o + LcMaterial.ROUGHNESS, m.roughness);
            b.putFloat(o + LcMaterial.TRANSMISSION, m.transmission);
            b.putFloat(o + LcMaterial.IOR, m.ior);
            b.putFloat(o + LcMaterial.ALPHA_CUTOFF, m.alphaCutoff);
            b.putFloat(o + LcMaterial.NORMAL_SCALE, m.normalScale);
            b.putInt(o + LcMaterial.FLAGS, flags(m));
            int[] slotOffsets = {LcMaterial.BASE_COLOR_TEX, LcMaterial.METALLIC_ROUGHNESS_TEX, LcMaterial.NORMAL_TEX,
                    LcMaterial.EMISSIVE_TEX, LcMaterial.TRANSMISSION_TEX};
            TextureRef[] slots = slots(m);
            for (int k = 0; k < slots.length; k++) {
                TextureRef r = slots[k];
                if (r == null) {
                    b.putInt(o + slotOffsets[k], Layout.LC_NONE);
                    continue;
                }
                if (r.image < 0 || r.image >= scene.textures.size()) {
                    throw new SceneException(scene.source, "material '" + m.name + "' uses texture " + r.image
                            + " but the scene has " + scene.textures.size());
                }
                writeView(cs.textureViews, (long) view * LcTextureView.BYTES, r);
                b.putInt(o + slotOffsets[k], view++);
            }
        }
    }

    /** LC_MATERIAL_* bits of {@code m}. */
    static int flags(Material m) {
        int f = m.doubleSided ? Layout.LC_MATERIAL_DOUBLE_SIDED : 0;
        if (m.alphaMode == Material.AlphaMode.MASK) f |= Layout.LC_MATERIAL_ALPHA_MASK;
        if (m.alphaMode == Material.AlphaMode.BLEND) f |= Layout.LC_MATERIAL_ALPHA_BLEND;
        return f;
    }

    private static TextureRef[] slots(Material m) {
        return new TextureRef[] {m.baseColorTexture, m.metallicRoughnessTexture, m.normalTexture,
                m.emissiveTexture, m.transmissionTexture};
    }

    private static void writeView(NativeBuffer b, long o, TextureRef r) {
        float[] m = r.matrix();
        b.putFloat(o + LcTextureView.M00, m[0]);
        b.putFloat(o + LcTextureView.M01, m[1]);
        b.putFloat(o + LcTextureView.M02, m[2]);
        b.putFloat(o + LcTextureView.M10, m[3]);
        b.putFloat(o + LcTextureView.M11, m[4]);
        b.putFloat(o + LcTextureView.M12, m[5]);
        b.putInt(o + LcTextureView.IMAGE, r.image);
        b.putInt(o + LcTextureView.TEX_COORD, r.texCoord);
    }
}
