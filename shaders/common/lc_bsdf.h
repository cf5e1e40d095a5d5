/*
 * lc_bsdf.h — the GPU port of dev.lucent.material's glTF BSDF (GltfBsdf, GgxDistribution, Fresnel, DiffuseBrdf,
 * SpecularBrdf, SpecularBtdf) for CUDA and GLSL; include lc_portable.h and lc_sampling.h first. Same function
 * names, same formulas, same branch order as the Java reference, so the two read side by side: evalBsdf,
 * sampleBsdf, pdfBsdf in the local shading frame (+z = shading normal), wo and wi unit and pointing away.
 * The Java class keeps per-call lobe state in fields set by setup(); here it is the LcBsdfLobes struct.
 */
#ifndef LC_BSDF_H
#define LC_BSDF_H

#include "lc_ggx_albedo.h"

/*
 * GgxAlbedoTable's values (generated into lc_ggx_albedo.h), read through LC_GGX_ALBEDO(i) with i the index in the
 * flat layout. By default they are compiled in as one constant array per table (one array of all 67k values would
 * exceed SPIR-V's 65,535-word instruction limit). A kernel may instead define LC_GGX_ALBEDO(i) before including
 * this header to read them from its own buffer (the same floats in the same order: GgxAlbedoTable.values() in
 * Java), which GLSL drivers may serve better than large constant arrays.
 */
#ifndef LC_GGX_ALBEDO
LC_CONST_FLOAT_ARRAY(lcGgxConductorTable, LC_GGX_REFLECTION - LC_GGX_CONDUCTOR, LC_GGX_CONDUCTOR_VALUES)
LC_CONST_FLOAT_ARRAY(lcGgxReflectionTable, LC_GGX_INTERFACE - LC_GGX_REFLECTION, LC_GGX_REFLECTION_VALUES)
LC_CONST_FLOAT_ARRAY(lcGgxInterfaceTable, LC_GGX_REFLECTION_AVG - LC_GGX_INTERFACE, LC_GGX_INTERFACE_VALUES)
LC_CONST_FLOAT_ARRAY(lcGgxReflectionAvgTable, LC_GGX_ALBEDO_COUNT - LC_GGX_REFLECTION_AVG, LC_GGX_REFLECTION_AVG_VALUES)
LC_FN float lcGgxAlbedoAt(int i) {
    if (i < LC_GGX_REFLECTION) return lcGgxConductorTable[i - LC_GGX_CONDUCTOR];
    if (i < LC_GGX_INTERFACE) return lcGgxReflectionTable[i - LC_GGX_REFLECTION];
    if (i < LC_GGX_REFLECTION_AVG) return lcGgxInterfaceTable[i - LC_GGX_INTERFACE];
    return lcGgxReflectionAvgTable[i - LC_GGX_REFLECTION_AVG];
}
#define LC_GGX_ALBEDO(i) lcGgxAlbedoAt(i)
#endif

#define LC_MIN_IOR 1.01f
#define LC_MIN_METAL_WEIGHT 0.04f
#define LC_DELTA_ALPHA 1e-3f

/* BsdfParams: glTF parameters after textures. */
struct LcBsdfParams {
    vec3 baseColor;
    float metallic;
    float roughness;
    float transmission;
    float ior;
};

/* BsdfEval: f (1/sr) and the sampling density (1/sr), both without delta lobes. */
struct LcBsdfEval {
    vec3 f;
    float pdf;
};

/* BsdfSample: direction, weight f|cos|/pdf, pdf (or the lobe probability for deltas), LC_BSDF_* flags, eta. */
struct LcBsdfSample {
    vec3 wi;
    vec3 weight;
    float pdf;
    int flags;
    float eta;
};

/* ---- Fresnel ---- */

/* Fresnel.dielectric: exact unpolarised reflectance, 1 under total internal reflection. */
LC_FN float fresnelDielectric(float cosThetaI, float eta) {
    float ci = min(abs(cosThetaI), 1.0f);
    float sin2T = (1.0f - ci * ci) / (eta * eta);
    if (sin2T >= 1.0f) return 1.0f;
    float ct = sqrt(1.0f - sin2T);
    float rs = (ci - eta * ct) / (ci + eta * ct);
    float rp = (eta * ci - ct) / (eta * ci + ct);
    return 0.5f * (rs * rs + rp * rp);
}

