/*
 * LcPixelState: the CUDA path tracer's per-pixel accumulation record, defined once here for every kernel that
 * reads or writes it (pathtrace.cu and wavefront.cu write it; viewer_display.cu resolves it for the viewer).
 * CudaPathTracer.PIXEL_STATE_BYTES and its OFF_* byte offsets mirror this layout.
 */
#ifndef LC_PIXEL_STATE_CUH
#define LC_PIXEL_STATE_CUH

/*
 * Accumulated state of one pixel. 96 bytes; byte offsets (CudaPathTracer reads them): count 0, mean 4, m2 16,
 * albedo 28, normal 40, depth 52, depthHits 56, previousDepth 60, emission 64, motion 76. Means over all
 * samples except depth and previousDepth, which are over the depthHits samples that hit (previousDepth
 * +infinity once one of them had no previous position, as Film.addSample keeps it).
 */
struct LcPixelState {
    int count;
    float mean[3];
    float m2[3];
    float albedo[3];
    float normal[3];
    float depth;
    int depthHits;
    float previousDepth;
    float emission[3];
    float motion[2];
    int pad[3];
};
static_assert(sizeof(LcPixelState) == 96, "LcPixelState is CudaPathTracer.PIXEL_STATE_BYTES bytes");

#endif
