#version 330 core
// Display transform of the viewer: the same steps and constants as dev.lucent.image.DisplayTransform and the
// Java ToneMappers (NeutralToneMapper, AcesToneMapper, AgxToneMapper, ClampToneMapper), in float instead of
// double. ViewerDisplayTest checks the result against the Java transform to within one 8-bit code.
//   uMode 0: exposure 2^stops, non-finite/negative to 0, tone map uToneMap, sRGB OETF
//   uMode 1: clamp to [0,1], sRGB OETF (linear data such as albedo)
//   uMode 2: clamp to [0,1] (display-ready data such as normals and depth)
// The 8-bit framebuffer quantises the [0,1] output (round to nearest).
in vec2 vUv;
out vec4 outColor;
uniform sampler2D uImage;   // rows top to bottom: v = 0 is the image's top row
uniform float uScale;       // 2^exposure
uniform int uToneMap;       // 0 neutral, 1 aces, 2 agx, 3 clamp
uniform int uMode;

const float FLT_MAX = 3.402823466e38;

vec3 neutral(vec3 c) {
    const float F90 = 0.04;
    const float KS = 0.8 - F90;
    const float KD = 0.15;
    float x = min(c.r, min(c.g, c.b));
    float f = x <= 2.0 * F90 ? x - x * x / (4.0 * F90) : F90;
    c -= f;
    float p = max(c.r, max(c.g, c.b));
    if (p > KS) {
        float pn = 1.0 - (1.0 - KS) * (1.0 - KS) / (p + 1.0 - 2.0 * KS);
        float w = 1.0 / (KD * (p - pn) + 1.0);
        c = c * (pn / p * w) + vec3(pn * (1.0 - w));
    }
    return c;
}

vec3 aces(vec3 x) {
    x = min(x, vec3(1.0e4)); // the curve saturates at 1 from x = 7.24 on; this keeps x * x finite in float
    vec3 y = (x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14);
    return clamp(y, 0.0, 1.0);
}

float agxSigmoid(float v) {
    const float MIN_EV = -12.47393;
    const float MAX_EV = 4.026069;
    float ev = v > 0.0 ? log2(v) : MIN_EV;
    float x = (clamp(ev, MIN_EV, MAX_EV) - MIN_EV) / (MAX_EV - MIN_EV);
    float x2 = x * x, x4 = x2 * x2;
    return 15.5 * x4 * x2 - 40.14 * x4 * x + 31.96 * x4 - 6.868 * x2 * x + 0.4298 * x2 + 0.1191 * x - 0.00232;
}

vec3 agx(vec3 c) {
    vec3 i = vec3(
        0.842479062253094 * c.r + 0.0784335999999992 * c.g + 0.0792237451477643 * c.b,
        0.0423282422610123 * c.r + 0.878468636469772 * c.g + 0.0791661274605434 * c.b,
        0.0423756549057051 * c.r + 0.0784336 * c.g + 0.879142973793104 * c.b);
    i = vec3(agxSigmoid(i.r), agxSigmoid(i.g), agxSigmoid(i.b));
    vec3 o = vec3(
        1.19687900512017 * i.r - 0.0980208811401368 * i.g - 0.0990297440797205 * i.b,
        -0.0528968517574562 * i.r + 1.15190312990417 * i.g - 0.0989611768448433 * i.b,
        -0.0529716355144438 * i.r - 0.0980434501171241 * i.g + 1.15107367264116 * i.b);
    return pow(clamp(o, 0.0, 1.0), vec3(2.2));
}

float srgbEncode(float v) {
    return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

void main() {
    vec3 c = texture(uImage, vec2(vUv.x, 1.0 - vUv.y)).rgb;
    if (uMode == 0) {
        c *= uScale;
        // NaN and negatives to 0 (a NaN fails v > 0), +infinity to the largest float.
        c = vec3(c.r > 0.0 ? min(c.r, FLT_MAX) : 0.0, c.g > 0.0 ? min(c.g, FLT_MAX) : 0.0,
                 c.b > 0.0 ? min(c.b, FLT_MAX) : 0.0);
        if (uToneMap == 0) c = neutral(c);
        else if (uToneMap == 1) c = aces(c);
        else if (uToneMap == 2) c = agx(c);
        else c = clamp(c, 0.0, 1.0);
    }
    c = clamp(c, 0.0, 1.0);
    if (uMode != 2) c = vec3(srgbEncode(c.r), srgbEncode(c.g), srgbEncode(c.b));
    outColor = vec4(c, 1.0);
}
