package dev.lucent.compile;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcEmitter;
import dev.lucent.core.Layout.LcImage;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcLight;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.NativeBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: writes the light-related pools of a {@link CompiledScene} by hand with {@link Layout} offsets
 * (positions, triangles, meshes, instances, emitters, lights, images, texels, globals), so light tests do not
 * depend on the scene compiler. Other pools stay null. Triangles are stored in the order added, so a mesh's
 * global triangle index is its firstTriangle plus the local index.
 */
public final class TestSceneBuilder {
    private final List<float[]> meshPositions = new ArrayList<>();
    private final List<int[]> meshTriangles = new ArrayList<>();
    private final List<float[]> instanceMatrices = new ArrayList<>();
    private final List<Integer> instanceMeshes = new ArrayList<>();
    private final List<float[]> emitters = new ArrayList<>(); // instance, global triangle, power
    private final List<float[]> lights = new ArrayList<>();
    private final float[] background = new float[3];
    private float[] bbox = {-1, -1, -1, 1, 1, 1};
    private float envIntensity = 1, envRotation = 0;
    private int envWidth, envHeight, envFormat = Layout.LC_NONE;
    private float[] envRgba32f;
    private int[] envRgba8;

    public static final float[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};

    /** Adds a mesh (object-space float3 positions, mesh-local int3 triangles); returns its index. */
    public int mesh(float[] positions, int[] triangles) {
        meshPositions.add(positions.clone());
        meshTriangles.add(triangles.clone());
        return meshPositions.size() - 1;
    }

    /** Adds an instance of {@code mesh} with a row-major 3x4 object-to-world matrix; returns its index. */
    public int instance(int mesh, float[] objectToWorld) {
        instanceMeshes.add(mesh);
        instanceMatrices.add(objectToWorld.clone());
        return instanceMeshes.size() - 1;
    }

    /** Global triangle index of local triangle {@code local} of {@code mesh}. */
    public int globalTriangle(int mesh, int local) {
        int first = 0;
        for (int m = 0; m < mesh; m++) first += meshTriangles.get(m).length / 3;
        return first + local;
    }

    /** Adds an emitter with the given LcEmitter.power; the CDF is computed in {@link #build}. */
    public TestSceneBuilder emitter(int instance, int globalTriangle, float power) {
        emitters.add(new float[] {instance, globalTriangle, power});
        return this;
    }

    /** Adds an LcLight. */
    public TestSceneBuilder light(int type, float[] position, float[] direction, float[] radiance, float cosInner,
            float cosOuter, float range) {
        float[] l = new float[16];
        System.arraycopy(position, 0, l, 0, 3);
        System.arraycopy(direction, 0, l, 4, 3);
        System.arraycopy(radiance, 0, l, 8, 3);
        l[12] = type;
        l[13] = cosInner;
        l[14] = cosOuter;
        l[15] = range;
        lights.add(l);
        return this;
    }

    public TestSceneBuilder background(float r, float g, float b) {
        background[0] = r;
        background[1] = g;
        background[2] = b;
        return this;
    }

    public TestSceneBuilder bounds(float minX, float minY, float minZ, float maxX, float maxY, float maxZ) {
        bbox = new float[] {minX, minY, minZ, maxX, maxY, maxZ};
        return this;
    }

    /** Equirectangular RGBA32F environment, row-major, top row first, 4 floats per texel. */
    public TestSceneBuilder environment(int width, int height, float[] rgba, float intensity, float rotation) {
        envWidth = width;
        envHeight = height;
        envFormat = Layout.LC_IMAGE_RGBA32F;
        envRgba32f = rgba.clone();
        envIntensity = intensity;
        envRotation = rotation;
        return this;
    }

    /** Equirectangular RGBA8 environment, one packed word per texel (R in the low byte). */
    public TestSceneBuilder environment8(int width, int height, int[] words, float intensity, float rotation) {
        envWidth = width;
        envHeight = height;
        envFormat = Layout.LC_IMAGE_RGBA8;
        envRgba8 = words.clone();
        envIntensity = intensity;
        envRotation = rotation;
        return this;
    }

