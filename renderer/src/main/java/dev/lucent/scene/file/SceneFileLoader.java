package dev.lucent.scene.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lucent.scene.Animation;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.SceneLoader;
import dev.lucent.scene.SceneValidator;
import dev.lucent.scene.Shapes;
import dev.lucent.scene.TextureCache;
import dev.lucent.scene.TextureRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joml.Matrix4f;
import org.joml.Quaternionf;
import org.joml.Vector3f;

/**
 * Lucent scene file (.json) loader. The format is documented for users in docs/scene-format.md; in short:
 * "models" (name → file, loaded once each), "instances" (a model placed with translate / rotate / scale or a
 * matrix, optional material override), "shapes" (quad, box, sphere, disk), "materials" (glTF-like fields),
 * "cameras" (position / lookAt / up / fov, thin lens, keyframed "path"), "lights", "environment", "render"
 * and "animation". Relative paths resolve against the scene file's folder. Unknown keys are warnings;
 * malformed JSON, bad values and missing models are {@link SceneException}s naming the file and the JSON
 * path. The result has passed {@link SceneValidator}: models when they were loaded, the rest here.
 */
public final class SceneFileLoader {
    private SceneFileLoader() {}

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Materials defined in the scene file start from these values (glTF's defaults are metallic 1, rough 1). */
    static final float DEFAULT_METALLIC = 0, DEFAULT_ROUGHNESS = 0.5f;

    public static Scene load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String at = l != null && l.getLineNr() > 0
                    ? " at line " + l.getLineNr() + ", column " + l.getColumnNr() : "";
            throw new SceneException(file, "malformed JSON" + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SceneException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) throw new SceneException(file, "the scene file is empty");
        Scene scene = new Scene(file);
        scene.format = "Lucent scene";
        new Reader(file, root, scene).run();
        return scene;
    }

    private static final class Reader {
        final Path file;
        final Path dir;
        final JsonFields top;
        final Scene scene;
        final TextureCache textures;
        final Map<String, Integer> materials = new HashMap<>();
        final List<Integer> ownMeshes = new ArrayList<>();
        int defaultMaterial = -1;

        Reader(Path file, JsonNode root, Scene scene) {
            this.file = file;
            this.dir = file.toAbsolutePath().getParent();
            this.scene = scene;
            this.top = new JsonFields(file, "", root, scene.warnings);
            this.textures = new TextureCache(scene);
        }

        void run() {
            render();
            animation();
            for (Map.Entry<String, JsonNode> e : top.entries("materials")) {
                JsonFields f = new JsonFields(file, "materials." + e.getKey(), e.getValue(), scene.warnings);
                scene.materials.add(material(e.getKey(), f));
                materials.put(e.getKey(), scene.materials.size() - 1);
                f.finish();
            }
            List<JsonFields> cameras = top.objects("cameras");
            for (int i = 0; i < cameras.size(); i++) camera(cameras.get(i), i);
            models();
            List<JsonFields> shapes = top.objects("shapes");
            for (int i = 0; i < shapes.size(); i++) shape(shapes.get(i), i);
            List<JsonFields> lights = top.objects("lights");
            for (int i = 0; i < lights.size(); i++) light(lights.get(i), i);
            environment();
            textures.decodeAll();
            top.finish();
            checkRenderCamera();
            for (int m : ownMeshes) scene.degenerateTriangles += SceneValidator.checkMesh(scene, m);
            SceneValidator.checkStructure(scene);
        }

        Path resolve(String path) {
            try {
                return dir.resolve(path).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new SceneException(file, "invalid path '" + path + "': " + e.getMessage());
            }
        }

        // ---- render settings ----

        void render() {
            JsonFields r = top.object("render");
            if (r == null) return;
            RenderSettings s = scene.settings;
            s.width = r.optionalInt("width", 1);
            s.height = r.optionalInt("height", 1);
            s.spp = r.optionalInt("spp", 1);
            s.maxDepth = r.optionalInt("maxDepth", 0);
            s.threads = r.optionalInt("threads", 1);
            s.seed = r.optionalLong("seed");
            s.clamp = r.optionalNumberAtLeast("clamp", 0, false);
            s.camera = r.string("camera", null);
            s.exposure = r.optionalNumber("exposure");
            s.toneMap = r.string("toneMap", null);
            r.finish();
        }

