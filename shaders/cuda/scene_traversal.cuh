/*
 * scene_traversal.cuh — two-level ray traversal of one uploaded dev.lucent.bvh.gpu.GpuSceneLayout: the TLAS as
 * LcBvh2Node (bvh2_traversal.cuh), each mesh's BLAS as LcBvh2Node or, compiled with LC_BLAS_CWBVH8, as
 * LcCwbvhNode (cwbvh8_traversal.cuh); the host uploads the matching BlasLayout.
 *
 * Usage: fill an LcSceneView with the device pools and call lcTrace<false>(scene, o, d, tMin, tMax, hit) for the
 * closest hit or lcTrace<true>(...) for any hit (shadow rays). Rays are in world space; at a TLAS leaf the ray is
 * moved into the instance's object space with the instance's worldToObject rows and NOT renormalised, so t stays
 * comparable across instances.
 */
#ifndef LUCENT_SCENE_TRAVERSAL_CUH
#define LUCENT_SCENE_TRAVERSAL_CUH

#include "lucent_layout.h"
#include "bvh2_traversal.cuh"
#include "cwbvh8_traversal.cuh"

/* Device pools of one uploaded scene; pointers are as laid out in lucent_layout.h. */
struct LcSceneView {
    const float4* tlasNodes;       /* LcBvh2Node, root at 0, leaves index tlasInstances */
    const unsigned* tlasInstances; /* LcInstance index per TLAS leaf slot */
    const LcInstance* instances;
    const int* blasRoots;          /* per LcMesh: index of its root in blasNodes */
    const float4* blasNodes;       /* LcBvh2Node of every mesh, leaves index triangles */
    const float4* triangles;       /* LcTriangle per global triangle */
    int instanceCount;
};

/* Leaf handler of the TLAS: each slot names an instance; the ray enters its object space and walks its BLAS. */
template <bool ANY, class Filter>
struct LcInstanceLeaf {
    const LcSceneView* scene;
    const LcTraceRay* worldRay;
    int* stack;
    const Filter* filter;
    float u, v;
    int triangle, instance, primitive;

    __device__ __forceinline__ bool operator()(int first, int count, float& tMax, int sp) {
        bool hit = false;
        for (int k = 0; k < count; k++) {
            int inst = (int)__ldg(scene->tlasInstances + first + k);
            const LcInstance* in = scene->instances + inst;
            float4 r0 = __ldg(&in->worldToObject0), r1 = __ldg(&in->worldToObject1), r2 = __ldg(&in->worldToObject2);
            unsigned mesh = __ldg(&in->mesh);
            float3 o = worldRay->o, d = worldRay->d;
            float3 oo = make_float3(r0.x * o.x + r0.y * o.y + r0.z * o.z + r0.w,
                                    r1.x * o.x + r1.y * o.y + r1.z * o.z + r1.w,
                                    r2.x * o.x + r2.y * o.y + r2.z * o.z + r2.w);
            float3 od = make_float3(r0.x * d.x + r0.y * d.y + r0.z * d.z,
                                    r1.x * d.x + r1.y * d.y + r1.z * d.z,
                                    r2.x * d.x + r2.y * d.y + r2.z * d.z);
            LcTraceRay objRay = lcMakeTraceRay(oo, od, worldRay->tMin);
            int root = __ldg(scene->blasRoots + mesh);
#ifdef LC_BLAS_CWBVH8
            if (lcTraverseCwbvh8<ANY>(scene->blasNodes, root, scene->triangles, objRay, tMax, &u, &v, &triangle,
                                        &primitive)) {
                instance = inst;
                hit = true;
                if (ANY) return true;
            }
#else
            LcTriangleLeaf<ANY, Filter> tris{scene->triangles, &objRay, 0.0f, 0.0f, LC_NONE, filter, inst};
            if (lcTraverseBvh2<ANY>(scene->blasNodes, root, objRay, tMax, stack, sp, tris)) {
                u = tris.u;
                v = tris.v;
                triangle = tris.triangle;
                instance = inst;
                hit = true;
                if (ANY) return true;
            }
#endif
        }
        return hit;
    }
};

/*
 * Closest (ANY = false) or any (ANY = true) hit of the world-space ray o + t d, t in (tMin, tMax), among the hits
 * that filter(instance, triangle, u, v) accepts (LcTriangleLeaf; BVH2 BLASes only: the CWBVH8 build ignores it).
 */
template <bool ANY, class Filter = LcAcceptAll>
__device__ __forceinline__ bool lcTrace(const LcSceneView& scene, float3 o, float3 d, float tMin, float tMax,
                                        LcHit* hit, const Filter& filter = Filter()) {
    hit->t = tMax;
    hit->u = 0.0f;
    hit->v = 0.0f;
    hit->triangle = LC_NONE;
    hit->primitive = LC_NONE;
    hit->instance = LC_NONE;
    if (scene.instanceCount == 0 || !(tMax >= tMin)) return false;
    /* Local memory (L1-cached). Measured faster than a strided shared-memory stack (docs/benchmarks.md). */
    int stack[LC_BVH2_STACK_SIZE];
    LcTraceRay ray = lcMakeTraceRay(o, d, tMin);
    /* A BLAS walk stacks above the TLAS entries; GpuSceneLayout guarantees TLAS depth + BLAS depth fit. */
    LcInstanceLeaf<ANY, Filter> leaf{&scene, &ray, stack, &filter, 0.0f, 0.0f, LC_NONE, LC_NONE, LC_NONE};
    float t = tMax;
    bool found = lcTraverseBvh2<ANY>(scene.tlasNodes, 0, ray, t, stack, 0, leaf);
    if (found) {
        hit->t = t;
        hit->u = leaf.u;
        hit->v = leaf.v;
        hit->triangle = leaf.triangle;
#ifdef LC_BLAS_CWBVH8
        hit->primitive = leaf.primitive;
#else
        hit->primitive = leaf.triangle; /* BVH2 BLASes keep pool order */
#endif
        hit->instance = leaf.instance;
    }
    return found;
}

#endif /* LUCENT_SCENE_TRAVERSAL_CUH */
