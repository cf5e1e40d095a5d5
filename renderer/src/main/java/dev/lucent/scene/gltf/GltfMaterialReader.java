package dev.lucent.scene.gltf;

import de.javagl.jgltf.impl.v2.GlTF;
import de.javagl.jgltf.impl.v2.Image;
import de.javagl.jgltf.impl.v2.MaterialNormalTextureInfo;
import de.javagl.jgltf.impl.v2.MaterialPbrMetallicRoughness;
import de.javagl.jgltf.impl.v2.Sampler;
import de.javagl.jgltf.impl.v2.Texture;
import de.javagl.jgltf.impl.v2.TextureInfo;
import dev.lucent.scene.FeatureReport.Support;
import dev.lucent.scene.Material;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.TextureCache;
import dev.lucent.scene.TextureRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * glTF materials (specification section 3.9) to {@link Material}: pbrMetallicRoughness, normal scale,
 * emissive, alphaMode/alphaCutoff, doubleSided, the material extensions Lucent renders, and
 * KHR_texture_transform on every texture slot. Images are decoded through the scene's {@link TextureCache},
 * once per file or buffer view.
 */
final class GltfMaterialReader {
    private static final int REPEAT = 10497;

    private final Path file;
    private final GlTF gltf;
    private final Scene scene;
    private final TextureCache textures;
    private final GltfBuffers buffers;

    GltfMaterialReader(Path file, GlTF gltf, Scene scene, TextureCache textures, GltfBuffers buffers) {
        this.file = file;
        this.gltf = gltf;
        this.scene = scene;
        this.textures = textures;
        this.buffers = buffers;
    }

    Material read(int index) {
        de.javagl.jgltf.impl.v2.Material m = gltf.getMaterials().get(index);
        String where = "materials[" + index + "]";
        Material out = new Material(m.getName() != null ? m.getName() : "material " + index);
        MaterialPbrMetallicRoughness pbr = m.getPbrMetallicRoughness();
        if (pbr != null) {
            if (pbr.getBaseColorFactor() != null) out.baseColor = checked(pbr.getBaseColorFactor(), 4, where
                    + ".pbrMetallicRoughness.baseColorFactor");
            if (pbr.getMetallicFactor() != null) out.metallic = pbr.getMetallicFactor();
            if (pbr.getRoughnessFactor() != null) out.roughness = pbr.getRoughnessFactor();
            out.baseColorTexture = ref(pbr.getBaseColorTexture(), where + ".pbrMetallicRoughness.baseColorTexture");
            out.metallicRoughnessTexture = ref(pbr.getMetallicRoughnessTexture(),
                    where + ".pbrMetallicRoughness.metallicRoughnessTexture");
        }
        MaterialNormalTextureInfo normal = m.getNormalTexture();
        if (normal != null) {
            out.normalTexture = ref(normal, where + ".normalTexture");
            if (normal.getScale() != null) out.normalScale = normal.getScale();
        }
        if (m.getOcclusionTexture() != null) {
            scene.features.add("occlusion maps", Support.IGNORED,
                    "the path tracer computes occlusion; baked occlusionTexture maps are not used");
        }
        out.emissiveTexture = ref(m.getEmissiveTexture(), where + ".emissiveTexture");
        if (m.getEmissiveFactor() != null) out.emissive = checked(m.getEmissiveFactor(), 3, where + ".emissiveFactor");
        String mode = m.getAlphaMode() != null ? m.getAlphaMode() : "OPAQUE";
        switch (mode) {
            case "OPAQUE" -> out.alphaMode = Material.AlphaMode.OPAQUE;
            case "MASK" -> out.alphaMode = Material.AlphaMode.MASK;
            case "BLEND" -> out.alphaMode = Material.AlphaMode.BLEND;
            default -> throw new SceneException(file, where + ".alphaMode '" + mode
                    + "' is not OPAQUE, MASK or BLEND");
        }
        if (m.getAlphaCutoff() != null) out.alphaCutoff = m.getAlphaCutoff();
        out.doubleSided = Boolean.TRUE.equals(m.isDoubleSided());
        readExtensions(m.getExtensions(), where, out);
        return out;
    }

    private void readExtensions(Map<String, Object> ext, String where, Material out) {
        if (ext == null) return;
        for (String name : ext.keySet()) {
            GltfExtensionSupport.Entry e = GltfExtensionSupport.of(name);
            scene.features.add(name, e.support(), e.note());
        }
        ExtensionObject strength = ExtensionObject.of(file, where, ext, "KHR_materials_emissive_strength");
        if (strength != null) out.emissiveStrength = strength.number("emissiveStrength", 1);
        ExtensionObject transmission = ExtensionObject.of(file, where, ext, "KHR_materials_transmission");
        if (transmission != null) {
            out.transmission = transmission.number("transmissionFactor", 0);
            out.transmissionTexture = ref(transmission.object("transmissionTexture"));
        }
        ExtensionObject ior = ExtensionObject.of(file, where, ext, "KHR_materials_ior");
        if (ior != null) out.ior = ior.number("ior", 1.5f);
        ExtensionObject sg = ExtensionObject.of(file, where, ext, "KHR_materials_pbrSpecularGlossiness");
        if (sg != null) {
            out.baseColor = sg.numbers("diffuseFactor", new float[] {1, 1, 1, 1});
            out.baseColorTexture = ref(sg.object("diffuseTexture"));
            out.metallic = 0;
            out.roughness = 1 - sg.number("glossinessFactor", 1);
            out.metallicRoughnessTexture = null;
        }
    }

