/*
 * Lucent's own declarations of the part of the OptiX host ABI that the denoiser bridge uses, for ABI version 55
 * (OptiX 7.4). No OptiX SDK header is needed: the driver's libnvoptix.so.1 hands out its function table through
 * optixQueryFunctionTable(abiId, numOptions, optionKeys, optionValues, table, tableSizeInBytes), and the layouts
 * below must match what the driver expects for that ABI id.
 *
 * Sources checked against each other (read, not copied): LuisaCompute src/backends/cuda/optix_api.h (declares
 * VERSION 70400, ABI_VERSION 55) and Dr.Jit-core src/optix_api.cpp/optix_api.h (OPTIX_ABI_VERSION 55, a 43-entry
 * table). Both give the same table order and the same denoiser struct layouts. Newer ABIs (7.5+) changed
 * OptixDenoiserLayer/GuideLayer/Params, so these declarations are valid for ABI 55 only.
 *
 * Sizes on LP64: LcxImage2D 32 bytes, LcxDenoiserParams 32, LcxDenoiserSizes 32, LcxDenoiserGuideLayer 96,
 * LcxDenoiserLayer 96, LcxDeviceContextOptions 24 (checked by the static asserts at the end).
 */
#ifndef LUCENT_OPTIX_ABI55_H
#define LUCENT_OPTIX_ABI55_H

#include <stddef.h>
#include <stdint.h>

#define LCX_OPTIX_ABI 55
#define LCX_OPTIX_TABLE_ENTRIES 43

typedef int LcxResult;                 /* OptixResult: 0 success, 7xxx errors */
typedef uint64_t LcxDevicePtr;         /* CUdeviceptr */
typedef void *LcxCuContext;            /* CUcontext */
typedef void *LcxCuStream;             /* CUstream */
typedef struct LcxDeviceContext_ *LcxDeviceContext;
typedef struct LcxDenoiser_ *LcxDenoiserHandle;

/* OptixResult values the bridge names itself (the driver's optixGetErrorName covers the rest). */
#define LCX_SUCCESS 0
#define LCX_ERROR_INVALID_VALUE 7001
#define LCX_ERROR_UNSUPPORTED_ABI_VERSION 7801
#define LCX_ERROR_FUNCTION_TABLE_SIZE_MISMATCH 7802

/* OptixPixelFormat */
#define LCX_PIXEL_FORMAT_FLOAT2 0x2208
#define LCX_PIXEL_FORMAT_FLOAT3 0x2203
#define LCX_PIXEL_FORMAT_FLOAT4 0x2204

/* OptixDenoiserModelKind */
#define LCX_DENOISER_MODEL_KIND_HDR 0x2323
#define LCX_DENOISER_MODEL_KIND_AOV 0x2324
#define LCX_DENOISER_MODEL_KIND_TEMPORAL 0x2325
#define LCX_DENOISER_MODEL_KIND_TEMPORAL_AOV 0x2326

typedef void (*LcxLogCallback)(unsigned int level, const char *tag, const char *message, void *data);

/* OptixDeviceContextOptions */
typedef struct {
    LcxLogCallback logCallbackFunction;
    void *logCallbackData;
    int logCallbackLevel;
    int validationMode;                /* 0 off */
} LcxDeviceContextOptions;

/* OptixImage2D: a 2D view of device memory. */
typedef struct {
    LcxDevicePtr data;
    unsigned int width;
    unsigned int height;
    unsigned int rowStrideInBytes;
    unsigned int pixelStrideInBytes;   /* 0: tightly packed for the format */
    unsigned int format;               /* LCX_PIXEL_FORMAT_* */
} LcxImage2D;

/* OptixDenoiserOptions (ABI 55) */
typedef struct {
    unsigned int guideAlbedo;
    unsigned int guideNormal;
} LcxDenoiserOptions;

/* OptixDenoiserSizes */
typedef struct {
    size_t stateSizeInBytes;
    size_t withOverlapScratchSizeInBytes;
    size_t withoutOverlapScratchSizeInBytes;
    unsigned int overlapWindowSizeInPixels;
} LcxDenoiserSizes;

/* OptixDenoiserParams (ABI 55) */
typedef struct {
    unsigned int denoiseAlpha;
    LcxDevicePtr hdrIntensity;         /* 1 float on the device, or 0 */
    float blendFactor;                 /* 0: fully denoised, 1: the input */
    LcxDevicePtr hdrAverageColor;      /* 3 floats on the device, or 0 (AOV models) */
} LcxDenoiserParams;

