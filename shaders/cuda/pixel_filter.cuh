/*
 * pixel_filter.cuh — filter importance sampling of the pixel filter on the GPU: maps a uniform number to a film
 * offset in pixels with density proportional to the filter's 1D profile, from the table that
 * dev.lucent.backend.cuda.GpuFilterTable writes (doubles: kind, radius, h, unused, then for the tabulated kind
 * node[4097], cdf[4097], guide[4096]). Every operation is an explicitly rounded double intrinsic, so nvcc cannot
 * contract a*b+c into an FMA and the result equals the Java PixelFilter.sample bit for bit (Java rounds each
 * operation; sqrt and division are correctly rounded on both).
 */
#ifndef LUCENT_PIXEL_FILTER_CUH
#define LUCENT_PIXEL_FILTER_CUH

#define LC_FILTER_SEGMENTS 4096

/* Offset in pixels for uniform uf in [0,1). */
__device__ __forceinline__ float lcFilterSample(const double* __restrict__ table, float uf) {
    int kind = (int)table[0];
    double radius = table[1];
    double u = (double)uf;
    if (kind == 0) return (float)__dmul_rn(__dadd_rn(__dmul_rn(2.0, u), -1.0), radius); /* box */
    if (kind == 1) {                                                                      /* tent */
        return (float)(u < 0.5 ? __dmul_rn(radius, __dadd_rn(__dsqrt_rn(__dmul_rn(2.0, u)), -1.0))
                               : __dmul_rn(radius, __dadd_rn(1.0, -__dsqrt_rn(__dadd_rn(2.0, -__dmul_rn(2.0, u))))));
    }
    const int S = LC_FILTER_SEGMENTS;
    const double* node = table + 4;
    const double* cdf = node + S + 1;
    const double* guide = cdf + S + 1;
    double h = table[2];
    double uc = fmin(fmax(u, 0.0), 1.0);
    double target = __dmul_rn(uc, cdf[S]);
    int g = (int)__dmul_rn(uc, (double)S);
    int i = (int)guide[g < S - 1 ? g : S - 1];
    while (i < S - 1 && cdf[i + 1] <= target) i++; /* now cdf[i] <= target < cdf[i + 1] */
    double a = __ddiv_rn(__dadd_rn(target, -cdf[i]), h);
    double f0 = node[i], df = __dadd_rn(node[i + 1], -f0);
    double disc = fmax(0.0, __dadd_rn(__dmul_rn(f0, f0), __dmul_rn(__dmul_rn(2.0, df), a)));
    double denom = __dadd_rn(f0, __dsqrt_rn(disc));
    double t = denom > 0.0 ? __ddiv_rn(__dmul_rn(2.0, a), denom) : 0.5;
    t = fmin(fmax(t, 0.0), 1.0);
    return (float)__dadd_rn(-radius, __dmul_rn(__dadd_rn((double)i, t), h));
}

#endif /* LUCENT_PIXEL_FILTER_CUH */