    private float[] checked(float[] v, int n, String where) {
        if (v.length != n) throw new SceneException(file, where + ": expected " + n + " numbers, got " + v.length);
        return v.clone();
    }

    private TextureRef ref(TextureInfo info, String where) {
        if (info == null) return null;
        if (info.getIndex() == null) throw new SceneException(file, where + ".index is missing");
        return ref(info.getIndex(), info.getTexCoord() != null ? info.getTexCoord() : 0, info.getExtensions(), where);
    }

    /** A textureInfo object found inside a material extension. */
    private TextureRef ref(ExtensionObject info) {
        if (info == null) return null;
        Integer index = info.index("index");
        if (index == null) throw new SceneException(file, info.where + ".index is missing");
        Integer texCoord = info.index("texCoord");
        return ref(index, texCoord != null ? texCoord : 0, info.extensions(), info.where);
    }

    private TextureRef ref(int textureIndex, int texCoord, Map<String, Object> extensions, String where) {
        TextureRef r = new TextureRef(texture(textureIndex, where));
        r.texCoord = texCoord;
        ExtensionObject tt = ExtensionObject.of(file, where, extensions, "KHR_texture_transform");
        if (tt != null) {
            float[] offset = tt.numbers("offset", new float[] {0, 0});
            float[] scale = tt.numbers("scale", new float[] {1, 1});
            r.offsetU = offset[0];
            r.offsetV = offset[1];
            r.rotation = tt.number("rotation", 0);
            r.scaleU = scale[0];
            r.scaleV = scale[1];
            Integer override = tt.index("texCoord");
            if (override != null) r.texCoord = override;
            GltfExtensionSupport.Entry e = GltfExtensionSupport.of("KHR_texture_transform");
            scene.features.add("KHR_texture_transform", e.support(), e.note());
        }
        if (r.texCoord != 0) {
            scene.features.add("TEXCOORD_1", Support.IGNORED,
                    "only TEXCOORD_0 is loaded; texture slots using another set sample TEXCOORD_0");
        }
        return r;
    }

    /** Scene texture index of glTF texture {@code index} (its image, decoded once). */
    private int texture(int index, String where) {
        List<Texture> list = gltf.getTextures();
        if (list == null || index < 0 || index >= list.size()) {
            throw new SceneException(file, where + " refers to texture " + index + ", but the file has "
                    + (list == null ? 0 : list.size()) + " textures");
        }
        Texture t = list.get(index);
        noteSampler(t.getSampler());
        Integer source = t.getSource();
        if (source == null) {
            String ext = t.getExtensions() != null && !t.getExtensions().isEmpty()
                    ? String.join(", ", t.getExtensions().keySet()) : "none";
            return textures.unusable("texture " + index, "textures[" + index + "]",
                    "textures[" + index + "] has no PNG/JPEG source (image extensions: " + ext + ")");
        }
        return image(source, "textures[" + index + "].source");
    }

    private void noteSampler(Integer sampler) {
        if (sampler == null) return;
        List<Sampler> samplers = gltf.getSamplers();
        if (samplers == null || sampler < 0 || sampler >= samplers.size()) {
            throw new SceneException(file, "texture sampler " + sampler + " does not exist");
        }
        Sampler s = samplers.get(sampler);
        boolean repeat = (s.getWrapS() == null || s.getWrapS() == REPEAT)
                && (s.getWrapT() == null || s.getWrapT() == REPEAT);
        if (!repeat) {
            scene.features.add("texture wrap modes", Support.APPROXIMATED,
                    "CLAMP_TO_EDGE and MIRRORED_REPEAT samplers are sampled with REPEAT");
        }
    }

    private int image(int index, String where) {
        List<Image> images = gltf.getImages();
        if (images == null || index < 0 || index >= images.size()) {
            throw new SceneException(file, where + " refers to image " + index + ", but the file has "
                    + (images == null ? 0 : images.size()) + " images");
        }
        Image img = images.get(index);
        String name = img.getName() != null ? img.getName() : "images[" + index + "]";
        if (img.getUri() != null) {
            String uri = img.getUri();
            if (GltfUris.isDataUri(uri)) {
                return textures.embedded("image " + index, name, () -> {
                    try {
                        return GltfUris.decodeDataUri(uri);
                    } catch (IllegalArgumentException e) {
                        throw new IOException("images[" + index + "]: " + e.getMessage());
                    }
                });
            }
            if (GltfUris.isRemote(uri)) {
                return textures.unusable("uri " + uri, uri, "remote image URIs are not fetched: " + uri);
            }
            Path path;
            try {
                path = GltfUris.resolve(file.toAbsolutePath().getParent(), uri);
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return textures.unusable("uri " + uri, uri, "images[" + index + "] has an invalid uri: "
                        + e.getMessage());
            }
            return textures.file(path);
        }
        if (img.getBufferView() != null) {
            int view = img.getBufferView();
            return textures.embedded("bufferView " + view, name, () -> buffers.view(view, "images[" + index + "]"));
        }
        throw new SceneException(file, "images[" + index + "] has neither uri nor bufferView");
    }
}
