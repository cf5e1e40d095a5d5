/*
 * lc_material.h — the GPU port of dev.lucent.material.MaterialEvaluator, TextureSampler and ShadingFrame for
 * CUDA and GLSL; include lucent_layout.h, lc_portable.h and lc_bsdf.h first.
 *
 * Pool access goes through macros the including kernel defines over its own buffers:
 *   LC_MATERIAL(i)      the LcMaterial record i
 *   LC_TEXTURE_VIEW(i)  the LcTextureView record i
 *   LC_IMAGE(i)         the LcImage record i
 *   LC_TEXEL_WORD(i)    word i of the texel pool as uint (RGBA8 texel, R in the low byte)
 *   LC_TEXEL_FLOAT(i)   word i of the texel pool as float (RGBA32F channels)
 * Textures are read from the texel pool with the same bilinear, repeat-wrapped filter as the Java
 * TextureSampler (texel centres at (i + 0.5) / width, v down the rows), sRGB decoded per texel before filtering.
 */
#ifndef LC_MATERIAL_H
#define LC_MATERIAL_H

/* MaterialPoint: a material evaluated at one uv. */
struct LcMaterialPoint {
    LcBsdfParams bsdf;
    vec3 emission;
    float alpha;
    float alphaCutoff;
    int flags;
    bool hasNormalMap;
    vec3 normalTs; /* unit tangent-space normal, (0, 0, 1) without a normal map */
};

/* TextureSampler.srgbToLinear (exact sRGB EOTF). */
LC_FN float srgbToLinear(float c) {
    if (c <= 0.04045f) return c / 12.92f;
    return pow((c + 0.055f) / 1.055f, 2.4f);
}

LC_FN float lcWrap01(float u) {
    if (!(abs(u) < 1e30f)) return 0.0f;
    return u - floor(u);
}

LC_FN vec4 lcTexel(uint base, int w, int x, int y, bool hdr, bool srgb) {
    uint texel = uint(y) * uint(w) + uint(x);
    if (hdr) {
        uint a = base + texel * 4u;
        return vec4(LC_TEXEL_FLOAT(a), LC_TEXEL_FLOAT(a + 1u), LC_TEXEL_FLOAT(a + 2u), LC_TEXEL_FLOAT(a + 3u));
    }
    uint word = LC_TEXEL_WORD(base + texel);
    float r = float(word & 0xffu), g = float((word >> 8) & 0xffu), b = float((word >> 16) & 0xffu);
    float a = float(word >> 24);
    const float inv255 = 1.0f / 255.0f;
    if (srgb) return vec4(srgbToLinear(r / 255.0f), srgbToLinear(g / 255.0f), srgbToLinear(b / 255.0f), a * inv255);
    return vec4(r * inv255, g * inv255, b * inv255, a * inv255);
}

/* TextureSampler.sampleImage: bilinear, repeat-wrapped. */
LC_FN vec4 sampleImage(int image, float u, float v, bool srgb) {
    LcImage im = LC_IMAGE(image);
    int w = im.width, h = im.height;
    bool hdr = im.format == LC_IMAGE_RGBA32F;
    float x = lcWrap01(u) * float(w) - 0.5f, y = lcWrap01(v) * float(h) - 0.5f;
    float fx0 = floor(x), fy0 = floor(y);
    float fx = x - fx0, fy = y - fy0;
    int x0 = int(fx0), y0 = int(fy0);
    int x1 = x0 + 1 >= w ? 0 : x0 + 1, y1 = y0 + 1 >= h ? 0 : y0 + 1;
    if (x0 < 0) x0 = w - 1;
    if (y0 < 0) y0 = h - 1;
    return lcTexel(im.offsetWords, w, x0, y0, hdr, srgb) * ((1.0f - fx) * (1.0f - fy))
           + lcTexel(im.offsetWords, w, x1, y0, hdr, srgb) * (fx * (1.0f - fy))
           + lcTexel(im.offsetWords, w, x0, y1, hdr, srgb) * ((1.0f - fx) * fy)
           + lcTexel(im.offsetWords, w, x1, y1, hdr, srgb) * (fx * fy);
}

/* TextureSampler.sampleView: KHR_texture_transform, then sampleImage. */
LC_FN vec4 sampleView(int view, float u, float v, bool srgb) {
    LcTextureView tv = LC_TEXTURE_VIEW(view);
    float tu = tv.m00 * u + tv.m01 * v + tv.m02;
    float tw = tv.m10 * u + tv.m11 * v + tv.m12;
    return sampleImage(tv.image, tu, tw, srgb);
}

