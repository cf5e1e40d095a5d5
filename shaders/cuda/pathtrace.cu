/*
 * pathtrace.cu — the CUDA megakernel path tracer: one thread per pixel and sample pass, looping over bounces,
 * with the same Li structure as dev.lucent.integrator.PathIntegrator (next-event estimation plus BSDF
 * sampling, power-heuristic MIS, Russian roulette from bounce 3, fixed sampler dimensions per purpose) and the
 * shared shading headers of shaders/common. Launched by dev.lucent.backend.cuda.CudaPathTracer. One bounce is
 * lcPathBounce, which wavefront.cu (the wavefront schedule) includes and runs per stage.
 *
 * Ray counters (optional, may be null): [0] camera, [1] extension (bounce), [2] shadow rays traced.
 *
 * Each launch adds sample `sampleIndex` to every pixel of a set of rows (lcLaunchRow: a band of consecutive rows,
 * or groups of rows at a fixed stride for interleaved multi-GPU plans): per pixel, Welford's running
 * mean and M2 of the radiance (float) and running means of the first-hit AOVs, in LcPixelState records. The AOVs
 * follow PathIntegrator: albedo, shading normal and depth of the camera ray's first hit; the emission the camera
 * sees there (the environment on a miss), scaled with the radiance by the clamp; and, after setMotion, the
 * screen-space motion from the previous frame and the previous camera distance (motion_vectors.cuh). A
 * pixel receives its samples in index order from one thread at a time, so results do not depend on how rows
 * are spread over launches or devices.
 *
 * Same rules as the CPU integrator for the pixel filter (filter importance sampling from GpuFilterTable,
 * pixel_filter.cuh, bit-identical film offsets) and for alpha (LcAlphaFilter below = AlphaHitFilter: MASK by the
 * cutoff, BLEND stochastic by a hash of path, ray kind, instance and triangle) on camera, extension and shadow
 * rays. Environment maps are importance-sampled with the Java EnvironmentLight's own distribution (lc_lights.h).
 */
#include "lucent_layout.h"
#include "scene_traversal.cuh"
#include "pixel_filter.cuh"
#include "lc_portable.h"
#include "lc_sampling.h"
#include "lc_bsdf.h"

/* Device pools of the compiled scene the shared headers read (set per launch from the kernel arguments). */
struct LcShadingPools {
    const float* positions;   /* float3 per vertex, object space */
    const float* normals;     /* float3 per vertex, object space */
    const float* uvs;         /* float2 per vertex */
    const float4* tangents;   /* float4 per vertex (w = bitangent sign), where LcMesh.hasTangents */
    const uint* triangles;    /* uint3 per triangle, mesh-local */
    const int* triangleMaterials;
    const LcMesh* meshes;
    const LcInstance* instances;
    const LcMaterial* materials;
    const LcTextureView* textureViews;
    const LcImage* images;
    const uint* texels;
    const LcLight* lights;
    const LcEmitter* emitters;
    const float* lightTable;
    const LcSceneGlobals* globals;
    const float* envTable;    /* GpuEnvironmentTable */
};

#define LC_MATERIAL(i) (P.materials[i])
#define LC_TEXTURE_VIEW(i) (P.textureViews[i])
#define LC_IMAGE(i) (P.images[i])
#define LC_TEXEL_WORD(i) (P.texels[i])
#define LC_TEXEL_FLOAT(i) (__uint_as_float(P.texels[i]))
#define LC_LIGHT(i) (P.lights[i])
#define LC_EMITTER(i) (P.emitters[i])
#define LC_LIGHT_TABLE(i) (P.lightTable[i])
#define LC_ENV_TABLE(i) (P.envTable[i])
#define LC_GLOBALS (*P.globals)

/* The pools every shared function reads; one copy per thread (registers / local), filled by the kernel. */
#define P (*lcPools)
__device__ __forceinline__ vec3 lcEmitterVertex(uint instance, uint triangle, int corner);
__device__ __forceinline__ vec3 lcEmitterEmission(uint instance, uint triangle, float b1, float b2);
__device__ __forceinline__ bool lcEmitterDoubleSided(uint instance, uint triangle);

/* Set once per scene by setShadingPools; read by every thread (uniform loads, cached). */
__device__ LcShadingPools lcPoolsGlobal;
#define lcPools (&lcPoolsGlobal)

#include "lc_material.h"
#include "lc_lights.h"
#include "motion_vectors.cuh"
#include "pixel_state.cuh"

