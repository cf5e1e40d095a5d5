/*
 * lc_portable.h — the small language layer that lets the shared shading headers (lc_sampling.h, lc_bsdf.h,
 * lc_material.h, lc_lights.h) compile unchanged as CUDA C++ and as GLSL 4.60.
 *
 * Shared code is written in the GLSL subset: vec2/vec3/vec4, uint, the helpers dot/cross/normalize/length/mix/
 * clamp/min/max/sqrt/abs/sin/cos/atan(y, x)/isnan/isinf, constructors vec3(x, y, z). For CUDA this header defines those types with
 * component-wise operators and the helpers as __device__ functions; in GLSL they are built in.
 *
 * Function qualifiers and parameter passing:
 *   LC_FN              before every shared function: __device__ __forceinline__ in CUDA, nothing in GLSL;
 *   LC_OUT(T) name     an output parameter: T& in CUDA, out T in GLSL;
 *   LC_INOUT(T) name   an in-out parameter: T& in CUDA, inout T in GLSL;
 *   LC_IN(T) name      a read-only struct parameter: const T& in CUDA, in T in GLSL.
 * Integer helpers with the same bits in both languages: lcReverseBits (bit reversal of a 32-bit word),
 * lcAsUint/lcAsFloat (bit casts).
 * Constant tables: LC_CONST_FLOAT_ARRAY(name, count, values) declares a read-only float array at file scope
 * from a comma-separated list of float literals written as 1.0e+00f (a macro expanding to the list is fine): a
 * __device__ array in CUDA, a const array constructor in GLSL. Shared code reads such tables through an LC_-macro
 * or a function, so a kernel may substitute a buffer.
 * Buffer access: shared code that reads pools calls LC_POOL_*(index) macros that the including kernel file
 * defines over its own buffers (pointers in CUDA, SSBO arrays in GLSL); see lc_material.h.
 */
#ifndef LC_PORTABLE_H
#define LC_PORTABLE_H

#if defined(__CUDACC__)

#define LC_FN __device__ __forceinline__
#define LC_OUT(T) T&
#define LC_INOUT(T) T&
#define LC_IN(T) const T&
#define LC_CONST static constexpr __device__

typedef unsigned int uint;

struct vec2 {
    float x, y;
    LC_FN vec2() : x(0.0f), y(0.0f) {}
    LC_FN explicit vec2(float s) : x(s), y(s) {}
    LC_FN vec2(float x_, float y_) : x(x_), y(y_) {}
};

struct vec3 {
    float x, y, z;
    LC_FN vec3() : x(0.0f), y(0.0f), z(0.0f) {}
    LC_FN explicit vec3(float s) : x(s), y(s), z(s) {}
    LC_FN vec3(float x_, float y_, float z_) : x(x_), y(y_), z(z_) {}
};

struct vec4 {
    float x, y, z, w;
    LC_FN vec4() : x(0.0f), y(0.0f), z(0.0f), w(0.0f) {}
    LC_FN explicit vec4(float s) : x(s), y(s), z(s), w(s) {}
    LC_FN vec4(float x_, float y_, float z_, float w_) : x(x_), y(y_), z(z_), w(w_) {}
    LC_FN vec4(vec3 v, float w_) : x(v.x), y(v.y), z(v.z), w(w_) {}
    LC_FN explicit vec4(float4 v) : x(v.x), y(v.y), z(v.z), w(v.w) {}
};

LC_FN vec3 xyz(vec4 v) { return vec3(v.x, v.y, v.z); }
LC_FN vec3 xyz(float4 v) { return vec3(v.x, v.y, v.z); }

LC_FN vec2 operator+(vec2 a, vec2 b) { return vec2(a.x + b.x, a.y + b.y); }
LC_FN vec2 operator-(vec2 a, vec2 b) { return vec2(a.x - b.x, a.y - b.y); }
LC_FN vec2 operator*(vec2 a, float s) { return vec2(a.x * s, a.y * s); }
LC_FN vec2 operator*(float s, vec2 a) { return vec2(a.x * s, a.y * s); }