/* MaterialEvaluator.evaluate: material (LcMaterial index) at TEXCOORD_0 (u, v). */
LC_FN LcMaterialPoint evaluateMaterial(int material, float u, float v) {
    LcMaterial m = LC_MATERIAL(material);
    LcMaterialPoint o;
    vec4 base = vec4(m.baseColor);
    if (m.baseColorTex != LC_NONE) base = base * sampleView(m.baseColorTex, u, v, true);
    float metallic = m.metallic, roughness = m.roughness;
    if (m.metallicRoughnessTex != LC_NONE) {
        vec4 t = sampleView(m.metallicRoughnessTex, u, v, false);
        roughness *= t.y;
        metallic *= t.z;
    }
    float transmission = m.transmission;
    if (m.transmissionTex != LC_NONE) transmission *= sampleView(m.transmissionTex, u, v, false).x;
    o.bsdf.baseColor = vec3(base.x, base.y, base.z);
    o.bsdf.metallic = metallic;
    o.bsdf.roughness = roughness;
    o.bsdf.transmission = transmission;
    o.bsdf.ior = m.ior;
    o.alpha = min(max(base.w, 0.0f), 1.0f);
    vec3 e = xyz(m.emission);
    if (m.emissiveTex != LC_NONE && (e.x != 0.0f || e.y != 0.0f || e.z != 0.0f)) {
        vec4 t = sampleView(m.emissiveTex, u, v, true);
        e = e * vec3(t.x, t.y, t.z);
    }
    o.emission = e;
    o.hasNormalMap = m.normalTex != LC_NONE;
    o.normalTs = vec3(0.0f, 0.0f, 1.0f);
    if (o.hasNormalMap) {
        vec4 t = sampleView(m.normalTex, u, v, false);
        vec3 n = vec3((2.0f * t.x - 1.0f) * m.normalScale, (2.0f * t.y - 1.0f) * m.normalScale, 2.0f * t.z - 1.0f);
        float len2 = dot(n, n);
        if (len2 > 1e-12f) o.normalTs = n * (1.0f / sqrt(len2));
    }
    o.flags = m.flags;
    o.alphaCutoff = m.alphaCutoff;
    return o;
}

/* ---- ShadingFrame: (t, b, n), BSDF local x = t, y = b, z = n ---- */

struct LcFrame {
    vec3 t, b, n;
};

/* ShadingFrame.fromNormal (Duff et al. 2017). */
LC_FN LcFrame frameFromNormal(vec3 n) {
    float sign = lcSignOne(n.z);
    float a = -1.0f / (sign + n.z);
    float c = n.x * n.y * a;
    LcFrame f;
    f.n = n;
    f.t = vec3(1.0f + sign * n.x * n.x * a, sign * c, -sign * n.x);
    f.b = vec3(c, sign + n.y * n.y * a, -n.y);
    return f;
}

/* ShadingFrame.fromNormalTangent. */
LC_FN LcFrame frameFromNormalTangent(vec3 n, vec3 tangent, float bitangentSign) {
    float d = dot(n, tangent);
    vec3 t = tangent - n * d;
    float len2 = dot(t, t);
    if (!(len2 > 1e-12f)) return frameFromNormal(n);
    LcFrame f;
    f.n = n;
    f.t = t * (1.0f / sqrt(len2));
    f.b = cross(f.n, f.t);
    if (bitangentSign < 0.0f) f.b = -f.b;
    return f;
}

/* ShadingFrame.applyNormalMap. */
LC_FN LcFrame frameApplyNormalMap(LcFrame f, vec3 ts) {
    vec3 n = f.t * ts.x + f.b * ts.y + f.n * ts.z;
    float len2 = dot(n, n);
    if (!(len2 > 1e-12f)) return f;
    float handedness = dot(f.n, cross(f.t, f.b));
    LcFrame g;
    g.n = n * (1.0f / sqrt(len2));
    float d = dot(g.n, f.t);
    vec3 t = f.t - g.n * d;
    float tl2 = dot(t, t);
    if (!(tl2 > 1e-12f)) return frameFromNormal(g.n);
    g.t = t * (1.0f / sqrt(tl2));
    g.b = cross(g.n, g.t);
    if (handedness < 0.0f) g.b = -g.b;
    return g;
}

LC_FN vec3 frameToLocal(LC_IN(LcFrame) f, vec3 v) { return vec3(dot(v, f.t), dot(v, f.b), dot(v, f.n)); }
LC_FN vec3 frameToWorld(LC_IN(LcFrame) f, vec3 v) { return f.t * v.x + f.b * v.y + f.n * v.z; }

#endif /* LC_MATERIAL_H */
