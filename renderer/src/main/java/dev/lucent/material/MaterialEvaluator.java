package dev.lucent.material;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.SceneException;

/**
 * Evaluates compiled LcMaterial records at a surface uv: factors times textures, following glTF 2.0
 * (baseColor and emissive textures are sRGB, the others linear; metallicRoughness holds roughness in G and
 * metallic in B; KHR_materials_transmission's texture holds the factor in R; normal maps are decoded as
 * normalize((2 rgb - 1) * (normalScale, normalScale, 1))). Reads the pools of a {@link CompiledScene}; holds no
 * copy of them.
 *
 * <p>The constructor checks every material's texture indices, every view's image index and every image's
 * texel range against the pools, so {@link #evaluate} can skip bounds checks; bad data is reported as a
 * {@link SceneException}. One instance may be shared by threads; each passes its own {@link MaterialPoint}.
 */
public final class MaterialEvaluator {
    private final NativeBuffer materials;
    private final int materialCount;
    private final TextureSampler textures;

    private static final int[] TEXTURE_SLOTS = {Layout.LcMaterial.BASE_COLOR_TEX,
        Layout.LcMaterial.METALLIC_ROUGHNESS_TEX, Layout.LcMaterial.NORMAL_TEX, Layout.LcMaterial.EMISSIVE_TEX,
        Layout.LcMaterial.TRANSMISSION_TEX};
    private static final String[] SLOT_NAMES = {"baseColorTex", "metallicRoughnessTex", "normalTex", "emissiveTex",
        "transmissionTex"};

    /**
     * @param materials LcMaterial records; {@code materialCount} of them
     * @param textureViews LcTextureView records (may be null when {@code textureViewCount} is 0)
     * @param images LcImage records (may be null when {@code imageCount} is 0)
     * @param texels the texel pool the images point into (may be null when there are no images)
     */
    public MaterialEvaluator(NativeBuffer materials, int materialCount, NativeBuffer textureViews,
            int textureViewCount, NativeBuffer images, int imageCount, NativeBuffer texels) {
        this.materials = materials;
        this.materialCount = materialCount;
        validate(materials, materialCount, textureViews, textureViewCount, images, imageCount, texels);
        this.textures = new TextureSampler(textureViews, images, texels);
    }

    /** Evaluator over a compiled scene's material, texture-view, image and texel pools. */
    public static MaterialEvaluator of(CompiledScene s) {
        return new MaterialEvaluator(s.materials, s.materialCount, s.textureViews, s.textureViewCount, s.images,
                s.imageCount, s.texels);
    }

    public int materialCount() {
        return materialCount;
    }

