/*
 * lucent_layout.h — the single definition of every struct and type tag shared by the host (Java),
 * CUDA C and GLSL. Java reads nothing from this file at run time; dev.lucent.core.Layout states the same
 * offsets and LayoutHeaderTest parses this header and fails if the two disagree.
 *
 * Rules that keep one definition valid in C (CUDA) and GLSL (std430):
 *   - fields are lc_vec4 (16 bytes, 16-aligned), lc_float, lc_int or lc_uint (4 bytes);
 *   - every lc_vec4 sits at a 16-byte offset and every struct size is a multiple of 16;
 *   - no nested structs, no arrays inside structs.
 * Coordinate conventions: right-handed, y up (glTF), metres; colours are linear Rec.709.
 */
#ifndef LUCENT_LAYOUT_H
#define LUCENT_LAYOUT_H

#if defined(__CUDACC__) || defined(__cplusplus) || defined(LUCENT_C)
typedef float4 lc_vec4;
typedef float lc_float;
typedef int lc_int;
typedef unsigned int lc_uint;
#else /* GLSL */
#define lc_vec4 vec4
#define lc_float float
#define lc_int int
#define lc_uint uint
#endif

/* ---- type tags (shared integer constants) ---- */
#define LC_LIGHT_POINT 0
#define LC_LIGHT_SPOT 1
#define LC_LIGHT_DIRECTIONAL 2

#define LC_MATERIAL_DOUBLE_SIDED 1
#define LC_MATERIAL_ALPHA_MASK 2
#define LC_MATERIAL_ALPHA_BLEND 4

#define LC_IMAGE_RGBA8 0
#define LC_IMAGE_RGBA32F 1

#define LC_CAMERA_PERSPECTIVE 0
#define LC_CAMERA_ORTHOGRAPHIC 1

#define LC_NONE (-1)

/* Flags of a sampled BSDF direction (sampleBsdf), a bit set. DELTA marks a perfectly specular (Dirac delta)
 * lobe: its pdf is a discrete probability and it takes no part in MIS. */
#define LC_BSDF_REFLECTION 1
#define LC_BSDF_TRANSMISSION 2
#define LC_BSDF_DIFFUSE 4
#define LC_BSDF_GLOSSY 8
#define LC_BSDF_DELTA 16

/* glTF metallic-roughness material with the extensions Lucent supports. 96 bytes. */
struct LcMaterial {
    lc_vec4 baseColor;            /* linear RGBA factor */
    lc_vec4 emission;             /* rgb = emissiveFactor * KHR_materials_emissive_strength, w unused */
    lc_float metallic;
    lc_float roughness;           /* perceptual roughness; alpha = roughness^2 */
    lc_float transmission;        /* KHR_materials_transmission factor */
    lc_float ior;                 /* KHR_materials_ior, default 1.5 */
    lc_float alphaCutoff;         /* MASK threshold */
    lc_float normalScale;
    lc_int flags;                 /* LC_MATERIAL_* bits */
    lc_int baseColorTex;          /* index into LcTextureView, or LC_NONE; sRGB */
    lc_int metallicRoughnessTex;  /* G = roughness, B = metallic; linear */
    lc_int normalTex;             /* tangent-space normal map; linear */
    lc_int emissiveTex;           /* sRGB */
    lc_int transmissionTex;       /* R = transmission; linear */
    lc_int pad0;
    lc_int pad1;
    lc_int pad2;
    lc_int pad3;
};

/* One use of an image by a material slot: KHR_texture_transform as a 2x3 matrix,
 * uv' = (m00*u + m01*v + m02, m10*u + m11*v + m12). 32 bytes. */
struct LcTextureView {
    lc_float m00;
    lc_float m01;
    lc_float m02;
    lc_float m10;
    lc_float m11;
    lc_float m12;
    lc_int image;                 /* index into LcImage */
    lc_int texCoord;              /* TEXCOORD_n set; Lucent stores set 0 only, 1 is approximated by 0 */
};

/* A decoded image inside the texel pool. 16 bytes. Texels are row-major, top row first. */
struct LcImage {
    lc_uint offsetWords;          /* offset into the texel pool, in 4-byte words */
    lc_int width;
    lc_int height;
    lc_int format;                /* LC_IMAGE_RGBA8 (one word per texel) or LC_IMAGE_RGBA32F (four words) */
};

/* One mesh, stored once however many instances use it. 32 bytes. Offsets index the global pools. */
struct LcMesh {
    lc_uint firstTriangle;        /* into triangle indices / per-triangle material ids (BVH order) */
    lc_uint triangleCount;
    lc_uint firstVertex;          /* into positions, normals, uvs, tangents; triangle indices are mesh-local */
    lc_uint vertexCount;
    lc_uint firstNode;            /* into the BLAS node pool; node 0 of the mesh is its root */
    lc_uint nodeCount;
    lc_int hasTangents;
    lc_int pad0;
};

