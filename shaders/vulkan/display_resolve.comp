#version 460
#extension GL_ARB_gpu_shader_fp64 : require
/*
 * display_resolve.comp — the viewer's display resolve for the Vulkan device film
 * (dev.lucent.backend.vulkan.VulkanDisplayResolve): turns the path tracer's per-pixel state (raygen.rgen's lcState,
 * the LC_STATE_* record of lc_bindings.h) into 3 display floats per pixel, rows top to bottom,
 * as dev.lucent.viewer.AovView.extract does from a Film and shaders/cuda/viewer_display.cu does on CUDA:
 *   view 0 beauty    mean radiance
 *   view 1 albedo    mean first-hit albedo
 *   view 2 normal    mean shading normal * 0.5 + 0.5
 *   view 3 depth     grey 1 at the nearest mean hit distance to 0 at the farthest, 0 where nothing was hit
 *   view 4 variance  standard error of the mean, sqrt(M2 / (n (n - 1))), 0 while n < 2
 * Pass 0 (view 3 only) folds the depth range into lcRange (ordered int bits of non-negative floats: min starts at
 * +infinity's bits, max at 0); pass 1 writes the floats. The output buffer is shared with OpenGL.
 */
#include "lc_bindings.h"

layout(local_size_x = 256) in;

/* LC_STATE_WORDS words per pixel, read as bits (the count fields are ints, the rest floats). */
layout(std430, set = 0, binding = 0) readonly buffer LcState { uint lcState[]; };
layout(std430, set = 0, binding = 1) writeonly buffer LcDisplay { float lcDisplay[]; };
layout(std430, set = 0, binding = 2) buffer LcRange { int lcRangeMin; int lcRangeMax; };

layout(push_constant) uniform LcResolvePush {
    uint pixels;
    uint view;
    uint pass;
} lcPush;

/* Word k (an LC_STATE_* index, + channel) of pixel p's record as a float. */
float word(uint p, uint k) { return uintBitsToFloat(lcState[LC_STATE_WORDS * p + k]); }

bool depthHit(uint p) {
    float d = word(p, LC_STATE_DEPTH);
    return int(lcState[LC_STATE_WORDS * p + LC_STATE_DEPTH_HITS]) > 0 && d >= 0.0 && !isinf(d);
}

void main() {
    uint p = gl_GlobalInvocationID.x;
    if (p >= lcPush.pixels) return;
    if (lcPush.pass == 0u) {
        if (depthHit(p)) {
            int bits = floatBitsToInt(word(p, LC_STATE_DEPTH));
            atomicMin(lcRangeMin, bits);
            atomicMax(lcRangeMax, bits);
        }
        return;
    }
    vec3 c;
    if (lcPush.view == 0u) {
        c = vec3(word(p, LC_STATE_MEAN), word(p, LC_STATE_MEAN + 1), word(p, LC_STATE_MEAN + 2));
    } else if (lcPush.view == 1u) {
        c = vec3(word(p, LC_STATE_ALBEDO), word(p, LC_STATE_ALBEDO + 1), word(p, LC_STATE_ALBEDO + 2));
    } else if (lcPush.view == 2u) {
        c = vec3(word(p, LC_STATE_NORMAL), word(p, LC_STATE_NORMAL + 1), word(p, LC_STATE_NORMAL + 2)) * 0.5 + 0.5;
    } else if (lcPush.view == 3u) {
        float nearD = intBitsToFloat(lcRangeMin), farD = intBitsToFloat(lcRangeMax);
        bool any = lcRangeMax >= lcRangeMin && lcRangeMin != 0x7f800000;
        float span = any && farD > nearD ? farD - nearD : 1.0;
        float g = depthHit(p) && any ? 1.0 - (word(p, LC_STATE_DEPTH) - nearD) / span : 0.0;
        c = vec3(g);
    } else {
        int n = int(lcState[LC_STATE_WORDS * p]); /* LC_STATE_COUNT, the record's first word */
        if (n < 2) {
            c = vec3(0.0);
        } else {
            double d = double(n) * double(n - 1);
            c = vec3(sqrt(max(0.0, float(double(word(p, LC_STATE_M2)) / d))),
                     sqrt(max(0.0, float(double(word(p, LC_STATE_M2 + 1)) / d))),
                     sqrt(max(0.0, float(double(word(p, LC_STATE_M2 + 2)) / d))));
        }
    }
    lcDisplay[3u * p] = c.x;
    lcDisplay[3u * p + 1u] = c.y;
    lcDisplay[3u * p + 2u] = c.z;
}