/* Stores the pool pointers of one uploaded scene for the following pathtracePass launches (one thread). */
extern "C" __global__ void setShadingPools(const float* positions, const float* normals, const float* uvs,
                                           const float4* tangents, const uint* triangles, const int* triangleMaterials,
                                           const LcMesh* meshes, const LcInstance* instances,
                                           const LcMaterial* materials, const LcTextureView* textureViews,
                                           const LcImage* images, const uint* texels, const LcLight* lights,
                                           const LcEmitter* emitters, const float* lightTable,
                                           const LcSceneGlobals* globals, const float* envTable) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    lcPoolsGlobal = LcShadingPools{positions, normals, uvs, tangents, triangles, triangleMaterials, meshes, instances,
                                   materials, textureViews, images, texels, lights, emitters, lightTable, globals,
                                   envTable};
}

/* Sets the motion parameters (motion_vectors.cuh) for the following passes (one thread). previousObjectToWorld
 * must stay allocated while they run; enabled 0 turns motion off (motion 0, previous depth +infinity). */
extern "C" __global__ void setMotion(const LcCamera* previous, const LcCamera* current,
                                     const float4* previousObjectToWorld, int previousInstanceCount, int width,
                                     int height, int enabled) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    LcMotion m;
    m.enabled = enabled;
    m.previousObjectToWorld = previousObjectToWorld;
    m.previousInstanceCount = previousInstanceCount;
    m.width = width;
    m.height = height;
    if (enabled) {
        m.previous = *previous;
        m.current = *current;
    }
    lcMotionGlobal = m;
}

LC_FN vec3 lcRow3(float4 r0, float4 r1, float4 r2, vec3 p, float w) {
    return vec3(r0.x * p.x + r0.y * p.y + r0.z * p.z + r0.w * w, r1.x * p.x + r1.y * p.y + r1.z * p.z + r1.w * w,
                r2.x * p.x + r2.y * p.y + r2.z * p.z + r2.w * w);
}

/* Inverse transpose applied to a normal: W^T n with W the world-to-object rows. */
LC_FN vec3 lcNormalToWorld(float4 w0, float4 w1, float4 w2, vec3 n) {
    return vec3(w0.x * n.x + w1.x * n.y + w2.x * n.z, w0.y * n.x + w1.y * n.y + w2.y * n.z,
                w0.z * n.x + w1.z * n.y + w2.z * n.z);
}

LC_FN vec3 lcLoad3(const float* a, uint i) { return vec3(a[3 * i], a[3 * i + 1], a[3 * i + 2]); }

LC_FN int lcMaterialOf(uint instance, uint tri) {
    int ov = P.instances[instance].materialOverride;
    return ov >= 0 ? ov : P.triangleMaterials[tri];
}

__device__ __forceinline__ vec3 lcEmitterVertex(uint instance, uint tri, int corner) {
    const LcInstance& in = P.instances[instance];
    uint firstVertex = P.meshes[in.mesh].firstVertex;
    vec3 p = lcLoad3(P.positions, firstVertex + P.triangles[3 * tri + corner]);
    return lcRow3(in.objectToWorld0, in.objectToWorld1, in.objectToWorld2, p, 1.0f);
}

__device__ __forceinline__ vec3 lcEmitterEmission(uint instance, uint tri, float b1, float b2) {
    int material = lcMaterialOf(instance, tri);
    const LcMaterial& m = P.materials[material];
    vec3 e = xyz(m.emission);
    if (m.emissiveTex == LC_NONE || (e.x == 0.0f && e.y == 0.0f && e.z == 0.0f)) return e;
    uint firstVertex = P.meshes[P.instances[instance].mesh].firstVertex;
    uint i0 = firstVertex + P.triangles[3 * tri], i1 = firstVertex + P.triangles[3 * tri + 1],
         i2 = firstVertex + P.triangles[3 * tri + 2];
    float b0 = 1.0f - b1 - b2;
    float u = b0 * P.uvs[2 * i0] + b1 * P.uvs[2 * i1] + b2 * P.uvs[2 * i2];
    float v = b0 * P.uvs[2 * i0 + 1] + b1 * P.uvs[2 * i1 + 1] + b2 * P.uvs[2 * i2 + 1];
    vec4 t = sampleView(m.emissiveTex, u, v, true);
    return e * vec3(t.x, t.y, t.z);
}

__device__ __forceinline__ bool lcEmitterDoubleSided(uint instance, uint tri) {
    return (P.materials[lcMaterialOf(instance, tri)].flags & LC_MATERIAL_DOUBLE_SIDED) != 0;
}