/* OptixDenoiserGuideLayer (ABI 55) */
typedef struct {
    LcxImage2D albedo;
    LcxImage2D normal;
    LcxImage2D flow;                   /* FLOAT2 pixel motion, temporal models */
} LcxDenoiserGuideLayer;

/* OptixDenoiserLayer (ABI 55) */
typedef struct {
    LcxImage2D input;
    LcxImage2D previousOutput;         /* temporal models */
    LcxImage2D output;
} LcxDenoiserLayer;

/* The function table for ABI 55, in the driver's order; entries the bridge does not call are opaque. */
typedef struct {
    const char *(*getErrorName)(LcxResult);                                               /*  0 */
    const char *(*getErrorString)(LcxResult);                                             /*  1 */
    LcxResult (*deviceContextCreate)(LcxCuContext, const LcxDeviceContextOptions *,
                                     LcxDeviceContext *);                                 /*  2 */
    LcxResult (*deviceContextDestroy)(LcxDeviceContext);                                  /*  3 */
    void *unused4to34[31];                                                                /*  4..34 */
    LcxResult (*denoiserCreate)(LcxDeviceContext, unsigned int modelKind, const LcxDenoiserOptions *,
                                LcxDenoiserHandle *);                                     /* 35 */
    LcxResult (*denoiserDestroy)(LcxDenoiserHandle);                                      /* 36 */
    LcxResult (*denoiserComputeMemoryResources)(LcxDenoiserHandle, unsigned int maxWidth,
                                                unsigned int maxHeight, LcxDenoiserSizes *); /* 37 */
    LcxResult (*denoiserSetup)(LcxDenoiserHandle, LcxCuStream, unsigned int width, unsigned int height,
                               LcxDevicePtr state, size_t stateBytes, LcxDevicePtr scratch,
                               size_t scratchBytes);                                      /* 38 */
    LcxResult (*denoiserInvoke)(LcxDenoiserHandle, LcxCuStream, const LcxDenoiserParams *,
                                LcxDevicePtr state, size_t stateBytes, const LcxDenoiserGuideLayer *,
                                const LcxDenoiserLayer *, unsigned int numLayers, unsigned int inputOffsetX,
                                unsigned int inputOffsetY, LcxDevicePtr scratch,
                                size_t scratchBytes);                                     /* 39 */
    LcxResult (*denoiserComputeIntensity)(LcxDenoiserHandle, LcxCuStream, const LcxImage2D *,
                                          LcxDevicePtr outIntensity, LcxDevicePtr scratch,
                                          size_t scratchBytes);                           /* 40 */
    LcxResult (*denoiserComputeAverageColor)(LcxDenoiserHandle, LcxCuStream, const LcxImage2D *,
                                             LcxDevicePtr outAverageColor, LcxDevicePtr scratch,
                                             size_t scratchBytes);                        /* 41 */
    void *denoiserCreateWithUserModel;                                                    /* 42 */
} LcxFunctionTable;

typedef LcxResult (*LcxQueryFunctionTable)(int abiId, unsigned int numOptions, void *optionKeys,
                                           const void **optionValues, void *functionTable,
                                           size_t sizeOfTable);

_Static_assert(sizeof(LcxFunctionTable) == LCX_OPTIX_TABLE_ENTRIES * sizeof(void *), "ABI 55 table: 43 entries");
_Static_assert(offsetof(LcxFunctionTable, denoiserCreate) == 35 * sizeof(void *), "denoiserCreate is entry 35");
_Static_assert(sizeof(LcxImage2D) == 32, "OptixImage2D is 32 bytes");
_Static_assert(sizeof(LcxDenoiserParams) == 32, "OptixDenoiserParams (ABI 55) is 32 bytes");
_Static_assert(offsetof(LcxDenoiserParams, hdrAverageColor) == 24, "hdrAverageColor at byte 24");
_Static_assert(sizeof(LcxDenoiserSizes) == 32, "OptixDenoiserSizes is 32 bytes");
_Static_assert(sizeof(LcxDenoiserLayer) == 96, "OptixDenoiserLayer (ABI 55) is 96 bytes");
_Static_assert(sizeof(LcxDenoiserGuideLayer) == 96, "OptixDenoiserGuideLayer (ABI 55) is 96 bytes");
_Static_assert(sizeof(LcxDeviceContextOptions) == 24, "OptixDeviceContextOptions is 24 bytes");

#endif
