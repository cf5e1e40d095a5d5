/*
 * wavefront.cu — the wavefront variant of the path tracer (Laine, Karras and Aila 2013, "Megakernels considered
 * harmful"), for measuring against the megakernel (docs/benchmarks.md); CudaPathTracer.renderWavefront drives
 * it. It includes pathtrace.cu, so each path runs the same lcPathBounce, camera, alpha filter and accumulation
 * code in the same order and the image equals the megakernel's bit for bit; only the schedule differs. Per
 * sample pass, with one path per pixel kept in global memory (LcPathState):
 *
 *   wfGenerate                         camera rays, queue A = every path
 *   repeat maxDepth + 1 times:
 *     wfExtend   (queue A)             closest hit of each queued path's ray -> hits[path]; zero B's and the
 *                                      shadow queue's lengths
 *     wfShade    (queue A)             lcPathBounce: emission, NEE (shadow ray -> shadow queue), BSDF sample;
 *                                      continuing paths -> queue B
 *     wfShadow   (shadow queue)        any hit; unoccluded -> path.L += contribution
 *     swap A and B
 *   wfAccumulate                       every path's radiance and AOVs (motion: lcSampleMotion) into its pixel
 *                                      state
 *
 * Queue lengths live on the device (counts[0..1] the two path queues, counts[2] the shadow queue; counts[3] holds
 * the pass's sample index), so the host
 * never reads a count. wfExtend, wfShade and wfShadow loop over their queue with a grid-stride loop up to the
 * queue's device-side length, so the host launches them with a fixed grid of a few waves of resident blocks
 * (CudaPathTracer sizes it by occupancy): a round whose queue is nearly empty then costs a launch of a few waves
 * of blocks that exit at once, not one thread per path. wfExtend also zeroes the lengths that its round's wfShade
 * appends to. A path's results do not depend on which thread or iteration processes it, so any grid gives the
 * same image bits.
 */
#include "pathtrace.cu"

/* Record sizes CudaPathTracer allocates per path and per shadow ray (WAVEFRONT_PATH_BYTES, _SHADOW_BYTES). */
static_assert(sizeof(LcPathState) <= 144, "LcPathState outgrew CudaPathTracer.WAVEFRONT_PATH_BYTES");
static_assert(sizeof(LcShadowRay) <= 64, "LcShadowRay outgrew CudaPathTracer.WAVEFRONT_SHADOW_BYTES");

/* Camera rays of sample *sampleIndexAt for every pixel of the rowCount launch rows (lcLaunchRow, pathtrace.cu;
 * 8x4-pixel tiles of launch rows per warp); queue = all paths. The sample index is read from device memory (the
 * host writes it before each pass) so that one captured CUDA graph serves every pass. */
extern "C" __global__ void wfGenerate(const LcCamera* camera, int width, int height, int rowBegin, int rowCount,
                                      int rowGroup, int rowStride, const unsigned* sampleIndexAt, unsigned seedLo,
                                      unsigned seedHi, const double* filterTable, LcPathState* paths, int* pixelOf,
                                      int* queue, int* counts, int pathCount) {
    const int TW = 8, TH = 4;
    unsigned sampleIndex = *sampleIndexAt;
    int tilesX = (width + TW - 1) / TW;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i == 0) {
        counts[0] = pathCount;
        counts[1] = 0;
        counts[2] = 0;
    }
    if (i >= pathCount) return;
    int tile = i >> 5, lane = i & 31;
    int px = (tile % tilesX) * TW + (lane % TW), r = (tile / tilesX) * TH + (lane / TW);
    int py = r < rowCount ? lcLaunchRow(r, rowBegin, rowGroup, rowStride) : height;
    if (px >= width || py >= height) {
        pixelOf[i] = -1;
        queue[i] = -1;
        return;
    }
    pixelOf[i] = py * width + px;
    queue[i] = i;
    paths[i] = lcCameraPath(camera, px, py, width, height, sampleIndex, seedLo, seedHi, filterTable);
}

/* Closest accepted hit of every queued path's ray (grid-stride loop); thread 0 also zeroes the lengths of the
 * queues this round's wfShade appends to (countOut, shadowCount). */