/*
 * AlphaHitFilter on the GPU: whether the surface of global triangle `tri` of instance `inst` is there at
 * barycentrics (b1, b2) for the current ray. Alpha = base colour factor alpha x base colour texture alpha at
 * the hit's TEXCOORD_0, clamped to [0, 1]. MASK: alpha >= alphaCutoff. BLEND: there with probability alpha,
 * decided by lcHash4(pathKey, rayKey, inst, tri) so images stay deterministic. Materials without either flag,
 * and every material when `enabled` is 0 (a scene without alpha-tested materials), accept at once.
 */
struct LcAlphaFilter {
    uint pathKey; /* Hashing.hash(x, y, sampleIndex, seedLo ^ seedHi) */
    uint rayKey;  /* 2 * depth + kind (0 camera or extension, 1 shadow) */
    int enabled;

    __device__ __forceinline__ bool operator()(int inst, int tri, float b1, float b2) const {
        if (!enabled) return true;
        const LcMaterial& m = P.materials[lcMaterialOf((uint)inst, (uint)tri)];
        int flags = m.flags;
        if ((flags & (LC_MATERIAL_ALPHA_MASK | LC_MATERIAL_ALPHA_BLEND)) == 0) return true;
        float a = m.baseColor.w;
        if (m.baseColorTex != LC_NONE) {
            uint firstVertex = P.meshes[P.instances[inst].mesh].firstVertex;
            uint i0 = firstVertex + P.triangles[3 * tri], i1 = firstVertex + P.triangles[3 * tri + 1],
                 i2 = firstVertex + P.triangles[3 * tri + 2];
            float b0 = 1.0f - b1 - b2;
            float u = b0 * P.uvs[2 * i0] + b1 * P.uvs[2 * i1] + b2 * P.uvs[2 * i2];
            float v = b0 * P.uvs[2 * i0 + 1] + b1 * P.uvs[2 * i1 + 1] + b2 * P.uvs[2 * i2 + 1];
            a *= sampleView(m.baseColorTex, u, v, true).w;
        }
        a = min(max(a, 0.0f), 1.0f);
        if ((flags & LC_MATERIAL_ALPHA_MASK) != 0) return a >= m.alphaCutoff;
        if (a >= 1.0f) return true;
        if (a <= 0.0f) return false;
        return lcToUnitFloat(lcHash4(pathKey, rayKey, (uint)inst, (uint)tri)) < a;
    }
};

/* SurfaceInteraction: the local geometry at a hit, world space. */
struct LcSurface {
    vec3 p, f, g, s; /* position; face normal (front = CCW side); geometric (in s's hemisphere); shading */
    vec3 tangent;
    float tw; /* bitangent sign, 0 without tangents */
    float u, v;
    int material;
    bool frontFace;
};

LC_FN LcSurface lcSurface(const LcHit& hit, vec3 d) {
    LcSurface si;
    const LcInstance& in = P.instances[hit.instance];
    const LcMesh& mesh = P.meshes[in.mesh];
    uint tri = (uint)hit.triangle;
    uint i0 = mesh.firstVertex + P.triangles[3 * tri], i1 = mesh.firstVertex + P.triangles[3 * tri + 1],
         i2 = mesh.firstVertex + P.triangles[3 * tri + 2];
    float b1 = hit.u, b2 = hit.v, b0 = 1.0f - b1 - b2;
    si.material = in.materialOverride >= 0 ? in.materialOverride : P.triangleMaterials[tri];
    float4 a0 = in.objectToWorld0, a1 = in.objectToWorld1, a2 = in.objectToWorld2;
    float4 w0 = in.worldToObject0, w1 = in.worldToObject1, w2 = in.worldToObject2;
    vec3 x0 = lcLoad3(P.positions, i0), x1 = lcLoad3(P.positions, i1), x2 = lcLoad3(P.positions, i2);
    si.p = lcRow3(a0, a1, a2, x0 * b0 + x1 * b1 + x2 * b2, 1.0f);
    vec3 n = lcNormalToWorld(w0, w1, w2, cross(x1 - x0, x2 - x0));
    float len2 = dot(n, n);
    if (len2 > 0.0f && len2 < LC_INFINITY) si.f = n * (1.0f / sqrtf(len2));
    else si.f = -normalize(d);
    si.frontFace = dot(si.f, d) < 0.0f;
    vec3 ni = lcLoad3(P.normals, i0) * b0 + lcLoad3(P.normals, i1) * b1 + lcLoad3(P.normals, i2) * b2;
    n = lcNormalToWorld(w0, w1, w2, ni);
    len2 = dot(n, n);
    si.s = (len2 > 1e-30f && len2 < LC_INFINITY) ? n * (1.0f / sqrtf(len2)) : si.f;
    si.g = dot(si.f, si.s) < 0.0f ? -si.f : si.f;
    si.u = b0 * P.uvs[2 * i0] + b1 * P.uvs[2 * i1] + b2 * P.uvs[2 * i2];
    si.v = b0 * P.uvs[2 * i0 + 1] + b1 * P.uvs[2 * i1 + 1] + b2 * P.uvs[2 * i2 + 1];
    if (mesh.hasTangents) {
        float4 t0 = P.tangents[i0], t1 = P.tangents[i1], t2 = P.tangents[i2];
        vec3 q = xyz(t0) * b0 + xyz(t1) * b1 + xyz(t2) * b2;
        si.tangent = lcRow3(a0, a1, a2, q, 0.0f);
        float sign = t0.w < 0.0f ? -1.0f : 1.0f;
        float det = a0.x * (a1.y * a2.z - a1.z * a2.y) - a0.y * (a1.x * a2.z - a1.z * a2.x)
                    + a0.z * (a1.x * a2.y - a1.y * a2.x);
        si.tw = det < 0.0f ? -sign : sign;
    } else {
        si.tangent = vec3(0.0f);
        si.tw = 0.0f;
    }
    return si;
}

