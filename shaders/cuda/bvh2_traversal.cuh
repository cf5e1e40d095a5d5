/*
 * bvh2_traversal.cuh — ray primitives (ray setup, ray/box, ray/triangle) and traversal of one LcBvh2Node tree
 * (lucent_layout.h) for CUDA. scene_traversal.cuh builds the two-level scene traversal on top of it.
 *
 * Traversal after Aila & Laine 2009, "Understanding the efficiency of ray traversal on GPUs" (HPG): one 64-byte
 * node fetch tests both children, the nearer hit child is taken first and the farther is pushed onto a
 * per-thread stack in local memory (LC_BVH2_STACK_SIZE entries, shared by the TLAS and the nested BLAS walk);
 * while-while loops for closest hits, speculative while-while for any hits (see lcTraverseBvh2). Ray/box: slab test with a direction reciprocal clamped away from 0 (no 0 * inf NaNs) and
 * the box exit widened by 2*gamma(3) as in Ize 2013, "Robust BVH ray traversal" (JCGT 2(2)). Ray/triangle:
 * Moeller & Trumbore 1997, double-sided, t in (tMin, tMax).
 *
 * dev.lucent.bvh.gpu.Bvh2Traversal is the Java mirror: the same box and triangle arithmetic, so hits agree to
 * rounding (nvcc contracts a*b+c into FMA, 1/det is approximate here; Java rounds each operation). It visits
 * nodes in the closest-hit order; for any-hit queries the first hit found may be a different occluder.
 */
#ifndef LUCENT_BVH2_TRAVERSAL_CUH
#define LUCENT_BVH2_TRAVERSAL_CUH

#include "lucent_layout.h"

#define LC_BOX_EXIT_WIDEN 1.0000004f
#define LC_RCP_CLAMP 1e-20f

struct LcTraceRay {
    float3 o, d, invd, ood; /* ood = o * invd, so a slab distance is one FMA */
    float tMin;
};

__device__ __forceinline__ LcTraceRay lcMakeTraceRay(float3 o, float3 d, float tMin) {
    LcTraceRay r;
    r.o = o;
    r.d = d;
    r.invd.x = 1.0f / (fabsf(d.x) > LC_RCP_CLAMP ? d.x : copysignf(LC_RCP_CLAMP, d.x));
    r.invd.y = 1.0f / (fabsf(d.y) > LC_RCP_CLAMP ? d.y : copysignf(LC_RCP_CLAMP, d.y));
    r.invd.z = 1.0f / (fabsf(d.z) > LC_RCP_CLAMP ? d.z : copysignf(LC_RCP_CLAMP, d.z));
    r.ood = make_float3(o.x * r.invd.x, o.y * r.invd.y, o.z * r.invd.z);
    r.tMin = tMin;
    return r;
}

/* Slab test of one box given as (lo.x, hi.x, lo.y, hi.y) and (lo.z, hi.z); entry distance in *entry. */
__device__ __forceinline__ bool lcIntersectBox(float lox, float hix, float loy, float hiy, float loz, float hiz,
                                               const LcTraceRay& r, float tMax, float* entry) {
    float x0 = lox * r.invd.x - r.ood.x, x1 = hix * r.invd.x - r.ood.x;
    float y0 = loy * r.invd.y - r.ood.y, y1 = hiy * r.invd.y - r.ood.y;
    float z0 = loz * r.invd.z - r.ood.z, z1 = hiz * r.invd.z - r.ood.z;
    float tEntry = fmaxf(fmaxf(fminf(x0, x1), fminf(y0, y1)), fmaxf(fminf(z0, z1), r.tMin));
    float tExit = fminf(fminf(fmaxf(x0, x1), fmaxf(y0, y1)), fmaxf(z0, z1)) * LC_BOX_EXIT_WIDEN;
    tExit = fminf(tExit, tMax);
    *entry = tEntry;
    return tEntry <= tExit;
}

/* Moeller-Trumbore against LcTriangle tri; on a hit with t in (tMin, tMax) writes t, u, v and returns true. */
__device__ __forceinline__ bool lcIntersectTriangle(const float4* __restrict__ tri, const LcTraceRay& r,
                                                    float tMax, float* tOut, float* uOut, float* vOut) {
    float4 v0 = __ldg(tri), e1 = __ldg(tri + 1), e2 = __ldg(tri + 2);
    float px = r.d.y * e2.z - r.d.z * e2.y, py = r.d.z * e2.x - r.d.x * e2.z, pz = r.d.x * e2.y - r.d.y * e2.x;
    float det = e1.x * px + e1.y * py + e1.z * pz;
    if (det == 0.0f) return false;
    float inv = __fdividef(1.0f, det); /* approximate (2 ulp); measured faster than IEEE 1/det, see benchmarks */
    float sx = r.o.x - v0.x, sy = r.o.y - v0.y, sz = r.o.z - v0.z;
    float u = (sx * px + sy * py + sz * pz) * inv;
    if (!(u >= 0.0f && u <= 1.0f)) return false;
    float qx = sy * e1.z - sz * e1.y, qy = sz * e1.x - sx * e1.z, qz = sx * e1.y - sy * e1.x;
    float v = (r.d.x * qx + r.d.y * qy + r.d.z * qz) * inv;
    if (!(v >= 0.0f && u + v <= 1.0f)) return false;
    float t = (e2.x * qx + e2.y * qy + e2.z * qz) * inv;
    if (!(t > r.tMin && t < tMax)) return false;
    *tOut = t;
    *uOut = u;
    *vOut = v;
    return true;
}

