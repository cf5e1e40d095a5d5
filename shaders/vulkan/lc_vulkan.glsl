/*
 * lc_vulkan.glsl — what every Lucent ray-tracing shader shares: the scene pools as storage buffers of descriptor
 * set 0 (binding numbers and push-constant offsets in lc_bindings.h), the pool macros the shared headers of
 * shaders/common read, the ray payload, and the per-triangle look-ups (material, uv, emitter geometry). Included
 * after the stage's #version and extensions by raygen.rgen, closesthit.rchit, alpha.rahit and the miss shaders;
 * dev.lucent.backend.vulkan.ShaderCompiler resolves the #include lines.
 *
 * Pools are the compiled scene's (dev.lucent.compile.CompiledScene), uploaded unchanged: positions and normals
 * float3 per vertex (object space), uvs float2 per vertex, tangents float4 per vertex, triangles uint3 per
 * triangle (mesh-local vertex indices), one material id per triangle, texels as 32-bit words.
 */
#ifndef LC_VULKAN_GLSL
#define LC_VULKAN_GLSL

#include "lucent_layout.h"
#include "lc_bindings.h"
#include "lc_portable.h"
#include "lc_sampling.h"

/* GgxAlbedoTable.values(), the energy-compensation tables of lc_bsdf.h, from a buffer (lc_bsdf.h's option): as 67k
 * GLSL constants they make a 1.4 MB SPIR-V module. */
layout(std430, set = 0, binding = LC_BINDING_GGX_ALBEDO) readonly buffer LcGgxAlbedoPool { float lcGgxAlbedo[]; };
#define LC_GGX_ALBEDO(i) (lcGgxAlbedo[i])

#include "lc_bsdf.h"

layout(set = 0, binding = LC_BINDING_TLAS) uniform accelerationStructureEXT lcTlas;
layout(std430, set = 0, binding = LC_BINDING_POSITIONS) readonly buffer LcPositionPool { float lcPositions[]; };
layout(std430, set = 0, binding = LC_BINDING_NORMALS) readonly buffer LcNormalPool { float lcNormals[]; };
layout(std430, set = 0, binding = LC_BINDING_UVS) readonly buffer LcUvPool { float lcUvs[]; };
layout(std430, set = 0, binding = LC_BINDING_TANGENTS) readonly buffer LcTangentPool { vec4 lcTangents[]; };
layout(std430, set = 0, binding = LC_BINDING_TRIANGLES) readonly buffer LcTrianglePool { uint lcTriangles[]; };
layout(std430, set = 0, binding = LC_BINDING_TRIANGLE_MATERIALS) readonly buffer LcTriangleMaterialPool { int lcTriangleMaterials[]; };
layout(std430, set = 0, binding = LC_BINDING_MESHES) readonly buffer LcMeshPool { LcMesh lcMeshes[]; };
layout(std430, set = 0, binding = LC_BINDING_INSTANCES) readonly buffer LcInstancePool { LcInstance lcInstances[]; };
layout(std430, set = 0, binding = LC_BINDING_MATERIALS) readonly buffer LcMaterialPool { LcMaterial lcMaterials[]; };
layout(std430, set = 0, binding = LC_BINDING_TEXTURE_VIEWS) readonly buffer LcTextureViewPool { LcTextureView lcTextureViews[]; };
layout(std430, set = 0, binding = LC_BINDING_IMAGES) readonly buffer LcImagePool { LcImage lcImages[]; };
layout(std430, set = 0, binding = LC_BINDING_TEXELS) readonly buffer LcTexelPool { uint lcTexels[]; };
layout(std430, set = 0, binding = LC_BINDING_LIGHTS) readonly buffer LcLightPool { LcLight lcLights[]; };
layout(std430, set = 0, binding = LC_BINDING_EMITTERS) readonly buffer LcEmitterPool { LcEmitter lcEmitters[]; };
layout(std430, set = 0, binding = LC_BINDING_LIGHT_TABLE) readonly buffer LcLightTablePool { float lcLightTable[]; };
layout(std430, set = 0, binding = LC_BINDING_GLOBALS) readonly buffer LcGlobalsPool { LcSceneGlobals lcGlobals; };
layout(std430, set = 0, binding = LC_BINDING_ENV_TABLE) readonly buffer LcEnvTablePool { float lcEnvTable[]; };
layout(std430, set = 0, binding = LC_BINDING_CAMERA) readonly buffer LcCameraPool { LcCamera lcCamera; };
/* Per-pixel accumulation: LC_STATE_WORDS words per pixel, fields at the LC_STATE_* word indices of lc_bindings.h
 * (the count fields hold int bits). */
layout(std430, set = 0, binding = LC_BINDING_STATE) buffer LcStatePool { float lcState[]; };
/* Ray counters as three 64-bit (low word, high word) pairs: camera, extension, shadow rays. */
layout(std430, set = 0, binding = LC_BINDING_COUNTERS) buffer LcCounterPool { uint lcCounters[]; };

