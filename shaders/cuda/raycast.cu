/*
 * raycast.cu — ray-casting kernels: ray generation for camera, shadow and diffuse-bounce rays, and closest-hit /
 * any-hit tracing of LcRay buffers into LcHit buffers through the two-level traversal of
 * scene_traversal.cuh. Launched by dev.lucent.backend.cuda.CudaRayCaster; one thread per ray, 1D grids.
 *
 * Every kernel that traces takes the scene as the seven arguments of SCENE_PARAMS, the device pools of one
 * dev.lucent.backend.cuda.CudaSceneBuffers, in this order.
 */
#include "lucent_layout.h"
#include "scene_traversal.cuh"

#define SCENE_PARAMS                                                                                          \
    const float4 *tlasNodes, const unsigned *tlasInstances, const LcInstance *instances, const int *blasRoots, \
        const float4 *blasNodes, const float4 *triangles, int instanceCount
#define SCENE_VIEW {tlasNodes, tlasInstances, instances, blasRoots, blasNodes, triangles, instanceCount}

/* Primary rays are laid out in tiles of 8x4 pixels, one tile per warp, tiles row-major over the image, so a
 * warp's rays are spatially coherent. Ray slots = ceil(width/8) * ceil(height/4) * 32; slots outside the image
 * hold inactive rays. */
#define LC_TILE_W 8
#define LC_TILE_H 4

__device__ __forceinline__ unsigned lcPcgHash(unsigned v) {
    /* PCG-RXS-M-XS 32-bit output permutation (Jarzynski & Olano 2020, "Hash functions for GPU rendering"). */
    unsigned state = v * 747796405u + 2891336453u;
    unsigned word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
    return (word >> 22u) ^ word;
}

__device__ __forceinline__ float lcUnitFloat(unsigned h) { return (h >> 8) * (1.0f / 16777216.0f); }

__device__ __forceinline__ void lcStoreRay(LcRay* out, float3 o, float tMin, float3 d, float tMax) {
    out->origin = make_float4(o.x, o.y, o.z, tMin);
    out->direction = make_float4(d.x, d.y, d.z, tMax);
}

__device__ __forceinline__ void lcStoreInactive(LcRay* out) {
    out->origin = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
    out->direction = make_float4(0.0f, 0.0f, 1.0f, -1.0f);
}

__device__ __forceinline__ float3 lcNormalize(float3 v) {
    float s = rsqrtf(v.x * v.x + v.y * v.y + v.z * v.z);
    return make_float3(v.x * s, v.y * s, v.z * s);
}

/* Camera rays through pixel centres of a width x height image (LcCamera conventions; pinhole or orthographic). */
extern "C" __global__ void generatePrimaryRays(const LcCamera* __restrict__ camera, int width, int height,
                                               LcRay* __restrict__ rays) {
    int tilesX = (width + LC_TILE_W - 1) / LC_TILE_W, tilesY = (height + LC_TILE_H - 1) / LC_TILE_H;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= tilesX * tilesY * 32) return;
    int tile = i >> 5, lane = i & 31;
    int px = (tile % tilesX) * LC_TILE_W + (lane % LC_TILE_W), py = (tile / tilesX) * LC_TILE_H + (lane / LC_TILE_W);
    if (px >= width || py >= height) {
        lcStoreInactive(rays + i);
        return;
    }
    float sx = ((px + 0.5f) / width) * 2.0f - 1.0f, sy = 1.0f - ((py + 0.5f) / height) * 2.0f;
    float4 pos = camera->position, right = camera->right, up = camera->up, fwd = camera->forward;
    if (camera->type == LC_CAMERA_ORTHOGRAPHIC) {
        float3 o = make_float3(pos.x + sx * right.x + sy * up.x, pos.y + sx * right.y + sy * up.y,
                               pos.z + sx * right.z + sy * up.z);
        lcStoreRay(rays + i, o, 0.0f, make_float3(fwd.x, fwd.y, fwd.z), 1e30f);
    } else {
        float3 d = lcNormalize(make_float3(fwd.x + sx * right.x + sy * up.x, fwd.y + sx * right.y + sy * up.y,
                                           fwd.z + sx * right.z + sy * up.z));
        lcStoreRay(rays + i, make_float3(pos.x, pos.y, pos.z), 0.0f, d, 1e30f);
    }
}

