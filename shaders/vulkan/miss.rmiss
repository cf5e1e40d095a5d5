#version 460
#extension GL_EXT_ray_tracing : require
#extension GL_GOOGLE_include_directive : require
/* miss.rmiss — a camera or extension ray left the scene: instance = LC_NONE (raygen.rgen adds the environment). */
#include "lc_vulkan.glsl"

layout(location = 0) rayPayloadInEXT LcPayload lcRay;

void main() {
    lcRay.instance = LC_NONE;
    lcRay.t = gl_RayTmaxEXT;
}