    public CompiledScene build() {
        CompiledScene s = new CompiledScene();
        int vertexCount = 0, triangleCount = 0;
        for (int m = 0; m < meshPositions.size(); m++) {
            vertexCount += meshPositions.get(m).length / 3;
            triangleCount += meshTriangles.get(m).length / 3;
        }
        s.positions = NativeBuffer.allocate(12L * vertexCount);
        s.triangles = NativeBuffer.allocate(12L * triangleCount);
        s.meshes = NativeBuffer.allocate((long) LcMesh.BYTES * meshPositions.size());
        int firstVertex = 0, firstTriangle = 0;
        for (int m = 0; m < meshPositions.size(); m++) {
            float[] p = meshPositions.get(m);
            int[] t = meshTriangles.get(m);
            s.positions.putFloats(12L * firstVertex, p, 0, p.length);
            s.triangles.putInts(12L * firstTriangle, t, 0, t.length);
            long o = (long) m * LcMesh.BYTES;
            s.meshes.putInt(o + LcMesh.FIRST_TRIANGLE, firstTriangle);
            s.meshes.putInt(o + LcMesh.TRIANGLE_COUNT, t.length / 3);
            s.meshes.putInt(o + LcMesh.FIRST_VERTEX, firstVertex);
            s.meshes.putInt(o + LcMesh.VERTEX_COUNT, p.length / 3);
            firstVertex += p.length / 3;
            firstTriangle += t.length / 3;
        }
        s.vertexCount = vertexCount;
        s.triangleCount = triangleCount;
        s.meshCount = meshPositions.size();

        s.instances = NativeBuffer.allocate((long) LcInstance.BYTES * instanceMeshes.size());
        for (int i = 0; i < instanceMeshes.size(); i++) {
            long o = (long) i * LcInstance.BYTES;
            float[] m = instanceMatrices.get(i);
            float[] inv = invertAffine(m);
            s.instances.putFloats(o + LcInstance.OBJECT_TO_WORLD0, m, 0, 12);
            s.instances.putFloats(o + LcInstance.WORLD_TO_OBJECT0, inv, 0, 12);
            s.instances.putInt(o + LcInstance.MESH, instanceMeshes.get(i));
            s.instances.putInt(o + LcInstance.MATERIAL_OVERRIDE, Layout.LC_NONE);
        }
        s.instanceCount = instanceMeshes.size();

        s.emitters = NativeBuffer.allocate((long) LcEmitter.BYTES * emitters.size());
        double total = 0;
        for (float[] e : emitters) total += e[2];
        double acc = 0;
        for (int i = 0; i < emitters.size(); i++) {
            float[] e = emitters.get(i);
            acc += e[2];
            long o = (long) i * LcEmitter.BYTES;
            s.emitters.putInt(o + LcEmitter.INSTANCE, (int) e[0]);
            s.emitters.putInt(o + LcEmitter.TRIANGLE, (int) e[1]);
            s.emitters.putFloat(o + LcEmitter.POWER, e[2]);
            s.emitters.putFloat(o + LcEmitter.CDF, total > 0 ? (float) (acc / total) : 0f);
        }
        s.emitterCount = emitters.size();
        s.totalEmitterPower = (float) total;

        s.lights = NativeBuffer.allocate((long) LcLight.BYTES * lights.size());
        for (int i = 0; i < lights.size(); i++) {
            float[] l = lights.get(i);
            long o = (long) i * LcLight.BYTES;
            s.lights.putFloats(o + LcLight.POSITION, l, 0, 3);
            s.lights.putFloats(o + LcLight.DIRECTION, l, 4, 3);
            s.lights.putFloats(o + LcLight.RADIANCE, l, 8, 3);
            s.lights.putInt(o + LcLight.TYPE, (int) l[12]);
            s.lights.putFloat(o + LcLight.COS_INNER, l[13]);
            s.lights.putFloat(o + LcLight.COS_OUTER, l[14]);
            s.lights.putFloat(o + LcLight.RANGE, l[15]);
        }
        s.lightCount = lights.size();

        s.globals = NativeBuffer.allocate(LcSceneGlobals.BYTES);
        s.globals.putFloats(LcSceneGlobals.BACKGROUND, background, 0, 3);
        s.globals.putFloats(LcSceneGlobals.BBOX_MIN, bbox, 0, 3);
        s.globals.putFloats(LcSceneGlobals.BBOX_MAX, bbox, 3, 3);
        s.globals.putFloat(LcSceneGlobals.ENV_INTENSITY, envIntensity);
        s.globals.putFloat(LcSceneGlobals.ENV_ROTATION, envRotation);
        s.globals.putInt(LcSceneGlobals.LIGHT_COUNT, lights.size());
        s.images = NativeBuffer.allocate(LcImage.BYTES);
        if (envFormat == Layout.LC_NONE) {
            s.globals.putInt(LcSceneGlobals.ENV_IMAGE, Layout.LC_NONE);
            s.texels = NativeBuffer.allocate(16);
            s.imageCount = 0;
        } else {
            // a 3-word gap before the image checks that offsetWords is honoured
            int offsetWords = 3;
            int words = envFormat == Layout.LC_IMAGE_RGBA32F ? 4 * envWidth * envHeight : envWidth * envHeight;
            s.texels = NativeBuffer.allocate(4L * (offsetWords + words));
            if (envFormat == Layout.LC_IMAGE_RGBA32F) s.texels.putFloats(4L * offsetWords, envRgba32f, 0, words);
            else s.texels.putInts(4L * offsetWords, envRgba8, 0, words);
            s.images.putInt(LcImage.OFFSET_WORDS, offsetWords);
            s.images.putInt(LcImage.WIDTH, envWidth);
            s.images.putInt(LcImage.HEIGHT, envHeight);
            s.images.putInt(LcImage.FORMAT, envFormat);
            s.imageCount = 1;
            s.globals.putInt(LcSceneGlobals.ENV_IMAGE, 0);
        }
        return s;
    }

    /** Inverse of a row-major 3x4 affine matrix. */
    static float[] invertAffine(float[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], k = m[10];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        double[] r = {
            (e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
            (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
        float[] out = new float[12];
        for (int row = 0; row < 3; row++) {
            out[row * 4] = (float) r[row * 3];
            out[row * 4 + 1] = (float) r[row * 3 + 1];
            out[row * 4 + 2] = (float) r[row * 3 + 2];
            out[row * 4 + 3] = (float) -(r[row * 3] * m[3] + r[row * 3 + 1] * m[7] + r[row * 3 + 2] * m[11]);
        }
        return out;
    }
}