/* Fresnel.schlick. */
LC_FN float fresnelSchlick(float cosTheta, float f0) {
    float m = 1.0f - min(abs(cosTheta), 1.0f);
    float m2 = m * m;
    return f0 + (1.0f - f0) * (m2 * m2 * m);
}

/*
 * 1 / (1 - Fresnel.diffuseReflectance(ior)) for ior > 1 (the only argument GltfBsdf uses). The closed form
 * cancels near ior = 1, so CUDA evaluates it in double like Java; GLSL builds define LC_NO_DOUBLE to use float
 * (error below 1e-4 for ior >= 1.01).
 */
#if defined(__CUDACC__) && !defined(LC_NO_DOUBLE)
LC_FN float lcDiffuseNorm(float iorF) {
    double n = iorF;
    if (abs(n - 1.0) < 1e-4) return 1.0f;
    double n2 = n * n, n4 = n2 * n2;
    double fbar = 0.5 + (n - 1) * (3 * n + 1) / (6 * (n + 1) * (n + 1))
                  + n2 * (n2 - 1) * (n2 - 1) / ((n2 + 1) * (n2 + 1) * (n2 + 1)) * log((n - 1) / (n + 1))
                  - 2 * n2 * n * (n2 + 2 * n - 1) / ((n2 + 1) * (n4 - 1))
                  + 8 * n4 * (n4 + 1) / ((n2 + 1) * (n4 - 1) * (n4 - 1)) * log(n);
    return float(1.0 / (1.0 - fbar));
}
#else
LC_FN float lcDiffuseNorm(float n) {
    if (abs(n - 1.0f) < 1e-4f) return 1.0f;
    float n2 = n * n, n4 = n2 * n2;
    float fbar = 0.5f + (n - 1.0f) * (3.0f * n + 1.0f) / (6.0f * (n + 1.0f) * (n + 1.0f))
                 + n2 * (n2 - 1.0f) * (n2 - 1.0f) / ((n2 + 1.0f) * (n2 + 1.0f) * (n2 + 1.0f)) * log((n - 1.0f) / (n + 1.0f))
                 - 2.0f * n2 * n * (n2 + 2.0f * n - 1.0f) / ((n2 + 1.0f) * (n4 - 1.0f))
                 + 8.0f * n4 * (n4 + 1.0f) / ((n2 + 1.0f) * (n4 - 1.0f) * (n4 - 1.0f)) * log(n);
    return 1.0f / (1.0f - fbar);
}
#endif

/* Fresnel.refract: w.n > 0; false under total internal reflection (out untouched). */
LC_FN bool fresnelRefract(vec3 w, vec3 n, float eta, LC_OUT(vec3) outDir) {
    float cosI = dot(w, n);
    float sin2T = max(0.0f, 1.0f - cosI * cosI) / (eta * eta);
    if (sin2T >= 1.0f) return false;
    float cosT = sqrt(1.0f - sin2T);
    float k = cosI / eta - cosT;
    outDir = vec3(-w.x / eta + k * n.x, -w.y / eta + k * n.y, -w.z / eta + k * n.z);
    return true;
}

/* Fresnel.reflect: 2 (w.n) n - w. */
LC_FN vec3 fresnelReflect(vec3 w, vec3 n) {
    float d = 2.0f * dot(w, n);
    return vec3(d * n.x - w.x, d * n.y - w.y, d * n.z - w.z);
}

/* ---- GgxDistribution ---- */

LC_FN float ggxAlpha(float roughness) {
    float r = min(max(roughness, 0.0f), 1.0f);
    return r * r;
}

LC_FN bool ggxIsDelta(float alpha) { return alpha < LC_DELTA_ALPHA; }

LC_FN float ggxD(vec3 h, float alpha) {
    if (h.z <= 0.0f) return 0.0f;
    float a2 = alpha * alpha;
    float t = a2 * h.z * h.z + h.x * h.x + h.y * h.y;
    return a2 / (LC_PI * t * t);
}

LC_FN float ggxLambda(vec3 w, float alpha) {
    float z2 = w.z * w.z;
    if (z2 == 0.0f) return LC_INFINITY;
    float tan2 = (w.x * w.x + w.y * w.y) / z2;
    return 0.5f * (sqrt(1.0f + alpha * alpha * tan2) - 1.0f);
}

LC_FN float ggxG1(vec3 w, float alpha) { return 1.0f / (1.0f + ggxLambda(w, alpha)); }

