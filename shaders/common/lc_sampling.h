/*
 * lc_sampling.h — the GPU port of dev.lucent.sampling (Hashing, OwenScrambler, SobolSampler, Warps) for CUDA and
 * GLSL; include lc_portable.h first. The sampler produces the same bits as SobolSampler for the same
 * (pixel x, pixel y, sample index, seed, dimension): the same lowbias32 hashes, salts, Laine-Karras permutation
 * and dimension order (get1D advances the dimension by 1, get2D by 2). All arithmetic is 32-bit unsigned with
 * wrap-around, which is what Java's int arithmetic gives bit for bit.
 *
 * State is a plain struct (LcSampler) passed LC_INOUT, since GLSL has no member functions.
 */
#ifndef LC_SAMPLING_H
#define LC_SAMPLING_H

#define LC_SALT_SHUFFLE 0x2b7e1516u
#define LC_SALT_X 0x68e31da4u
#define LC_SALT_Y 0x1b873593u

/* Hashing.mix: Wellons' lowbias32. */
LC_FN uint lcMix(uint x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

/* Hashing.hash of two, three and four words (order matters). */
LC_FN uint lcHash2(uint a, uint b) { return lcMix(b + 0x9e3779b9u * lcMix(a + 0x632be5abu)); }
LC_FN uint lcHash3(uint a, uint b, uint c) { return lcMix(c + 0x9e3779b9u * lcHash2(a, b)); }
LC_FN uint lcHash4(uint a, uint b, uint c, uint d) { return lcMix(d + 0x9e3779b9u * lcHash3(a, b, c)); }

/* Hashing.toUnitFloat: the top 24 bits as a float in [0, 1), exact. */
LC_FN float lcToUnitFloat(uint bits) { return float(bits >> 8) * (1.0f / 16777216.0f); }

/* OwenScrambler.laineKarrasPermutation (Vegdahl's improved LK hash), bit-reversed domain. */
LC_FN uint lcLaineKarrasPermutation(uint x, uint seed) {
    x ^= x * 0x3d20adeau;
    x += seed;
    x *= (seed >> 16) | 1u;
    x ^= x * 0x05526c56u;
    x ^= x * 0x53a22864u;
    return x;
}

/* OwenScrambler.scramble: Owen scrambling of a binary fraction (bit 31 most significant). */
LC_FN uint lcOwenScramble(uint x, uint seed) {
    return lcReverseBits(lcLaineKarrasPermutation(lcReverseBits(x), seed));
}

/* SobolSampler.sobol1Reversed: Sobol dimension 1 (Pascal matrix), bit-reversed. */
LC_FN uint lcSobol1Reversed(uint index) {
    uint x = index;
    x ^= (x >> 1) & 0x55555555u;
    x ^= (x >> 2) & 0x33333333u;
    x ^= (x >> 4) & 0x0f0f0f0fu;
    x ^= (x >> 8) & 0x00ff00ffu;
    x ^= (x >> 16) & 0x0000ffffu;
    return x;
}

/* SobolSampler state: the hash of (pixel, seed), the sample index and the next dimension. */
struct LcSampler {
    uint pixelHash;
    uint sampleIndex;
    uint dimension;
};

/* SobolSampler.startPixelSample: seed is split into its low and high 32-bit words as Java's (int) casts do. */
LC_FN LcSampler startPixelSample(uint px, uint py, uint sampleIndex, uint seedLo, uint seedHi) {
    LcSampler s;
    s.pixelHash = lcHash4(px, py, seedLo, seedHi);
    s.sampleIndex = sampleIndex;
    s.dimension = 0u;
    return s;
}

/* Burley's shuffle of the sample index, seeded per dimension. */
LC_FN uint lcShuffledIndex(LC_IN(LcSampler) s, uint dimensionHash) {
    return lcOwenScramble(s.sampleIndex, lcMix(dimensionHash ^ LC_SALT_SHUFFLE));
}

/* SobolSampler.get1D. */
LC_FN float get1D(LC_INOUT(LcSampler) s) {
    uint h = lcHash2(s.pixelHash, s.dimension);
    s.dimension += 1u;
    uint index = lcShuffledIndex(s, h);
    return lcToUnitFloat(lcReverseBits(lcLaineKarrasPermutation(index, lcMix(h ^ LC_SALT_X))));
}

/* SobolSampler.get2D. */
LC_FN vec2 get2D(LC_INOUT(LcSampler) s) {
    uint h = lcHash2(s.pixelHash, s.dimension);
    s.dimension += 2u;
    uint index = lcShuffledIndex(s, h);
    return vec2(lcToUnitFloat(lcReverseBits(lcLaineKarrasPermutation(index, lcMix(h ^ LC_SALT_X)))),
                lcToUnitFloat(lcReverseBits(lcLaineKarrasPermutation(lcSobol1Reversed(index), lcMix(h ^ LC_SALT_Y)))));
}

/* ---- Warps (pbrt-v4 names), local frame +z = pole ---- */

/* Warps.sampleConcentricDisk (Shirley-Chiu). */
LC_FN vec2 sampleConcentricDisk(vec2 u) {
    float a = 2.0f * u.x - 1.0f, b = 2.0f * u.y - 1.0f;
    if (a == 0.0f && b == 0.0f) return vec2(0.0f, 0.0f);
    float r, phi;
    if (abs(a) > abs(b)) {
        r = a;
        phi = (LC_PI / 4.0f) * (b / a);
    } else {
        r = b;
        phi = LC_PI / 2.0f - (LC_PI / 4.0f) * (a / b);
    }
    return vec2(r * cos(phi), r * sin(phi));
}

/* Warps.sampleCosineHemisphere (Malley). */
LC_FN vec3 sampleCosineHemisphere(vec2 u) {
    vec2 d = sampleConcentricDisk(u);
    return vec3(d.x, d.y, sqrt(max(0.0f, 1.0f - d.x * d.x - d.y * d.y)));
}

LC_FN float cosineHemispherePdf(float cosTheta) { return cosTheta > 0.0f ? cosTheta * LC_INV_PI : 0.0f; }

/* Warps.sampleUniformCone about +z. */
LC_FN vec3 sampleUniformCone(vec2 u, float cosThetaMax) {
    float z = 1.0f - u.x * (1.0f - cosThetaMax);
    float r = sqrt(max(0.0f, 1.0f - z * z));
    float phi = 2.0f * LC_PI * u.y;
    return vec3(r * cos(phi), r * sin(phi), z);
}

/* Warps.sampleUniformTriangle (Heitz 2019): barycentrics (b0, b1, b2). */
LC_FN vec3 sampleUniformTriangle(vec2 u) {
    float b0, b1;
    if (u.x < u.y) {
        b0 = u.x / 2.0f;
        b1 = u.y - b0;
    } else {
        b1 = u.y / 2.0f;
        b0 = u.x - b1;
    }
    return vec3(b0, b1, 1.0f - b0 - b1);
}

#endif /* LC_SAMPLING_H */
