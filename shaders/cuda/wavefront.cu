/*
 * wavefront.cu — the wavefront variant of the path tracer (Laine, Karras and Aila 2013, "Megakernels considered
 * harmful"), for measuring against the megakernel (docs/benchmarks.md); CudaPathTracer.renderWavefront drives
 * it. It includes pathtrace.cu, so each path runs the same lcPathBounce, camera, alpha filter and accumulation
 * code in the same order and the image equals the megakernel's bit for bit; only the schedule differs. Per
 * wave of K consecutive sample indices (K = samplesPerWave >= 1; one sample pass when K = 1), with K paths per
 * pixel kept in global memory (LcPathState; path k * pathCount + i is slot i's sample base + k):
 *
 *   wfGenerate                         camera rays of the K samples, queue A = every path
 *   repeat maxDepth + 1 times:
 *     wfExtend   (queue A)             closest hit of each queued path's ray -> hits[path]; zero B's and the
 *                                      shadow queue's lengths
 *     wfShade    (queue A)             lcPathBounce: emission, NEE (shadow ray -> shadow queue), BSDF sample;
 *                                      continuing paths -> queue B
 *     wfShadow   (shadow queue)        any hit; unoccluded -> path.L += contribution
 *     swap A and B
 *   wfAccumulate                       per pixel, its K paths' radiance and AOVs (motion: lcSampleMotion) into
 *                                      its pixel state, in sample order (one thread per pixel: no two paths of a
 *                                      wave race on a pixel, and the running means see the samples in the order
 *                                      one sample per pass gives them, so the image bits do not depend on K)
 *
 * Queue lengths live on the device (counts[0..1] the two path queues, counts[2] the shadow queue; counts[3] holds
 * the wave's first sample index), so the host
 * never reads a count. wfExtend, wfShade and wfShadow loop over their queue with a grid-stride loop up to the
 * queue's device-side length, so the host launches them with a fixed grid of a few waves of resident blocks
 * (CudaPathTracer sizes it by occupancy): a round whose queue is nearly empty then costs a launch of a few waves
 * of blocks that exit at once, not one thread per path. wfExtend also zeroes the lengths that its round's wfShade
 * appends to. A path's results do not depend on which thread or iteration processes it, so any grid gives the
 * same image bits. Ray counters (optional) are summed per warp and added with one atomic per warp and kernel.
 */
#include "pathtrace.cu"

/* Record sizes CudaPathTracer allocates per path and per shadow ray (WAVEFRONT_PATH_BYTES, _SHADOW_BYTES). */
static_assert(sizeof(LcPathState) <= 144, "LcPathState outgrew CudaPathTracer.WAVEFRONT_PATH_BYTES");
static_assert(sizeof(LcShadowRay) <= 64, "LcShadowRay outgrew CudaPathTracer.WAVEFRONT_SHADOW_BYTES");

/* Camera rays of samples *sampleIndexAt .. *sampleIndexAt + samplesPerWave - 1 for every pixel of the rowCount
 * launch rows (lcLaunchRow, pathtrace.cu; 8x4-pixel tiles of launch rows per warp): path k * pathCount + i is
 * slot i's sample *sampleIndexAt + k; queue = all paths. pixelOf has one entry per slot (pathCount). The sample
 * index is read from device memory (the host writes it before each wave) so that one captured CUDA graph serves
 * every wave. */
extern "C" __global__ void wfGenerate(const LcCamera* camera, int width, int height, int rowBegin, int rowCount,
                                      int rowGroup, int rowStride, const unsigned* sampleIndexAt, unsigned seedLo,
                                      unsigned seedHi, const double* filterTable, LcPathState* paths, int* pixelOf,
                                      int* queue, int* counts, int pathCount, int samplesPerWave) {
    const int TW = 8, TH = 4;
    int total = pathCount * samplesPerWave;
    int p = blockIdx.x * blockDim.x + threadIdx.x;
    if (p == 0) {
        counts[0] = total;
        counts[1] = 0;
        counts[2] = 0;
    }
    if (p >= total) return;
    int k = p / pathCount, i = p - k * pathCount;
    unsigned sampleIndex = *sampleIndexAt + (unsigned)k;
    int tilesX = (width + TW - 1) / TW;
    int tile = i >> 5, lane = i & 31;
    int px = (tile % tilesX) * TW + (lane % TW), r = (tile / tilesX) * TH + (lane / TW);
    int py = r < rowCount ? lcLaunchRow(r, rowBegin, rowGroup, rowStride) : height;
    if (px >= width || py >= height) {
        if (k == 0) pixelOf[i] = -1;
        queue[p] = -1;
        return;
    }
    if (k == 0) pixelOf[i] = py * width + px;
    queue[p] = p;
    paths[p] = lcCameraPath(camera, px, py, width, height, sampleIndex, seedLo, seedHi, filterTable);
}

