/*
 * lc_lights.h — light sampling for the GPU path tracers (CUDA and GLSL), after dev.lucent.light: sampleLight /
 * pdfLight with LightSampler's two-stage choice (a group by power, then a light in it) and TriangleLight's and
 * PunctualLight's formulas. Include lucent_layout.h, lc_portable.h and lc_sampling.h first.
 *
 * The including kernel defines:
 *   LC_LIGHT(i)          the LcLight record i;        LC_EMITTER(i)  the LcEmitter record i
 *   LC_LIGHT_TABLE(i)    float i of the light-selection table (below)
 *   vec3 lcEmitterVertex(uint instance, uint triangle, int corner)   world-space corner 0..2
 *   vec3 lcEmitterEmission(uint instance, uint triangle, float b1, float b2)  emitted radiance there
 *   bool lcEmitterDoubleSided(uint instance, uint triangle)
 *   LC_GLOBALS           the LcSceneGlobals record;  LC_ENV_TABLE(i)  float i of the environment table (below)
 * and the pool macros of lc_material.h (LC_IMAGE, LC_TEXEL_WORD, LC_TEXEL_FLOAT), whose srgbToLinear it uses.
 *
 * Light-selection table (written by dev.lucent.backend.cuda.GpuLightTable from the Java LightSampler, so both
 * choose groups and punctual lights with the same probabilities):
 *   [0..2] probabilities of the punctual, emitter and environment groups; [3] punctual count;
 *   [4 + 2i] inclusive CDF of punctual light i within its group; [5 + 2i] its probability within the group.
 *
 * Environment (EnvironmentLight): nearest-texel look-up of the equirectangular map (rotation about +y, intensity),
 * importance-sampled by texel with the Java EnvironmentLight's Distribution2D, flattened by
 * dev.lucent.backend.cuda.GpuEnvironmentTable: [0] width W, [1] height H (0 without a map), then the marginal CDF
 * over rows (H + 1 floats), the conditional CDF of each row (H x (W + 1)), and the density of each texel cell
 * in the unit square (W x H, Distribution2D.pdfCell). A texel's solid-angle density is
 * pdfCell / (W H) / ((2 pi / W)(cos(pi iy / H) - cos(pi (iy + 1) / H))). Without a map the uniform background is
 * sampled uniformly over the sphere.
 */
#ifndef LC_LIGHTS_H
#define LC_LIGHTS_H

#define LC_GROUP_PUNCTUAL 0
#define LC_GROUP_EMITTERS 1
#define LC_GROUP_ENVIRONMENT 2

/* LightSample: direction to the light (unit), distance (infinite for directional/environment), radiance, pdf
 * (solid angle x selection probability; the selection probability alone for delta lights). */
struct LcLightSample {
    vec3 wi;
    float distance;
    vec3 Le;
    float pdf;
    bool isDelta;
};

/* PunctualLight.rangeWindow. */
LC_FN float lcRangeWindow(float d, float range) {
    if (!(range > 0.0f)) return 1.0f;
    float q = d / range;
    q *= q;
    return min(1.0f, max(0.0f, 1.0f - q * q));
}

/* PunctualLight.sampleLi for light i from point x; false when it sends nothing there. */
LC_FN bool lcSamplePunctual(int i, vec3 x, LC_OUT(LcLightSample) ls) {
    LcLight l = LC_LIGHT(i);
    vec3 dir = xyz(l.direction);
    float len = length(dir);
    dir = len > 0.0f ? dir / len : vec3(0.0f, 0.0f, -1.0f);
    vec3 rad = xyz(l.radiance);
    ls.isDelta = true;
    ls.pdf = 1.0f;
    if (l.type == LC_LIGHT_DIRECTIONAL) {
        ls.wi = -dir;
        ls.distance = LC_INFINITY;
        ls.Le = rad;
        return rad.x != 0.0f || rad.y != 0.0f || rad.z != 0.0f;
    }
    vec3 w = xyz(l.position) - x;
    float d2 = dot(w, w);
    if (!(d2 > 0.0f)) return false;
    float d = sqrt(d2);
    w = w / d;
    float scale = lcRangeWindow(d, l.range) / d2;
    if (l.type == LC_LIGHT_SPOT) {
        float angleScale = 1.0f / max(0.001f, l.cosInner - l.cosOuter);
        float angleOffset = -l.cosOuter * angleScale;
        float t = min(1.0f, max(0.0f, -dot(dir, w) * angleScale + angleOffset));
        scale *= t * t;
    }
    ls.wi = w;
    ls.distance = d;
    ls.Le = rad * scale;
    return scale > 0.0f;
}