LC_FN float ggxG2(vec3 wo, vec3 wi, float alpha) {
    return 1.0f / (1.0f + ggxLambda(wo, alpha) + ggxLambda(wi, alpha));
}

LC_FN float ggxPdfVisibleNormal(vec3 wo, vec3 h, float alpha) {
    float cosO = abs(wo.z);
    if (cosO == 0.0f) return 0.0f;
    return ggxG1(wo, alpha) * max(0.0f, dot(wo, h)) * ggxD(h, alpha) / cosO;
}

/* GgxDistribution.sampleVisibleNormal (Heitz 2018). */
LC_FN vec3 ggxSampleVisibleNormal(vec3 wo, float alpha, float u0, float u1) {
    float vx = alpha * wo.x, vy = alpha * wo.y, vz = wo.z;
    float invLen = 1.0f / sqrt(vx * vx + vy * vy + vz * vz);
    vx *= invLen;
    vy *= invLen;
    vz *= invLen;
    float lensq = vx * vx + vy * vy;
    float t1x, t1y, t1z;
    if (lensq > 0.0f) {
        float inv = 1.0f / sqrt(lensq);
        t1x = -vy * inv;
        t1y = vx * inv;
        t1z = 0.0f;
    } else {
        t1x = 1.0f;
        t1y = 0.0f;
        t1z = 0.0f;
    }
    float t2x = vy * t1z - vz * t1y, t2y = vz * t1x - vx * t1z, t2z = vx * t1y - vy * t1x;
    float r = sqrt(u0);
    float phi = 2.0f * LC_PI * u1;
    float p1 = r * cos(phi), p2 = r * sin(phi);
    float s = 0.5f * (1.0f + vz);
    p2 = (1.0f - s) * sqrt(max(0.0f, 1.0f - p1 * p1)) + s * p2;
    float pz = sqrt(max(0.0f, 1.0f - p1 * p1 - p2 * p2));
    float nx = p1 * t1x + p2 * t2x + pz * vx;
    float ny = p1 * t1y + p2 * t2y + pz * vy;
    float nz = p1 * t1z + p2 * t2z + pz * vz;
    return normalize(vec3(alpha * nx, alpha * ny, max(1e-7f, nz)));
}

/* ---- DiffuseBrdf, SpecularBrdf, SpecularBtdf ---- */

LC_FN float diffusePdf(vec3 wo, vec3 wi) { return wo.z > 0.0f ? cosineHemispherePdf(wi.z) : 0.0f; }

LC_FN bool specularBrdfHalfVector(vec3 wo, vec3 wi, LC_OUT(vec3) h) {
    if (wo.z <= 0.0f || wi.z <= 0.0f) return false;
    h = wo + wi;
    float len2 = dot(h, h);
    if (!(len2 > 0.0f)) return false;
    h = h * (1.0f / sqrt(len2));
    return true;
}

LC_FN float specularBrdfEval(vec3 wo, vec3 wi, vec3 h, float alpha) {
    return ggxD(h, alpha) * ggxG2(wo, wi, alpha) / (4.0f * wo.z * wi.z);
}

LC_FN float specularBrdfPdf(vec3 wo, vec3 h, float alpha) {
    float woh = dot(wo, h);
    return woh > 0.0f ? ggxPdfVisibleNormal(wo, h, alpha) / (4.0f * woh) : 0.0f;
}

LC_FN bool specularBtdfHalfVector(vec3 wo, vec3 wi, float eta, LC_OUT(vec3) h) {
    if (wo.z <= 0.0f || wi.z >= 0.0f) return false;
    h = wi * eta + wo;
    float len2 = dot(h, h);
    if (!(len2 > 0.0f)) return false;
    h = h * (1.0f / sqrt(len2));
    if (h.z < 0.0f) h = -h;
    return dot(wo, h) > 0.0f && dot(wi, h) < 0.0f;
}

LC_FN float specularBtdfDenom(vec3 wo, vec3 wi, vec3 h, float eta) {
    float s = dot(wi, h) + dot(wo, h) / eta;
    return s * s;
}

LC_FN float specularBtdfEval(vec3 wo, vec3 wi, vec3 h, float alpha, float eta) {
    float dn = specularBtdfDenom(wo, wi, h, eta);
    if (!(dn > 0.0f)) return 0.0f;
    return ggxD(h, alpha) * ggxG2(wo, wi, alpha) * abs(dot(wi, h) * dot(wo, h)) / (abs(wi.z * wo.z) * dn);
}

