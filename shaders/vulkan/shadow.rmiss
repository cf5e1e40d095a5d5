#version 460
#extension GL_EXT_ray_tracing : require
#extension GL_GOOGLE_include_directive : require
/* shadow.rmiss — a shadow ray reached its end unoccluded: instance = LC_NONE (raygen.rgen's lcOccluded). Shadow rays
 * that hit run closesthit.rchit, which reports the triangle so lcOccluded can skip the ray's own origin triangle. */
#include "lc_vulkan.glsl"

layout(location = 0) rayPayloadInEXT LcPayload lcRay;

void main() {
    lcRay.instance = LC_NONE;
}
