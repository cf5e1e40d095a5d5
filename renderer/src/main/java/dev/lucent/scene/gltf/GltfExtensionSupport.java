package dev.lucent.scene.gltf;

import dev.lucent.scene.FeatureReport.Support;
import java.util.Map;
import java.util.TreeSet;

/**
 * How Lucent treats each glTF extension it knows; anything else is IGNORED as "unknown extension". A file
 * whose extensionsRequired names an IGNORED extension cannot be rendered faithfully and is refused (glTF 2.0
 * specification section 3.12).
 */
final class GltfExtensionSupport {
    private GltfExtensionSupport() {}

    record Entry(Support support, String note) {}

    private static final Map<String, Entry> TABLE = Map.ofEntries(
            e("KHR_materials_emissive_strength", Support.SUPPORTED, "emissiveStrength scales emissive"),
            e("KHR_materials_transmission", Support.SUPPORTED, "transmissionFactor and transmissionTexture"),
            e("KHR_materials_ior", Support.SUPPORTED, "index of refraction"),
            e("KHR_texture_transform", Support.SUPPORTED, "offset, rotation, scale on every texture slot"),
            e("KHR_lights_punctual", Support.SUPPORTED, "point, spot and directional lights on nodes"),
            e("KHR_mesh_quantization", Support.SUPPORTED, "integer and normalized attributes decoded to float"),
            e("KHR_materials_pbrSpecularGlossiness", Support.APPROXIMATED,
                    "converted: diffuse to base colour, metallic 0, roughness = 1 - glossiness; specular colour"
                            + " and specularGlossinessTexture ignored"),
            e("KHR_materials_clearcoat", Support.IGNORED, "rendered without clearcoat"),
            e("KHR_materials_sheen", Support.IGNORED, "rendered without sheen"),
            e("KHR_materials_specular", Support.IGNORED, "specular strength and colour ignored; F0 from ior"),
            e("KHR_materials_volume", Support.IGNORED,
                    "rendered without volume absorption (thickness, attenuation)"),
            e("KHR_materials_iridescence", Support.IGNORED, "rendered without iridescence"),
            e("KHR_materials_anisotropy", Support.IGNORED, "rendered with isotropic roughness"),
            e("KHR_materials_dispersion", Support.IGNORED, "rendered without dispersion"),
            e("KHR_materials_diffuse_transmission", Support.IGNORED, "rendered without diffuse transmission"),
            e("KHR_materials_unlit", Support.IGNORED, "rendered as a lit PBR material"),
            e("KHR_materials_variants", Support.IGNORED, "each primitive's default material is used"),
            e("KHR_texture_basisu", Support.IGNORED,
                    "KTX2 images are not decoded; the texture's PNG/JPEG fallback source is used if present"),
            e("EXT_texture_webp", Support.IGNORED,
                    "WebP images are not decoded; the texture's PNG/JPEG fallback source is used if present"),
            e("EXT_texture_avif", Support.IGNORED,
                    "AVIF images are not decoded; the texture's PNG/JPEG fallback source is used if present"),
            e("KHR_draco_mesh_compression", Support.IGNORED,
                    "Draco data is not decoded; the uncompressed fallback attributes are used"),
            e("EXT_meshopt_compression", Support.IGNORED,
                    "meshopt data is not decoded; the uncompressed fallback buffers are used"),
            e("EXT_mesh_gpu_instancing", Support.IGNORED, "per-instance transforms are not expanded"),
            e("KHR_animation_pointer", Support.IGNORED, "only node TRS animation channels are played"),
            e("KHR_xmp_json_ld", Support.IGNORED, "metadata only, not needed for rendering"),
            e("EXT_lights_image_based", Support.IGNORED, "use the scene file's environment instead"));

    private static Map.Entry<String, Entry> e(String name, Support s, String note) {
        return Map.entry(name, new Entry(s, note));
    }

    static Entry of(String extension) {
        Entry e = TABLE.get(extension);
        return e != null ? e : new Entry(Support.IGNORED, "unknown extension");
    }

    /** Names of the extensions a file may require, sorted, for error messages. */
    static String requirable() {
        TreeSet<String> names = new TreeSet<>();
        TABLE.forEach((k, v) -> {
            if (v.support() != Support.IGNORED) names.add(k);
        });
        return String.join(", ", names);
    }
}