/* An instance of a mesh: rows of the 3x4 object-to-world and world-to-object affine matrices. 112 bytes. */
struct LcInstance {
    lc_vec4 objectToWorld0;
    lc_vec4 objectToWorld1;
    lc_vec4 objectToWorld2;
    lc_vec4 worldToObject0;
    lc_vec4 worldToObject1;
    lc_vec4 worldToObject2;
    lc_uint mesh;
    lc_int materialOverride;      /* LcMaterial index replacing every triangle's material, or LC_NONE */
    lc_int pad0;
    lc_int pad1;
};

/* Binary BVH node as the SAH builder writes it (tinybvh's BVHNode layout). 32 bytes.
 * Leaf: count > 0, leftFirst = first primitive. Interior: count == 0, children leftFirst and leftFirst+1.
 * Node indices are local to the tree (a mesh's BLAS or the TLAS). */
struct LcBvhNode {
    lc_float minX;
    lc_float minY;
    lc_float minZ;
    lc_uint leftFirst;
    lc_float maxX;
    lc_float maxY;
    lc_float maxZ;
    lc_uint count;
};

/* A punctual light (KHR_lights_punctual or the scene file), in world space. 64 bytes. */
struct LcLight {
    lc_vec4 position;             /* xyz; w unused */
    lc_vec4 direction;            /* xyz = direction the light travels (unit); w unused */
    lc_vec4 radiance;             /* rgb = colour * intensity (W/sr for point/spot, W/m^2 for directional) */
    lc_int type;                  /* LC_LIGHT_* */
    lc_float cosInner;            /* spot: cos(innerConeAngle) */
    lc_float cosOuter;            /* spot: cos(outerConeAngle) */
    lc_float range;               /* 0 = infinite */
};

/* An emissive triangle as an area light, sampled in proportion to power. 16 bytes. */
struct LcEmitter {
    lc_uint instance;
    lc_uint triangle;             /* global triangle index (LcMesh.firstTriangle already added) */
    lc_float power;               /* luminance(emission) * world-space area * pi */
    lc_float cdf;                 /* inclusive prefix sum of power / total power */
};

/* Pinhole or thin-lens camera in world space. 80 bytes. A primary ray through film position
 * (sx, sy) in [-1,1]^2 (y up) has direction normalize(forward + sx*right + sy*up). */
struct LcCamera {
    lc_vec4 position;
    lc_vec4 right;                /* scaled by tan(fovX/2) (perspective) or half width (orthographic) */
    lc_vec4 up;                   /* scaled by tan(fovY/2) or half height */
    lc_vec4 forward;              /* unit */
    lc_int type;                  /* LC_CAMERA_* */
    lc_float lensRadius;          /* 0 = pinhole */
    lc_float focusDistance;
    lc_float pad0;
};

/* Scene-wide values. 64 bytes. */
struct LcSceneGlobals {
    lc_vec4 background;           /* rgb uniform background radiance when envImage is LC_NONE */
    lc_vec4 bboxMin;
    lc_vec4 bboxMax;
    lc_int envImage;              /* LcImage index of the equirectangular environment, or LC_NONE */
    lc_float envIntensity;
    lc_float envRotation;         /* radians about +y */
    lc_uint lightCount;
};

/* ---- GPU ray casting (shaders/cuda/raycast.cu, dev.lucent.bvh.gpu) ---- */

/* Leaf encoding of LcBvh2Node children: a child < 0 is a leaf with w = ~child,
 * first primitive = w >> LC_BVH2_LEAF_COUNT_BITS, primitive count = (w & 15) + 1, so a leaf holds 1..16
 * primitives and the first primitive index is below 2^27. */
#define LC_BVH2_LEAF_COUNT_BITS 4
/* Traversal stack entries per thread; the conversion rejects trees whose TLAS depth + BLAS depth exceed it. */
#define LC_BVH2_STACK_SIZE 64
/* Traversal stack entries (node groups) per thread of an LcCwbvhNode BLAS walk; conversion rejects deeper trees. */
#define LC_CWBVH_STACK_SIZE 32

/* Binary BVH node for GPU traversal after Aila & Laine 2009, "Understanding the efficiency of ray traversal on
 * GPUs" (HPG): the parent holds BOTH children's boxes, so one 64-byte fetch (four 16-byte loads) decides which
 * children a ray enters. 64 bytes. Fetched as four float4s: (c0 x range, c0 y range), (c1 x range, c1 y range),
 * (c0 z range, c1 z range), (child0, child1, pad, pad). child >= 0: interior node index in the same pool (global
 * in the pool, i.e. a mesh's first GPU node already added); child < 0: leaf, see LC_BVH2_LEAF_COUNT_BITS, whose
 * first primitive is global too (triangle pool index for a BLAS, tlasInstances slot for the TLAS).
 * Derived from the builder's LcBvhNode tree by dev.lucent.bvh.gpu.Bvh2GpuLayout. */
