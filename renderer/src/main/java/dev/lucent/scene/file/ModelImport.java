package dev.lucent.scene.file;

import dev.lucent.scene.Animation;
import dev.lucent.scene.FeatureReport;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.TextureCache;
import dev.lucent.scene.TextureRef;

/**
 * A model file's scene appended ONCE to a Lucent scene (its meshes, materials, textures, cameras and
 * lights), then placed any number of times by {@link #instantiate}: each placement copies the model's node
 * tree under an instance node, the copies pointing at the shared meshes.
 */
final class ModelImport {
    final String name;
    private final Scene model;
    private final int meshOffset, materialOffset, cameraOffset, lightOffset;
    private int instances;

    /** Moves {@code model}'s content into {@code target}; {@code model} must not be used afterwards. */
    ModelImport(Scene target, TextureCache textures, String name, Scene model) {
        this.name = name;
        this.model = model;
        meshOffset = target.meshes.size();
        materialOffset = target.materials.size();
        cameraOffset = target.cameras.size();
        lightOffset = target.lights.size();
        int[] textureMap = new int[model.textures.size()];
        for (int i = 0; i < textureMap.length; i++) textureMap[i] = textures.adopt(model.textures.get(i));
        for (Material m : model.materials) {
            m.baseColorTexture = remap(m.baseColorTexture, textureMap);
            m.metallicRoughnessTexture = remap(m.metallicRoughnessTexture, textureMap);
            m.normalTexture = remap(m.normalTexture, textureMap);
            m.emissiveTexture = remap(m.emissiveTexture, textureMap);
            m.transmissionTexture = remap(m.transmissionTexture, textureMap);
            target.materials.add(m);
        }
        for (Mesh mesh : model.meshes) {
            for (int t = 0; t < mesh.materials.length; t++) mesh.materials[t] += materialOffset;
            target.meshes.add(mesh);
        }
        target.cameras.addAll(model.cameras);
        target.lights.addAll(model.lights);
        for (FeatureReport.Entry e : model.features.entries()) target.features.add(e.feature(), e.support(), e.note());
        target.warnings.addAll(model.warnings);
        target.degenerateTriangles += model.degenerateTriangles;
    }

    private static TextureRef remap(TextureRef r, int[] textureMap) {
        if (r == null) return null;
        TextureRef out = new TextureRef(textureMap[r.image]);
        out.texCoord = r.texCoord;
        out.offsetU = r.offsetU;
        out.offsetV = r.offsetV;
        out.rotation = r.rotation;
        out.scaleU = r.scaleU;
        out.scaleV = r.scaleV;
        return out;
    }

    /**
     * Copies the model's node tree under {@code instanceNode} (its roots become the instance node's
     * children); {@code materialOverride} (a scene material index, or -1) goes on every copied node. The
     * model's animations are copied onto the new nodes.
     */
    void instantiate(Scene target, int instanceNode, int materialOverride) {
        int base = target.nodes.size();
        for (Node n : model.nodes) {
            Node c = new Node(n.name);
            c.parent = n.parent < 0 ? instanceNode : base + n.parent;
            c.translation.set(n.translation);
            c.rotation.set(n.rotation);
            c.scale.set(n.scale);
            if (n.matrix != null) c.matrix = new org.joml.Matrix4f(n.matrix);
            c.mesh = n.mesh >= 0 ? n.mesh + meshOffset : -1;
            c.camera = n.camera >= 0 ? n.camera + cameraOffset : -1;
            c.light = n.light >= 0 ? n.light + lightOffset : -1;
            c.materialOverride = materialOverride >= 0 ? materialOverride
                    : n.materialOverride >= 0 ? n.materialOverride + materialOffset : -1;
            target.addNode(c);
        }
        for (Animation a : model.animations) {
            Animation copy = new Animation(a.name + " [" + name + " #" + instances + "]");
            for (Animation.Channel ch : a.channels) {
                copy.channels.add(new Animation.Channel(base + ch.node, ch.path, ch.interpolation, ch.times,
                        ch.values));
            }
            target.animations.add(copy);
        }
        instances++;
    }
}