/* RayOffset.offset: moves p along n by a few ulps (integer steps) or a fixed amount near the origin. */
LC_FN float lcOffset(float p, float n) {
    if (fabsf(p) < 1.0f / 32.0f) return p + (1.0f / 65536.0f) * n;
    int of = int(256.0f * n);
    int bits = __float_as_int(p);
    return __int_as_float(bits + (p < 0.0f ? -of : of));
}

LC_FN vec3 lcOffsetRay(vec3 p, vec3 g, vec3 dir) {
    float side = dot(dir, g) < 0.0f ? -1.0f : 1.0f;
    return vec3(lcOffset(p.x, side * g.x), lcOffset(p.y, side * g.y), lcOffset(p.z, side * g.z));
}

/* PathIntegrator.powerHeuristic (beta = 2), in double like the Java reference. */
LC_FN float powerHeuristic(float a, float b) {
    double a2 = (double)a * a, b2 = (double)b * b;
    if (isinf(a2)) return isinf(b2) ? 0.5f : 1.0f;
    return a2 + b2 > 0.0 ? float(a2 / (a2 + b2)) : 0.0f;
}

#define LC_RR_START_DEPTH 3
#define LC_SHADOW_EPSILON 1e-4f
#define LC_CAMERA_DIMENSIONS 4u
#define LC_DIMENSIONS_PER_BOUNCE 8u

/*
 * The state of one path between bounces (PathIntegrator.Li's locals): the ray to trace next, throughput,
 * radiance so far, the first hit's AOVs, the MIS memory of the last BSDF sample, and the sampler.
 */
struct LcPathState {
    vec3 o, d;    /* next ray, world space, unit direction */
    vec3 beta;    /* path throughput */
    vec3 L;       /* radiance gathered so far */
    vec3 albedo, normal;
    vec3 emission; /* emission the camera sees at the first hit (the environment on a miss), unclamped */
    float depth;  /* first-hit distance, LC_INFINITY when the camera ray missed */
    int firstInstance; /* instance of the first hit, -1 when the camera ray missed (for lcSampleMotion) */
    float prevPdf;
    vec3 prevP;
    int specular; /* the last scattering was a delta lobe (or none yet) */
    int bounce;   /* vertices scattered so far; the ray in (o, d) leaves vertex `bounce` */
    uint pathKey; /* alpha BLEND hash key of this pixel sample */
    LcSampler sampler;
};

/* A next-event-estimation shadow ray: adds c to the path's L when nothing blocks o + t d for t in (0, tMax). */
struct LcShadowRay {
    vec3 o, d, c;
    float tMax;
    int path; /* the path it belongs to (wavefront queue) */
};

/* L += c, rounded once per channel: never fused with the product that made c, so a contribution added at once
 * (megakernel) and one added later by another kernel (wavefront) round the same. */
LC_FN void lcAddRadiance(vec3& L, vec3 c) {
    L.x = __fadd_rn(L.x, c.x);
    L.y = __fadd_rn(L.y, c.y);
    L.z = __fadd_rn(L.z, c.z);
}

