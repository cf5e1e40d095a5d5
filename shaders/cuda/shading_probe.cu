/*
 * shading_probe.cu — kernels that evaluate the shared GPU shading headers (lc_sampling.h, lc_bsdf.h) on inputs
 * from the host, so tests can compare them with the Java reference (dev.lucent.sampling.SobolSampler,
 * dev.lucent.material.GltfBsdf). Launched by dev.lucent.backend.cuda.ShadingProbe; one thread per query.
 */
#include "lucent_layout.h"
#include "lc_portable.h"
#include "lc_sampling.h"
#include "lc_bsdf.h"

/* Values per sampler query, dimensions 0..7 read as get1D, get2D, get1D, get2D, get2D. */
#define LC_PROBE_SAMPLER_VALUES 8

/* queries[4 i .. 4 i + 3] = (px, py, sampleIndex, unused); writes 8 floats per query to values. */
extern "C" __global__ void probeSampler(const uint* __restrict__ queries, int count, uint seedLo, uint seedHi,
                                        float* __restrict__ values) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    LcSampler s = startPixelSample(queries[4 * i], queries[4 * i + 1], queries[4 * i + 2], seedLo, seedHi);
    float* out = values + LC_PROBE_SAMPLER_VALUES * i;
    out[0] = get1D(s);
    vec2 a = get2D(s);
    out[1] = a.x;
    out[2] = a.y;
    out[3] = get1D(s);
    vec2 b = get2D(s);
    out[4] = b.x;
    out[5] = b.y;
    vec2 c = get2D(s);
    out[6] = c.x;
    out[7] = c.y;
}

/*
 * in[16 i ..]: baseColor rgb, metallic, roughness, transmission, ior, wo xyz, wi xyz, u0 u1 u2 (16 floats).
 * out[16 i ..]: evalBsdf f rgb, pdf, pdfBsdf, sampleBsdf ok (1/0), wi xyz, weight rgb, pdf, flags (as float),
 * eta, unused.
 */
extern "C" __global__ void probeBsdf(const float* __restrict__ in, int count, float* __restrict__ out) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    const float* q = in + 16 * i;
    LcBsdfParams p;
    p.baseColor = vec3(q[0], q[1], q[2]);
    p.metallic = q[3];
    p.roughness = q[4];
    p.transmission = q[5];
    p.ior = q[6];
    vec3 wo = vec3(q[7], q[8], q[9]), wi = vec3(q[10], q[11], q[12]);
    LcBsdfEval e = evalBsdf(p, wo, wi);
    float pdf = pdfBsdf(p, wo, wi);
    LcBsdfSample smp;
    bool ok = sampleBsdf(p, wo, q[13], q[14], q[15], smp);
    float* o = out + 16 * i;
    o[0] = e.f.x;
    o[1] = e.f.y;
    o[2] = e.f.z;
    o[3] = e.pdf;
    o[4] = pdf;
    o[5] = ok ? 1.0f : 0.0f;
    o[6] = smp.wi.x;
    o[7] = smp.wi.y;
    o[8] = smp.wi.z;
    o[9] = smp.weight.x;
    o[10] = smp.weight.y;
    o[11] = smp.weight.z;
    o[12] = smp.pdf;
    o[13] = float(smp.flags);
    o[14] = smp.eta;
    o[15] = 0.0f;
}
