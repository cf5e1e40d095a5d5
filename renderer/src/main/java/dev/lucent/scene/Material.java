package dev.lucent.scene;

/** glTF 2.0 metallic-roughness material plus the extensions Lucent renders. Colours are linear. */
public final class Material {
    public enum AlphaMode { OPAQUE, MASK, BLEND }

    public String name;
    public float[] baseColor = {1, 1, 1, 1};
    public float metallic = 1;
    public float roughness = 1;
    public float[] emissive = {0, 0, 0};
    /** KHR_materials_emissive_strength. */
    public float emissiveStrength = 1;
    /** KHR_materials_transmission. */
    public float transmission = 0;
    /** KHR_materials_ior. */
    public float ior = 1.5f;
    public AlphaMode alphaMode = AlphaMode.OPAQUE;
    public float alphaCutoff = 0.5f;
    public boolean doubleSided = false;
    public float normalScale = 1;
    public TextureRef baseColorTexture, metallicRoughnessTexture, normalTexture, emissiveTexture,
            transmissionTexture;

    public Material(String name) { this.name = name; }

    /** The material glTF prescribes when a primitive names none. */
    public static Material defaultMaterial() {
        return new Material("default");
    }

    public boolean isEmissive() {
        return (emissive[0] > 0 || emissive[1] > 0 || emissive[2] > 0) && emissiveStrength > 0;
    }
}