LC_FN float specularBtdfPdf(vec3 wo, vec3 wi, vec3 h, float alpha, float eta) {
    float dn = specularBtdfDenom(wo, wi, h, eta);
    if (!(dn > 0.0f)) return 0.0f;
    return ggxPdfVisibleNormal(wo, h, alpha) * abs(dot(wi, h)) / dn;
}

/* ---- GltfBsdf ---- */

/* GltfBsdf's per-(params, wo) lobe state, set by lcBsdfSetup. */
struct LcBsdfLobes {
    vec3 wo; /* mirrored to wo.z > 0 */
    vec3 base;
    float metallic, transmission, alpha, eta, maxBase, cosO, fresnelO;
    bool delta, flipped;
    float pMetal, pDielectric, pDiffuse;
    float diffuseScale;
    /* energy compensation (GltfBsdf.setupCompensation) */
    float metalMs, reflectScale, transmitScale, coatAlbedoO;
    int coatRow;
    float coatFIor, coatFRoughness;
};

LC_FN float lcClamp01(float x) { return x > 0.0f ? (x < 1.0f ? x : 1.0f) : 0.0f; }

/* ---- GgxAlbedoTable ---- */

LC_FN float ggxAlbedoRoughnessPosition(float roughness) {
    return lcClamp01(roughness) * float(LC_GGX_ROUGHNESS_SIZE - 1);
}

LC_FN float ggxAlbedoIorPosition(float ior) {
    float x = (ior - 1.0f) / (ior + 1.0f);
    return lcClamp01((x - LC_GGX_X_MIN) / (LC_GGX_X_MAX - LC_GGX_X_MIN)) * float(LC_GGX_IOR_SIZE - 1);
}

LC_FN int ggxAlbedoLowerNode(float position, int n) { return min(int(position), n - 2); }

/* GgxAlbedoTable.row: E(mu) along one row, linear in sqrt(mu) between the mu nodes. */
LC_FN float ggxAlbedoRow(int offset, float mu) {
    float p = sqrt(lcClamp01(mu)) * float(LC_GGX_MU_SIZE - 1);
    int i = ggxAlbedoLowerNode(p, LC_GGX_MU_SIZE);
    float t = p - float(i);
    float a = LC_GGX_ALBEDO(offset + i);
    return a + t * (LC_GGX_ALBEDO(offset + i + 1) - a);
}

LC_FN float ggxAlbedoConductor(float mu, float roughness) {
    float pr = ggxAlbedoRoughnessPosition(roughness);
    int r = ggxAlbedoLowerNode(pr, LC_GGX_ROUGHNESS_SIZE);
    float fr = pr - float(r);
    int o = LC_GGX_CONDUCTOR + r * LC_GGX_ROW;
    float a = ggxAlbedoRow(o, mu);
    return a + fr * (ggxAlbedoRow(o + LC_GGX_ROW, mu) - a);
}

LC_FN int ggxAlbedoDielectricRow(int table, int side, int iorNode, int roughnessNode) {
    return table + side * LC_GGX_SIDE + iorNode * LC_GGX_SLICE + roughnessNode * LC_GGX_ROW;
}

LC_FN float ggxAlbedoDielectric(int offset, float fIor, float fRoughness, float mu) {
    float a = ggxAlbedoRow(offset, mu), b = ggxAlbedoRow(offset + LC_GGX_ROW, mu);
    float c = ggxAlbedoRow(offset + LC_GGX_SLICE, mu), d = ggxAlbedoRow(offset + LC_GGX_SLICE + LC_GGX_ROW, mu);
    float lo = a + fRoughness * (b - a), hi = c + fRoughness * (d - c);
    return lo + fIor * (hi - lo);
}

LC_FN float ggxAlbedoReflectionAverage(int iorNode, int roughnessNode, float fIor, float fRoughness) {
    int o = LC_GGX_REFLECTION_AVG + iorNode * LC_GGX_ROUGHNESS_SIZE + roughnessNode;
    float a = LC_GGX_ALBEDO(o), b = LC_GGX_ALBEDO(o + 1);
    float c = LC_GGX_ALBEDO(o + LC_GGX_ROUGHNESS_SIZE), d = LC_GGX_ALBEDO(o + LC_GGX_ROUGHNESS_SIZE + 1);
    float lo = a + fRoughness * (b - a), hi = c + fRoughness * (d - c);
    return lo + fIor * (hi - lo);
}