LC_FN LcPathState lcStartPath(vec3 o, vec3 d, LcSampler sampler, uint pathKey) {
    LcPathState s;
    s.o = o;
    s.d = d;
    s.beta = vec3(1.0f);
    s.L = vec3(0.0f);
    s.albedo = vec3(0.0f);
    s.normal = vec3(0.0f);
    s.emission = vec3(0.0f);
    s.depth = LC_INFINITY;
    s.firstInstance = -1;
    s.prevPdf = 0.0f;
    s.prevP = vec3(0.0f);
    s.specular = 1;
    s.bounce = 0;
    s.pathKey = pathKey;
    s.sampler = sampler;
    return s;
}

/*
 * One bounce of PathIntegrator.Li for the ray (s.o, s.d) whose closest accepted hit is `hit` (found) or none:
 * environment or emission with MIS, then, below maxDepth, next-event estimation and BSDF sampling with Russian
 * roulette. Returns whether the path continues with the new (s.o, s.d). The NEE shadow ray goes to
 * shadow(o, d, tMax, c), which must add c to s.L (lcAddRadiance) when nothing blocks it: the megakernel traces
 * it at once, the wavefront queues it for the shadow kernel (before the path's next bounce either way).
 */
template <class Shadow>
LC_FN bool lcPathBounce(LcPathState& s, bool found, const LcHit& hit, int maxDepth, int lightCount,
                        int emitterCount, Shadow& shadow) {
    int depth = s.bounce;
    vec3 d = s.d;
    if (!found) {
        vec3 env = lcEnvironmentRadiance(d);
        if (env.x != 0.0f || env.y != 0.0f || env.z != 0.0f) {
            float w = s.specular ? 1.0f : powerHeuristic(s.prevPdf, pdfLightEnvironment(d));
            s.L += s.beta * env * w;
            if (depth == 0) s.emission = env;
        }
        return false;
    }
    LcSurface si = lcSurface(hit, d);
    LcMaterialPoint mp = evaluateMaterial(si.material, si.u, si.v);
    vec3 wo = -d;
    LcFrame frame;
    if (mp.hasNormalMap) {
        frame = si.tw != 0.0f ? frameFromNormalTangent(si.s, si.tangent, si.tw) : frameFromNormal(si.s);
        frame = frameApplyNormalMap(frame, mp.normalTs);
    } else {
        frame = frameFromNormal(si.s);
    }
    if (dot(wo, frame.n) * dot(wo, si.g) <= 0.0f) frame = frameFromNormal(si.g);
    if (depth == 0) {
        s.albedo = mp.bsdf.baseColor;
        s.normal = frame.n;
        s.depth = hit.t;
        s.firstInstance = hit.instance;
    }
    vec3 e = mp.emission;
    if ((e.x != 0.0f || e.y != 0.0f || e.z != 0.0f)
        && (si.frontFace || (mp.flags & LC_MATERIAL_DOUBLE_SIDED) != 0)) {
        float w = 1.0f;
        if (!s.specular) {
            float lightPdf = pdfLightEmitter(s.prevP, (uint)hit.instance, (uint)hit.triangle, si.p, si.f,
                                             emitterCount);
            w = powerHeuristic(s.prevPdf, lightPdf);
        }
        s.L += s.beta * e * w;
        if (depth == 0) s.emission = e;
    }
    if (depth >= maxDepth) return false;

    vec3 woLocal = frameToLocal(frame, wo);
    uint base = LC_CAMERA_DIMENSIONS + LC_DIMENSIONS_PER_BOUNCE * uint(depth);
    float cosGo = dot(wo, si.g);
    /* Next-event estimation. */
    s.sampler.dimension = base;
    {
        float uLight = get1D(s.sampler);
        vec2 ul = get2D(s.sampler);
        LcLightSample ls;
        if (sampleLight(si.p, uLight, ul, lightCount, emitterCount, ls)) {
            vec3 wiLocal = frameToLocal(frame, ls.wi);
            bool shadingReflect = woLocal.z * wiLocal.z > 0.0f;
            float cosGi = dot(ls.wi, si.g);
            if (shadingReflect == (cosGo * cosGi > 0.0f)) {
                LcBsdfEval f = evalBsdf(mp.bsdf, woLocal, wiLocal);
                if (f.f.x > 0.0f || f.f.y > 0.0f || f.f.z > 0.0f) {
                    float w = ls.isDelta ? 1.0f : powerHeuristic(ls.pdf, f.pdf);
                    float k = abs(wiLocal.z) * w / ls.pdf;
                    vec3 c = s.beta * f.f * ls.Le * k;
                    if (c.x > 0.0f || c.y > 0.0f || c.z > 0.0f) {
                        shadow(lcOffsetRay(si.p, si.g, ls.wi), ls.wi,
                               ls.distance < LC_INFINITY ? ls.distance * (1.0f - LC_SHADOW_EPSILON) : LC_INFINITY, c);
                    }
                }
            }
        }
    }
    /* BSDF sampling. */
    s.sampler.dimension = base + 3u;
    float uLobe = get1D(s.sampler);
    vec2 ub = get2D(s.sampler);
    LcBsdfSample bs;
    if (!sampleBsdf(mp.bsdf, woLocal, uLobe, ub.x, ub.y, bs)) return false;
    vec3 wi = frameToWorld(frame, bs.wi);
    float cosGi = dot(wi, si.g);
    if ((cosGo * cosGi > 0.0f) == ((bs.flags & LC_BSDF_TRANSMISSION) != 0)) return false;
    s.beta *= bs.weight;
    if (!(s.beta.x > 0.0f || s.beta.y > 0.0f || s.beta.z > 0.0f)) return false;
    s.specular = (bs.flags & LC_BSDF_DELTA) != 0;
    s.prevPdf = bs.pdf;
    s.prevP = si.p;
    if (depth + 1 >= LC_RR_START_DEPTH) {
        float q = max(s.beta.x, max(s.beta.y, s.beta.z));
        if (q < 1.0f) {
            if (get1D(s.sampler) >= q) return false;
            s.beta *= 1.0f / q;
        }
    }
    s.o = lcOffsetRay(si.p, si.g, wi);
    s.d = wi;
    s.bounce = depth + 1;
    return true;
}