    private static void validate(NativeBuffer materials, int materialCount, NativeBuffer views, int viewCount,
            NativeBuffer images, int imageCount, NativeBuffer texels) {
        require(materialCount >= 0 && (materialCount == 0
                || materials != null && materials.size() >= (long) materialCount * Layout.LcMaterial.BYTES),
                "material pool holds fewer than " + materialCount + " materials");
        require(viewCount == 0 || views != null && views.size() >= (long) viewCount * Layout.LcTextureView.BYTES,
                "texture view pool holds fewer than " + viewCount + " views");
        require(imageCount == 0 || images != null && images.size() >= (long) imageCount * Layout.LcImage.BYTES,
                "image pool holds fewer than " + imageCount + " images");
        for (int m = 0; m < materialCount; m++) {
            long o = (long) m * Layout.LcMaterial.BYTES;
            for (int s = 0; s < TEXTURE_SLOTS.length; s++) {
                int view = materials.getInt(o + TEXTURE_SLOTS[s]);
                require(view == Layout.LC_NONE || view >= 0 && view < viewCount, "material " + m + ": "
                        + SLOT_NAMES[s] + " = " + view + " is not a texture view (there are " + viewCount + ")");
            }
        }
        for (int v = 0; v < viewCount; v++) {
            int image = views.getInt((long) v * Layout.LcTextureView.BYTES + Layout.LcTextureView.IMAGE);
            require(image >= 0 && image < imageCount,
                    "texture view " + v + ": image " + image + " does not exist (there are " + imageCount + ")");
        }
        long texelBytes = texels == null ? 0 : texels.size();
        for (int i = 0; i < imageCount; i++) {
            long o = (long) i * Layout.LcImage.BYTES;
            long offset = Integer.toUnsignedLong(images.getInt(o + Layout.LcImage.OFFSET_WORDS)) * 4;
            int w = images.getInt(o + Layout.LcImage.WIDTH), h = images.getInt(o + Layout.LcImage.HEIGHT);
            int format = images.getInt(o + Layout.LcImage.FORMAT);
            require(w > 0 && h > 0, "image " + i + ": size " + w + "x" + h);
            require(format == Layout.LC_IMAGE_RGBA8 || format == Layout.LC_IMAGE_RGBA32F,
                    "image " + i + ": unknown format " + format);
            long bytes = (long) w * h * (format == Layout.LC_IMAGE_RGBA8 ? 4 : 16);
            require(offset + bytes <= texelBytes, "image " + i + ": texels [" + offset + ", " + (offset + bytes)
                    + ") lie outside the texel pool of " + texelBytes + " bytes");
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) throw new SceneException(null, "compiled materials: " + problem);
    }

    /**
     * Emitted radiance only (what {@link #evaluate} puts in {@link MaterialPoint#emission}) of material
     * {@code material} at (u, v), into {@code rgbOut[0..2]}; {@code texel} is caller-owned scratch of 4 floats.
     * For next-event estimation, which needs the emission without the other texture look-ups.
     */
    public void evaluateEmission(int material, float u, float v, float[] texel, float[] rgbOut) {
        long o = (long) material * Layout.LcMaterial.BYTES;
        NativeBuffer m = materials;
        float er = m.getFloat(o + Layout.LcMaterial.EMISSION), eg = m.getFloat(o + Layout.LcMaterial.EMISSION + 4),
                eb = m.getFloat(o + Layout.LcMaterial.EMISSION + 8);
        int tex = m.getInt(o + Layout.LcMaterial.EMISSIVE_TEX);
        if (tex != Layout.LC_NONE && (er != 0 || eg != 0 || eb != 0)) {
            textures.sampleView(tex, u, v, true, texel);
            er *= texel[0];
            eg *= texel[1];
            eb *= texel[2];
        }
        rgbOut[0] = er;
        rgbOut[1] = eg;
        rgbOut[2] = eb;
    }

    /** True if material {@code material} has an emissive texture (its emission varies over the surface). */
    public boolean hasEmissiveTexture(int material) {
        return materials.getInt((long) material * Layout.LcMaterial.BYTES + Layout.LcMaterial.EMISSIVE_TEX)
                != Layout.LC_NONE;
    }

    /** LC_MATERIAL_* flags of material {@code material}. */
    public int flags(int material) {
        return materials.getInt((long) material * Layout.LcMaterial.BYTES + Layout.LcMaterial.FLAGS);
    }

    /** Alpha-mask threshold of material {@code material}. */
    public float alphaCutoff(int material) {
        return materials.getFloat((long) material * Layout.LcMaterial.BYTES + Layout.LcMaterial.ALPHA_CUTOFF);
    }

    /**
     * Opacity only (what {@link #evaluate} puts in {@link MaterialPoint#alpha}): baseColor factor alpha times
     * the base colour texture's alpha at (u, v), clamped to [0, 1]. {@code texel}: scratch of 4 floats.
     */
    public float alpha(int material, float u, float v, float[] texel) {
        long o = (long) material * Layout.LcMaterial.BYTES;
        float a = materials.getFloat(o + Layout.LcMaterial.BASE_COLOR + 12);
        int tex = materials.getInt(o + Layout.LcMaterial.BASE_COLOR_TEX);
        if (tex != Layout.LC_NONE) {
            textures.sampleView(tex, u, v, true, texel);
            a *= texel[3];
        }
        return Math.min(Math.max(a, 0), 1);
    }

