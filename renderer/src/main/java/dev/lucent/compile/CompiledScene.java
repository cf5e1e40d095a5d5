package dev.lucent.compile;

import dev.lucent.core.NativeBuffer;
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
 *     mesh has a normal map and the model had none; zero otherwise).
 * <li>{@code triangles}: int3 per triangle, mesh-local vertex indices, in each mesh's BLAS leaf order.
 * <li>{@code triangleMaterials}: int per triangle, LcMaterial index.
 * <li>{@code meshes} LcMesh; {@code blasNodes} LcBvhNode of every mesh (node indices local to the mesh,
 *     leaf leftFirst local to the mesh's triangles); {@code instances} LcInstance;
 *     {@code tlasNodes} LcBvhNode over instances, whose leaf slots index {@code tlasInstances} (uint per slot
 *     giving the LcInstance index).
 * <li>{@code materials} LcMaterial; {@code textureViews} LcTextureView; {@code images} LcImage;
 *     {@code texels}: the texel pool LcImage.offsetWords points into.
 * <li>{@code lights} LcLight (punctual); {@code emitters} LcEmitter (emissive triangles with power CDF).
 * <li>{@code cameras} LcCamera, one per scene camera (a default camera framing the bounds if none).
 * <li>{@code globals} one LcSceneGlobals.
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

    CompiledScene() {}

    @Override
    public void close() {
        for (NativeBuffer b : new NativeBuffer[] {positions, normals, uvs, tangents, triangles, triangleMaterials,
                meshes, blasNodes, instances, tlasNodes, tlasInstances, materials, textureViews, images, texels,
                lights, emitters, cameras, globals}) {
            if (b != null) b.close();
        }
    }
}