/* The megakernel's shadow rays: traced at once, any hit, with the alpha filter of the current bounce. */
struct LcTraceShadowNow {
    const LcSceneView* scene;
    LcPathState* path;
    int alphaMaterials;
    uint* shadowRays;

    __device__ __forceinline__ void operator()(vec3 o, vec3 d, float tMax, vec3 c) {
        (*shadowRays)++;
        LcAlphaFilter alpha{path->pathKey, 2u * uint(path->bounce) + 1u, alphaMaterials};
        LcHit occluder;
        if (!lcTrace<true>(*scene, make_float3(o.x, o.y, o.z), make_float3(d.x, d.y, d.z), 0.0f, tMax, &occluder,
                           alpha)) {
            lcAddRadiance(path->L, c);
        }
    }
};

/* PathIntegrator.Li along the camera ray of `s`: bounces until the path ends. */
LC_FN void Li(const LcSceneView& scene, LcPathState& s, int maxDepth, int lightCount, int emitterCount,
              int alphaMaterials, uint& extensionRays, uint& shadowRays) {
    LcTraceShadowNow shadow{&scene, &s, alphaMaterials, &shadowRays};
    for (;;) {
        LcHit hit;
        LcAlphaFilter alpha{s.pathKey, 2u * uint(s.bounce), alphaMaterials};
        bool found = lcTrace<false>(scene, make_float3(s.o.x, s.o.y, s.o.z), make_float3(s.d.x, s.d.y, s.d.z), 0.0f,
                                    LC_INFINITY, &hit, alpha);
        if (s.bounce > 0) extensionRays++;
        if (!lcPathBounce(s, found, hit, maxDepth, lightCount, emitterCount, shadow)) break;
    }
}

LC_FN void lcWelford(float* mean, float* m2, float x, int n) {
    float delta = x - *mean;
    *mean += delta / float(n);
    *m2 += delta * (x - *mean);
}

/*
 * The camera ray and sampler of sample `sampleIndex` of pixel (px, py) (PathIntegrator.samplePixel): the film
 * position by filter importance sampling around the pixel centre, then a pinhole or thin-lens ray.
 */
