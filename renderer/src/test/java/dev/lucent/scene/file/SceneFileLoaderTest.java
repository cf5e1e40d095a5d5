package dev.lucent.scene.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import dev.lucent.scene.Animation;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.joml.Matrix4f;
import org.joml.Quaternionf;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneFileLoaderTest {
    @TempDir
    Path tmp;

    Path write(String json) throws Exception {
        return Files.writeString(tmp.resolve("scene.json"), json);
    }

    /** The shared folder as a JSON string, for model and environment paths. */
    static String shared(String rel) {
        return TestPaths.sharedScenes().resolve(rel).toString().replace("\\", "\\\\");
    }

    static Material mat(Scene s, String name) {
        return s.materials.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    static SceneException fails(Path file, String... fragments) {
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        return e;
    }

    @Test
    void bunnyInstancedAThousandTimesIsStoredOnce() throws Exception {
        StringBuilder sb = new StringBuilder("{\"models\": {\"bunny\": \"" + shared("models/stanford-bunny.obj")
                + "\"},\n\"materials\": {\"gold\": {\"baseColor\": [1, 0.8, 0.3], \"metallic\": 1}},\n\"instances\": [\n");
        for (int i = 0; i < 1000; i++) {
            sb.append(String.format("{\"model\": \"bunny\", \"translate\": [%d, 0, %d], \"rotate\": [0, %d, 0]%s}%s\n",
                    i % 40, i / 40, i % 360, i == 7 ? ", \"material\": \"gold\", \"name\": \"golden\"" : "",
                    i < 999 ? "," : ""));
        }
        sb.append("]}");
        Scene s = SceneLoader.load(write(sb.toString()));
        assertEquals("Lucent scene", s.format);
        assertEquals(1, s.meshes.size(), "the bunny's mesh is stored once");
        assertEquals(69451, s.meshes.get(0).triangleCount());
        int placed = 0;
        Set<Integer> instanceRoots = new HashSet<>();
        for (Node n : s.nodes) {
            if (n.mesh >= 0) {
                assertEquals(0, n.mesh);
                placed++;
                // Walk up to the instance node (a root).
                Node r = n;
                int idx = s.nodes.indexOf(n);
                while (r.parent >= 0) {
                    idx = r.parent;
                    r = s.nodes.get(idx);
                }
                instanceRoots.add(idx);
            }
        }
        assertEquals(1000, placed);
        assertEquals(1000, instanceRoots.size());
        Node golden = s.nodes.stream().filter(n -> n.name.equals("golden")).findFirst().orElseThrow();
        int gold = golden.materialOverride;
        assertEquals("gold", s.materials.get(gold).name);
        for (int i = 0; i < s.nodes.size(); i++) {
            Node n = s.nodes.get(i);
            if (n.mesh >= 0 && n.parent >= 0 && s.nodes.get(n.parent) == golden) assertEquals(gold, n.materialOverride);
        }
        assertEquals(7f, golden.translation.x);
        assertTrue(s.warnings.isEmpty(), s.warnings.toString());
    }

    @Test
    void everySectionOfTheFormat() throws Exception {
        Files.write(tmp.resolve("tex.png"), dev.lucent.scene.gltf.PngBytes.redGreen());
        Path p = write("""
                {
                  // comments and trailing commas are allowed
                  "render": {"width": 320, "height": 200, "spp": 16, "maxDepth": 5, "seed": 42, "clamp": 10,
                             "camera": "orbit", "exposure": 0.5, "toneMap": "aces"},
                  "animation": {"fps": 30},
                  "materials": {
                    "floor": {"baseColor": [0.5, 0.5, 0.5], "roughness": 0.9},
                    "lamp": {"emissive": [1, 0.9, 0.8], "emissiveStrength": 20},
                    "glass": {"transmission": 1, "ior": 1.45, "roughness": 0, "doubleSided": true},
                    "decal": {"baseColor": [1, 1, 1, 0.5], "alphaMode": "blend",
                              "baseColorTexture": {"path": "tex.png", "offset": [0.5, 0], "rotation": 90,
                                                   "scale": [2, 2]}},
                    "painted": {"baseColorTexture": "tex.png", "normalTexture": "tex.png"},
                  },
                  "shapes": [
                    {"type": "quad", "size": [10, 10], "material": "floor"},
                    {"type": "box", "size": 1, "material": "painted", "translate": [0, 0.5, 0]},
                    {"type": "sphere", "radius": 0.5, "segments": 16, "material": "glass", "translate": [2, 0.5, 0]},
                    {"type": "disk", "radius": 0.3, "material": "lamp", "translate": [0, 3, 0], "rotate": [180, 0, 0]},
                    {"type": "quad", "name": "decal", "material": "decal"},
                  ],
                  "cameras": [
                    {"name": "front", "position": [0, 1, 5], "lookAt": [0, 1, 0], "fov": 50, "aperture": 0.02},
                    {"name": "orbit", "fov": 30, "path": [
                      {"time": 0, "position": [5, 1, 0], "lookAt": [0, 0, 0]},
                      {"time": 1, "position": [0, 1, -5], "lookAt": [0, 0, 0]},
                      {"time": 2, "position": [-5, 1, 0], "lookAt": [0, 0, 0]}]}
                  ],
                  "lights": [
                    {"type": "point", "position": [1, 2, 3], "color": [1, 0, 0], "intensity": 50},
                    {"type": "spot", "name": "spot", "position": [0, 4, 0], "direction": [0, -1, 0],
                     "innerAngle": 10, "outerAngle": 20},
                    {"type": "directional", "direction": [1, -1, 0], "intensity": 3}
                  ],
                  "environment": {"hdr": "%s", "intensity": 0.5, "rotation": 90}
                }
                """.formatted(shared("environments/sky-sunset.hdr")));
        Scene s = SceneLoader.load(p);
        assertTrue(s.warnings.isEmpty(), s.warnings.toString());
        // render + animation
        assertEquals(320, s.settings.width);
        assertEquals(200, s.settings.height);
        assertEquals(16, s.settings.spp);
        assertEquals(5, s.settings.maxDepth);
        assertEquals(42L, s.settings.seed);
        assertEquals(10f, s.settings.clamp);
        assertEquals("orbit", s.settings.camera);
        assertEquals(0.5f, s.settings.exposure);
        assertEquals("aces", s.settings.toneMap);
        assertEquals(30f, s.settings.fps);
        // materials
        Material floor = mat(s, "floor"), lamp = mat(s, "lamp"), glass = mat(s, "glass"), decal = mat(s, "decal");
        assertEquals(0.9f, floor.roughness);
        assertEquals(0f, floor.metallic, "scene-file default");
        assertEquals(20f, lamp.emissiveStrength);
        assertTrue(lamp.isEmissive());
        assertEquals(1f, glass.transmission);
        assertEquals(1.45f, glass.ior);
        assertTrue(glass.doubleSided);
        assertEquals(Material.AlphaMode.BLEND, decal.alphaMode);
        assertEquals(0.5f, decal.baseColor[3]);
        assertEquals((float) Math.toRadians(90), decal.baseColorTexture.rotation, 1e-6f);
        assertEquals(0.5f, decal.baseColorTexture.offsetU);
        assertEquals(2f, decal.baseColorTexture.scaleV);
        Material painted = mat(s, "painted");
        assertEquals(painted.baseColorTexture.image, painted.normalTexture.image, "decoded once");
        assertEquals(painted.baseColorTexture.image, decal.baseColorTexture.image, "decoded once");
        // shapes: 5 meshes, each with its material on every triangle
        assertEquals(5, s.meshes.size());
        assertEquals(12, s.meshes.get(1).triangleCount());
        for (int t : s.meshes.get(2).materials) assertEquals(s.materials.indexOf(glass), t);
        Node disk = s.nodes.stream().filter(n -> n.mesh == 3).findFirst().orElseThrow();
        assertEquals(3f, disk.translation.y);
        Vector3f down = disk.rotation.transform(new Vector3f(0, 1, 0));
        assertEquals(-1f, down.y, 1e-6f, "rotated 180 degrees about X: the disk faces down");
        assertEquals("decal", s.meshes.get(4).name);
        // cameras
        Camera front = s.cameras.get(0), orbit = s.cameras.get(1);
        assertEquals("front", front.name);
        assertEquals((float) Math.toRadians(50), front.yfov, 1e-6f);
        assertEquals(0.02f, front.apertureRadius);
        assertEquals(5f, front.focusDistance, 1e-6f, "defaults to the lookAt distance");
        Node frontNode = s.nodes.stream().filter(n -> n.camera == 0).findFirst().orElseThrow();
        Vector3f view = frontNode.rotation.transform(new Vector3f(0, 0, -1));
        assertEquals(-1f, view.z, 1e-6f, "looks from +z towards the origin");
        assertEquals((float) Math.toRadians(30), orbit.yfov, 1e-6f);
        assertEquals(1, s.animations.size());
        Animation a = s.animations.get(0);
        assertEquals(2f, a.duration());
        Animation.Channel tr = a.channels.get(0), rot = a.channels.get(1);
        assertEquals(Animation.Path.TRANSLATION, tr.path);
        assertEquals(-5f, tr.values[5], "second key z");
        assertEquals(Animation.Path.ROTATION, rot.path);
        int orbitNode = tr.node;
        assertEquals(1, s.nodes.get(orbitNode).camera);
        for (int k = 0; k < 3; k++) {
            Quaternionf q = new Quaternionf(rot.values[k * 4], rot.values[k * 4 + 1], rot.values[k * 4 + 2],
                    rot.values[k * 4 + 3]);
            Vector3f dir = q.transform(new Vector3f(0, 0, -1));
            Vector3f pos = new Vector3f(tr.values[k * 3], tr.values[k * 3 + 1], tr.values[k * 3 + 2]);
            Vector3f expected = new Vector3f(pos).negate().normalize();
            assertEquals(0, dir.distance(expected), 1e-5f, "key " + k + " looks at the origin");
            if (k > 0) {
                Quaternionf prev = new Quaternionf(rot.values[k * 4 - 4], rot.values[k * 4 - 3], rot.values[k * 4 - 2],
                        rot.values[k * 4 - 1]);
                assertTrue(prev.dot(q) >= 0, "consecutive keys in one hemisphere");
            }
        }
        // lights
        assertEquals(3, s.lights.size());
        Light point = s.lights.get(0), spot = s.lights.get(1), sun = s.lights.get(2);
        assertEquals(Light.Type.POINT, point.type);
        assertEquals(50f, point.intensity);
        assertArrayEquals(new float[] {1, 0, 0}, point.color);
        assertEquals((float) Math.toRadians(10), spot.innerConeAngle, 1e-6f);
        assertEquals((float) Math.toRadians(20), spot.outerConeAngle, 1e-6f);
        Node spotNode = s.nodes.stream().filter(n -> n.light == 1).findFirst().orElseThrow();
        assertEquals(-1f, spotNode.rotation.transform(new Vector3f(0, 0, -1)).y, 1e-6f, "shines down");
        Node sunNode = s.nodes.stream().filter(n -> n.light == 2).findFirst().orElseThrow();
        Vector3f sunDir = sunNode.rotation.transform(new Vector3f(0, 0, -1));
        assertEquals(0, sunDir.distance(new Vector3f(1, -1, 0).normalize()), 1e-6f);
        assertEquals(3f, sun.intensity);
        // environment
        assertTrue(s.textures.get(s.environment.texture).isHdr());
        assertEquals(0.5f, s.environment.intensity);
        assertEquals(90f, s.environment.rotationDegrees);
    }

    @Test
    void rotationConventions() throws Exception {
        Path p = write("""
                {"shapes": [
                  {"type": "box", "rotate": [90, 0, 0]},
                  {"type": "box", "rotate": [90, 90, 0]},
                  {"type": "box", "rotate": {"axis": [0, 2, 0], "angle": 90}},
                  {"type": "box", "scale": [1, 2, 3], "translate": [4, 5, 6]},
                  {"type": "box", "matrix": [1,0,0,0, 0,1,0,0, 0,0,1,0, 7,8,9,1]}
                ]}""");
        Scene s = SceneLoader.load(p);
        Vector3f y = new Vector3f(0, 1, 0), x = new Vector3f(1, 0, 0);
        assertEquals(0, s.nodes.get(0).rotation.transform(new Vector3f(y)).distance(0, 0, 1), 1e-6f, "X 90: +Y to +Z");
        assertEquals(0, s.nodes.get(1).rotation.transform(new Vector3f(y)).distance(1, 0, 0), 1e-6f,
                "X first, then Y: +Y to +Z to +X");
        assertEquals(0, s.nodes.get(2).rotation.transform(new Vector3f(x)).distance(0, 0, -1), 1e-6f,
                "axis-angle about +Y: +X to -Z");
        Matrix4f m = s.nodes.get(3).localMatrix(new Matrix4f());
        Vector3f corner = m.transformPosition(new Vector3f(1, 1, 1));
        assertEquals(0, corner.distance(5, 7, 9), 1e-6f, "scale, then translate");
        assertEquals(0, s.nodes.get(4).localMatrix(new Matrix4f()).transformPosition(new Vector3f()).distance(7, 8, 9),
                1e-6f, "column-major matrix: translation last");
        assertEquals("default", s.materials.get(0).name, "shapes without material get the default");
    }

    @Test
    void gltfModelWithTexturesInstancedTwice() throws Exception {
        Path p = write("""
                {"models": {"helmet": "%s"},
                 "instances": [{"model": "helmet"}, {"model": "helmet", "translate": [3, 0, 0]}]}
                """.formatted(shared("damaged-helmet/DamagedHelmet.gltf")));
        Scene s = SceneLoader.load(p);
        assertEquals(1, s.meshes.size());
        assertEquals(4, s.textures.size());
        Material m = s.materials.get(0);
        assertEquals("Material_MR", m.name);
        assertNotNull(m.baseColorTexture);
        assertEquals(2, s.nodes.stream().filter(n -> n.mesh == 0).count());
        // The helmet node keeps its own rotation under each instance node.
        Node copy = s.nodes.stream().filter(n -> n.mesh == 0).reduce((a, b) -> b).orElseThrow();
        assertEquals(0.7071068f, copy.rotation.x, 1e-6f);
        assertEquals(3f, s.nodes.get(copy.parent).translation.x);
        assertTrue(s.features.contains("occlusion maps"), "model features carried over");
    }

    @Test
    void unknownKeysAreWarnings() throws Exception {
        Path p = write("""
                {"shapes": [{"type": "quad", "colour": [1, 0, 0]}],
                 "materials": {"m": {"roughnes": 0.2}},
                 "camera": {}}""");
        Scene s = SceneLoader.load(p);
        assertEquals(3, s.warnings.size(), s.warnings.toString());
        assertTrue(s.warnings.contains(p + ": unknown key 'colour' in shapes[0] (ignored)"), s.warnings.toString());
        assertTrue(s.warnings.contains(p + ": unknown key 'roughnes' in materials.m (ignored)"), s.warnings.toString());
        assertTrue(s.warnings.contains(p + ": unknown key 'camera' in the top level (ignored)"), s.warnings.toString());
    }

    @Test
    void environmentColourAndUnusedModel() throws Exception {
        Path p = write("""
                {"models": {"teapot": "%s"},
                 "shapes": [{"type": "sphere"}],
                 "environment": {"color": [0.1, 0.2, 0.3]}}""".formatted(shared("models/teapot.obj")));
        Scene s = SceneLoader.load(p);
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, s.environment.color);
        assertEquals(-1, s.environment.texture);
        assertEquals(1, s.meshes.size(), "the teapot was never instanced, so never loaded");
        assertTrue(s.warnings.get(0).contains("model 'teapot' is listed but never instanced"), s.warnings.toString());
    }

    @Test
    void missingTextureIsMagentaWithAWarning() throws Exception {
        Path p = write("""
                {"materials": {"m": {"baseColorTexture": "nope.png"}},
                 "shapes": [{"type": "quad", "material": "m"}]}""");
        Scene s = SceneLoader.load(p);
        assertTrue(s.textures.get(0).name.contains("missing"));
        assertTrue(s.warnings.get(0).contains("nope.png"), s.warnings.toString());
    }

    @Test
    void malformedJsonHasLineAndColumn() throws Exception {
        fails(write("{\n  \"shapes\": [\n    {\"type\": \"quad\"}\n    {\"type\": \"box\"}\n  ]\n}"),
                "malformed JSON at line 4, column 5");
    }

    @Test
    void duplicateKeysAreMalformed() throws Exception {
        fails(write("{\"shapes\": [], \"shapes\": []}"), "malformed JSON at line 1", "Duplicate field 'shapes'");
    }

    @Test
    void missingModelIsNamed() throws Exception {
        fails(write("{\"models\": {\"ghost\": \"ghost.obj\"}, \"instances\": [{\"model\": \"ghost\"}]}"),
                "models.ghost: model file 'ghost.obj' not found");
    }

    @Test
    void modelErrorsNameTheModelFile() throws Exception {
        Files.writeString(tmp.resolve("bad.obj"), "v 0 0 0\n");
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(
                write("{\"models\": {\"bad\": \"bad.obj\"}, \"instances\": [{\"model\": \"bad\"}]}")));
        assertEquals(tmp.resolve("bad.obj"), e.file());
    }

    @Test
    void badReferencesAndValues() throws Exception {
        fails(write("{\"instances\": [{\"model\": \"nope\"}]}"), "instances[0].model: no model named 'nope'");
        fails(write("{\"shapes\": [{\"type\": \"quad\", \"material\": \"nope\"}]}"),
                "shapes[0].material: no material named 'nope'");
        fails(write("{\"shapes\": [{\"type\": \"cone\"}]}"), "shapes[0].type: 'cone' is not quad, box, sphere or disk");
        fails(write("{\"shapes\": [{\"type\": \"box\", \"translate\": [1, 2]}]}"),
                "shapes[0].translate: expected an array of 3 numbers");
        fails(write("{\"shapes\": [{\"type\": \"box\", \"matrix\": [1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,1],"
                + " \"scale\": 2}]}"), "shapes[0].matrix: give either a matrix or translate/rotate/scale");
        fails(write("{\"shapes\": [{\"type\": \"quad\"}], \"render\": {\"spp\": 0}}"), "render.spp: must be at least 1");
        fails(write("{\"shapes\": [{\"type\": \"quad\"}], \"render\": {\"camera\": \"x\"}}"),
                "render.camera: no camera named 'x'");
        fails(write("{\"shapes\": [{\"type\": \"quad\"}], \"cameras\": [{\"position\": [0, 5, 0],"
                + " \"lookAt\": [0, 0, 0]}]}"), "cameras[0].lookAt: the view direction is zero or parallel to 'up'");
        fails(write("{\"shapes\": [{\"type\": \"quad\"}], \"materials\": {\"m\": {\"metallic\": 2}}}"),
                "materials.m.metallic: must be between 0 and 1");
        fails(write("{\"shapes\": [{\"type\": \"quad\"}], \"environment\": {\"hdr\": \"a.hdr\", \"color\": [1, 1, 1]}}"),
                "environment.color: give either \"hdr\" or \"color\"");
        fails(write("{\"shapes\": [{\"type\": \"quad\"}], \"cameras\": [{\"path\": [{\"time\": 1, \"position\": [0, 0, 1],"
                + " \"lookAt\": [0, 0, 0]}, {\"time\": 1, \"position\": [0, 0, 2], \"lookAt\": [0, 0, 0]}]}]}"),
                "cameras[0].path[1].time: keyframe times must increase");
        fails(write("{\"models\": {\"s\": \"other.json\"}}"), "models.s: model 'other.json' is not a .gltf");
        fails(write("{}"), "empty scene");
        fails(write("[1, 2]"), "the scene: expected a JSON object");
    }
}