LC_FN vec3 operator+(vec3 a, vec3 b) { return vec3(a.x + b.x, a.y + b.y, a.z + b.z); }
LC_FN vec3 operator-(vec3 a, vec3 b) { return vec3(a.x - b.x, a.y - b.y, a.z - b.z); }
LC_FN vec3 operator-(vec3 a) { return vec3(-a.x, -a.y, -a.z); }
LC_FN vec3 operator*(vec3 a, vec3 b) { return vec3(a.x * b.x, a.y * b.y, a.z * b.z); }
LC_FN vec3 operator*(vec3 a, float s) { return vec3(a.x * s, a.y * s, a.z * s); }
LC_FN vec3 operator*(float s, vec3 a) { return vec3(a.x * s, a.y * s, a.z * s); }
LC_FN vec3 operator/(vec3 a, float s) { return vec3(a.x / s, a.y / s, a.z / s); }
LC_FN vec3& operator+=(vec3& a, vec3 b) { a.x += b.x; a.y += b.y; a.z += b.z; return a; }
LC_FN vec3& operator*=(vec3& a, vec3 b) { a.x *= b.x; a.y *= b.y; a.z *= b.z; return a; }
LC_FN vec3& operator*=(vec3& a, float s) { a.x *= s; a.y *= s; a.z *= s; return a; }

LC_FN vec4 operator+(vec4 a, vec4 b) { return vec4(a.x + b.x, a.y + b.y, a.z + b.z, a.w + b.w); }
LC_FN vec4 operator-(vec4 a, vec4 b) { return vec4(a.x - b.x, a.y - b.y, a.z - b.z, a.w - b.w); }
LC_FN vec4 operator*(vec4 a, float s) { return vec4(a.x * s, a.y * s, a.z * s, a.w * s); }
LC_FN vec4 operator*(float s, vec4 a) { return vec4(a.x * s, a.y * s, a.z * s, a.w * s); }
LC_FN vec4 operator*(vec4 a, vec4 b) { return vec4(a.x * b.x, a.y * b.y, a.z * b.z, a.w * b.w); }

LC_FN float dot(vec3 a, vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
LC_FN vec3 cross(vec3 a, vec3 b) { return vec3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x); }
LC_FN float length(vec3 a) { return sqrtf(dot(a, a)); }
/* Divides by the correctly rounded length, like the Java reference (not rsqrt). */
LC_FN vec3 normalize(vec3 a) { return a * (1.0f / sqrtf(dot(a, a))); }
LC_FN float clamp(float x, float lo, float hi) { return fminf(fmaxf(x, lo), hi); }
LC_FN float mix(float a, float b, float t) { return a + (b - a) * t; }
LC_FN vec3 mix(vec3 a, vec3 b, float t) { return a + (b - a) * t; }
LC_FN vec4 mix(vec4 a, vec4 b, float t) { return a + (b - a) * t; }
LC_FN vec3 max(vec3 a, vec3 b) { return vec3(fmaxf(a.x, b.x), fmaxf(a.y, b.y), fmaxf(a.z, b.z)); }
LC_FN vec3 min(vec3 a, vec3 b) { return vec3(fminf(a.x, b.x), fminf(a.y, b.y), fminf(a.z, b.z)); }

/* GLSL's two-argument atan(y, x) (atan2). */
LC_FN float atan(float y, float x) { return atan2f(y, x); }

LC_FN uint lcReverseBits(uint x) { return __brev(x); }
LC_FN uint lcAsUint(float f) { return __float_as_uint(f); }
LC_FN float lcAsFloat(uint u) { return __uint_as_float(u); }
/* Java's Math.copySign(1, x) for non-NaN x (GLSL: sign(x) with 0 mapped to +1 by the caller). */
LC_FN float lcSignOne(float x) { return copysignf(1.0f, x); }

#define LC_INFINITY __int_as_float(0x7f800000)
#define LC_CONST_FLOAT_ARRAY(name, n, values) static __device__ const float name[n] = {values};

#else /* GLSL */

#define LC_FN
#define LC_OUT(T) out T
#define LC_INOUT(T) inout T
#define LC_IN(T) in T
#define LC_CONST const

uint lcReverseBits(uint x) { return bitfieldReverse(x); }
uint lcAsUint(float f) { return floatBitsToUint(f); }
float lcAsFloat(uint u) { return uintBitsToFloat(u); }
vec3 xyz(vec4 v) { return v.xyz; }
float lcSignOne(float x) { return (floatBitsToUint(x) & 0x80000000u) != 0u ? -1.0 : 1.0; }
#define LC_INFINITY uintBitsToFloat(0x7f800000u)
#define LC_CONST_FLOAT_ARRAY(name, n, values) const float name[n] = float[n](values);

#endif

#define LC_PI 3.14159265358979323846f
#define LC_INV_PI 0.318309886183790671538f

#endif /* LC_PORTABLE_H */