/* Adds this thread's count to *counter with one atomic per warp. Every lane of the warp must call it (the kernels
 * below call it after their grid-stride loop, which no thread leaves early). */
__device__ __forceinline__ void lcCountWarp(unsigned long long* counter, unsigned n) {
    for (int offset = 16; offset > 0; offset >>= 1) n += __shfl_xor_sync(0xffffffffu, n, offset);
    if ((threadIdx.x & 31) == 0 && n != 0) atomicAdd(counter, (unsigned long long)n);
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
    unsigned rays = 0;
    LcSceneView scene{tlasNodes, tlasInstances, instances, blasRoots, blasNodes, triangles, instanceCount};
    for (int i = first; i < n; i += stride) {
        int p = queue[i];
        if (p < 0) continue;
        rays++;
        vec3 o = paths[p].o, d = paths[p].d;
        LcAlphaFilter alpha{paths[p].pathKey, rayKey, alphaMaterials};
        LcHit hit;
        lcTrace<false>(scene, make_float3(o.x, o.y, o.z), make_float3(d.x, d.y, d.z), 0.0f, LC_INFINITY, &hit,
                       alpha);
        hits[p] = hit;
    }
    if (rayCounter != nullptr) lcCountWarp(rayCounter, rays);
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
    unsigned rays = 0;
    LcSceneView scene{tlasNodes, tlasInstances, instances, blasRoots, blasNodes, triangles, instanceCount};
    for (int k = blockIdx.x * blockDim.x + threadIdx.x; k < n; k += stride) {
        rays++;
        LcShadowRay sh = shadows[k];
        int p = sh.path;
        LcAlphaFilter alpha{paths[p].pathKey, rayKey, alphaMaterials};
        LcHit occluder;
        if (!lcTrace<true>(scene, make_float3(sh.o.x, sh.o.y, sh.o.z), make_float3(sh.d.x, sh.d.y, sh.d.z), 0.0f,
                           sh.tMax, &occluder, alpha)) {
            lcAddRadiance(paths[p].L, sh.c);
        }
    }
    if (rayCounter != nullptr) lcCountWarp(rayCounter, rays);
}

/* Per slot i of the wave (one thread each), its pixel's samplesPerWave finished paths k * pathCount + i, of
 * samples *sampleIndexAt + k, into the pixel's state in sample order (camera and film as wfGenerate's). */
extern "C" __global__ void wfAccumulate(const LcPathState* paths, const int* pixelOf, int pathCount,
                                        LcPixelState* state, float clampRadiance, const LcCamera* camera, int width,
                                        int height, const unsigned* sampleIndexAt, unsigned seedLo, unsigned seedHi,
                                        const double* filterTable, int samplesPerWave) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= pathCount) return;
    int pixel = pixelOf[i];
    if (pixel < 0) return;
    unsigned first = *sampleIndexAt;
    for (int k = 0; k < samplesPerWave; k++) {
        const LcPathState& path = paths[(size_t)k * pathCount + i];
        float3 motion = make_float3(0.0f, 0.0f, LC_INFINITY);
        if (lcMotionGlobal.enabled) {
            motion = lcSampleMotion(camera, pixel % width, pixel / width, width, height, first + (unsigned)k, seedLo,
                                    seedHi, filterTable, path.firstInstance, path.depth);
        }
        lcAccumulate(state + pixel, path, clampRadiance, motion);
    }
}