struct LcBvh2Node {
    lc_float c0MinX;
    lc_float c0MaxX;
    lc_float c0MinY;
    lc_float c0MaxY;
    lc_float c1MinX;
    lc_float c1MaxX;
    lc_float c1MinY;
    lc_float c1MaxY;
    lc_float c0MinZ;
    lc_float c0MaxZ;
    lc_float c1MinZ;
    lc_float c1MaxZ;
    lc_int child0;
    lc_int child1;
    lc_int pad0;
    lc_int pad1;
};

/* A triangle prepared for Moeller-Trumbore intersection: v0 and the edges e1 = v1 - v0, e2 = v2 - v0 in object
 * space. v0.w holds, as int bits, the triangle's index in the compiled triangle pool (what hits report); e1.w and
 * e2.w are 0. 48 bytes. For LcBvh2Node leaves the array is in pool order (entry k is pool triangle k); an
 * LcCwbvhNode tree reorders it so each node's leaf triangles are contiguous. Derived by
 * dev.lucent.bvh.gpu.GpuTriangleLayout. */
struct LcTriangle {
    lc_vec4 v0;
    lc_vec4 e1;
    lc_vec4 e2;
};

/* Compressed 8-wide BVH node after Ylitie, Karras & Laine 2017, "Efficient incoherent ray traversal on GPUs
 * through compressed wide BVHs" (HPG). 80 bytes, fetched as five float4s; derived from the builder's tree by
 * dev.lucent.bvh.gpu.Cwbvh8GpuLayout (interior builder nodes collapsed into up to 8 children).
 * Child boxes are quantised to 8 bits per plane on a grid with origin (px, py, pz) and per-axis step
 * 2^(e - 127), e a biased exponent byte: child lo = p + qlo * step, hi = p + qhi * step, rounded outwards.
 * Byte k of a packed uint field is (field >> 8k) & 255; the q fields hold slots 0-3 in the first word, 4-7 in
 * the second. exyzImask: bytes ex, ey, ez, imask (bit s set: slot s is an interior child). Interior children are
 * stored contiguously from childBase in slot order: slot s is node childBase + popcount(imask & ((1 << s) - 1)).
 * meta0 (slots 0-3) and meta1 (slots 4-7): per-slot byte, 0 = empty, 0xFF = interior, else a leaf
 * (count << 5) | offset of count (1..4) triangles from LcTriangle triangleBase + offset (offset + count <= 32).
 * Slot s holds the child met first along octant direction s (bit 2: -x, bit 1: -y, bit 0: -z); a ray whose
 * direction lies in octant o visits hit children in increasing s ^ o. */
struct LcCwbvhNode {
    lc_float px;
    lc_float py;
    lc_float pz;
    lc_uint exyzImask;
    lc_uint childBase;
    lc_uint triangleBase;
    lc_uint meta0;
    lc_uint meta1;
    lc_uint qloX0;
    lc_uint qloX1;
    lc_uint qhiX0;
    lc_uint qhiX1;
    lc_uint qloY0;
    lc_uint qloY1;
    lc_uint qhiY0;
    lc_uint qhiY1;
    lc_uint qloZ0;
    lc_uint qloZ1;
    lc_uint qhiZ0;
    lc_uint qhiZ1;
};

/* A ray in world space: point o + t * direction for t in (tMin, tMax). direction need not be unit length; t is in
 * units of it. A ray with tMax < 0 is inactive (the kernels write a miss). 32 bytes. */
struct LcRay {
    lc_vec4 origin;               /* xyz; w = tMin */
    lc_vec4 direction;            /* xyz; w = tMax */
};

/* Result of one traced ray. 32 bytes. Miss: triangle = instance = primitive = LC_NONE and t = the ray's tMax.
 * Hit: t along the world-space ray, (u, v) barycentric weights of v1 and v2, triangle = global (pool) triangle
 * index, instance = LcInstance index, primitive = entry of the uploaded LcTriangle array that was hit (equal to
 * triangle unless the BLAS layout reorders triangles). An any-hit query reports the first hit it found. */
struct LcHit {
    lc_float t;
    lc_float u;
    lc_float v;
    lc_int triangle;
    lc_int instance;
    lc_int primitive;
    lc_int pad1;
    lc_int pad2;
};

#endif /* LUCENT_LAYOUT_H */