LC_FN LcPathState lcCameraPath(const LcCamera* camera, int px, int py, int width, int height, unsigned sampleIndex,
                               unsigned seedLo, unsigned seedHi, const double* filterTable) {
    LcSampler sampler = startPixelSample(uint(px), uint(py), sampleIndex, seedLo, seedHi);
    vec2 uf = get2D(sampler);
    vec2 ulens = get2D(sampler); /* dimensions 2-3: the lens (thin-lens cameras only) */
    float fx = float(px) + 0.5f + lcFilterSample(filterTable, uf.x);
    float fy = float(py) + 0.5f + lcFilterSample(filterTable, uf.y);
    float sx = 2.0f * fx / float(width) - 1.0f, sy = 1.0f - 2.0f * fy / float(height);
    LcCamera cam = *camera;
    vec3 o, d;
    vec3 right = xyz(cam.right), up = xyz(cam.up), fwd = xyz(cam.forward);
    if (cam.type == LC_CAMERA_ORTHOGRAPHIC) {
        o = xyz(cam.position) + right * sx + up * sy;
        d = fwd;
    } else {
        /* CameraRayGenerator.generate: pinhole direction, or a thin lens aimed at the plane of focus. */
        o = xyz(cam.position);
        d = fwd + right * sx + up * sy;
        if (cam.lensRadius > 0.0f) {
            float k = cam.focusDistance / dot(d, fwd);
            vec3 q = o + d * k;
            vec2 l = sampleConcentricDisk(ulens);
            float rl = length(right), ul = length(up);
            vec3 ru = rl > 0.0f ? right / rl : vec3(1.0f, 0.0f, 0.0f), uu = ul > 0.0f ? up / ul : vec3(0.0f, 1.0f, 0.0f);
            o = o + ru * (l.x * cam.lensRadius) + uu * (l.y * cam.lensRadius);
            d = q - o;
        }
        d = normalize(d);
    }
    return lcStartPath(o, d, sampler, lcHash4(uint(px), uint(py), sampleIndex, seedLo ^ seedHi));
}

/*
 * The motion AOV of sample `sampleIndex` of pixel (px, py) (PathIntegrator.samplePixel with a MotionProjector)
 * whose path ended with first-hit instance `firstInstance` (-1: the camera ray missed) at camera distance
 * `depth`: (motion x, motion y, previous depth) of the hit point origin + depth direction of the camera ray, or
 * of its direction for a miss. Call only after setMotion enabled motion (otherwise the AOV is (0, 0, +infinity)).
 * The camera ray is generated again (a pure function of pixel and sample; equal to the traced one up to the
 * compiler's FMA contraction in this copy, a few ulps) instead of being kept through the bounces, and the
 * function is not inlined: it runs once per path, and inlined (or with the ray kept) it raised the megakernel's
 * registers from 130 to 147-158 (ptxas, sm_90); this way 138.
 */
__device__ __noinline__ float3 lcSampleMotion(const LcCamera* camera, int px, int py, int width, int height,
                                              unsigned sampleIndex, unsigned seedLo, unsigned seedHi,
                                              const double* filterTable, int firstInstance, float depth) {
    LcPathState r = lcCameraPath(camera, px, py, width, height, sampleIndex, seedLo, seedHi, filterTable);
    vec3 p = firstInstance < 0 ? r.d : r.o + r.d * depth;
    return lcFirstHitMotion(lcMotionGlobal, P.instances, firstInstance, p);
}

/* Adds a finished path's radiance (clamped, non-finite to 0) and AOVs to its pixel's state; `motion` is
 * lcSampleMotion's. The clamp scales the first-hit emission by the same factor as the radiance
 * (PathIntegrator.Li). */
LC_FN void lcAccumulate(LcPixelState* s, const LcPathState& r, float clampRadiance, float3 motion) {
    vec3 L = r.L, E = r.emission;
    if (clampRadiance > 0.0f) {
        float m = max(L.x, max(L.y, L.z));
        if (m > clampRadiance) {
            float k = clampRadiance / m;
            L *= k;
            E *= k;
        }
    }
    if (!(isfinite(L.x) && isfinite(L.y) && isfinite(L.z))) L = vec3(0.0f);
    int n = s->count + 1;
    s->count = n;
    lcWelford(&s->mean[0], &s->m2[0], L.x, n);
    lcWelford(&s->mean[1], &s->m2[1], L.y, n);
    lcWelford(&s->mean[2], &s->m2[2], L.z, n);
    float inv = 1.0f / float(n);
    float a[3] = {r.albedo.x, r.albedo.y, r.albedo.z}, nn[3] = {r.normal.x, r.normal.y, r.normal.z};
    float e[3] = {E.x, E.y, E.z}, mv[2] = {motion.x, motion.y};
    for (int c = 0; c < 3; c++) {
        s->albedo[c] += ((isfinite(a[c]) ? a[c] : 0.0f) - s->albedo[c]) * inv;
        s->normal[c] += ((isfinite(nn[c]) ? nn[c] : 0.0f) - s->normal[c]) * inv;
        s->emission[c] += ((isfinite(e[c]) ? e[c] : 0.0f) - s->emission[c]) * inv;
    }
    for (int c = 0; c < 2; c++) s->motion[c] += ((isfinite(mv[c]) ? mv[c] : 0.0f) - s->motion[c]) * inv;
    if (r.depth >= 0.0f && r.depth < LC_INFINITY) {
        int h = s->depthHits + 1;
        s->depthHits = h;
        s->depth = h == 1 ? r.depth : s->depth + (r.depth - s->depth) / float(h);
        /* Film.addSample: an unknown previous distance of any hitting sample makes the pixel's unknown. */
        float pd = motion.z >= 0.0f ? motion.z : LC_INFINITY;
        float old = s->previousDepth;
        if (h == 1) s->previousDepth = pd;
        else if (old < LC_INFINITY && pd < LC_INFINITY) s->previousDepth = old + (pd - old) / float(h);
        else s->previousDepth = LC_INFINITY;
    }
}

