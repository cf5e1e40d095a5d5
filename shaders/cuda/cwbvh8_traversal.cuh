/*
 * cwbvh8_traversal.cuh — BLAS traversal of the compressed 8-wide LcCwbvhNode layout (lucent_layout.h) after
 * Ylitie, Karras & Laine 2017, "Efficient incoherent ray traversal on GPUs through compressed wide BVHs" (HPG).
 *
 * One node fetch (five float4s) tests all 8 quantised child boxes: plane distances are p-relative, so a child
 * plane costs one FMA, t = (p - o) / d + q * (step / d), with the same slab test, direction reciprocal clamp
 * and exit widening as bvh2_traversal.cuh. Hit leaf children's triangles are intersected at once, in memory
 * order; hit interior children are visited in increasing slot ^ octant order (near first, see the node comment),
 * the rest of a node's hit children waiting on a per-thread stack as one (child base, hit bits | imask) group.
 * dev.lucent.bvh.gpu.Cwbvh8Traversal is the Java mirror.
 *
 * Status: an alternative BLAS layout, not the default. Measured on an H200 (docs/benchmarks.md) it is 42% faster
 * than the BVH2 for any-hit rays but 43% slower for primary and 34% slower for diffuse closest-hit rays, so the
 * kernels are built with BVH2 BLASes; build with -DLC_BLAS_CWBVH8 (and upload BlasLayout.CWBVH8) to use it.
 */
#ifndef LUCENT_CWBVH8_TRAVERSAL_CUH
#define LUCENT_CWBVH8_TRAVERSAL_CUH

#include "lucent_layout.h"
#include "bvh2_traversal.cuh"

/* Byte b (0..255) of w as a float, exactly: 2^23 + b has b in the low mantissa bits. */
__device__ __forceinline__ float lcByteFloat(unsigned w, unsigned shift) {
    return __uint_as_float(0x4B000000u | ((w >> shift) & 0xFFu)) - 8388608.0f;
}

/*
 * Walks one LcCwbvhNode tree from node `root` with an object-space ray. On hits lowers tMax and writes u, v, the
 * pool triangle index (LcTriangle v0.w) and the LcTriangle entry hit; ANY stops at the first hit. Returns whether
 * anything was hit.
 */
template <bool ANY>
__device__ __forceinline__ bool lcTraverseCwbvh8(const float4* __restrict__ nodes, int root,
                                                 const float4* __restrict__ triangles, const LcTraceRay& r,
                                                 float& tMax, float* u, float* v, int* triangle,
                                                 int* primitive) {
    uint2 stack[LC_CWBVH_STACK_SIZE];
    int sp = 0;
    unsigned oct = (r.d.x < 0.0f ? 4u : 0u) | (r.d.y < 0.0f ? 2u : 0u) | (r.d.z < 0.0f ? 1u : 0u);
    bool found = false;
    unsigned node = (unsigned)root;
    for (;;) {
        const float4* n = nodes + 5 * (size_t)node;
        float4 n0 = __ldg(n), n1 = __ldg(n + 1), n2 = __ldg(n + 2), n3 = __ldg(n + 3), n4 = __ldg(n + 4);
        unsigned eim = __float_as_uint(n0.w);
        float sx = __uint_as_float((eim & 0xFFu) << 23) * r.invd.x;
        float sy = __uint_as_float(((eim >> 8) & 0xFFu) << 23) * r.invd.y;
        float sz = __uint_as_float(((eim >> 16) & 0xFFu) << 23) * r.invd.z;
        float ax = (n0.x - r.o.x) * r.invd.x, ay = (n0.y - r.o.y) * r.invd.y, az = (n0.z - r.o.z) * r.invd.z;
        unsigned imask = eim >> 24;
        unsigned childBase = __float_as_uint(n1.x), triBase = __float_as_uint(n1.y);
        unsigned hits = 0, triMask = 0;
#pragma unroll
        for (int s = 0; s < 8; s++) {
            unsigned sh = 8u * (s & 3);
            unsigned m = ((s < 4 ? __float_as_uint(n1.z) : __float_as_uint(n1.w)) >> sh) & 0xFFu;
            if (m == 0) continue;
            float x0 = ax + lcByteFloat(__float_as_uint(s < 4 ? n2.x : n2.y), sh) * sx;
            float x1 = ax + lcByteFloat(__float_as_uint(s < 4 ? n2.z : n2.w), sh) * sx;
            float y0 = ay + lcByteFloat(__float_as_uint(s < 4 ? n3.x : n3.y), sh) * sy;
            float y1 = ay + lcByteFloat(__float_as_uint(s < 4 ? n3.z : n3.w), sh) * sy;
            float z0 = az + lcByteFloat(__float_as_uint(s < 4 ? n4.x : n4.y), sh) * sz;
            float z1 = az + lcByteFloat(__float_as_uint(s < 4 ? n4.z : n4.w), sh) * sz;
            float entry = fmaxf(fmaxf(fminf(x0, x1), fminf(y0, y1)), fmaxf(fminf(z0, z1), r.tMin));
            float exit = fminf(fminf(fmaxf(x0, x1), fmaxf(y0, y1)), fmaxf(z0, z1)) * LC_BOX_EXIT_WIDEN;
            exit = fminf(exit, tMax);
            if (entry <= exit) {
                if (imask & (1u << s)) hits |= 1u << (s ^ oct);
                else triMask |= ((1u << (m >> 5)) - 1u) << (m & 31u);
            }
        }
        while (triMask) {
            unsigned k = __ffs(triMask) - 1;
            triMask &= triMask - 1;
            const float4* tri = triangles + 3 * (size_t)(triBase + k);
            float t, uu, vv;
            if (lcIntersectTriangle(tri, r, tMax, &t, &uu, &vv)) {
                tMax = t;
                *u = uu;
                *v = vv;
                *triangle = __float_as_int(__ldg(&tri->w));
                *primitive = (int)(triBase + k);
                found = true;
                if (ANY) return true;
            }
        }
        unsigned base = childBase, bits = (hits << 8) | imask;
        if (hits == 0) {
            if (sp == 0) return found;
            uint2 g = stack[--sp];
            base = g.x;
            bits = g.y;
        }
        unsigned rank = __ffs(bits >> 8) - 1;
        unsigned slot = rank ^ oct;
        bits &= ~(1u << (8 + rank));
        if (bits >> 8) stack[sp++] = make_uint2(base, bits);
        node = base + __popc(bits & 0xFFu & ((1u << slot) - 1u));
    }
}

#endif /* LUCENT_CWBVH8_TRAVERSAL_CUH */