/*
 * World-space hit point of ray i and the unit geometric normal facing the ray's origin, offset from the surface
 * by 1e-5 of the point's largest coordinate (at least 1e-5) so a continuation ray with tMin = 0 does not hit the
 * same triangle again. Returns false when the ray was inactive or missed.
 */
__device__ __forceinline__ bool lcSurfacePoint(const float4* __restrict__ triangles,
                                               const LcInstance* __restrict__ instances, const LcRay* ray,
                                               const LcHit* hit, float3* p, float3* n) {
    float4 o = ray->origin, d = ray->direction;
    if (d.w < 0.0f || hit->triangle < 0) return false;
    float t = hit->t;
    float3 q = make_float3(o.x + t * d.x, o.y + t * d.y, o.z + t * d.z);
    const float4* tri = triangles + 3 * (size_t)hit->primitive;
    float4 e1 = tri[1], e2 = tri[2];
    float3 no = make_float3(e1.y * e2.z - e1.z * e2.y, e1.z * e2.x - e1.x * e2.z, e1.x * e2.y - e1.y * e2.x);
    const LcInstance* in = instances + hit->instance;
    float4 r0 = in->worldToObject0, r1 = in->worldToObject1, r2 = in->worldToObject2;
    /* Normals transform by the transpose of worldToObject. */
    float3 nw = lcNormalize(make_float3(r0.x * no.x + r1.x * no.y + r2.x * no.z, r0.y * no.x + r1.y * no.y + r2.y * no.z,
                                        r0.z * no.x + r1.z * no.y + r2.z * no.z));
    if (nw.x * d.x + nw.y * d.y + nw.z * d.z > 0.0f) nw = make_float3(-nw.x, -nw.y, -nw.z);
    float scale = fmaxf(fmaxf(fabsf(q.x), fabsf(q.y)), fmaxf(fabsf(q.z), 1.0f)) * 1e-5f;
    *p = make_float3(q.x + nw.x * scale, q.y + nw.y * scale, q.z + nw.z * scale);
    *n = nw;
    return true;
}

/* Shadow rays from the hit points of `primary` toward uniform random points of the parallelogram light
 * light[0] + a * light[1] + b * light[2], a, b in [0,1). Direction = light point - origin, tMax just below 1. */
extern "C" __global__ void generateShadowRays(const float4* __restrict__ triangles,
                                              const LcInstance* __restrict__ instances,
                                              const LcRay* __restrict__ primary, const LcHit* __restrict__ hits,
                                              int rayCount, const float4* __restrict__ light, unsigned seed,
                                              LcRay* __restrict__ rays) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rayCount) return;
    float3 p, n;
    if (!lcSurfacePoint(triangles, instances, primary + i, hits + i, &p, &n)) {
        lcStoreInactive(rays + i);
        return;
    }
    unsigned h1 = lcPcgHash((unsigned)i ^ lcPcgHash(seed)), h2 = lcPcgHash(h1);
    float a = lcUnitFloat(h1), b = lcUnitFloat(h2);
    float4 c = light[0], ea = light[1], eb = light[2];
    float3 q = make_float3(c.x + a * ea.x + b * eb.x, c.y + a * ea.y + b * eb.y, c.z + a * ea.z + b * eb.z);
    lcStoreRay(rays + i, p, 0.0f, make_float3(q.x - p.x, q.y - p.y, q.z - p.z), 0.9999f);
}

/* Diffuse-bounce rays: cosine-weighted directions about the geometric normal at the hit points of `primary`
 * (Malley's method), orthonormal basis after Duff et al. 2017, "Building an orthonormal basis, revisited". */