#define LC_MATERIAL(i) (lcMaterials[i])
#define LC_TEXTURE_VIEW(i) (lcTextureViews[i])
#define LC_IMAGE(i) (lcImages[i])
#define LC_TEXEL_WORD(i) (lcTexels[i])
#define LC_TEXEL_FLOAT(i) (uintBitsToFloat(lcTexels[i]))
#define LC_LIGHT(i) (lcLights[i])
#define LC_EMITTER(i) (lcEmitters[i])
#define LC_LIGHT_TABLE(i) (lcLightTable[i])
#define LC_ENV_TABLE(i) (lcEnvTable[i])
#define LC_GLOBALS (lcGlobals)

/* Per-pass constants (VulkanPathTracer pushes them before each vkCmdTraceRaysKHR; offsets LC_PUSH_* of lc_bindings.h). */
layout(push_constant) uniform LcPassConstants {
    int width;
    int height;
    uint sampleIndex;
    uint seedLo;
    uint seedHi;
    int maxDepth;
    float clampRadiance;
    int lightCount;
    int emitterCount;
    int countRays;
} lcPass;

/*
 * The one payload of every ray. In: pathKey and rayKey (the alpha BLEND hash inputs, see AlphaHitFilter).
 * Out: instance = LcInstance index of the closest hit, or LC_NONE on a miss (shadow rays: LC_NONE = unoccluded);
 * primitive = triangle index inside the instance's mesh; (u, v) = barycentric weights of v1 and v2; t along the
 * world ray.
 */
struct LcPayload {
    float t;
    float u;
    float v;
    int primitive;
    int instance;
    uint pathKey;
    uint rayKey;
    int pad;
};

/* Ray kinds of the BLEND hash (AlphaHitFilter.CAMERA_OR_EXTENSION, SHADOW). */
#define LC_RAY_CAMERA_OR_EXTENSION 0u
#define LC_RAY_SHADOW 1u

/* Global triangle index of primitive `primitive` of instance `instance`. */
uint lcGlobalTriangle(int instance, int primitive) {
    return lcMeshes[lcInstances[instance].mesh].firstTriangle + uint(primitive);
}

int lcMaterialOf(uint instance, uint tri) {
    int ov = lcInstances[instance].materialOverride;
    return ov >= 0 ? ov : lcTriangleMaterials[tri];
}

vec3 lcLoad3(uint i, bool normals) {
    return normals ? vec3(lcNormals[3u * i], lcNormals[3u * i + 1u], lcNormals[3u * i + 2u])
                   : vec3(lcPositions[3u * i], lcPositions[3u * i + 1u], lcPositions[3u * i + 2u]);
}

/* TEXCOORD_0 of global triangle tri of `instance` at barycentrics (b1, b2). */
vec2 lcTriangleUv(uint instance, uint tri, float b1, float b2) {
    uint firstVertex = lcMeshes[lcInstances[instance].mesh].firstVertex;
    uint i0 = firstVertex + lcTriangles[3u * tri], i1 = firstVertex + lcTriangles[3u * tri + 1u],
         i2 = firstVertex + lcTriangles[3u * tri + 2u];
    float b0 = 1.0f - b1 - b2;
    return vec2(b0 * lcUvs[2u * i0] + b1 * lcUvs[2u * i1] + b2 * lcUvs[2u * i2],
                b0 * lcUvs[2u * i0 + 1u] + b1 * lcUvs[2u * i1 + 1u] + b2 * lcUvs[2u * i2 + 1u]);
}

vec3 lcRow3(vec4 r0, vec4 r1, vec4 r2, vec3 p, float w) {
    return vec3(dot(r0.xyz, p) + r0.w * w, dot(r1.xyz, p) + r1.w * w, dot(r2.xyz, p) + r2.w * w);
}

#include "lc_material.h"

vec3 lcEmitterVertex(uint instance, uint tri, int corner) {
    LcInstance inst = lcInstances[instance];
    uint firstVertex = lcMeshes[inst.mesh].firstVertex;
    vec3 p = lcLoad3(firstVertex + lcTriangles[3u * tri + uint(corner)], false);
    return lcRow3(inst.objectToWorld0, inst.objectToWorld1, inst.objectToWorld2, p, 1.0f);
}

vec3 lcEmitterEmission(uint instance, uint tri, float b1, float b2) {
    LcMaterial m = lcMaterials[lcMaterialOf(instance, tri)];
    vec3 e = m.emission.xyz;
    if (m.emissiveTex == LC_NONE || (e.x == 0.0f && e.y == 0.0f && e.z == 0.0f)) return e;
    vec2 uv = lcTriangleUv(instance, tri, b1, b2);
    vec4 t = sampleView(m.emissiveTex, uv.x, uv.y, true);
    return e * t.xyz;
}

bool lcEmitterDoubleSided(uint instance, uint tri) {
    return (lcMaterials[lcMaterialOf(instance, tri)].flags & LC_MATERIAL_DOUBLE_SIDED) != 0;
}

#include "lc_lights.h"

#endif /* LC_VULKAN_GLSL */