extern "C" __global__ void wfExtend(const float4* tlasNodes, const unsigned* tlasInstances, const LcInstance* instances,
                                    const int* blasRoots, const float4* blasNodes, const float4* triangles,
                                    int instanceCount, const LcPathState* paths, const int* queue,
                                    const int* count, LcHit* hits, unsigned rayKey, int alphaMaterials,
                                    unsigned long long* rayCounter, int* countOut, int* shadowCount) {
    int first = blockIdx.x * blockDim.x + threadIdx.x, stride = gridDim.x * blockDim.x;
    if (first == 0) {
        *countOut = 0;
        *shadowCount = 0;
    }
    int n = *count;
    LcSceneView scene{tlasNodes, tlasInstances, instances, blasRoots, blasNodes, triangles, instanceCount};
    for (int i = first; i < n; i += stride) {
        int p = queue[i];
        if (p < 0) continue;
        if (rayCounter != nullptr) atomicAdd(rayCounter, 1ull);
        vec3 o = paths[p].o, d = paths[p].d;
        LcAlphaFilter alpha{paths[p].pathKey, rayKey, alphaMaterials};
        LcHit hit;
        lcTrace<false>(scene, make_float3(o.x, o.y, o.z), make_float3(d.x, d.y, d.z), 0.0f, LC_INFINITY, &hit,
                       alpha);
        hits[p] = hit;
    }
}

/* The wavefront's shadow rays: appended to the shadow queue for wfShadow. */
struct LcQueueShadow {
    LcShadowRay* shadows;
    int* shadowCount;
    int path;

    __device__ __forceinline__ void operator()(vec3 o, vec3 d, float tMax, vec3 c) {
        int k = atomicAdd(shadowCount, 1);
        shadows[k] = LcShadowRay{o, d, c, tMax, path};
    }
};

/* One bounce of every queued path (grid-stride loop); continuing paths go to queueOut, shadow rays to the
 * shadow queue. */
extern "C" __global__ void wfShade(const int* queueIn, const int* countIn, LcPathState* paths, const LcHit* hits,
                                   int maxDepth, int lightCount, int emitterCount, int* queueOut, int* countOut,
                                   LcShadowRay* shadows, int* shadowCount) {
    int n = *countIn, stride = gridDim.x * blockDim.x;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        int p = queueIn[i];
        if (p < 0) continue;
        LcPathState s = paths[p];
        LcHit hit = hits[p];
        LcQueueShadow shadow{shadows, shadowCount, p};
        bool more = lcPathBounce(s, hit.triangle != LC_NONE, hit, maxDepth, lightCount, emitterCount, shadow);
        paths[p] = s;
        if (more) queueOut[atomicAdd(countOut, 1)] = p;
    }
}

/* Any hit of every queued shadow ray (grid-stride loop); an unoccluded one adds its contribution to its path. */
extern "C" __global__ void wfShadow(const float4* tlasNodes, const unsigned* tlasInstances, const LcInstance* instances,
                                    const int* blasRoots, const float4* blasNodes, const float4* triangles,
                                    int instanceCount, const LcShadowRay* shadows, const int* shadowCount,
                                    LcPathState* paths, unsigned rayKey, int alphaMaterials,
                                    unsigned long long* rayCounter) {
    int n = *shadowCount, stride = gridDim.x * blockDim.x;
    LcSceneView scene{tlasNodes, tlasInstances, instances, blasRoots, blasNodes, triangles, instanceCount};
    for (int k = blockIdx.x * blockDim.x + threadIdx.x; k < n; k += stride) {
        if (rayCounter != nullptr) atomicAdd(rayCounter, 1ull);
        LcShadowRay sh = shadows[k];
        int p = sh.path;
        LcAlphaFilter alpha{paths[p].pathKey, rayKey, alphaMaterials};
        LcHit occluder;
        if (!lcTrace<true>(scene, make_float3(sh.o.x, sh.o.y, sh.o.z), make_float3(sh.d.x, sh.d.y, sh.d.z), 0.0f,
                           sh.tMax, &occluder, alpha)) {
            lcAddRadiance(paths[p].L, sh.c);
        }
    }
}

/* Every finished path of sample *sampleIndexAt into its pixel's state (camera and film as wfGenerate's). */
extern "C" __global__ void wfAccumulate(const LcPathState* paths, const int* pixelOf, int pathCount,
                                        LcPixelState* state, float clampRadiance, const LcCamera* camera, int width,
                                        int height, const unsigned* sampleIndexAt, unsigned seedLo, unsigned seedHi,
                                        const double* filterTable) {
    unsigned sampleIndex = *sampleIndexAt;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= pathCount) return;
    int pixel = pixelOf[i];
    if (pixel < 0) return;
    const LcPathState& path = paths[i];
    float3 motion = make_float3(0.0f, 0.0f, LC_INFINITY);
    if (lcMotionGlobal.enabled) {
        motion = lcSampleMotion(camera, pixel % width, pixel / width, width, height, sampleIndex, seedLo, seedHi,
                                filterTable, path.firstInstance, path.depth);
    }
    lcAccumulate(state + pixel, path, clampRadiance, motion);
}