extern "C" __global__ void generateDiffuseRays(const float4* __restrict__ triangles,
                                               const LcInstance* __restrict__ instances,
                                               const LcRay* __restrict__ primary, const LcHit* __restrict__ hits,
                                               int rayCount, unsigned seed, LcRay* __restrict__ rays) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rayCount) return;
    float3 p, n;
    if (!lcSurfacePoint(triangles, instances, primary + i, hits + i, &p, &n)) {
        lcStoreInactive(rays + i);
        return;
    }
    unsigned h1 = lcPcgHash((unsigned)i ^ lcPcgHash(seed)), h2 = lcPcgHash(h1);
    float r1 = lcUnitFloat(h1), r2 = lcUnitFloat(h2);
    float phi = 6.28318530718f * r1, rr = sqrtf(r2);
    float lx = rr * cosf(phi), ly = rr * sinf(phi), lz = sqrtf(fmaxf(0.0f, 1.0f - r2));
    float sign = copysignf(1.0f, n.z);
    float a = -1.0f / (sign + n.z), b = n.x * n.y * a;
    float3 tx = make_float3(1.0f + sign * n.x * n.x * a, sign * b, -sign * n.x);
    float3 ty = make_float3(b, sign + n.y * n.y * a, -n.y);
    float3 d = make_float3(lx * tx.x + ly * ty.x + lz * n.x, lx * tx.y + ly * ty.y + lz * n.y,
                           lx * tx.z + ly * ty.z + lz * n.z);
    lcStoreRay(rays + i, p, 0.0f, d, 1e30f);
}

__device__ __forceinline__ void lcStoreHit(LcHit* out, const LcHit& h) {
    float4* o = reinterpret_cast<float4*>(out);
    o[0] = make_float4(h.t, h.u, h.v, __int_as_float(h.triangle));
    o[1] = make_float4(__int_as_float(h.instance), __int_as_float(h.primitive), 0.0f, 0.0f);
}

template <bool ANY>
__device__ __forceinline__ void lcTraceOne(const LcSceneView& scene, const LcRay* __restrict__ rays,
                                           LcHit* __restrict__ hits, int i) {
    float4 o = __ldg(&rays[i].origin), d = __ldg(&rays[i].direction);
    LcHit h;
    lcTrace<ANY>(scene, make_float3(o.x, o.y, o.z), make_float3(d.x, d.y, d.z), o.w, d.w, &h);
    lcStoreHit(hits + i, h);
}

/* Closest hit of every ray. */
extern "C" __global__ void traceClosest(SCENE_PARAMS, const LcRay* __restrict__ rays, LcHit* __restrict__ hits,
                                        int rayCount) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rayCount) return;
    LcSceneView scene = SCENE_VIEW;
    lcTraceOne<false>(scene, rays, hits, i);
}

/* Any hit of every ray (occlusion); the hit written is the first found, not the closest. */
extern "C" __global__ void traceAny(SCENE_PARAMS, const LcRay* __restrict__ rays, LcHit* __restrict__ hits,
                                    int rayCount) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rayCount) return;
    LcSceneView scene = SCENE_VIEW;
    lcTraceOne<true>(scene, rays, hits, i);
}

/*
 * Persistent-threads variants (Aila & Laine 2009, section 3.3): a grid sized to what the device holds resident;
 * each warp takes the next 32 rays from a global counter (*next, zeroed before the launch) until none is left,
 * so warps that drew short rays take more work instead of the hardware scheduler launching new blocks.
 */
template <bool ANY>
__device__ __forceinline__ void lcTracePersistent(const LcSceneView& scene, const LcRay* __restrict__ rays,
                                                  LcHit* __restrict__ hits, int rayCount, int* next) {
    int lane = threadIdx.x & 31;
    for (;;) {
        int base = 0;
        if (lane == 0) base = atomicAdd(next, 32);
        base = __shfl_sync(0xffffffffu, base, 0);
        if (base >= rayCount) return;
        int i = base + lane;
        if (i < rayCount) lcTraceOne<ANY>(scene, rays, hits, i);
        __syncwarp();
    }
}

extern "C" __global__ void traceClosestPersistent(SCENE_PARAMS, const LcRay* __restrict__ rays,
                                                  LcHit* __restrict__ hits, int rayCount, int* next) {
    LcSceneView scene = SCENE_VIEW;
    lcTracePersistent<false>(scene, rays, hits, rayCount, next);
}

extern "C" __global__ void traceAnyPersistent(SCENE_PARAMS, const LcRay* __restrict__ rays, LcHit* __restrict__ hits,
                                              int rayCount, int* next) {
    LcSceneView scene = SCENE_VIEW;
    lcTracePersistent<true>(scene, rays, hits, rayCount, next);
}
