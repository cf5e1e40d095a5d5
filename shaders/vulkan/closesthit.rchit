#version 460
#extension GL_EXT_ray_tracing : require
#extension GL_GOOGLE_include_directive : require
/* closesthit.rchit — reports the closest hit to raygen.rgen, which shades it: t, barycentrics of v1 and v2,
 * the LcInstance index (the TLAS instance's custom index) and the triangle index inside the mesh. */
#include "lc_vulkan.glsl"

layout(location = 0) rayPayloadInEXT LcPayload lcRay;
hitAttributeEXT vec2 lcBarycentrics;

void main() {
    lcRay.t = gl_HitTEXT;
    lcRay.u = lcBarycentrics.x;
    lcRay.v = lcBarycentrics.y;
    lcRay.primitive = gl_PrimitiveID;
    lcRay.instance = gl_InstanceCustomIndexEXT;
}