/* GltfBsdf.setupCompensation: energy compensation of the rough lobes (s.delta false). */
LC_FN void lcBsdfSetupCompensation(float roughness, float ior, LC_INOUT(LcBsdfLobes) s) {
    if (s.metallic > 0.0f) {
        float e = ggxAlbedoConductor(s.cosO, roughness);
        s.metalMs = (1.0f - e) / e;
    }
    if (s.metallic < 1.0f) {
        float pr = ggxAlbedoRoughnessPosition(roughness), pi = ggxAlbedoIorPosition(ior);
        int r = ggxAlbedoLowerNode(pr, LC_GGX_ROUGHNESS_SIZE);
        int i = ggxAlbedoLowerNode(pi, LC_GGX_IOR_SIZE);
        s.coatFRoughness = pr - float(r);
        s.coatFIor = pi - float(i);
        s.coatRow = ggxAlbedoDielectricRow(LC_GGX_REFLECTION, s.eta < 1.0f ? 1 : 0, i, r);
        s.coatAlbedoO = ggxAlbedoDielectric(s.coatRow, s.coatFIor, s.coatFRoughness, s.cosO);
        if (s.transmission > 0.0f) {
            s.transmitScale = 1.0f / ggxAlbedoDielectric(s.coatRow + (LC_GGX_INTERFACE - LC_GGX_REFLECTION),
                                                          s.coatFIor, s.coatFRoughness, s.cosO);
            s.reflectScale = 1.0f - s.transmission + s.transmission * s.transmitScale;
        }
        float average = ggxAlbedoReflectionAverage(i, r, s.coatFIor, s.coatFRoughness);
        s.diffuseScale = (1.0f - s.metallic) * (1.0f - s.transmission) * LC_INV_PI / (1.0f - average);
    } else {
        s.diffuseScale = 0.0f;
    }
}

/* GltfBsdf.coatAlbedo: coat reflection albedo at cos theta_i, F when smooth, E_reflection when rough. */
LC_FN float lcCoatAlbedo(LC_IN(LcBsdfLobes) s, float cosI) {
    return s.delta ? fresnelDielectric(cosI, s.eta)
                   : ggxAlbedoDielectric(s.coatRow, s.coatFIor, s.coatFRoughness, cosI);
}

/* GltfBsdf.setup: false when wo lies in the tangent plane (or is NaN). */
LC_FN bool lcBsdfSetup(LC_IN(LcBsdfParams) p, vec3 woIn, LC_OUT(LcBsdfLobes) s) {
    if (!(abs(woIn.z) > 0.0f)) return false;
    s.flipped = woIn.z < 0.0f;
    s.wo = vec3(woIn.x, woIn.y, s.flipped ? -woIn.z : woIn.z);
    s.cosO = s.wo.z;
    s.metallic = lcClamp01(p.metallic);
    s.transmission = lcClamp01(p.transmission);
    s.base = vec3(lcClamp01(p.baseColor.x), lcClamp01(p.baseColor.y), lcClamp01(p.baseColor.z));
    s.maxBase = max(s.base.x, max(s.base.y, s.base.z));
    float ior = max(p.ior, LC_MIN_IOR);
    if (!(ior < LC_INFINITY)) ior = 1.5f;
    s.eta = s.flipped && s.transmission > 0.0f ? 1.0f / ior : ior;
    s.alpha = ggxAlpha(p.roughness);
    s.delta = ggxIsDelta(s.alpha);
    s.fresnelO = fresnelDielectric(s.cosO, s.eta);
    s.metalMs = 0.0f;
    s.reflectScale = 1.0f;
    s.transmitScale = 1.0f;
    s.coatAlbedoO = s.fresnelO;
    s.coatRow = 0;
    s.coatFIor = 0.0f;
    s.coatFRoughness = 0.0f;
    if (s.delta) {
        s.diffuseScale = (1.0f - s.metallic) * (1.0f - s.transmission) * LC_INV_PI * lcDiffuseNorm(ior);
    } else {
        lcBsdfSetupCompensation(p.roughness, ior, s);
    }
    float wMetal = s.metallic * max(fresnelSchlick(s.cosO, s.maxBase), LC_MIN_METAL_WEIGHT);
    float wDielectric = (1.0f - s.metallic) * (s.fresnelO + s.transmission * s.maxBase * (1.0f - s.fresnelO));
    float wDiffuse = (1.0f - s.metallic) * (1.0f - s.transmission) * s.maxBase * (1.0f - s.fresnelO)
                     * (s.eta < 1.0f ? s.eta * s.eta : 1.0f);
    float sum = wMetal + wDielectric + wDiffuse;
    s.pMetal = wMetal / sum;
    s.pDielectric = wDielectric / sum;
    s.pDiffuse = wDiffuse / sum;
    return true;
}

