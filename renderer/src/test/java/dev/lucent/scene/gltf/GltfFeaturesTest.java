package dev.lucent.scene.gltf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucent.scene.Animation;
import dev.lucent.scene.Camera;
import dev.lucent.scene.FeatureReport.Support;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.scene.TextureRef;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** glTF features on small files written by the tests, each checked against the values written. */
class GltfFeaturesTest {
    @TempDir
    Path tmp;

    static byte[] png() { return PngBytes.redGreen(); }

    static String pngDataUri() throws Exception {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png());
    }

    @Test
    void materialExtensionsTextureTransformAndFeatureReport() throws Exception {
        GltfFixture f = new GltfFixture();
        f.array("extensionsUsed").add("KHR_materials_clearcoat").add("KHR_texture_transform")
                .add("KHR_materials_emissive_strength").add("KHR_materials_transmission").add("KHR_materials_ior");
        f.array("images").addObject().put("uri", pngDataUri());
        f.array("textures").addObject().put("source", 0);
        ObjectNode m = f.array("materials").addObject().put("name", "glassy");
        ObjectNode pbr = m.putObject("pbrMetallicRoughness");
        pbr.putArray("baseColorFactor").add(0.5).add(0.6).add(0.7).add(0.8);
        pbr.put("metallicFactor", 0.1).put("roughnessFactor", 0.3);
        ObjectNode tt = pbr.putObject("baseColorTexture").put("index", 0).putObject("extensions")
                .putObject("KHR_texture_transform");
        tt.putArray("offset").add(0.25).add(0.5);
        tt.put("rotation", 0.5);
        tt.putArray("scale").add(2).add(3);
        m.putArray("emissiveFactor").add(1).add(0.5).add(0.25);
        m.put("alphaMode", "MASK").put("alphaCutoff", 0.3).put("doubleSided", true);
        m.putObject("normalTexture").put("index", 0).put("scale", 0.7);
        ObjectNode ext = m.putObject("extensions");
        ext.putObject("KHR_materials_emissive_strength").put("emissiveStrength", 5.0);
        ext.putObject("KHR_materials_transmission").put("transmissionFactor", 0.8)
                .putObject("transmissionTexture").put("index", 0).put("texCoord", 1);
        ext.putObject("KHR_materials_ior").put("ior", 1.33);
        ext.putObject("KHR_materials_clearcoat").put("clearcoatFactor", 1.0);
        f.meshNode(f.triangleMesh(0));
        Scene s = SceneLoader.load(f.writeGltf(tmp, "features", false));

        Material mat = s.materials.get(0);
        assertEquals("glassy", mat.name);
        assertArrayEquals(new float[] {0.5f, 0.6f, 0.7f, 0.8f}, mat.baseColor);
        assertEquals(0.1f, mat.metallic);
        assertEquals(0.3f, mat.roughness);
        assertArrayEquals(new float[] {1, 0.5f, 0.25f}, mat.emissive);
        assertEquals(5.0f, mat.emissiveStrength);
        assertEquals(0.8f, mat.transmission);
        assertEquals(1.33f, mat.ior);
        assertEquals(Material.AlphaMode.MASK, mat.alphaMode);
        assertEquals(0.3f, mat.alphaCutoff);
        assertTrue(mat.doubleSided);
        assertEquals(0.7f, mat.normalScale);
        TextureRef bc = mat.baseColorTexture;
        assertEquals(0.25f, bc.offsetU);
        assertEquals(0.5f, bc.offsetV);
        assertEquals(0.5f, bc.rotation);
        assertEquals(2f, bc.scaleU);
        assertEquals(3f, bc.scaleV);
        assertTrue(bc.hasTransform());
        assertFalse(mat.normalTexture.hasTransform(), "normal slot has no transform");
        assertEquals(1, mat.transmissionTexture.texCoord);
        // One image, used by three slots: decoded once.
        assertEquals(1, s.textures.size());
        assertEquals(bc.image, mat.normalTexture.image);
        assertEquals(bc.image, mat.transmissionTexture.image);
        byte[] px = s.textures.get(0).rgba8;
        assertArrayEquals(new byte[] {(byte) 255, 0, 0, (byte) 255, 0, (byte) 255, 0, (byte) 128}, px);

        assertEquals(Support.IGNORED, s.features.get("KHR_materials_clearcoat").support());
        assertEquals("rendered without clearcoat", s.features.get("KHR_materials_clearcoat").note());
        assertEquals(Support.SUPPORTED, s.features.get("KHR_texture_transform").support());
        assertEquals(Support.SUPPORTED, s.features.get("KHR_materials_emissive_strength").support());
        assertEquals(Support.SUPPORTED, s.features.get("KHR_materials_transmission").support());
        assertEquals(Support.SUPPORTED, s.features.get("KHR_materials_ior").support());
        assertEquals(Support.IGNORED, s.features.get("TEXCOORD_1").support());
    }

    @Test
    void lightsCamerasAndHierarchy() throws Exception {
        GltfFixture f = new GltfFixture();
        int mesh = f.triangleMesh(null);
        f.array("extensionsUsed").add("KHR_lights_punctual");
        ArrayNode lights = f.root.putObject("extensions").putObject("KHR_lights_punctual").putArray("lights");
        ObjectNode spot = lights.addObject().put("type", "spot").put("name", "key").put("intensity", 20)
                .put("range", 7);
        spot.putArray("color").add(1).add(0.5).add(0.25);
        spot.putObject("spot").put("innerConeAngle", 0.2).put("outerConeAngle", 0.6);
        lights.addObject().put("type", "directional");
        ObjectNode persp = f.array("cameras").addObject().put("type", "perspective").put("name", "main");
        persp.putObject("perspective").put("yfov", 0.8).put("aspectRatio", 1.5).put("znear", 0.1);
        f.array("cameras").addObject().put("type", "orthographic").putObject("orthographic").put("xmag", 2)
                .put("ymag", 3).put("znear", 0).put("zfar", 10);
        // Children are listed before their parent in the file; the loader must reorder.
        ArrayNode nodes = f.array("nodes");
        nodes.addObject().put("name", "child-mesh").put("mesh", mesh);                  // 0
        ObjectNode lamp = nodes.addObject().put("name", "lamp");                        // 1
        lamp.putArray("translation").add(0).add(2).add(0);
        lamp.putObject("extensions").putObject("KHR_lights_punctual").put("light", 0);
        ObjectNode cam = nodes.addObject().put("name", "cam").put("camera", 1);         // 2
        cam.putArray("matrix").add(1).add(0).add(0).add(0).add(0).add(1).add(0).add(0).add(0).add(0).add(1).add(0)
                .add(5).add(6).add(7).add(1);
        ObjectNode root = nodes.addObject().put("name", "root").put("camera", 0);       // 3
        root.putArray("children").add(0).add(1).add(2);
        root.putArray("scale").add(2).add(2).add(2);
        f.root.putArray("scenes").addObject().putArray("nodes").add(3);
        Scene s = SceneLoader.load(f.writeGltf(tmp, "lights", false));

        assertEquals(2, s.lights.size());
        Light l = s.lights.get(0);
        assertEquals("key", l.name);
        assertEquals(Light.Type.SPOT, l.type);
        assertArrayEquals(new float[] {1, 0.5f, 0.25f}, l.color);
        assertEquals(20f, l.intensity);
        assertEquals(7f, l.range);
        assertEquals(0.2f, l.innerConeAngle);
        assertEquals(0.6f, l.outerConeAngle);
        assertEquals(Light.Type.DIRECTIONAL, s.lights.get(1).type);
        assertEquals(Support.SUPPORTED, s.features.get("KHR_lights_punctual").support());

        Camera c0 = s.cameras.get(0), c1 = s.cameras.get(1);
        assertEquals(Camera.Type.PERSPECTIVE, c0.type);
        assertEquals(0.8f, c0.yfov);
        assertEquals(1.5f, c0.aspectRatio);
        assertEquals(Camera.Type.ORTHOGRAPHIC, c1.type);
        assertEquals(2f, c1.xmag);
        assertEquals(3f, c1.ymag);

        assertEquals(4, s.nodes.size());
        Node r = s.nodes.get(0);
        assertEquals("root", r.name);
        assertEquals(-1, r.parent);
        assertEquals(0, r.camera);
        assertEquals(2f, r.scale.x);
        for (int i = 1; i < 4; i++) assertEquals(0, s.nodes.get(i).parent, "children follow their parent");
        assertEquals("child-mesh", s.nodes.get(1).name);
        assertEquals(0, s.nodes.get(1).mesh);
        Node lampNode = s.nodes.get(2);
        assertEquals(0, lampNode.light);
        assertEquals(2f, lampNode.translation.y);
        Node camNode = s.nodes.get(3);
        assertEquals(1, camNode.camera);
        assertNotNull(camNode.matrix);
        assertEquals(5f, camNode.matrix.m30(), "column-major: translation in the last column");
        assertEquals(7f, camNode.matrix.m32());
        // The primitive has no material: glTF's default material is appended.
        assertEquals(1, s.materials.size());
        assertEquals("default", s.materials.get(0).name);
    }

    @Test
    void animationsTranslationRotationScaleAndIgnoredWeights() throws Exception {
        GltfFixture f = new GltfFixture();
        int node = 0;
        f.meshNode(f.triangleMesh(null));
        int times = f.floats("SCALAR", 0, 1, 2);
        int trans = f.floats("VEC3", 0, 0, 0, 1, 0, 0, 2, 0, 0);
        int rot = f.floats("VEC4", 0, 0, 0, 1, 0, 0.7071068f, 0, 0.7071068f, 0, 1, 0, 0);
        float[] cubic = new float[3 * 3 * 3];
        for (int i = 0; i < cubic.length; i++) cubic[i] = i;
        int scale = f.floats("VEC3", cubic);
        int weights = f.floats("SCALAR", 0, 0.5f, 1);
        ObjectNode a = f.array("animations").addObject().put("name", "spin");
        ArrayNode samplers = a.putArray("samplers");
        samplers.addObject().put("input", times).put("output", trans);
        samplers.addObject().put("input", times).put("output", rot).put("interpolation", "STEP");
        samplers.addObject().put("input", times).put("output", scale).put("interpolation", "CUBICSPLINE");
        samplers.addObject().put("input", times).put("output", weights);
        ArrayNode ch = a.putArray("channels");
        ch.addObject().put("sampler", 0).putObject("target").put("node", node).put("path", "translation");
        ch.addObject().put("sampler", 1).putObject("target").put("node", node).put("path", "rotation");
        ch.addObject().put("sampler", 2).putObject("target").put("node", node).put("path", "scale");
        ch.addObject().put("sampler", 3).putObject("target").put("node", node).put("path", "weights");
        Scene s = SceneLoader.load(f.writeGltf(tmp, "anim", false));

        assertEquals(1, s.animations.size());
        Animation an = s.animations.get(0);
        assertEquals("spin", an.name);
        assertEquals(3, an.channels.size(), "weights channel dropped");
        assertEquals(2f, an.duration());
        Animation.Channel t = an.channels.get(0), r = an.channels.get(1), sc = an.channels.get(2);
        assertEquals(Animation.Path.TRANSLATION, t.path);
        assertEquals(Animation.Interpolation.LINEAR, t.interpolation);
        assertArrayEquals(new float[] {0, 1, 2}, t.times);
        assertEquals(2f, t.values[6]);
        assertEquals(Animation.Path.ROTATION, r.path);
        assertEquals(Animation.Interpolation.STEP, r.interpolation);
        assertEquals(12, r.values.length);
        assertEquals(0.7071068f, r.values[5]);
        assertEquals(Animation.Interpolation.CUBICSPLINE, sc.interpolation);
        assertEquals(27, sc.values.length, "in-tangent, value, out-tangent per key");
        assertEquals(0, t.node);
        assertEquals(Support.IGNORED, s.features.get("morph weight animation").support());
    }

    @Test
    void stripFanPointsAndFlatNormals() throws Exception {
        GltfFixture f = new GltfFixture();
        // Five vertices on the z = 0 plane, no NORMAL attribute.
        int pos = f.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 2, 1, 0);
        ObjectNode mesh = f.array("meshes").addObject();
        ArrayNode prims = mesh.putArray("primitives");
        prims.addObject().put("mode", 5).put("indices", f.indices(5121, 0, 1, 2, 3)).putObject("attributes")
                .put("POSITION", pos);
        prims.addObject().put("mode", 6).put("indices", f.indices(5125, 0, 1, 3, 2)).putObject("attributes")
                .put("POSITION", pos);
        prims.addObject().put("mode", 0).putObject("attributes").put("POSITION", pos);
        f.meshNode(0);
        Scene s = SceneLoader.load(f.writeGltf(tmp, "modes", false));
        Mesh m = s.meshes.get(0);
        assertEquals(4, m.triangleCount(), "2 from the strip, 2 from the fan, none from points");
        // Flat normals unshare vertices: 3 per triangle, in strip/fan order.
        assertEquals(12, m.vertexCount());
        float[][] expected = {
            {0, 0, 0, 1, 0, 0, 0, 1, 0}, // strip 0: v0 v1 v2
            {1, 0, 0, 1, 1, 0, 0, 1, 0}, // strip 1: v1 v3 v2
            {1, 0, 0, 1, 1, 0, 0, 0, 0}, // fan 0: v1 v3 v0
            {1, 1, 0, 0, 1, 0, 0, 0, 0}}; // fan 1: v3 v2 v0
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 3; k++) {
                int v = m.indices[t * 3 + k];
                for (int c = 0; c < 3; c++) assertEquals(expected[t][k * 3 + c], m.positions[v * 3 + c], "tri " + t);
                assertEquals(1f, m.normals[v * 3 + 2], "counter-clockwise from +z: normal +z");
            }
        }
        assertEquals(Support.IGNORED, s.features.get("points and lines").support());
        assertTrue(s.warnings.stream().anyMatch(w -> w.contains("POINTS")), s.warnings.toString());
    }

    @Test
    void sparseAccessorAndNormalizedTexcoords() throws Exception {
        GltfFixture f = new GltfFixture();
        int pos = f.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0);
        // Sparse: replace vertex 2 by (0, 5, 0).
        int sparseIdx = f.view(new byte[] {2, 0});
        ByteBuffer vals = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0).putFloat(5).putFloat(0);
        int sparseVal = f.view(vals.array());
        ObjectNode sparse = ((ObjectNode) f.array("accessors").get(pos)).putObject("sparse").put("count", 1);
        sparse.putObject("indices").put("bufferView", sparseIdx).put("componentType", 5123);
        sparse.putObject("values").put("bufferView", sparseVal);
        // KHR_mesh_quantization style texture coordinates: normalized UNSIGNED_SHORT.
        ByteBuffer uv = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        uv.putShort((short) 0).putShort((short) 0).putShort((short) 65535).putShort((short) 0).putShort((short) 0)
                .putShort((short) 32768);
        f.array("accessors").addObject().put("bufferView", f.view(uv.array())).put("componentType", 5123)
                .put("normalized", true).put("count", 3).put("type", "VEC2");
        int uvAcc = f.array("accessors").size() - 1;
        ObjectNode p = f.primitive(pos, f.indices(5123, 0, 1, 2), null);
        ((ObjectNode) p.get("attributes")).put("TEXCOORD_0", uvAcc);
        f.meshNode(0);
        Scene s = SceneLoader.load(f.writeGltf(tmp, "sparse", false));
        Mesh m = s.meshes.get(0);
        assertEquals(5f, m.positions[2 * 3 + 1], 0f, "sparse value replaces vertex 2");
        assertEquals(1f, m.positions[1 * 3], 0f, "vertex 1 keeps its dense value");
        assertEquals(1f, m.uvs[2], 0f);
        assertEquals(32768 / 65535f, m.uvs[5], 1e-7f);
    }

    @Test
    void imagesSharedBetweenMaterialsAreDecodedOnceAndMissingOnesWarn() throws Exception {
        java.nio.file.Files.write(tmp.resolve("shared.png"), png());
        GltfFixture f = new GltfFixture();
        f.array("images").addObject().put("uri", "shared.png");
        f.array("images").addObject().put("uri", "./shared.png"); // same file, another image entry
        f.array("images").addObject().put("uri", "gone.png");
        f.array("textures").addObject().put("source", 0);
        f.array("textures").addObject().put("source", 1);
        f.array("textures").addObject().put("source", 2);
        for (int t = 0; t < 3; t++) {
            f.array("materials").addObject().putObject("pbrMetallicRoughness").putObject("baseColorTexture")
                    .put("index", t);
        }
        f.array("materials").addObject().putObject("pbrMetallicRoughness").putObject("baseColorTexture")
                .put("index", 0);
        f.meshNode(f.triangleMesh(0));
        Scene s = SceneLoader.load(f.writeGltf(tmp, "shared", false));
        assertEquals(2, s.textures.size(), "shared.png once, plus the fallback for gone.png");
        int a = s.materials.get(0).baseColorTexture.image;
        assertEquals(a, s.materials.get(1).baseColorTexture.image);
        assertEquals(a, s.materials.get(3).baseColorTexture.image);
        int missing = s.materials.get(2).baseColorTexture.image;
        assertTrue(s.textures.get(missing).name.contains("missing"));
        assertEquals((byte) 255, s.textures.get(missing).rgba8[0], "magenta checker");
        assertEquals(1, s.warnings.size(), s.warnings.toString());
        assertTrue(s.warnings.get(0).contains("gone.png") && s.warnings.get(0).contains("shared.gltf"),
                s.warnings.get(0));
        assertSame(s.textures.get(a), s.textures.get(s.materials.get(1).baseColorTexture.image));
    }

    @Test
    void unsupportedFeaturesAreReportedNotFatal() throws Exception {
        GltfFixture f = new GltfFixture();
        f.array("extensionsUsed").add("KHR_texture_basisu").add("EXT_made_up");
        // Vertex 3 repeats vertex 0's position: triangle (0, 1, 3) is degenerate (kept, counted).
        int pos = f.floats("VEC3", 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0);
        int colors = f.floats("VEC4", 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1);
        int uv1 = f.floats("VEC2", 0, 0, 1, 0, 0, 1, 0, 0);
        ObjectNode p = f.primitive(pos, f.indices(5123, 0, 1, 2, 0, 1, 3), 0);
        ((ObjectNode) p.get("attributes")).put("COLOR_0", colors).put("TEXCOORD_1", uv1);
        p.putArray("targets").addObject().put("POSITION", pos);
        f.meshNode(0).put("skin", 0);
        f.array("skins").addObject().putArray("joints").add(0);
        // A texture whose only source is a KTX2 image (KHR_texture_basisu): rendered with the fallback.
        f.array("images").addObject().put("uri", "tex.ktx2").put("mimeType", "image/ktx2");
        f.array("textures").addObject().putObject("extensions").putObject("KHR_texture_basisu").put("source", 0);
        f.array("materials").addObject().putObject("pbrMetallicRoughness").putObject("baseColorTexture")
                .put("index", 0);
        f.root.putArray("scenes").addObject().putArray("nodes").add(0);
        ((ArrayNode) f.root.get("scenes")).addObject().putArray("nodes").add(0);
        Scene s = SceneLoader.load(f.writeGltf(tmp, "unsupported", false));

        assertEquals(Support.IGNORED, s.features.get("skins").support());
        assertEquals(Support.IGNORED, s.features.get("morph targets").support());
        assertEquals(Support.IGNORED, s.features.get("vertex colours").support());
        assertEquals(Support.IGNORED, s.features.get("TEXCOORD_1").support());
        assertEquals(Support.IGNORED, s.features.get("KHR_texture_basisu").support());
        assertEquals("unknown extension", s.features.get("EXT_made_up").note());
        assertEquals(Support.APPROXIMATED, s.features.get("multiple scenes").support());
        assertEquals(1, s.degenerateTriangles);
        assertEquals(2, s.meshes.get(0).triangleCount());
        assertTrue(s.textures.get(s.materials.get(0).baseColorTexture.image).name.contains("missing"));
        assertTrue(s.warnings.stream().anyMatch(w -> w.contains("KHR_texture_basisu")), s.warnings.toString());
        assertTrue(s.warnings.stream().anyMatch(w -> w.contains("1 degenerate")), s.warnings.toString());
    }
}