    /**
     * Fills {@code out} with material {@code material} (LcMaterial index, 0 <= material < materialCount) at
     * texture coordinate (u, v) (TEXCOORD_0; glTF orientation, v down the image).
     */
    public void evaluate(int material, float u, float v, MaterialPoint out) {
        float[] t = out.texel;
        long o = (long) material * Layout.LcMaterial.BYTES;
        NativeBuffer m = materials;

        float r = m.getFloat(o + Layout.LcMaterial.BASE_COLOR), g = m.getFloat(o + Layout.LcMaterial.BASE_COLOR + 4),
                b = m.getFloat(o + Layout.LcMaterial.BASE_COLOR + 8), a = m.getFloat(o + Layout.LcMaterial.BASE_COLOR + 12);
        int tex = m.getInt(o + Layout.LcMaterial.BASE_COLOR_TEX);
        if (tex != Layout.LC_NONE) {
            textures.sampleView(tex, u, v, true, t);
            r *= t[0];
            g *= t[1];
            b *= t[2];
            a *= t[3];
        }

        float metallic = m.getFloat(o + Layout.LcMaterial.METALLIC), roughness = m.getFloat(o + Layout.LcMaterial.ROUGHNESS);
        tex = m.getInt(o + Layout.LcMaterial.METALLIC_ROUGHNESS_TEX);
        if (tex != Layout.LC_NONE) {
            textures.sampleView(tex, u, v, false, t);
            roughness *= t[1];
            metallic *= t[2];
        }

        float transmission = m.getFloat(o + Layout.LcMaterial.TRANSMISSION);
        tex = m.getInt(o + Layout.LcMaterial.TRANSMISSION_TEX);
        if (tex != Layout.LC_NONE) {
            textures.sampleView(tex, u, v, false, t);
            transmission *= t[0];
        }
        out.bsdf.set(r, g, b, metallic, roughness, transmission, m.getFloat(o + Layout.LcMaterial.IOR));
        out.alpha = Math.min(Math.max(a, 0), 1);

        float er = m.getFloat(o + Layout.LcMaterial.EMISSION), eg = m.getFloat(o + Layout.LcMaterial.EMISSION + 4),
                eb = m.getFloat(o + Layout.LcMaterial.EMISSION + 8);
        tex = m.getInt(o + Layout.LcMaterial.EMISSIVE_TEX);
        if (tex != Layout.LC_NONE && (er != 0 || eg != 0 || eb != 0)) {
            textures.sampleView(tex, u, v, true, t);
            er *= t[0];
            eg *= t[1];
            eb *= t[2];
        }
        out.emission.set(er, eg, eb);

        tex = m.getInt(o + Layout.LcMaterial.NORMAL_TEX);
        out.hasNormalMap = tex != Layout.LC_NONE;
        if (out.hasNormalMap) {
            textures.sampleView(tex, u, v, false, t);
            float scale = m.getFloat(o + Layout.LcMaterial.NORMAL_SCALE);
            out.normalTs.set((2 * t[0] - 1) * scale, (2 * t[1] - 1) * scale, 2 * t[2] - 1);
            float len2 = out.normalTs.lengthSquared();
            if (len2 > 1e-12f) out.normalTs.mul(1 / (float) Math.sqrt(len2));
            else out.normalTs.set(0, 0, 1);
        } else {
            out.normalTs.set(0, 0, 1);
        }
        out.flags = m.getInt(o + Layout.LcMaterial.FLAGS);
        out.alphaCutoff = m.getFloat(o + Layout.LcMaterial.ALPHA_CUTOFF);
    }
}