/* One interior node: tests both children's boxes; returns the child to visit next, pushing the farther one at
 * stack[++sp] when both are entered, or pops and returns the top of the stack when neither is. Near child first; equal entry
 * distances take child 0 first. */
__device__ __forceinline__ int lcVisitInterior(const float4* __restrict__ nodes, int node, const LcTraceRay& r,
                                               float tMax, int* stack, int& sp) {
    const float4* n = nodes + 4 * (size_t)node;
    float4 n0 = __ldg(n), n1 = __ldg(n + 1), n2 = __ldg(n + 2);
    int4 c = __ldg(reinterpret_cast<const int4*>(n + 3));
    float e0, e1;
    bool h0 = lcIntersectBox(n0.x, n0.y, n0.z, n0.w, n2.x, n2.y, r, tMax, &e0);
    bool h1 = lcIntersectBox(n1.x, n1.y, n1.z, n1.w, n2.z, n2.w, r, tMax, &e1);
    if (h0 && h1) {
        bool swap = e1 < e0;
        stack[++sp] = swap ? c.x : c.y;
        return swap ? c.y : c.x;
    }
    if (h0) return c.x;
    if (h1) return c.y;
    return stack[sp--];
}

/*
 * Walks one LcBvh2Node tree from interior node `root`. leaf(first, count, tMax, sp) intersects a leaf's
 * primitives, may lower tMax and returns whether it found a hit; stack[sp..] is free for it. Uses
 * stack[sp0 .. sp0 + depth] (stack[sp0] holds a sentinel); returns whether any leaf reported a hit.
 *
 * Closest hit (ANY = false): while-while (Aila & Laine 2009, section 4): an inner loop descends through interior
 * nodes until the thread holds a leaf, then a leaf loop intersects leaves until an interior node comes off the
 * stack. Each leaf is intersected as soon as it is reached, so tMax shrinks early and prunes more boxes.
 * Any hit (ANY = true): speculative while-while (same paper): a thread that meets a leaf postpones it and keeps
 * descending until every active thread of its warp holds a leaf, so leaf work runs converged; stops at the
 * first hit. Measured on an H200 (docs/benchmarks.md): speculation doubles shadow-ray throughput but costs
 * closest-hit rays 15-30%, whose tMax then shrinks later.
 */
template <bool ANY, class Leaf>
__device__ __forceinline__ bool lcTraverseBvh2(const float4* __restrict__ nodes, int root, const LcTraceRay& r,
                                               float& tMax, int* stack, int sp0, Leaf& leaf) {
    const int SENTINEL = 0x7fffffff;
    int sp = sp0;
    stack[sp] = SENTINEL;
    int node = root;
    bool found = false;
    if (!ANY) {
        while (node != SENTINEL) {
            while ((unsigned)node < (unsigned)SENTINEL) node = lcVisitInterior(nodes, node, r, tMax, stack, sp);
            while (node < 0) {
                unsigned w = ~(unsigned)node;
                if (leaf((int)(w >> LC_BVH2_LEAF_COUNT_BITS), (int)(w & ((1u << LC_BVH2_LEAF_COUNT_BITS) - 1u)) + 1,
                         tMax, sp + 1)) {
                    found = true;
                }
                node = stack[sp--];
            }
        }
        return found;
    }
    int postponed = 0; /* a leaf (< 0) waiting for the warp, or >= 0 for none */
    while (node != SENTINEL) {
        while ((unsigned)node < (unsigned)SENTINEL) {
            node = lcVisitInterior(nodes, node, r, tMax, stack, sp);
            if (node < 0 && postponed >= 0) {
                postponed = node;
                node = stack[sp--];
            }
            if (!__any_sync(__activemask(), postponed >= 0)) break;
        }
        while (postponed < 0) {
            unsigned w = ~(unsigned)postponed;
            if (leaf((int)(w >> LC_BVH2_LEAF_COUNT_BITS), (int)(w & ((1u << LC_BVH2_LEAF_COUNT_BITS) - 1u)) + 1,
                     tMax, sp + 1)) {
                return true;
            }
            postponed = node;
            if (node < 0) node = stack[sp--];
        }
    }
    return false;
}

/* Hit filter that accepts every hit (no alpha-tested materials): the default of LcTriangleLeaf and lcTrace. */
struct LcAcceptAll {
    __device__ __forceinline__ bool operator()(int, int, float, float) const { return true; }
};

/*
 * Leaf handler of a BLAS: triangles of the global triangle pool, in object space. A triangle hit closer than
 * tMax is offered to filter(instance, triangle, u, v) (the AlphaHitFilter contract: false = the surface is not
 * there, traversal goes on as if the triangle were missed).
 */
template <bool ANY, class Filter = LcAcceptAll>
struct LcTriangleLeaf {
    const float4* __restrict__ triangles;
    const LcTraceRay* ray;
    float u, v;
    int triangle;
    const Filter* filter;
    int instance;

    __device__ __forceinline__ bool operator()(int first, int count, float& tMax, int) {
        bool hit = false;
        for (int k = 0; k < count; k++) {
            float t, uu, vv;
            if (lcIntersectTriangle(triangles + 3 * (size_t)(first + k), *ray, tMax, &t, &uu, &vv)) {
                if (!(*filter)(instance, first + k, uu, vv)) continue;
                tMax = t;
                u = uu;
                v = vv;
                triangle = first + k;
                hit = true;
                if (ANY) return true;
            }
        }
        return hit;
    }
};

#endif /* LUCENT_BVH2_TRAVERSAL_CUH */