        void animation() {
            JsonFields a = top.object("animation");
            if (a == null) return;
            scene.settings.fps = a.optionalNumberAtLeast("fps", 0, true);
            a.finish();
        }

        void checkRenderCamera() {
            String wanted = scene.settings.camera;
            if (wanted == null) return;
            List<String> names = new ArrayList<>();
            for (Camera c : scene.cameras) {
                if (wanted.equals(c.name)) return;
                names.add(c.name);
            }
            throw new SceneException(file, "render.camera: no camera named '" + wanted + "' (cameras: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }

        // ---- materials ----

        Material material(String name, JsonFields f) {
            Material m = new Material(name);
            m.metallic = DEFAULT_METALLIC;
            m.roughness = DEFAULT_ROUGHNESS;
            float[] bc = f.vector("baseColor", 3, 4);
            if (bc != null) m.baseColor = new float[] {bc[0], bc[1], bc[2], bc.length == 4 ? bc[3] : 1};
            m.metallic = unit(f, "metallic", m.metallic);
            m.roughness = unit(f, "roughness", m.roughness);
            float[] em = f.vector("emissive", 3);
            if (em != null) m.emissive = em;
            Float strength = f.optionalNumberAtLeast("emissiveStrength", 0, false);
            if (strength != null) m.emissiveStrength = strength;
            m.transmission = unit(f, "transmission", 0);
            Float ior = f.optionalNumberAtLeast("ior", 1, false);
            if (ior != null) m.ior = ior;
            String mode = f.string("alphaMode", "opaque");
            switch (mode.toLowerCase()) {
                case "opaque" -> m.alphaMode = Material.AlphaMode.OPAQUE;
                case "mask" -> m.alphaMode = Material.AlphaMode.MASK;
                case "blend" -> m.alphaMode = Material.AlphaMode.BLEND;
                default -> throw f.error("alphaMode", "'" + mode + "' is not opaque, mask or blend");
            }
            m.alphaCutoff = unit(f, "alphaCutoff", m.alphaCutoff);
            m.doubleSided = f.bool("doubleSided", false);
            m.normalScale = f.number("normalScale", 1);
            m.baseColorTexture = texture(f, "baseColorTexture");
            m.metallicRoughnessTexture = texture(f, "metallicRoughnessTexture");
            m.normalTexture = texture(f, "normalTexture");
            m.emissiveTexture = texture(f, "emissiveTexture");
            m.transmissionTexture = texture(f, "transmissionTexture");
            if (m.emissiveTexture != null && em == null) m.emissive = new float[] {1, 1, 1};
            return m;
        }

        float unit(JsonFields f, String key, float fallback) {
            Float v = f.optionalNumber(key);
            if (v == null) return fallback;
            if (v < 0 || v > 1) throw f.error(key, "must be between 0 and 1, got " + v);
            return v;
        }

        /** "slot": "path.png" or "slot": {"path": ..., "offset": [u, v], "rotation": degrees, "scale": [u, v]}. */
        TextureRef texture(JsonFields f, String key) {
            JsonNode v = f.raw(key);
            if (v == null) return null;
            if (v.isTextual()) return new TextureRef(textures.file(resolve(v.asText())));
            JsonFields t = f.object(key);
            TextureRef r = new TextureRef(textures.file(resolve(t.requiredString("path"))));
            float[] offset = t.vector("offset", 2);
            float[] scale = t.vector("scale", 2);
            if (offset != null) {
                r.offsetU = offset[0];
                r.offsetV = offset[1];
            }
            if (scale != null) {
                r.scaleU = scale[0];
                r.scaleV = scale[1];
            }
            r.rotation = (float) Math.toRadians(t.number("rotation", 0));
            t.finish();
            return r;
        }

        int materialByName(JsonFields f, String key) {
            String name = f.string(key, null);
            if (name == null) return -1;
            Integer index = materials.get(name);
            if (index == null) {
                throw f.error(key, "no material named '" + name + "' (materials: "
                        + (materials.isEmpty() ? "none"
                                : String.join(", ", new java.util.TreeSet<>(materials.keySet())))
                        + ")");
            }
            return index;
        }

        int defaultMaterial() {
            if (defaultMaterial < 0) {
                Material m = new Material("default");
                m.baseColor = new float[] {0.8f, 0.8f, 0.8f, 1};
                m.metallic = DEFAULT_METALLIC;
                m.roughness = DEFAULT_ROUGHNESS;
                scene.materials.add(m);
                defaultMaterial = scene.materials.size() - 1;
            }
            return defaultMaterial;
        }

        // ---- models and instances ----

        void models() {
            Map<String, Path> paths = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : top.entries("models")) {
                String where = "models." + e.getKey();
                if (!e.getValue().isTextual()) throw new SceneException(file, where + ": expected a file path string");
                Path p = resolve(e.getValue().asText());
                String ext = SceneLoader.extension(p);
                if (!List.of("gltf", "glb", "obj", "ply").contains(ext)) {
                    throw new SceneException(file, where + ": model '" + e.getValue().asText()
                            + "' is not a .gltf, .glb, .obj or .ply file");
                }
                if (!Files.isRegularFile(p)) {
                    throw new SceneException(file, where + ": model file '" + e.getValue().asText() + "' not found ("
                            + p + ")");
                }
                paths.put(e.getKey(), p);
            }
            Map<String, ModelImport> loaded = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            List<JsonFields> instances = top.objects("instances");
            for (int i = 0; i < instances.size(); i++) {
                JsonFields f = instances.get(i);
                String model = f.requiredString("model");
                Path p = paths.get(model);
                if (p == null) {
                    throw f.error("model", "no model named '" + model + "' (models: "
                            + (paths.isEmpty() ? "none" : String.join(", ", paths.keySet())) + ")");
                }
                ModelImport imp = loaded.computeIfAbsent(model,
                        k -> new ModelImport(scene, textures, k, SceneLoader.load(p)));
                int k = counts.merge(model, 1, Integer::sum) - 1;
                Node n = new Node(f.string("name", model + " #" + k));
                transform(f, n);
                int override = materialByName(f, "material");
                n.materialOverride = override;
                int index = scene.addNode(n);
                imp.instantiate(scene, index, override);
                f.finish();
            }
            for (String name : paths.keySet()) {
                if (!loaded.containsKey(name)) {
                    scene.warnings.add(file + ": model '" + name + "' is listed but never instanced (not loaded)");
                }
            }
        }

        /** translate / rotate / scale, or a column-major "matrix" of 16 numbers. */
        void transform(JsonFields f, Node n) {
            float[] matrix = f.vector("matrix", 16);
            float[] t = f.vector("translate", 3);
            JsonNode rot = f.raw("rotate");
            float[] s = f.vectorOrScalar("scale", 3);
            if (matrix != null) {
                if (t != null || rot != null || s != null) {
                    throw f.error("matrix", "give either a matrix or translate/rotate/scale, not both");
                }
                n.matrix = new Matrix4f().set(matrix);
                return;
            }
            if (t != null) n.translation.set(t[0], t[1], t[2]);
            if (rot != null) n.rotation.set(rotation(f));
            if (s != null) n.scale.set(s[0], s[1], s[2]);
        }

        /** [x, y, z] degrees (X applied first, then Y, then Z) or {"axis": [x, y, z], "angle": degrees}. */
        Quaternionf rotation(JsonFields f) {
            JsonNode rot = f.raw("rotate");
            if (rot.isArray()) {
                float[] e = f.vector("rotate", 3);
                return new Quaternionf().rotationZYX((float) Math.toRadians(e[2]), (float) Math.toRadians(e[1]),
                        (float) Math.toRadians(e[0]));
            }
            JsonFields aa = f.object("rotate");
            float[] axis = aa.vector("axis", 3);
            if (axis == null) throw aa.error("axis", "is required");
            Float angle = aa.optionalNumber("angle");
            if (angle == null) throw aa.error("angle", "is required (degrees)");
            Vector3f ax = new Vector3f(axis[0], axis[1], axis[2]);
            if (ax.lengthSquared() == 0) throw aa.error("axis", "must not be zero");
            aa.finish();
            return new Quaternionf().rotationAxis((float) Math.toRadians(angle), ax.normalize());
        }

        // ---- shapes ----

        void shape(JsonFields f, int i) {
            String type = f.requiredString("type");
            Mesh mesh;
            switch (type) {
                case "quad" -> {
                    float[] size = f.vectorOrScalar("size", 2);
                    mesh = Shapes.quad(positive(f, size, 0), positive(f, size, 1));
                }
                case "box" -> {
                    float[] size = f.vectorOrScalar("size", 3);
                    mesh = Shapes.box(positive(f, size, 0), positive(f, size, 1), positive(f, size, 2));
                }
                case "sphere" -> mesh = Shapes.sphere(radius(f), segments(f));
                case "disk" -> mesh = Shapes.disk(radius(f), segments(f));
                default -> throw f.error("type", "'" + type + "' is not quad, box, sphere or disk");
            }
            String name = f.string("name", type + " " + i);
            mesh.name = name;
            int material = materialByName(f, "material");
            java.util.Arrays.fill(mesh.materials, material >= 0 ? material : defaultMaterial());
            scene.meshes.add(mesh);
            ownMeshes.add(scene.meshes.size() - 1);
            Node n = new Node(name);
            transform(f, n);
            n.mesh = scene.meshes.size() - 1;
            scene.addNode(n);
            f.finish();
        }

        float positive(JsonFields f, float[] size, int k) {
            float v = size == null ? 1 : size[k];
            if (!(v > 0)) throw f.error("size", "sizes must be positive");
            return v;
        }

        float radius(JsonFields f) {
            Float r = f.optionalNumberAtLeast("radius", 0, true);
            return r != null ? r : 1;
        }

        int segments(JsonFields f) {
            Integer s = f.optionalInt("segments", 3);
            return s != null ? s : 32;
        }

        // ---- cameras ----

        void camera(JsonFields f, int i) {
            String name = f.string("name", "camera " + i);
            List<JsonFields> keys = f.objects("path");
            float[] pos = f.vector("position", 3);
            float[] look = f.vector("lookAt", 3);
            float[] upv = f.vector("up", 3);
            Vector3f up = upv != null ? new Vector3f(upv[0], upv[1], upv[2]) : new Vector3f(0, 1, 0);
            if (!keys.isEmpty()) {
                if (pos == null) pos = keys.get(0).vector("position", 3);
                if (look == null) look = keys.get(0).vector("lookAt", 3);
            }
            if (pos == null) throw f.error("position", "is required (or give a \"path\")");
            if (look == null) throw f.error("lookAt", "is required (or give a \"path\")");
            Camera c = new Camera(name);
            Float fov = f.optionalNumber("fov");
            if (fov != null) {
                if (!(fov > 0 && fov < 180)) throw f.error("fov", "must be between 0 and 180 degrees, got " + fov);
                c.yfov = (float) Math.toRadians(fov);
            }
            Float aperture = f.optionalNumberAtLeast("aperture", 0, false);
            if (aperture != null) c.apertureRadius = aperture;
            Vector3f p = new Vector3f(pos[0], pos[1], pos[2]), l = new Vector3f(look[0], look[1], look[2]);
            Float focus = f.optionalNumberAtLeast("focusDistance", 0, true);
            c.focusDistance = focus != null ? focus : Math.max(1e-3f, p.distance(l));
            scene.cameras.add(c);
            Node n = new Node(name);
            n.translation.set(p);
            n.rotation.set(look(f, "lookAt", p, l, up));
            n.camera = scene.cameras.size() - 1;
            int node = scene.addNode(n);
            if (!keys.isEmpty()) scene.animations.add(path(name, node, keys, up));
            f.finish();
        }

        Quaternionf look(JsonFields f, String key, Vector3f from, Vector3f to, Vector3f up) {
            Quaternionf q = LookAtRotation.of(new Vector3f(to).sub(from), up);
            if (q == null) {
                throw f.error(key, "the view direction is zero or parallel to 'up' " + up.toString(
                        java.text.NumberFormat.getNumberInstance(java.util.Locale.ROOT)) + "; move lookAt or set 'up'");
            }
            return q;
        }

        /** Keyframes {time, position, lookAt} to LINEAR translation and rotation channels of the camera node. */
        Animation path(String name, int node, List<JsonFields> keys, Vector3f up) {
            int n = keys.size();
            float[] times = new float[n], translations = new float[n * 3], rotations = new float[n * 4];
            Quaternionf previous = null;
            for (int k = 0; k < n; k++) {
                JsonFields key = keys.get(k);
                Float t = key.optionalNumber("time");
                float[] pos = key.vector("position", 3), look = key.vector("lookAt", 3);
                if (t == null) throw key.error("time", "is required (seconds)");
                if (pos == null) throw key.error("position", "is required");
                if (look == null) throw key.error("lookAt", "is required");
                if (k > 0 && t <= times[k - 1]) throw key.error("time", "keyframe times must increase");
                times[k] = t;
                Vector3f p = new Vector3f(pos[0], pos[1], pos[2]);
                Quaternionf q = look(key, "lookAt", p, new Vector3f(look[0], look[1], look[2]), up);
                if (previous != null && previous.dot(q) < 0) q.set(-q.x, -q.y, -q.z, -q.w); // shortest slerp
                previous = q;
                System.arraycopy(pos, 0, translations, k * 3, 3);
                rotations[k * 4] = q.x;
                rotations[k * 4 + 1] = q.y;
                rotations[k * 4 + 2] = q.z;
                rotations[k * 4 + 3] = q.w;
                key.finish();
            }
            Animation a = new Animation("camera " + name);
            a.channels.add(new Animation.Channel(node, Animation.Path.TRANSLATION, Animation.Interpolation.LINEAR,
                    times, translations));
            a.channels.add(new Animation.Channel(node, Animation.Path.ROTATION, Animation.Interpolation.LINEAR,
                    times.clone(), rotations));
            return a;
        }

        // ---- lights ----

        void light(JsonFields f, int i) {
            String type = f.requiredString("type");
            Light.Type t;
            switch (type) {
                case "point" -> t = Light.Type.POINT;
                case "spot" -> t = Light.Type.SPOT;
                case "directional" -> t = Light.Type.DIRECTIONAL;
                default -> throw f.error("type", "'" + type + "' is not point, spot or directional");
            }
            Light light = new Light(f.string("name", type + " light " + i), t);
            float[] color = f.vector("color", 3);
            if (color != null) light.color = color;
            Float intensity = f.optionalNumberAtLeast("intensity", 0, false);
            if (intensity != null) light.intensity = intensity;
            Float range = f.optionalNumberAtLeast("range", 0, false);
            if (range != null) light.range = range;
            Node n = new Node(light.name);
            float[] pos = f.vector("position", 3);
            float[] dir = f.vector("direction", 3);
            if (t != Light.Type.DIRECTIONAL) {
                if (pos == null) throw f.error("position", "is required for a " + type + " light");
                n.translation.set(pos[0], pos[1], pos[2]);
            }
            if (t != Light.Type.POINT) {
                if (dir == null) throw f.error("direction", "is required for a " + type + " light");
                Vector3f d = new Vector3f(dir[0], dir[1], dir[2]);
                Quaternionf q = LookAtRotation.of(d, new Vector3f(0, 1, 0));
                if (q == null) q = LookAtRotation.of(d, new Vector3f(0, 0, 1));
                if (q == null) throw f.error("direction", "must not be zero");
                n.rotation.set(q);
            }
            if (t == Light.Type.SPOT) {
                float inner = f.number("innerAngle", 0), outer = f.number("outerAngle", 45);
                if (inner < 0 || outer <= 0 || outer > 90 || inner > outer) {
                    throw f.error("outerAngle", "need 0 <= innerAngle <= outerAngle <= 90 degrees, got " + inner
                            + " and " + outer);
                }
                light.innerConeAngle = (float) Math.toRadians(inner);
                light.outerConeAngle = (float) Math.toRadians(outer);
            }
            scene.lights.add(light);
            n.light = scene.lights.size() - 1;
            scene.addNode(n);
            f.finish();
        }

        // ---- environment ----

        void environment() {
            JsonFields e = top.object("environment");
            if (e == null) return;
            String hdr = e.string("hdr", null);
            float[] color = e.vector("color", 3);
            if (hdr != null && color != null) throw e.error("color", "give either \"hdr\" or \"color\", not both");
            if (hdr != null) scene.environment.texture = textures.file(resolve(hdr));
            if (color != null) scene.environment.color = color;
            Float intensity = e.optionalNumberAtLeast("intensity", 0, false);
            if (intensity != null) scene.environment.intensity = intensity;
            scene.environment.rotationDegrees = e.number("rotation", 0);
            e.finish();
        }
    }
}