LC_FN float lcReflectProbability(LC_IN(LcBsdfLobes) s, float f) {
    float t = s.transmission * s.maxBase * (1.0f - f);
    return f + t > 0.0f ? f / (f + t) : 1.0f;
}

LC_FN vec3 lcToSetupFrame(LC_IN(LcBsdfLobes) s, vec3 v) { return vec3(v.x, v.y, s.flipped ? -v.z : v.z); }

/* GltfBsdf.evalSetup: wi in the caller's frame. */
LC_FN LcBsdfEval lcEvalSetup(LC_IN(LcBsdfLobes) s, vec3 wiLocal) {
    LcBsdfEval e;
    e.f = vec3(0.0f);
    e.pdf = 0.0f;
    vec3 wi = lcToSetupFrame(s, wiLocal);
    float cosI = wi.z;
    vec3 h;
    if (cosI > 0.0f) {
        if (s.pDiffuse > 0.0f) {
            float w = s.diffuseScale * (1.0f - s.coatAlbedoO) * (1.0f - lcCoatAlbedo(s, cosI));
            e.f = s.base * w;
            e.pdf += s.pDiffuse * diffusePdf(s.wo, wi);
        }
        if (!s.delta && specularBrdfHalfVector(s.wo, wi, h)) {
            float spec = specularBrdfEval(s.wo, wi, h, s.alpha);
            float woh = dot(s.wo, h);
            float fd = fresnelDielectric(woh, s.eta);
            float white = (1.0f - s.metallic) * fd * spec * s.reflectScale;
            float m = s.metallic * spec;
            e.f += vec3(white + m * fresnelSchlick(woh, s.base.x) * (1.0f + s.base.x * s.metalMs),
                        white + m * fresnelSchlick(woh, s.base.y) * (1.0f + s.base.y * s.metalMs),
                        white + m * fresnelSchlick(woh, s.base.z) * (1.0f + s.base.z * s.metalMs));
            e.pdf += (s.pMetal + s.pDielectric * lcReflectProbability(s, fd)) * specularBrdfPdf(s.wo, h, s.alpha);
        }
    } else if (cosI < 0.0f) {
        if (!s.delta && s.pDielectric > 0.0f && s.transmission > 0.0f && specularBtdfHalfVector(s.wo, wi, s.eta, h)) {
            float fd = fresnelDielectric(dot(s.wo, h), s.eta);
            float w = (1.0f - s.metallic) * s.transmission * (1.0f - fd) * specularBtdfEval(s.wo, wi, h, s.alpha, s.eta)
                      * s.transmitScale;
            e.f = s.base * w;
            e.pdf = s.pDielectric * (1.0f - lcReflectProbability(s, fd)) * specularBtdfPdf(s.wo, wi, h, s.alpha, s.eta);
        }
    }
    return e;
}

/* GltfBsdf.evalBsdf: f and pdf without delta lobes; zero when wo is in the tangent plane. */
LC_FN LcBsdfEval evalBsdf(LC_IN(LcBsdfParams) p, vec3 woLocal, vec3 wiLocal) {
    LcBsdfLobes s;
    if (!lcBsdfSetup(p, woLocal, s)) {
        LcBsdfEval e;
        e.f = vec3(0.0f);
        e.pdf = 0.0f;
        return e;
    }
    return lcEvalSetup(s, wiLocal);
}

/* GltfBsdf.pdfBsdf. */
LC_FN float pdfBsdf(LC_IN(LcBsdfParams) p, vec3 woLocal, vec3 wiLocal) { return evalBsdf(p, woLocal, wiLocal).pdf; }

LC_FN void lcSetNone(LC_OUT(LcBsdfSample) o) {
    o.wi = vec3(0.0f);
    o.weight = vec3(0.0f);
    o.pdf = 0.0f;
    o.flags = 0;
    o.eta = 1.0f;
}

