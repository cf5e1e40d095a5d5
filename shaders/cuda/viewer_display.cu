/*
 * The viewer's display resolve (dev.lucent.backend.cuda.CudaDeviceFilmBackend): turns the path tracer's per-pixel
 * accumulation (LcPixelState records, pixel_state.cuh) into 3 display floats per pixel, rows top
 * to bottom, exactly as dev.lucent.viewer.AovView.extract does from a Film:
 *   view 0 beauty    mean radiance
 *   view 1 albedo    mean first-hit albedo
 *   view 2 normal    mean shading normal * 0.5 + 0.5
 *   view 3 depth     grey 1 at the nearest mean hit distance to 0 at the farthest, 0 where nothing was hit
 *   view 4 variance  standard error of the mean, sqrt(M2 / (n (n - 1))), 0 while n < 2
 * The output is a device buffer that the viewer copies into an OpenGL pixel buffer (CUDA-OpenGL interop).
 */

#include "pixel_state.cuh"

/* Minimum and maximum mean depth over pixels with a hit, as ordered int bits of non-negative floats:
 * range[0] = min (start 0x7f800000), range[1] = max (start 0). */
extern "C" __global__ void viewerDepthRange(const LcPixelState* state, int pixels, int* range) {
    int p = blockIdx.x * blockDim.x + threadIdx.x;
    if (p >= pixels) return;
    LcPixelState s = state[p];
    if (s.depthHits <= 0 || !(s.depth >= 0.0f) || isinf(s.depth)) return;
    int bits = __float_as_int(s.depth);
    atomicMin(&range[0], bits);
    atomicMax(&range[1], bits);
}

extern "C" __global__ void viewerResolve(const LcPixelState* state, int pixels, int view, const int* range,
                                         float* out) {
    int p = blockIdx.x * blockDim.x + threadIdx.x;
    if (p >= pixels) return;
    const LcPixelState& s = state[p];
    float r, g, b;
    switch (view) {
        case 0:
            r = s.mean[0]; g = s.mean[1]; b = s.mean[2];
            break;
        case 1:
            r = s.albedo[0]; g = s.albedo[1]; b = s.albedo[2];
            break;
        case 2:
            r = s.normal[0] * 0.5f + 0.5f; g = s.normal[1] * 0.5f + 0.5f; b = s.normal[2] * 0.5f + 0.5f;
            break;
        case 3: {
            float nearD = __int_as_float(range[0]), farD = __int_as_float(range[1]);
            bool any = range[1] >= range[0] && range[0] != 0x7f800000;
            float span = any && farD > nearD ? farD - nearD : 1.0f;
            bool hit = s.depthHits > 0 && s.depth >= 0.0f && !isinf(s.depth);
            r = hit && any ? 1.0f - (s.depth - nearD) / span : 0.0f;
            g = r; b = r;
            break;
        }
        default: {
            if (s.count < 2) {
                r = g = b = 0.0f;
            } else {
                double d = double(s.count) * double(s.count - 1);
                r = sqrtf(fmaxf(0.0f, float(double(s.m2[0]) / d)));
                g = sqrtf(fmaxf(0.0f, float(double(s.m2[1]) / d)));
                b = sqrtf(fmaxf(0.0f, float(double(s.m2[2]) / d)));
            }
        }
    }
    out[3 * p] = r;
    out[3 * p + 1] = g;
    out[3 * p + 2] = b;
}
