package dev.lucent.compile;

import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Scene;
import java.util.List;

/**
 * The one compiled form of a scene that every backend (CPU, CUDA, Vulkan) and the viewer read. All pools are
 * off-heap {@link NativeBuffer}s with 64-bit offsets, laid out as {@code shaders/common/lucent_layout.h}
 * states. Built only by {@link SceneCompiler}; no backend flattens the scene its own way.
 *
 * <p>Pools (world space unless stated; "per vertex" pools are indexed by LcMesh.firstVertex + local index):
 * <ul>
 * <li>{@code positions}: float3 per vertex, object space, 12-byte stride.
 * <li>{@code normals}: float3 per vertex, object space, unit (generated when the model had none).
 * <li>{@code uvs}: float2 per vertex (0,0 where the model had none).
 * <li>{@code tangents}: float4 per vertex, object space, w = bitangent sign (generated when a material of the
 *     mesh has a normal map and the model had none; zero otherwise). Valid only where LcMesh.hasTangents is
 *     1; when no mesh has tangents the pool holds a single zero entry instead of one per vertex.
 * <li>{@code triangles}: int3 per triangle, mesh-local vertex indices, in each mesh's BLAS leaf order.
 * <li>{@code triangleMaterials}: int per triangle, LcMaterial index.
 * <li>{@code meshes} LcMesh; {@code blasNodes} LcBvhNode of every mesh (node indices local to the mesh,
 *     leaf leftFirst local to the mesh's triangles); {@code instances} LcInstance;
 *     {@code tlasNodes} LcBvhNode over instances, whose leaf slots index {@code tlasInstances} (uint per slot
 *     giving the LcInstance index). Instances with a non-invertible transform are left out of the TLAS;
 *     {@code tlasNodeCount} is 0 when no instance can be hit, and tracers must then not traverse (the root
 *     record is only a placeholder).
 * <li>{@code materials} LcMaterial; {@code textureViews} LcTextureView; {@code images} LcImage;
 *     {@code texels}: the texel pool LcImage.offsetWords points into.
 * <li>{@code lights} LcLight (punctual); {@code emitters} LcEmitter (emissive triangles with power CDF).
 * <li>{@code cameras} LcCamera, one per node carrying a camera, in node order (a default camera framing the
 *     bounds if none); {@link #selectedCamera} is the one the compile options chose.
 * <li>{@code globals} one LcSceneGlobals; its world box encloses every instance in the TLAS, padded by
 *     about 1e-6 relative.
 * </ul>
 */
public final class CompiledScene implements AutoCloseable {
    public NativeBuffer positions, normals, uvs, tangents, triangles, triangleMaterials;
    public NativeBuffer meshes, blasNodes, instances, tlasNodes, tlasInstances;
    public NativeBuffer materials, textureViews, images, texels;
    public NativeBuffer lights, emitters, cameras, globals;

    public long vertexCount, triangleCount;
    public int meshCount, instanceCount, tlasNodeCount, materialCount, textureViewCount, imageCount;
    public int lightCount, emitterCount, cameraCount;
    /** Sum of LcEmitter.power over all emitters. */
    public float totalEmitterPower;
    /** Names of the cameras, same order as {@code cameras}. */
    public List<String> cameraNames = List.of();
    /** Triangles summed over instances (what is rendered), versus {@link #triangleCount} (what is stored). */
    public long instancedTriangleCount;
    public CompileStats stats;
    /** Index into {@code cameras} of the camera {@link CompileOptions#camera()} named (0 when it named none). */
    public int selectedCamera;
    /** Instances the TLAS holds (those with an invertible transform): the number of tlasInstances slots. */
    public int tlasInstanceCount;

    // Bookkeeping for updateInstances, set by SceneCompiler.
    CompileOptions options;
    /** Scene node of each instance, light and camera (no camera nodes: the default camera). */
    int[] instanceNodes = new int[0], lightNodes = new int[0], cameraNodes = new int[0];
    /** Scene mesh index of each node (-1: none) at compile time, to detect structural changes. */
    int[] nodeMeshes = new int[0];
    /** Emission luminance per LcMaterial (emissive-texture average applied), for emitter power. */
    double[] emissionLuminance = new double[0];

    CompiledScene() {}

    /** The options this scene was compiled (or last updated) with. */
    public CompileOptions options() {
        return options;
    }

    /** Index in {@code Scene.nodes} of the node instance {@code instance} came from. */
    public int instanceNode(int instance) {
        return instanceNodes[instance];
    }

    /**
     * Re-evaluates the scene's animations at {@code timeSeconds} and rewrites instances, TLAS, lights,
     * cameras, emitters and the world bounds in place; meshes and their BLAS are reused. {@code scene} must be
     * the scene this was compiled from, with the same nodes, meshes, lights and cameras (animations move nodes;
     * anything else needs a fresh compile). Not safe while another thread traces rays through this scene.
     */
    public void updateInstances(Scene scene, float timeSeconds) {
        SceneCompiler.update(this, scene, timeSeconds);
    }

    /**
     * Overwrites camera {@code index} of {@code cameras} with the perspective look-at camera {@code camera} for
     * an image of aspect width/height {@code aspect} (the viewer's camera, {@code lucent render --camera-pos}).
     * {@link #updateInstances} writes the scene's cameras again. Backends read the camera at
     * {@link dev.lucent.backend.RenderBackend#prepare}; call it again afterwards.
     */
    public void setLookAtCamera(int index, LookAtCamera camera, float aspect) {
        if (index < 0 || index >= cameraCount) throw new IndexOutOfBoundsException("camera " + index + " of " + cameraCount);
        if (!(aspect > 0 && Float.isFinite(aspect))) throw new IllegalArgumentException("aspect " + aspect);
        CameraWriter.writeLookAt(this, index, camera, aspect);
    }

    /** Camera {@code index} as a look-at camera (target one unit ahead); see CameraWriter.readLookAt. */
    public LookAtCamera lookAtCamera(int index) {
        if (index < 0 || index >= cameraCount) throw new IndexOutOfBoundsException("camera " + index + " of " + cameraCount);
        return CameraWriter.readLookAt(this, index);
    }

    /**
     * Rewrites the environment fields of {@code globals} (background, map, intensity, rotation) from
     * {@code scene.environment}, keeping the world bounds: how the viewer and {@code --env-intensity} change the
     * sky without a compile. Call {@link dev.lucent.backend.RenderBackend#prepare} afterwards.
     */
    public void updateEnvironment(Scene scene) {
        SceneCompiler.writeEnvironment(this, scene);
    }

    @Override
    public void close() {
        for (NativeBuffer b : new NativeBuffer[] {positions, normals, uvs, tangents, triangles, triangleMaterials,
                meshes, blasNodes, instances, tlasNodes, tlasInstances, materials, textureViews, images, texels,
                lights, emitters, cameras, globals}) {
            if (b != null) b.close();
        }
    }
}
