package dev.lucent.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.Layout.LcEmitter;
import dev.lucent.core.Layout.LcImage;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcLight;
import dev.lucent.core.Layout.LcMaterial;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.Layout.LcTextureView;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.ProceduralMeshes;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.Texture;
import dev.lucent.scene.TextureRef;
import org.joml.Matrix4f;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

class SceneCompilerTest {
    static final float EPS = 1e-5f;

    static float[] vec(NativeBuffer b, long offset, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = b.getFloat(offset + 4L * i);
        return v;
    }

    static void assertVec(float[] expected, float[] actual) {
        assertArrayEquals(expected, actual, EPS);
    }

    @Test
    void instancedMeshIsStoredOnce() {
        Scene s = TestScenes.empty();
        s.materials.add(TestScenes.material("m"));
        Mesh blobs = ProceduralMeshes.blobs(2_000, 3);
        s.meshes.add(blobs);
        for (int i = 0; i < 100; i++) {
            Node n = TestScenes.node("n" + i, 0);
            n.translation.set(i * 10, 0, 0);
            s.addNode(n);
        }
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertEquals(1, cs.meshCount);
            assertEquals(blobs.triangleCount(), cs.triangleCount);
            assertEquals(blobs.vertexCount(), cs.vertexCount);
            assertEquals(100L * blobs.triangleCount(), cs.instancedTriangleCount);
            assertEquals(100, cs.instanceCount);
            assertEquals(100, cs.tlasInstanceCount);
            assertEquals((long) blobs.triangleCount() * 12, cs.triangles.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(0, cs.instances.getInt((long) i * LcInstance.BYTES + LcInstance.MESH));
                assertEquals(i * 10f, cs.instances.getFloat((long) i * LcInstance.BYTES + LcInstance.OBJECT_TO_WORLD0
                        + 12), EPS);
            }
            // The mesh's triangles are a permutation of the source triangles (BLAS order).
            long sum = 0, expected = 0;
            for (int t = 0; t < blobs.triangleCount(); t++) {
                sum += cs.triangles.getInt(t * 12L) + 3L * cs.triangles.getInt(t * 12L + 4)
                        + 7L * cs.triangles.getInt(t * 12L + 8);
                expected += blobs.indices[t * 3] + 3L * blobs.indices[t * 3 + 1] + 7L * blobs.indices[t * 3 + 2];
            }
            assertEquals(expected, sum);
            // World bounds span the 100 copies along x.
            float worldX = cs.globals.getFloat(LcSceneGlobals.BBOX_MAX) - cs.globals.getFloat(LcSceneGlobals.BBOX_MIN);
            float meshX = cs.blasNodes.getFloat(LcBvhNode.MAX_X) - cs.blasNodes.getFloat(LcBvhNode.MIN_X);
            assertEquals(990, worldX - meshX, 1e-2);
            assertTrue(cs.stats.memoryBytes().get("vertices") >= blobs.vertexCount() * 32L);
            assertEquals(1, cs.stats.blas().size());
        }
    }

    @Test
    void unusedAndEmptyMeshesAreNotStored() {
        Scene s = TestScenes.empty();
        s.meshes.add(TestScenes.quad(-1));
        s.meshes.add(TestScenes.cube(-1));
        Mesh empty = new Mesh("empty");
        empty.positions = new float[0];
        empty.indices = new int[0];
        s.meshes.add(empty);
        s.addNode(TestScenes.node("cube", 1));
        s.addNode(TestScenes.node("empty", 2));
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertEquals(3, cs.meshCount);
            assertEquals(12, cs.triangleCount);
            assertEquals(1, cs.instanceCount);
            assertEquals(1, cs.instances.getInt(LcInstance.MESH));
            assertEquals(0, cs.meshes.getInt(LcMesh.TRIANGLE_COUNT));
            assertEquals(12, cs.meshes.getInt(LcMesh.BYTES + LcMesh.TRIANGLE_COUNT));
            assertEquals(0, cs.meshes.getInt(2L * LcMesh.BYTES + LcMesh.TRIANGLE_COUNT));
            // No material named: glTF's default material is appended and used.
            assertEquals(1, cs.materialCount);
            assertEquals(0, cs.triangleMaterials.getInt(0));
            assertEquals(1f, cs.materials.getFloat(LcMaterial.METALLIC));
        }
    }

    @Test
    void generatedNormalsAreAreaWeighted() {
        Scene s = TestScenes.empty();
        // Vertex 0 is shared by a 2x2 right triangle in z = 0 (normal +z, area 2) and a 1x1 right triangle in
        // x = 0 (normal +x, area 0.5): its normal is normalize(2*(0,0,1)*2 + 2*(1,0,0)*0.5) = normalize(1,0,4).
        Mesh m = new Mesh("fan");
        m.positions = new float[] {0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 1};
        m.indices = new int[] {0, 1, 2, 0, 3, 4};
        s.meshes.add(m);
        s.addNode(TestScenes.node("n", 0));
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            float l = (float) Math.sqrt(17);
            assertVec(new float[] {1 / l, 0, 4 / l}, vec(cs.normals, 0, 3));
            assertVec(new float[] {0, 0, 1}, vec(cs.normals, 12, 3));
            assertVec(new float[] {1, 0, 0}, vec(cs.normals, 48, 3));
            assertEquals(0, cs.meshes.getInt(LcMesh.HAS_TANGENTS));
        }
    }

    @Test
    void tangentsFollowUvsOnAKnownQuad() {
        for (boolean mirrored : new boolean[] {false, true}) {
            Scene s = TestScenes.empty();
            Material mat = TestScenes.material("normal-mapped");
            s.textures.add(Texture.ldr("n", null, 1, 1, new byte[] {(byte) 128, (byte) 128, (byte) 255, (byte) 255}));
            mat.normalTexture = new TextureRef(0);
            s.materials.add(mat);
            Mesh q = TestScenes.quad(0);
            // Mirrored: u runs along -x.
            if (mirrored) q.uvs = new float[] {1, 1, 0, 1, 0, 0, 1, 0};
            s.meshes.add(q);
            s.addNode(TestScenes.node("n", 0));
            try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
                assertEquals(1, cs.meshes.getInt(LcMesh.HAS_TANGENTS));
                for (int v = 0; v < 4; v++) {
                    assertVec(new float[] {0, 0, 1}, vec(cs.normals, v * 12L, 3));
                    // glTF: bitangent = cross(n, t) * w points up the image (+y here), so w = +1 unmirrored.
                    float[] expected = mirrored ? new float[] {-1, 0, 0, -1} : new float[] {1, 0, 0, 1};
                    assertVec(expected, vec(cs.tangents, v * 16L, 4));
                }
            }
        }
    }

    @Test
    void emittersCarryPowerFromWorldAreaAndANormalisedCdf() {
        Scene s = TestScenes.empty();
        Material lamp = TestScenes.material("lamp");
        lamp.emissive = new float[] {1, 1, 1};
        lamp.emissiveStrength = 2;
        s.materials.add(lamp);
        s.materials.add(TestScenes.material("plain"));
        s.meshes.add(TestScenes.quad(0));
        s.meshes.add(TestScenes.cube(1));
        Node small = TestScenes.node("small", 0);
        Node big = TestScenes.node("big", 0);
        big.scale.set(2, 3, 1);
        big.rotation.rotationY(0.7f);
        s.addNode(small);
        s.addNode(big);
        s.addNode(TestScenes.node("cube", 1));
        Node glowingCube = TestScenes.node("glowing cube", 1);
        glowingCube.materialOverride = 0;
        s.addNode(glowingCube);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            // 2 + 2 quad triangles, the plain cube none, the overridden cube 12 (area 24).
            assertEquals(16, cs.emitterCount);
            double lum = 2;
            double expectedTotal = lum * Math.PI * (1 + 6 + 24);
            assertEquals(expectedTotal, cs.totalEmitterPower, 1e-4 * expectedTotal);
            double sum = 0, prev = 0;
            for (int e = 0; e < cs.emitterCount; e++) {
                long o = (long) e * LcEmitter.BYTES;
                float power = cs.emitters.getFloat(o + LcEmitter.POWER);
                int inst = cs.emitters.getInt(o + LcEmitter.INSTANCE);
                double area = inst == 0 ? 0.5 : inst == 1 ? 3 : 2;
                assertEquals(lum * area * Math.PI, power, 1e-5 * power);
                sum += power;
                float cdf = cs.emitters.getFloat(o + LcEmitter.CDF);
                assertEquals(sum / cs.totalEmitterPower, cdf, 1e-6);
                assertTrue(cdf >= prev);
                prev = cdf;
                int tri = cs.emitters.getInt(o + LcEmitter.TRIANGLE);
                int mesh = cs.instances.getInt((long) inst * LcInstance.BYTES + LcInstance.MESH);
                int first = cs.meshes.getInt((long) mesh * LcMesh.BYTES + LcMesh.FIRST_TRIANGLE);
                int count = cs.meshes.getInt((long) mesh * LcMesh.BYTES + LcMesh.TRIANGLE_COUNT);
                assertTrue(tri >= first && tri < first + count);
            }
            assertEquals(1f, prev);
        }
    }

    @Test
    void emissiveTextureScalesPowerByItsAverage() {
        Scene s = TestScenes.empty();
        Material lamp = TestScenes.material("lamp");
        lamp.emissive = new float[] {1, 1, 1};
        // Two texels: white and black (sRGB), average linear 0.5.
        s.textures.add(Texture.ldr("e", null, 2, 1, new byte[] {-1, -1, -1, -1, 0, 0, 0, -1}));
        lamp.emissiveTexture = new TextureRef(0);
        s.materials.add(lamp);
        s.meshes.add(TestScenes.quad(0));
        s.addNode(TestScenes.node("n", 0));
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertEquals(0.5 * Math.PI, cs.totalEmitterPower, 1e-5);
        }
    }

    @Test
    void cameraBasisFollowsLookAt() {
        Scene s = TestScenes.empty();
        s.meshes.add(TestScenes.cube(-1));
        s.addNode(TestScenes.node("cube", 0));
        Camera cam = new Camera("main");
        cam.yfov = (float) Math.toRadians(60);
        cam.apertureRadius = 0.05f;
        cam.focusDistance = 4;
        s.cameras.add(cam);
        Node cn = new Node("cam");
        cn.camera = 0;
        Vector3f eye = new Vector3f(1, 2, 3), centre = new Vector3f(0, 0.5f, -1), up = new Vector3f(0, 1, 0);
        cn.matrix = new Matrix4f().lookAt(eye, centre, up).invert();
        s.addNode(cn);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults().withSize(800, 400))) {
            assertEquals(1, cs.cameraCount);
            assertEquals("main", cs.cameraNames.get(0));
            Vector3f f = new Vector3f(centre).sub(eye).normalize();
            Vector3f r = new Vector3f(f).cross(up).normalize();
            Vector3f u = new Vector3f(r).cross(f).normalize();
            float tanY = (float) Math.tan(Math.toRadians(30));
            assertVec(new float[] {1, 2, 3}, vec(cs.cameras, LcCamera.POSITION, 3));
            assertVec(new float[] {f.x, f.y, f.z}, vec(cs.cameras, LcCamera.FORWARD, 3));
            assertVec(new float[] {r.x * tanY * 2, r.y * tanY * 2, r.z * tanY * 2}, vec(cs.cameras, LcCamera.RIGHT, 3));
            assertVec(new float[] {u.x * tanY, u.y * tanY, u.z * tanY}, vec(cs.cameras, LcCamera.UP, 3));
            assertEquals(Layout.LC_CAMERA_PERSPECTIVE, cs.cameras.getInt(LcCamera.TYPE));
            assertEquals(0.05f, cs.cameras.getFloat(LcCamera.LENS_RADIUS));
            assertEquals(4f, cs.cameras.getFloat(LcCamera.FOCUS_DISTANCE));
        }
        CompileOptions missing = CompileOptions.defaults().withCamera("nope");
        assertThrows(SceneException.class, () -> SceneCompiler.compile(s, missing));
    }

    @Test
    void defaultCameraFramesTheBoundsFromPlusZ() {
        Scene s = TestScenes.empty();
        s.meshes.add(TestScenes.cube(-1));
        Node n = TestScenes.node("cube", 0);
        n.translation.set(5, 0, 0);
        s.addNode(n);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults().withSize(100, 100))) {
            assertEquals("default", cs.cameraNames.get(0));
            float[] p = vec(cs.cameras, LcCamera.POSITION, 3);
            // Bounding sphere radius sqrt(3) at (5,0,0); 40 degree field: distance sqrt(3) / sin(20 deg).
            float d = (float) (Math.sqrt(3) / Math.sin(Math.toRadians(20)));
            // World bounds are padded by ~1e-6 relative (see InstanceWriter), hence the looser tolerance.
            assertArrayEquals(new float[] {5, 0, d}, p, 1e-4f);
            assertVec(new float[] {0, 0, -1}, vec(cs.cameras, LcCamera.FORWARD, 3));
            float tan = (float) Math.tan(Math.toRadians(20));
            assertVec(new float[] {tan, 0, 0}, vec(cs.cameras, LcCamera.RIGHT, 3));
            assertVec(new float[] {0, tan, 0}, vec(cs.cameras, LcCamera.UP, 3));
        }
    }

    @Test
    void lightsAreTransformedByTheirNodes() {
        Scene s = TestScenes.empty();
        Light spot = new Light("spot", Light.Type.SPOT);
        spot.color = new float[] {1, 0.5f, 0.25f};
        spot.intensity = 8;
        spot.innerConeAngle = 0.2f;
        spot.outerConeAngle = 0.4f;
        spot.range = 10;
        s.lights.add(spot);
        Node parent = new Node("parent");
        parent.translation.set(1, 0, 0);
        s.addNode(parent);
        Node ln = new Node("light");
        ln.parent = 0;
        ln.light = 0;
        ln.translation.set(0, 2, 3);
        ln.rotation.rotationX((float) Math.PI / 2);
        ln.scale.set(5, 5, 5);
        s.addNode(ln);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertEquals(1, cs.lightCount);
            assertEquals(1, cs.globals.getInt(LcSceneGlobals.LIGHT_COUNT));
            assertVec(new float[] {1, 2, 3}, vec(cs.lights, LcLight.POSITION, 3));
            // -z rotated +90 degrees about +x is +y; the node's scale does not lengthen it.
            assertVec(new float[] {0, 1, 0}, vec(cs.lights, LcLight.DIRECTION, 3));
            assertVec(new float[] {8, 4, 2}, vec(cs.lights, LcLight.RADIANCE, 3));
            assertEquals(Layout.LC_LIGHT_SPOT, cs.lights.getInt(LcLight.TYPE));
            assertEquals((float) Math.cos(0.2), cs.lights.getFloat(LcLight.COS_INNER), EPS);
            assertEquals((float) Math.cos(0.4), cs.lights.getFloat(LcLight.COS_OUTER), EPS);
            assertEquals(10f, cs.lights.getFloat(LcLight.RANGE));
            assertEquals(0, cs.instanceCount);
            assertEquals(0, cs.tlasNodeCount);
        }
    }

    @Test
    void materialsTextureViewsImagesAndGlobalsAtLayoutOffsets() {
        Scene s = TestScenes.empty();
        s.textures.add(Texture.ldr("ldr", null, 2, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        s.textures.add(Texture.hdr("sky", null, 1, 1, new float[] {0.5f, 1.5f, 2.5f, 1}));
        Material m = new Material("m");
        m.baseColor = new float[] {0.1f, 0.2f, 0.3f, 0.4f};
        m.emissive = new float[] {1, 2, 3};
        m.emissiveStrength = 5;
        m.metallic = 0.25f;
        m.roughness = 0.75f;
        m.transmission = 0.5f;
        m.ior = 1.33f;
        m.alphaMode = Material.AlphaMode.MASK;
        m.alphaCutoff = 0.3f;
        m.doubleSided = true;
        m.normalScale = 0.8f;
        TextureRef ref = new TextureRef(0);
        ref.offsetU = 0.1f;
        ref.offsetV = 0.2f;
        ref.rotation = 0.3f;
        ref.scaleU = 2;
        ref.scaleV = 3;
        ref.texCoord = 1;
        m.baseColorTexture = ref;
        m.emissiveTexture = new TextureRef(0);
        s.materials.add(new Material("first"));
        s.materials.add(m);
        s.environment.texture = 1;
        s.environment.intensity = 2;
        s.environment.rotationDegrees = 90;
        s.environment.color = new float[] {0.1f, 0.2f, 0.3f};
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertEquals(2, cs.materialCount);
            assertEquals(2, cs.textureViewCount);
            long o = LcMaterial.BYTES;
            assertVec(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, vec(cs.materials, o + LcMaterial.BASE_COLOR, 4));
            assertVec(new float[] {5, 10, 15}, vec(cs.materials, o + LcMaterial.EMISSION, 3));
            assertEquals(0.25f, cs.materials.getFloat(o + LcMaterial.METALLIC));
            assertEquals(0.75f, cs.materials.getFloat(o + LcMaterial.ROUGHNESS));
            assertEquals(0.5f, cs.materials.getFloat(o + LcMaterial.TRANSMISSION));
            assertEquals(1.33f, cs.materials.getFloat(o + LcMaterial.IOR));
            assertEquals(0.3f, cs.materials.getFloat(o + LcMaterial.ALPHA_CUTOFF));
            assertEquals(0.8f, cs.materials.getFloat(o + LcMaterial.NORMAL_SCALE));
            assertEquals(Layout.LC_MATERIAL_DOUBLE_SIDED | Layout.LC_MATERIAL_ALPHA_MASK,
                    cs.materials.getInt(o + LcMaterial.FLAGS));
            assertEquals(0, cs.materials.getInt(o + LcMaterial.BASE_COLOR_TEX));
            assertEquals(1, cs.materials.getInt(o + LcMaterial.EMISSIVE_TEX));
            assertEquals(Layout.LC_NONE, cs.materials.getInt(o + LcMaterial.NORMAL_TEX));
            assertEquals(Layout.LC_NONE, cs.materials.getInt(o + LcMaterial.METALLIC_ROUGHNESS_TEX));
            assertEquals(Layout.LC_NONE, cs.materials.getInt(o + LcMaterial.TRANSMISSION_TEX));
            assertEquals(Layout.LC_NONE, cs.materials.getInt(LcMaterial.BASE_COLOR_TEX));
            assertEquals(0, cs.materials.getInt(LcMaterial.FLAGS));
            assertVec(ref.matrix(), vec(cs.textureViews, LcTextureView.M00, 6));
            assertEquals(0, cs.textureViews.getInt(LcTextureView.IMAGE));
            assertEquals(1, cs.textureViews.getInt(LcTextureView.TEX_COORD));
            assertVec(new float[] {1, 0, 0, 0, 1, 0}, vec(cs.textureViews, LcTextureView.BYTES, 6));

            assertEquals(2, cs.imageCount);
            assertEquals(Layout.LC_IMAGE_RGBA8, cs.images.getInt(LcImage.FORMAT));
            assertEquals(2, cs.images.getInt(LcImage.WIDTH));
            assertEquals(1, cs.images.getInt(LcImage.HEIGHT));
            int w0 = cs.images.getInt(LcImage.OFFSET_WORDS);
            assertEquals(0x04030201, cs.texels.getInt(w0 * 4L));
            assertEquals(0x08070605, cs.texels.getInt(w0 * 4L + 4));
            assertEquals(Layout.LC_IMAGE_RGBA32F, cs.images.getInt(LcImage.BYTES + LcImage.FORMAT));
            int w1 = cs.images.getInt(LcImage.BYTES + LcImage.OFFSET_WORDS);
            assertEquals(0, w1 % 4);
            assertVec(new float[] {0.5f, 1.5f, 2.5f, 1}, vec(cs.texels, w1 * 4L, 4));

            assertEquals(1, cs.globals.getInt(LcSceneGlobals.ENV_IMAGE));
            assertEquals(2f, cs.globals.getFloat(LcSceneGlobals.ENV_INTENSITY));
            assertEquals((float) (Math.PI / 2), cs.globals.getFloat(LcSceneGlobals.ENV_ROTATION), EPS);
            assertVec(new float[] {0.2f, 0.4f, 0.6f}, vec(cs.globals, LcSceneGlobals.BACKGROUND, 3));
            assertTrue(cs.stats.memoryBytes().get("textures") >= 3 * 16 + 16);
        }
    }

    @Test
    void badReferencesAreSceneExceptions() {
        Scene s = TestScenes.empty();
        s.meshes.add(TestScenes.quad(3));
        s.addNode(TestScenes.node("n", 0));
        CompileOptions o = CompileOptions.defaults();
        SceneException e = assertThrows(SceneException.class, () -> SceneCompiler.compile(s, o));
        assertTrue(e.getMessage().contains("material 3"), e.getMessage());

        Scene s2 = TestScenes.empty();
        Mesh bad = TestScenes.quad(-1);
        bad.indices[4] = 9;
        s2.meshes.add(bad);
        s2.addNode(TestScenes.node("n", 0));
        e = assertThrows(SceneException.class, () -> SceneCompiler.compile(s2, o));
        assertTrue(e.getMessage().contains("vertex 9"), e.getMessage());

        Scene s3 = TestScenes.empty();
        s3.addNode(TestScenes.node("n", 2));
        assertThrows(SceneException.class, () -> SceneCompiler.compile(s3, o));
    }
}