/* Emitter e's world corners, area and front normal (counter-clockwise side). */
LC_FN float lcEmitterGeometry(LcEmitter em, LC_OUT(vec3) p0, LC_OUT(vec3) p1, LC_OUT(vec3) p2, LC_OUT(vec3) front) {
    p0 = lcEmitterVertex(em.instance, em.triangle, 0);
    p1 = lcEmitterVertex(em.instance, em.triangle, 1);
    p2 = lcEmitterVertex(em.instance, em.triangle, 2);
    vec3 c = cross(p1 - p0, p2 - p0);
    float len = length(c);
    front = len > 0.0f ? c / len : vec3(0.0f);
    return 0.5f * len;
}

/* Probability of emitter e from the stored power CDF (TriangleLight.pmf). */
LC_FN float lcEmitterPmf(int e, int emitterCount) {
    float total = LC_EMITTER(emitterCount - 1).cdf;
    if (!(total > 0.0f)) return 0.0f;
    return (LC_EMITTER(e).cdf - (e > 0 ? LC_EMITTER(e - 1).cdf : 0.0f)) / total;
}

/* TriangleLight.sampleEmitter: first emitter whose inclusive CDF exceeds u * total. */
LC_FN int lcSampleEmitter(float u, int emitterCount) {
    float total = LC_EMITTER(emitterCount - 1).cdf;
    if (!(total > 0.0f)) return -1;
    float t = min(max(u, 0.0f), 0.99999994f) * total;
    int lo = 0, hi = emitterCount - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (LC_EMITTER(mid).cdf > t) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* TriangleLight.emitterOf: the emitter pool is sorted by (instance, triangle) (SceneCompiler writes it so). */
LC_FN int lcEmitterOf(uint instance, uint triangle, int emitterCount) {
    int lo = 0, hi = emitterCount - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        LcEmitter em = LC_EMITTER(mid);
        if (em.instance == instance && em.triangle == triangle) return mid;
        if (em.instance < instance || (em.instance == instance && em.triangle < triangle)) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

/* TriangleLight.sampleLi. */
LC_FN bool lcSampleEmitterLi(int e, vec3 x, vec2 u, LC_OUT(LcLightSample) ls) {
    LcEmitter em = LC_EMITTER(e);
    vec3 p0, p1, p2, front;
    float area = lcEmitterGeometry(em, p0, p1, p2, front);
    float su = sqrt(u.x);
    float b0 = 1.0f - su, b1 = u.y * su, b2 = 1.0f - b0 - b1;
    vec3 q = p0 * b0 + p1 * b1 + p2 * b2;
    vec3 w = q - x;
    float d2 = dot(w, w);
    ls.isDelta = false;
    if (!(d2 > 0.0f) || !(area > 0.0f)) return false;
    float d = sqrt(d2);
    w = w / d;
    float cosLight = -dot(front, w);
    if (cosLight == 0.0f || (cosLight < 0.0f && !lcEmitterDoubleSided(em.instance, em.triangle))) return false;
    vec3 Le = lcEmitterEmission(em.instance, em.triangle, b1, b2);
    if (Le.x == 0.0f && Le.y == 0.0f && Le.z == 0.0f) return false;
    ls.wi = w;
    ls.distance = d;
    ls.Le = Le;
    ls.pdf = d2 / (abs(cosLight) * area);
    return true;
}

/* TriangleLight.pdfLi: density of reaching point h (geometric normal n, any orientation) of emitter e from x. */
LC_FN float lcPdfEmitterLi(int e, vec3 x, vec3 h, vec3 n) {
    LcEmitter em = LC_EMITTER(e);
    vec3 p0, p1, p2, front;
    float area = lcEmitterGeometry(em, p0, p1, p2, front);
    vec3 w = h - x;
    float d2 = dot(w, w);
    if (!(d2 > 0.0f) || !(area > 0.0f)) return 0.0f;
    float f = dot(front, w);
    if (f >= 0.0f && !lcEmitterDoubleSided(em.instance, em.triangle)) return 0.0f;
    float nlen = length(n);
    float cosv = nlen > 0.0f ? abs(dot(n, w)) / (nlen * sqrt(d2)) : abs(f) / sqrt(d2);
    if (!(cosv > 0.0f)) return 0.0f;
    return d2 / (cosv * area);
}


/* ---- EnvironmentLight ---- */

/* EnvironmentLight.pixelOf: the texel (ix, iy) a world direction looks up. */
LC_FN void lcEnvironmentPixel(vec3 d, int w, int h, LC_OUT(int) ix, LC_OUT(int) iy) {
    float cr = cos(LC_GLOBALS.envRotation), sr = sin(LC_GLOBALS.envRotation);
    float lx = d.x * cr - d.z * sr, lz = d.x * sr + d.z * cr;
    float u = 0.5f + atan(lx, -lz) * (0.5f * LC_INV_PI);
    float v = atan(sqrt(lx * lx + lz * lz), d.y) * LC_INV_PI;
    ix = min(max(int(u * float(w)), 0), w - 1);
    iy = min(max(int(v * float(h)), 0), h - 1);
}

/* EnvironmentLight.texel times the intensity; non-finite channels read as 0. */
LC_FN vec3 lcEnvironmentTexel(int ix, int iy) {
    LcImage im = LC_IMAGE(LC_GLOBALS.envImage);
    uint t = uint(iy) * uint(im.width) + uint(ix);
    vec3 c;
    if (im.format == LC_IMAGE_RGBA32F) {
        uint a = im.offsetWords + 4u * t;
        c = vec3(LC_TEXEL_FLOAT(a), LC_TEXEL_FLOAT(a + 1u), LC_TEXEL_FLOAT(a + 2u));
        if (isnan(c.x) || isinf(c.x)) c.x = 0.0f;
        if (isnan(c.y) || isinf(c.y)) c.y = 0.0f;
        if (isnan(c.z) || isinf(c.z)) c.z = 0.0f;
    } else {
        uint w = LC_TEXEL_WORD(im.offsetWords + t);
        c = vec3(srgbToLinear(float(w & 0xffu) / 255.0f), srgbToLinear(float((w >> 8) & 0xffu) / 255.0f),
                 srgbToLinear(float((w >> 16) & 0xffu) / 255.0f));
    }
    return c * LC_GLOBALS.envIntensity;
}

/* EnvironmentLight.evalEnvironment: radiance arriving from world direction d. */
LC_FN vec3 lcEnvironmentRadiance(vec3 d) {
    if (LC_GLOBALS.envImage == LC_NONE) return xyz(LC_GLOBALS.background);
    LcImage im = LC_IMAGE(LC_GLOBALS.envImage);
    int ix, iy;
    lcEnvironmentPixel(d, im.width, im.height, ix, iy);
    return lcEnvironmentTexel(ix, iy);
}

/* cos(pi row / H), EnvironmentLight.rowCos (double in CUDA like Java; float where doubles are unavailable). */
LC_FN float lcRowCos(int row, int h) {
#if defined(__CUDACC__)
    return float(cos(3.14159265358979323846 * double(row) / double(h)));
#else
    return cos(LC_PI * float(row) / float(h));
#endif
}

/* EnvironmentLight.pdfPixel: solid-angle density of texel (ix, iy). */
LC_FN float lcEnvironmentPdfPixel(int ix, int iy, int w, int h) {
    uint cells = 2u + uint(h + 1) + uint(h) * uint(w + 1);
    float pmf = LC_ENV_TABLE(cells + uint(iy) * uint(w) + uint(ix)) / (float(w) * float(h));
    float solidAngle = (2.0f * LC_PI / float(w)) * (lcRowCos(iy, h) - lcRowCos(iy + 1, h));
    return pmf / solidAngle;
}

/* EnvironmentLight.pdfEnvironment (uniform background: 1/(4 pi)). */
LC_FN float lcPdfEnvironment(vec3 d) {
    int w = int(LC_ENV_TABLE(0u)), h = int(LC_ENV_TABLE(1u));
    if (LC_GLOBALS.envImage == LC_NONE || w == 0) return 1.0f / (4.0f * LC_PI);
    int ix, iy;
    lcEnvironmentPixel(d, w, h, ix, iy);
    return lcEnvironmentPdfPixel(ix, iy, w, h);
}

/* Distribution1D.findInterval over the n + 1 CDF values starting at table index first. */
LC_FN int lcFindInterval(uint first, int n, float u) {
    u = min(max(u, 0.0f), 0.99999994f);
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (LC_ENV_TABLE(first + uint(mid)) <= u) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

/* Distribution1D.remap: position of u inside bin i of the CDF at first. */
LC_FN float lcRemap(uint first, int i, float u) {
    float c0 = LC_ENV_TABLE(first + uint(i)), c1 = LC_ENV_TABLE(first + uint(i) + 1u);
    float width = c1 - c0;
    float r = width > 0.0f ? (u - c0) / width : 0.0f;
    return min(max(r, 0.0f), 0.99999994f);
}

/* EnvironmentLight.sampleEnvironment: u.x picks the column, u.y the row (Distribution2D.sample(u0, u1)). */
LC_FN bool lcSampleEnvironment(vec2 u, LC_OUT(LcLightSample) ls) {
    int w = int(LC_ENV_TABLE(0u)), h = int(LC_ENV_TABLE(1u));
    ls.distance = LC_INFINITY;
    ls.isDelta = false;
    if (LC_GLOBALS.envImage == LC_NONE || w == 0) {
        float z = 1.0f - 2.0f * u.x;
        float r = sqrt(max(0.0f, 1.0f - z * z));
        float phi = 2.0f * LC_PI * u.y;
        ls.wi = vec3(r * cos(phi), z, r * sin(phi)); /* rotation does not change a uniform density */
        ls.Le = xyz(LC_GLOBALS.background);
        ls.pdf = 1.0f / (4.0f * LC_PI);
        return true;
    }
    uint marginal = 2u;
    int iv = lcFindInterval(marginal, h, u.y);
    float fv = lcRemap(marginal, iv, u.y);
    uint row = 2u + uint(h + 1) + uint(iv) * uint(w + 1);
    int iu = lcFindInterval(row, w, u.x);
    float du = lcRemap(row, iu, u.x);
    float su = min((float(iu) + du) / float(w), 0.99999994f);
    float c0 = lcRowCos(iv, h), c1 = lcRowCos(iv + 1, h);
    float cosTheta = c0 + fv * (c1 - c0);
    float sinTheta = sqrt(max(0.0f, 1.0f - cosTheta * cosTheta));
    float phi = 2.0f * LC_PI * (su - 0.5f);
    float lx = sinTheta * sin(phi), ly = cosTheta, lz = -sinTheta * cos(phi);
    float cr = cos(LC_GLOBALS.envRotation), sr = sin(LC_GLOBALS.envRotation);
    ls.wi = vec3(lx * cr + lz * sr, ly, -lx * sr + lz * cr);
    int ix, iy;
    lcEnvironmentPixel(ls.wi, w, h, ix, iy);
    ls.Le = lcEnvironmentTexel(ix, iy);
    ls.pdf = lcEnvironmentPdfPixel(ix, iy, w, h);
    return ls.pdf > 0.0f;
}

/* LightSampler.sampleLight: one light as seen from x with u0 (choice) and u (point on the light). */
LC_FN bool sampleLight(vec3 x, float u0, vec2 u, int lightCount, int emitterCount, LC_OUT(LcLightSample) ls) {
    float g0 = LC_LIGHT_TABLE(0), g1 = LC_LIGHT_TABLE(1), g2 = LC_LIGHT_TABLE(2);
    if (!(g0 + g1 + g2 > 0.0f)) return false;
    float uc = min(max(u0, 0.0f), 0.99999994f);
    float cdf1 = g0, cdf2 = g0 + g1;
    int group;
    float remapped;
    if (uc < cdf1) {
        group = LC_GROUP_PUNCTUAL;
        remapped = uc / cdf1;
    } else if (uc < cdf2 || g2 == 0.0f) {
        group = LC_GROUP_EMITTERS;
        remapped = cdf2 > cdf1 ? (uc - cdf1) / (cdf2 - cdf1) : 0.0f;
    } else {
        group = LC_GROUP_ENVIRONMENT;
        remapped = (uc - cdf2) / (1.0f - cdf2);
    }
    remapped = min(max(remapped, 0.0f), 0.99999994f);
    bool ok = false;
    float pmf = 0.0f;
    if (group == LC_GROUP_PUNCTUAL) {
        int i = 0;
        while (i < lightCount - 1 && LC_LIGHT_TABLE(4 + 2 * i) <= remapped) i++;
        pmf = g0 * LC_LIGHT_TABLE(5 + 2 * i);
        ok = lcSamplePunctual(i, x, ls);
    } else if (group == LC_GROUP_EMITTERS) {
        int e = emitterCount > 0 ? lcSampleEmitter(remapped, emitterCount) : -1;
        if (e >= 0) {
            pmf = g1 * lcEmitterPmf(e, emitterCount);
            ok = lcSampleEmitterLi(e, x, u, ls);
        }
    } else {
        ok = lcSampleEnvironment(u, ls);
        pmf = g2;
    }
    if (!ok || !(pmf > 0.0f)) return false;
    ls.pdf *= pmf;
    return true;
}

/* LightSampler.pdfLight for a BSDF ray from x that hit point h (normal n) of (instance, triangle). */
LC_FN float pdfLightEmitter(vec3 x, uint instance, uint triangle, vec3 h, vec3 n, int emitterCount) {
    float g1 = LC_LIGHT_TABLE(1);
    if (!(g1 > 0.0f) || emitterCount == 0) return 0.0f;
    int e = lcEmitterOf(instance, triangle, emitterCount);
    if (e < 0) return 0.0f;
    return g1 * lcEmitterPmf(e, emitterCount) * lcPdfEmitterLi(e, x, h, n);
}

/* LightSampler.pdfLight for a BSDF ray escaping to the environment in world direction d. */
LC_FN float pdfLightEnvironment(vec3 d) {
    float g2 = LC_LIGHT_TABLE(2);
    return g2 > 0.0f ? g2 * lcPdfEnvironment(d) : 0.0f;
}

#endif /* LC_LIGHTS_H */