/*
 * Image row of launch row r (0 <= r < rowCount) of a launch over rows {rowBegin + (r / rowGroup) * rowStride
 * + r % rowGroup}: groups of rowGroup consecutive rows, rowStride rows apart (CudaBandPlan.row in Java). A band of
 * consecutive rows has rowGroup == rowStride (then the image row is rowBegin + r).
 */
LC_FN int lcLaunchRow(int r, int rowBegin, int rowGroup, int rowStride) {
    return rowBegin + (r / rowGroup) * rowStride + r % rowGroup;
}

/*
 * One sample pass: sample `sampleIndex` of every pixel in the rowCount launch rows (lcLaunchRow) of a width x
 * height image, camera `camera`, accumulated into state[y * width + x]. Threads are laid out in 8x4 pixel tiles
 * of launch rows per warp (a tile stays in one row group when rowGroup is a multiple of 4).
 */
extern "C" __global__ void pathtracePass(const float4* tlasNodes, const unsigned* tlasInstances,
                                         const LcInstance* instances, const int* blasRoots, const float4* blasNodes,
                                         const float4* triangles, int instanceCount, const LcCamera* camera,
                                         int width, int height, int rowBegin, int rowCount, int rowGroup,
                                         int rowStride, unsigned sampleIndex,
                                         unsigned seedLo, unsigned seedHi, int maxDepth, float clampRadiance,
                                         int lightCount, int emitterCount, LcPixelState* state,
                                         unsigned long long* rayCounters, const double* filterTable,
                                         int alphaMaterials) {
    const int TW = 8, TH = 4;
    int tilesX = (width + TW - 1) / TW;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int tile = i >> 5, lane = i & 31;
    int px = (tile % tilesX) * TW + (lane % TW), r = (tile / tilesX) * TH + (lane / TW);
    int py = px < width && r < rowCount ? lcLaunchRow(r, rowBegin, rowGroup, rowStride) : height;
    /* Threads outside the image do no work but stay to the end, so that a warp's counts can be summed by shuffles
     * over all of its lanes. */
    uint cameraRays = 0, extensionRays = 0, shadowRays = 0;
    if (py < height) {
        LcSceneView scene{tlasNodes, tlasInstances, instances, blasRoots, blasNodes, triangles, instanceCount};
        LcPathState path = lcCameraPath(camera, px, py, width, height, sampleIndex, seedLo, seedHi, filterTable);
        cameraRays = 1;
        Li(scene, path, maxDepth, lightCount, emitterCount, alphaMaterials, extensionRays, shadowRays);
        float3 motion = make_float3(0.0f, 0.0f, LC_INFINITY);
        if (lcMotionGlobal.enabled) {
            motion = lcSampleMotion(camera, px, py, width, height, sampleIndex, seedLo, seedHi, filterTable,
                                    path.firstInstance, path.depth);
        }
        lcAccumulate(state + (size_t)py * width + px, path, clampRadiance, motion);
    }
    if (rayCounters != nullptr) {
        /* Counting costs three atomics per warp (counts summed over the warp's lanes first): benchmarks time
         * passes without counters. */
        for (int offset = 16; offset > 0; offset >>= 1) {
            cameraRays += __shfl_xor_sync(0xffffffffu, cameraRays, offset);
            extensionRays += __shfl_xor_sync(0xffffffffu, extensionRays, offset);
            shadowRays += __shfl_xor_sync(0xffffffffu, shadowRays, offset);
        }
        if ((threadIdx.x & 31) == 0) {
            atomicAdd(rayCounters, (unsigned long long)cameraRays);
            atomicAdd(rayCounters + 1, (unsigned long long)extensionRays);
            atomicAdd(rayCounters + 2, (unsigned long long)shadowRays);
        }
    }
}