/* GltfBsdf.sampleMirror. */
LC_FN bool lcSampleMirror(LC_IN(LcBsdfLobes) s, LC_OUT(LcBsdfSample) o) {
    float prob = s.pMetal + s.pDielectric * lcReflectProbability(s, s.fresnelO);
    float white = (1.0f - s.metallic) * s.fresnelO;
    o.weight = vec3(white + s.metallic * fresnelSchlick(s.cosO, s.base.x),
                    white + s.metallic * fresnelSchlick(s.cosO, s.base.y),
                    white + s.metallic * fresnelSchlick(s.cosO, s.base.z)) / prob;
    o.wi = vec3(-s.wo.x, -s.wo.y, s.flipped ? -s.wo.z : s.wo.z);
    o.pdf = prob;
    o.flags = LC_BSDF_REFLECTION | LC_BSDF_DELTA;
    o.eta = 1.0f;
    return true;
}

/* GltfBsdf.sampleRefraction. */
LC_FN bool lcSampleRefraction(LC_IN(LcBsdfLobes) s, LC_OUT(LcBsdfSample) o) {
    vec3 wi;
    if (!fresnelRefract(s.wo, vec3(0.0f, 0.0f, 1.0f), s.eta, wi)) return false;
    float prob = s.pDielectric * (1.0f - lcReflectProbability(s, s.fresnelO));
    float w = (1.0f - s.metallic) * s.transmission * (1.0f - s.fresnelO) / prob;
    o.weight = s.base * w;
    o.wi = lcToSetupFrame(s, wi);
    o.pdf = prob;
    o.flags = LC_BSDF_TRANSMISSION | LC_BSDF_DELTA;
    o.eta = s.eta;
    return true;
}

/* GltfBsdf.sampleBsdf: u0 picks the lobe, (u1, u2) the direction; false (out zeroed) when nothing results. */
LC_FN bool sampleBsdf(LC_IN(LcBsdfParams) p, vec3 woLocal, float u0, float u1, float u2, LC_OUT(LcBsdfSample) o) {
    lcSetNone(o);
    LcBsdfLobes s;
    if (!lcBsdfSetup(p, woLocal, s)) return false;
    int flags;
    vec3 wi;
    if (u0 < s.pDiffuse) {
        wi = sampleCosineHemisphere(vec2(u1, u2));
        if (!(wi.z > 0.0f)) return false;
        flags = LC_BSDF_REFLECTION | LC_BSDF_DIFFUSE;
    } else if (u0 < s.pDiffuse + s.pMetal || !(s.pDielectric > 0.0f)) {
        if (s.delta) return lcSampleMirror(s, o);
        vec3 h = ggxSampleVisibleNormal(s.wo, s.alpha, u1, u2);
        wi = fresnelReflect(s.wo, h);
        if (!(wi.z > 0.0f)) return false;
        flags = LC_BSDF_REFLECTION | LC_BSDF_GLOSSY;
    } else {
        float uChoice = min((u0 - s.pDiffuse - s.pMetal) / s.pDielectric, 0.99999994f);
        if (s.delta) {
            if (uChoice < lcReflectProbability(s, s.fresnelO)) return lcSampleMirror(s, o);
            return lcSampleRefraction(s, o);
        }
        vec3 h = ggxSampleVisibleNormal(s.wo, s.alpha, u1, u2);
        float fd = fresnelDielectric(dot(s.wo, h), s.eta);
        if (uChoice < lcReflectProbability(s, fd)) {
            wi = fresnelReflect(s.wo, h);
            if (wi.z <= 0.0f) return false;
            flags = LC_BSDF_REFLECTION | LC_BSDF_GLOSSY;
        } else {
            if (!fresnelRefract(s.wo, h, s.eta, wi) || !(wi.z < 0.0f)) return false;
            flags = LC_BSDF_TRANSMISSION | LC_BSDF_GLOSSY;
            o.eta = s.eta;
        }
    }
    vec3 wiCaller = lcToSetupFrame(s, wi);
    LcBsdfEval e = lcEvalSetup(s, wiCaller);
    if (!(e.pdf > 0.0f)) {
        lcSetNone(o);
        return false;
    }
    o.wi = wiCaller;
    o.pdf = e.pdf;
    o.weight = e.f * (abs(wi.z) / e.pdf);
    o.flags = flags;
    return true;
}

#endif /* LC_BSDF_H */
