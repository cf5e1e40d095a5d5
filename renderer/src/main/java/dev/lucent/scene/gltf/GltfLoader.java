package dev.lucent.scene.gltf;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.javagl.jgltf.impl.v2.Accessor;
import de.javagl.jgltf.impl.v2.AnimationChannel;
import de.javagl.jgltf.impl.v2.AnimationSampler;
import de.javagl.jgltf.impl.v2.BufferView;
import de.javagl.jgltf.impl.v2.GlTF;
import dev.lucent.scene.Animation;
import dev.lucent.scene.Camera;
import dev.lucent.scene.FeatureReport.Support;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.TextureCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * glTF 2.0 importer (.gltf with external or base64 data-URI buffers, and .glb). The JSON is bound to jgltf's
 * typed glTF 2.0 classes (de.javagl jgltf-impl-v2, whose setters check the schema's value constraints); the
 * binary container, URIs, accessors and everything after are Lucent's, so every problem becomes a
 * {@link SceneException} naming the file and the JSON path. See docs/decisions.md for why jgltf and not
 * Assimp reads glTF.
 *
 * <p>Carried into the scene model: the node hierarchy of the default scene (parents before children, TRS or
 * matrix), one {@link Mesh} per used glTF mesh, materials with their textures (each image decoded once),
 * cameras, KHR_lights_punctual lights, and node TRS animations. Every extension in extensionsUsed, and
 * every notable feature Lucent does not render, goes into {@link Scene#features}.
 */
public final class GltfLoader {
    private GltfLoader() {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static Scene load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SceneException(file, "cannot read: " + e.getMessage(), e);
        }
        ByteBuffer whole = ByteBuffer.wrap(bytes);
        boolean glb = GlbContainer.isGlb(whole);
        ByteBuffer json = whole, bin = null;
        if (glb) {
            GlbContainer c = GlbContainer.parse(file, whole);
            json = c.json();
            bin = c.bin();
        } else if (file.getFileName().toString().toLowerCase().endsWith(".glb")) {
            throw new SceneException(file, "not a binary glTF file (no 'glTF' magic at the start)");
        }
        GlTF gltf = parse(file, json);
        Scene scene = new Scene(file);
        scene.format = glb ? "glTF 2.0 (binary)" : "glTF 2.0";
        new Importer(file, gltf, scene, bin).run();
        return scene;
    }

    private static GlTF parse(Path file, ByteBuffer json) {
        byte[] text = new byte[json.remaining()];
        json.duplicate().get(text);
        GlTF gltf;
        try {
            gltf = JSON.readValue(text, GlTF.class);
        } catch (JsonParseException e) {
            throw new SceneException(file, "malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonParseException syntax) {
                throw new SceneException(file, "malformed JSON" + at(syntax.getLocation()) + ": "
                        + syntax.getOriginalMessage());
            }
            String path = jsonPath(e.getPath());
            throw new SceneException(file, "invalid glTF" + at(e.getLocation()) + (path.isEmpty() ? "" : " (" + path
                    + ")") + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new SceneException(file, "invalid glTF JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SceneException(file, "cannot read the glTF JSON: " + e.getMessage(), e);
        }
        if (gltf == null) throw new SceneException(file, "the glTF JSON is empty");
        if (gltf.getAsset() == null || gltf.getAsset().getVersion() == null) {
            throw new SceneException(file, "not a glTF 2.0 file: asset.version is missing");
        }
        if (!gltf.getAsset().getVersion().startsWith("2.")) {
            throw new SceneException(file, "glTF version " + gltf.getAsset().getVersion()
                    + " is not supported (Lucent reads glTF 2.x)");
        }
        return gltf;
    }

    private static String at(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) return "";
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String jsonPath(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** One import: the state shared by the steps. */
    private static final class Importer {
        final Path file;
        final GlTF gltf;
        final Scene scene;
        final ByteBuffer bin;
        int defaultMaterial = -1;

        Importer(Path file, GlTF gltf, Scene scene, ByteBuffer bin) {
            this.file = file;
            this.gltf = gltf;
            this.scene = scene;
            this.bin = bin;
        }

        void run() {
            extensions();
            checkRequired();
            GltfBuffers buffers = new GltfBuffers(file, gltf, bin);
            GltfAccessorReader accessors = new GltfAccessorReader(file, gltf, buffers.data);
            TextureCache textures = new TextureCache(scene);
            GltfMaterialReader materials = new GltfMaterialReader(file, gltf, scene, textures, buffers);
            for (int i = 0; i < size(gltf.getMaterials()); i++) scene.materials.add(materials.read(i));
            textures.decodeAll();
            GltfMeshBuilder meshes = new GltfMeshBuilder(file, gltf, scene, accessors, this::defaultMaterial);
            for (int i = 0; i < size(gltf.getCameras()); i++) scene.cameras.add(camera(i));
            lights();
            int[] nodeMap = nodes(meshes);
            animations(accessors, nodeMap);
            if (size(gltf.getSkins()) > 0) {
                scene.features.add("skins", Support.IGNORED, "skinned meshes are rendered in their bind pose");
            }
        }

        int defaultMaterial() {
            if (defaultMaterial < 0) {
                scene.materials.add(Material.defaultMaterial());
                defaultMaterial = scene.materials.size() - 1;
            }
            return defaultMaterial;
        }

        /** extensionsUsed into the feature report; unsupported extensionsRequired refuse the file. */
        void extensions() {
            Set<String> used = new LinkedHashSet<>();
            if (gltf.getExtensionsUsed() != null) used.addAll(gltf.getExtensionsUsed());
            if (gltf.getExtensionsRequired() != null) used.addAll(gltf.getExtensionsRequired());
            for (String ext : used) {
                GltfExtensionSupport.Entry e = GltfExtensionSupport.of(ext);
                scene.features.add(ext, e.support(), e.note());
            }
            if (gltf.getExtensionsRequired() != null) {
                for (String ext : gltf.getExtensionsRequired()) {
                    if (GltfExtensionSupport.of(ext).support() == Support.IGNORED) {
                        throw new SceneException(file, "requires glTF extension " + ext + ", which Lucent does not"
                                + " support (supported: " + GltfExtensionSupport.requirable() + ")");
                    }
                }
            }
        }

        /** Properties the glTF schema requires, on the objects whose absence would break reading. */
        void checkRequired() {
            List<Accessor> acc = gltf.getAccessors() != null ? gltf.getAccessors() : List.of();
            for (int i = 0; i < acc.size(); i++) {
                Accessor a = acc.get(i);
                String w = "accessors[" + i + "]";
                require(a.getComponentType(), w + ".componentType");
                require(a.getCount(), w + ".count");
                require(a.getType(), w + ".type");
                if (a.getSparse() != null) {
                    require(a.getSparse().getCount(), w + ".sparse.count");
                    require(a.getSparse().getIndices(), w + ".sparse.indices");
                    require(a.getSparse().getValues(), w + ".sparse.values");
                    require(a.getSparse().getIndices().getBufferView(), w + ".sparse.indices.bufferView");
                    require(a.getSparse().getIndices().getComponentType(), w + ".sparse.indices.componentType");
                    require(a.getSparse().getValues().getBufferView(), w + ".sparse.values.bufferView");
                }
            }
            List<BufferView> views = gltf.getBufferViews() != null ? gltf.getBufferViews() : List.of();
            for (int i = 0; i < views.size(); i++) {
                require(views.get(i).getBuffer(), "bufferViews[" + i + "].buffer");
                require(views.get(i).getByteLength(), "bufferViews[" + i + "].byteLength");
            }
        }

        void require(Object value, String where) {
            if (value == null) throw new SceneException(file, where + " is missing (required by glTF 2.0)");
        }

        Camera camera(int i) {
            de.javagl.jgltf.impl.v2.Camera c = gltf.getCameras().get(i);
            Camera out = new Camera(c.getName() != null ? c.getName() : "camera " + i);
            String where = "cameras[" + i + "]";
            if ("orthographic".equals(c.getType())) {
                out.type = Camera.Type.ORTHOGRAPHIC;
                require(c.getOrthographic(), where + ".orthographic");
                require(c.getOrthographic().getXmag(), where + ".orthographic.xmag");
                require(c.getOrthographic().getYmag(), where + ".orthographic.ymag");
                out.xmag = c.getOrthographic().getXmag();
                out.ymag = c.getOrthographic().getYmag();
            } else if ("perspective".equals(c.getType())) {
                require(c.getPerspective(), where + ".perspective");
                require(c.getPerspective().getYfov(), where + ".perspective.yfov");
                out.type = Camera.Type.PERSPECTIVE;
                out.yfov = c.getPerspective().getYfov();
                if (c.getPerspective().getAspectRatio() != null) out.aspectRatio = c.getPerspective().getAspectRatio();
            } else {
                throw new SceneException(file, where + ".type '" + c.getType()
                        + "' is not 'perspective' or 'orthographic'");
            }
            return out;
        }

        void lights() {
            ExtensionObject root = ExtensionObject.of(file, "", gltf.getExtensions(), "KHR_lights_punctual");
            if (root == null) return;
            GltfExtensionSupport.Entry e = GltfExtensionSupport.of("KHR_lights_punctual");
            scene.features.add("KHR_lights_punctual", e.support(), e.note());
            for (ExtensionObject l : root.objects("lights")) {
                String type = l.string("type", null);
                Light.Type t;
                if ("point".equals(type)) t = Light.Type.POINT;
                else if ("spot".equals(type)) t = Light.Type.SPOT;
                else if ("directional".equals(type)) t = Light.Type.DIRECTIONAL;
                else throw new SceneException(file, l.where + ".type '" + type
                        + "' is not 'point', 'spot' or 'directional'");
                Light out = new Light(l.string("name", "light " + scene.lights.size()), t);
                out.color = l.numbers("color", new float[] {1, 1, 1});
                out.intensity = l.number("intensity", 1);
                out.range = l.number("range", 0);
                ExtensionObject spot = l.object("spot");
                if (spot != null) {
                    out.innerConeAngle = spot.number("innerConeAngle", 0);
                    out.outerConeAngle = spot.number("outerConeAngle", (float) (Math.PI / 4));
                }
                scene.lights.add(out);
            }
        }

        /**
         * Nodes of the default scene (or every root when the file has no scenes), depth first so parents
         * precede children. Returns the glTF node index to Scene.nodes index map (-1 for nodes not placed).
         */
        int[] nodes(GltfMeshBuilder meshes) {
            List<de.javagl.jgltf.impl.v2.Node> nodes = gltf.getNodes() != null ? gltf.getNodes() : List.of();
            int[] map = new int[nodes.size()];
            Arrays.fill(map, -1);
            List<Integer> roots = roots(nodes);
            Map<Integer, Integer> meshMap = new HashMap<>();
            Deque<int[]> stack = new ArrayDeque<>(); // {glTF node, scene parent}
            for (int r = roots.size() - 1; r >= 0; r--) stack.push(new int[] {roots.get(r), -1});
            while (!stack.isEmpty()) {
                int[] top = stack.pop();
                int gi = top[0];
                if (gi < 0 || gi >= nodes.size()) {
                    throw new SceneException(file, "node index " + gi + " does not exist (" + nodes.size() + " nodes)");
                }
                if (map[gi] >= 0) {
                    throw new SceneException(file, "nodes[" + gi + "] is reached twice: glTF nodes form a tree"
                            + " (one parent each, no cycles)");
                }
                de.javagl.jgltf.impl.v2.Node g = nodes.get(gi);
                Node n = node(gi, g, meshes, meshMap);
                n.parent = top[1];
                map[gi] = scene.addNode(n);
                List<Integer> children = g.getChildren() != null ? g.getChildren() : List.of();
                for (int c = children.size() - 1; c >= 0; c--) stack.push(new int[] {children.get(c), map[gi]});
            }
            return map;
        }

        List<Integer> roots(List<de.javagl.jgltf.impl.v2.Node> nodes) {
            List<de.javagl.jgltf.impl.v2.Scene> scenes = gltf.getScenes();
            if (scenes != null && !scenes.isEmpty()) {
                int s = gltf.getScene() != null ? gltf.getScene() : 0;
                if (s < 0 || s >= scenes.size()) {
                    throw new SceneException(file, "scene " + s + " does not exist (" + scenes.size() + " scenes)");
                }
                if (scenes.size() > 1) {
                    scene.features.add("multiple scenes", Support.APPROXIMATED, "only scene " + s
                            + " (the default) is loaded");
                }
                return scenes.get(s).getNodes() != null ? scenes.get(s).getNodes() : List.of();
            }
            boolean[] isChild = new boolean[nodes.size()];
            for (de.javagl.jgltf.impl.v2.Node n : nodes) {
                if (n.getChildren() == null) continue;
                for (int c : n.getChildren()) if (c >= 0 && c < isChild.length) isChild[c] = true;
            }
            List<Integer> roots = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) if (!isChild[i]) roots.add(i);
            return roots;
        }

        Node node(int gi, de.javagl.jgltf.impl.v2.Node g, GltfMeshBuilder meshes, Map<Integer, Integer> meshMap) {
            String where = "nodes[" + gi + "]";
            Node n = new Node(g.getName() != null ? g.getName() : "node " + gi);
            if (g.getMatrix() != null) {
                float[] m = vector(g.getMatrix(), 16, where + ".matrix");
                n.matrix = new org.joml.Matrix4f().set(m);
            } else {
                if (g.getTranslation() != null) {
                    float[] t = vector(g.getTranslation(), 3, where + ".translation");
                    n.translation.set(t[0], t[1], t[2]);
                }
                if (g.getRotation() != null) {
                    float[] r = vector(g.getRotation(), 4, where + ".rotation");
                    if (r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0) {
                        throw new SceneException(file, where + ".rotation is the zero quaternion");
                    }
                    n.rotation.set(r[0], r[1], r[2], r[3]).normalize();
                }
                if (g.getScale() != null) {
                    float[] s = vector(g.getScale(), 3, where + ".scale");
                    n.scale.set(s[0], s[1], s[2]);
                }
            }
            if (g.getMesh() != null) {
                int mi = g.getMesh();
                if (mi < 0 || mi >= size(gltf.getMeshes())) {
                    throw new SceneException(file, where + ".mesh " + mi + " does not exist (" + size(gltf.getMeshes())
                            + " meshes)");
                }
                Integer sceneMesh = meshMap.get(mi);
                if (sceneMesh == null) {
                    Mesh m = meshes.build(mi);
                    if (m != null) scene.meshes.add(m);
                    sceneMesh = m != null ? scene.meshes.size() - 1 : -1;
                    meshMap.put(mi, sceneMesh);
                }
                n.mesh = sceneMesh;
            }
            if (g.getCamera() != null) {
                if (g.getCamera() < 0 || g.getCamera() >= scene.cameras.size()) {
                    throw new SceneException(file, where + ".camera " + g.getCamera() + " does not exist");
                }
                n.camera = g.getCamera();
            }
            ExtensionObject light = ExtensionObject.of(file, where, g.getExtensions(), "KHR_lights_punctual");
            if (light != null) {
                Integer li = light.index("light");
                if (li == null || li >= scene.lights.size()) {
                    throw new SceneException(file, light.where + ".light " + li + " does not exist ("
                            + scene.lights.size() + " lights)");
                }
                n.light = li;
            }
            if (g.getSkin() != null) {
                scene.features.add("skins", Support.IGNORED, "skinned meshes are rendered in their bind pose");
            }
            return n;
        }

        float[] vector(float[] v, int n, String where) {
            if (v.length != n) throw new SceneException(file, where + ": expected " + n + " numbers, got " + v.length);
            for (float f : v) if (!Float.isFinite(f)) throw new SceneException(file, where + ": not finite");
            return v;
        }

        void animations(GltfAccessorReader accessors, int[] nodeMap) {
            List<de.javagl.jgltf.impl.v2.Animation> list = gltf.getAnimations();
            for (int a = 0; a < size(list); a++) {
                de.javagl.jgltf.impl.v2.Animation ga = list.get(a);
                String where = "animations[" + a + "]";
                Animation out = new Animation(ga.getName() != null ? ga.getName() : "animation " + a);
                List<AnimationChannel> channels = ga.getChannels() != null ? ga.getChannels() : List.of();
                for (int c = 0; c < channels.size(); c++) {
                    Animation.Channel ch = channel(ga, channels.get(c), where + ".channels[" + c + "]", accessors,
                            nodeMap);
                    if (ch != null) out.channels.add(ch);
                }
                if (!out.channels.isEmpty()) scene.animations.add(out);
            }
        }

        Animation.Channel channel(de.javagl.jgltf.impl.v2.Animation ga, AnimationChannel ch, String where,
                GltfAccessorReader accessors, int[] nodeMap) {
            require(ch.getTarget(), where + ".target");
            require(ch.getTarget().getPath(), where + ".target.path");
            require(ch.getSampler(), where + ".sampler");
            String path = ch.getTarget().getPath();
            Animation.Path p;
            switch (path) {
                case "translation" -> p = Animation.Path.TRANSLATION;
                case "rotation" -> p = Animation.Path.ROTATION;
                case "scale" -> p = Animation.Path.SCALE;
                case "weights" -> {
                    scene.features.add("morph weight animation", Support.IGNORED,
                            "animation channels targeting weights are not played");
                    return null;
                }
                default -> {
                    scene.features.add("animation path " + path, Support.IGNORED, "not a node TRS channel");
                    return null;
                }
            }
            Integer target = ch.getTarget().getNode();
            if (target == null) return null; // targets defined by an extension (KHR_animation_pointer)
            if (target < 0 || target >= nodeMap.length) {
                throw new SceneException(file, where + ".target.node " + target + " does not exist");
            }
            if (nodeMap[target] < 0) return null; // node not in the loaded scene
            List<AnimationSampler> samplers = ga.getSamplers() != null ? ga.getSamplers() : List.of();
            int si = ch.getSampler();
            if (si < 0 || si >= samplers.size()) {
                throw new SceneException(file, where + ".sampler " + si + " does not exist");
            }
            AnimationSampler s = samplers.get(si);
            String sWhere = where.substring(0, where.indexOf(".channels")) + ".samplers[" + si + "]";
            require(s.getInput(), sWhere + ".input");
            require(s.getOutput(), sWhere + ".output");
            String interp = s.getInterpolation() != null ? s.getInterpolation() : "LINEAR";
            Animation.Interpolation ip;
            switch (interp) {
                case "LINEAR" -> ip = Animation.Interpolation.LINEAR;
                case "STEP" -> ip = Animation.Interpolation.STEP;
                case "CUBICSPLINE" -> ip = Animation.Interpolation.CUBICSPLINE;
                default -> throw new SceneException(file, sWhere + ".interpolation '" + interp + "' is unknown");
            }
            float[] times = accessors.floats(s.getInput(), "input of " + sWhere, 1);
            for (int i = 0; i < times.length; i++) {
                if (!Float.isFinite(times[i]) || (i > 0 && times[i] < times[i - 1])) {
                    throw new SceneException(file, sWhere + ": key times must be finite and ascending (key " + i
                            + " is " + times[i] + ")");
                }
            }
            int comps = p == Animation.Path.ROTATION ? 4 : 3;
            float[] values = accessors.floats(s.getOutput(), "output of " + sWhere, comps);
            int perKey = ip == Animation.Interpolation.CUBICSPLINE ? 3 : 1;
            if (values.length != times.length * comps * perKey) {
                throw new SceneException(file, sWhere + ": " + times.length + " key times but "
                        + values.length / comps + " output values (expected " + times.length * perKey + ")");
            }
            return new Animation.Channel(nodeMap[target], p, ip, times, values);
        }

        static int size(List<?> l) { return l == null ? 0 : l.size(); }
    }
}
