/*
 * Lucent's own declarations of the denoiser part of the OptiX host ABI for ABI version 105 (OptiX 9.0), whose
 * denoiser structs ABI 87 (OptiX 8.0) shares; beside optix_abi55.h (OptiX 7.4), whose scalar types, pixel formats
 * and model kinds stay valid. No OptiX SDK header is needed.
 *
 * Sources checked against each other (read, not copied):
 *  - function tables: SveSop/wine-nvoptix src/nvoptix_105.h (52 entries) and src/nvoptix_87.h (48 entries), which
 *    mirror the SDK's optix_function_table.h; the driver 580 library agrees on the sizes (it accepts ABI 105 with
 *    a 52-entry table and ABI 87 with a 48-entry one, and refuses other sizes with
 *    OPTIX_ERROR_FUNCTION_TABLE_SIZE_MISMATCH). In every ABI the eight denoiser entries close the table, in the
 *    order denoiserCreate, Destroy, ComputeMemoryResources, Setup, Invoke, ComputeIntensity,
 *    ComputeAverageColor, CreateWithUserModel.
 *  - denoiser structs and enum values: shader-slang/slang-rhi include/slang-rhi/optix-denoiser.h, whose
 *    structs slang-rhi's src/cuda/optix-api-impl.cpp casts to the SDK's own types and checks against them
 *    (CHECK_STRUCT, CHECK_ENUM), compiled once each against the OptiX 8.0, 8.1 and 9.0 headers; a ctypes
 *    declaration in another SDK-free loader has the same fields in the same order.
 *
 * What changed from ABI 55: OptixDenoiserOptions gained denoiseAlpha (moved out of the params);
 * OptixDenoiserParams lost denoiseAlpha and gained temporalModeUsePreviousLayers; OptixDenoiserGuideLayer gained
 * previousOutputInternalGuideLayer, outputInternalGuideLayer (the temporal models' state carried from frame to
 * frame, OPTIX_PIXEL_FORMAT_INTERNAL_GUIDE_LAYER pixels of OptixDenoiserSizes.internalGuideLayerPixelSizeInBytes)
 * and flowTrustworthiness; OptixDenoiserLayer gained the AOV type; OptixDenoiserSizes gained the average-colour,
 * intensity and internal-guide-layer sizes.
 *
 * Sizes on LP64 (checked by the static asserts at the end): LcxV8DenoiserOptions 12, LcxV8DenoiserParams 32,
 * LcxV8DenoiserSizes 56, LcxV8DenoiserGuideLayer 192, LcxV8DenoiserLayer 104.
 */
#ifndef LUCENT_OPTIX_ABI105_H
#define LUCENT_OPTIX_ABI105_H

#include "optix_abi55.h"

#define LCX_OPTIX_ABI105 105
#define LCX_OPTIX_ABI105_TABLE_ENTRIES 52
#define LCX_OPTIX_ABI87 87
#define LCX_OPTIX_ABI87_TABLE_ENTRIES 48

/* OptixPixelFormat: the opaque pixels of an internal guide layer */
#define LCX_PIXEL_FORMAT_INTERNAL_GUIDE_LAYER 0x2209

/* OptixDenoiserAlphaMode */
#define LCX_DENOISER_ALPHA_MODE_COPY 0

/* OptixDenoiserAOVType: NONE for the beauty layer */
#define LCX_DENOISER_AOV_TYPE_NONE 0

/* OptixDenoiserOptions (ABI 87/105) */
typedef struct {
    unsigned int guideAlbedo;
    unsigned int guideNormal;
    unsigned int denoiseAlpha;         /* LCX_DENOISER_ALPHA_MODE_* */
} LcxV8DenoiserOptions;

/* OptixDenoiserParams (ABI 87/105) */
typedef struct {
    LcxDevicePtr hdrIntensity;         /* 1 float on the device, or 0 */
    float blendFactor;                 /* 0: fully denoised, 1: the input */
    LcxDevicePtr hdrAverageColor;      /* 3 floats on the device, or 0 (AOV models) */
    unsigned int temporalModeUsePreviousLayers; /* temporal models: 0 on a sequence's first frame, else 1 */
} LcxV8DenoiserParams;

/* OptixDenoiserSizes (ABI 87/105) */
typedef struct {
    size_t stateSizeInBytes;
    size_t withOverlapScratchSizeInBytes;
    size_t withoutOverlapScratchSizeInBytes;
    unsigned int overlapWindowSizeInPixels;
    size_t computeAverageColorSizeInBytes;
    size_t computeIntensitySizeInBytes;
    size_t internalGuideLayerPixelSizeInBytes; /* bytes per pixel of an internal guide layer (temporal models) */
} LcxV8DenoiserSizes;

/* OptixDenoiserGuideLayer (ABI 87/105) */
typedef struct {
    LcxImage2D albedo;
    LcxImage2D normal;
    LcxImage2D flow;                               /* FLOAT2 pixel motion, temporal models */
    LcxImage2D previousOutputInternalGuideLayer;   /* last frame's outputInternalGuideLayer */
    LcxImage2D outputInternalGuideLayer;           /* written by this invocation */
    LcxImage2D flowTrustworthiness;                /* FLOAT1 in [0,1], or data 0 */
} LcxV8DenoiserGuideLayer;

/* OptixDenoiserLayer (ABI 87/105) */
typedef struct {
    LcxImage2D input;
    LcxImage2D previousOutput;         /* temporal models */
    LcxImage2D output;
    unsigned int type;                 /* LCX_DENOISER_AOV_TYPE_* */
} LcxV8DenoiserLayer;

/* The function table for ABI 105, in the driver's order; entries the bridge does not call are opaque. */
typedef struct {
    const char *(*getErrorName)(LcxResult);                                               /*  0 */
    const char *(*getErrorString)(LcxResult);                                             /*  1 */
    LcxResult (*deviceContextCreate)(LcxCuContext, const LcxDeviceContextOptions *,
                                     LcxDeviceContext *);                                 /*  2 */
    LcxResult (*deviceContextDestroy)(LcxDeviceContext);                                  /*  3 */
    void *unused4to43[40];                                                                /*  4..43 */
    LcxResult (*denoiserCreate)(LcxDeviceContext, unsigned int modelKind, const LcxV8DenoiserOptions *,
                                LcxDenoiserHandle *);                                     /* 44 */
    LcxResult (*denoiserDestroy)(LcxDenoiserHandle);                                      /* 45 */
    LcxResult (*denoiserComputeMemoryResources)(LcxDenoiserHandle, unsigned int maxWidth,
                                                unsigned int maxHeight, LcxV8DenoiserSizes *); /* 46 */
    LcxResult (*denoiserSetup)(LcxDenoiserHandle, LcxCuStream, unsigned int width, unsigned int height,
                               LcxDevicePtr state, size_t stateBytes, LcxDevicePtr scratch,
                               size_t scratchBytes);                                      /* 47 */
    LcxResult (*denoiserInvoke)(LcxDenoiserHandle, LcxCuStream, const LcxV8DenoiserParams *,
                                LcxDevicePtr state, size_t stateBytes, const LcxV8DenoiserGuideLayer *,
                                const LcxV8DenoiserLayer *, unsigned int numLayers, unsigned int inputOffsetX,
                                unsigned int inputOffsetY, LcxDevicePtr scratch,
                                size_t scratchBytes);                                     /* 48 */
    LcxResult (*denoiserComputeIntensity)(LcxDenoiserHandle, LcxCuStream, const LcxImage2D *,
                                          LcxDevicePtr outIntensity, LcxDevicePtr scratch,
                                          size_t scratchBytes);                           /* 49 */
    LcxResult (*denoiserComputeAverageColor)(LcxDenoiserHandle, LcxCuStream, const LcxImage2D *,
                                             LcxDevicePtr outAverageColor, LcxDevicePtr scratch,
                                             size_t scratchBytes);                        /* 50 */
    void *denoiserCreateWithUserModel;                                                    /* 51 */
} LcxV8FunctionTable105;

/* ABI 87's table: the same head and denoiser entries, four fewer between them (no cluster acceleration or
   cooperative-vector entries), so the denoiser entries start at 40. */
typedef struct {
    void *head[4];                                                                        /*  0..3 */
    void *unused4to39[36];                                                                /*  4..39 */
    void *denoiser[8];                                                                    /* 40..47 */
} LcxV8FunctionTable87;

_Static_assert(sizeof(LcxV8FunctionTable105) == LCX_OPTIX_ABI105_TABLE_ENTRIES * sizeof(void *),
               "ABI 105 table: 52 entries");
_Static_assert(offsetof(LcxV8FunctionTable105, denoiserCreate) == 44 * sizeof(void *), "denoiserCreate is entry 44");
_Static_assert(offsetof(LcxV8FunctionTable105, denoiserComputeAverageColor) == 50 * sizeof(void *),
               "denoiserComputeAverageColor is entry 50");
_Static_assert(sizeof(LcxV8FunctionTable87) == LCX_OPTIX_ABI87_TABLE_ENTRIES * sizeof(void *),
               "ABI 87 table: 48 entries");
_Static_assert(offsetof(LcxV8FunctionTable87, denoiser) == 40 * sizeof(void *), "ABI 87: denoiserCreate is entry 40");
_Static_assert(sizeof(LcxV8DenoiserOptions) == 12, "OptixDenoiserOptions (ABI 87/105) is 12 bytes");
_Static_assert(offsetof(LcxV8DenoiserOptions, denoiseAlpha) == 8, "denoiseAlpha at byte 8");
_Static_assert(sizeof(LcxV8DenoiserParams) == 32, "OptixDenoiserParams (ABI 87/105) is 32 bytes");
_Static_assert(offsetof(LcxV8DenoiserParams, blendFactor) == 8, "blendFactor at byte 8");
_Static_assert(offsetof(LcxV8DenoiserParams, hdrAverageColor) == 16, "hdrAverageColor at byte 16");
_Static_assert(offsetof(LcxV8DenoiserParams, temporalModeUsePreviousLayers) == 24,
               "temporalModeUsePreviousLayers at byte 24");
_Static_assert(sizeof(LcxV8DenoiserSizes) == 56, "OptixDenoiserSizes (ABI 87/105) is 56 bytes");
_Static_assert(offsetof(LcxV8DenoiserSizes, overlapWindowSizeInPixels) == 24, "overlapWindowSizeInPixels at byte 24");
_Static_assert(offsetof(LcxV8DenoiserSizes, internalGuideLayerPixelSizeInBytes) == 48,
               "internalGuideLayerPixelSizeInBytes at byte 48");
_Static_assert(sizeof(LcxV8DenoiserGuideLayer) == 192, "OptixDenoiserGuideLayer (ABI 87/105) is 192 bytes");
_Static_assert(offsetof(LcxV8DenoiserGuideLayer, previousOutputInternalGuideLayer) == 96,
               "previousOutputInternalGuideLayer at byte 96");
_Static_assert(offsetof(LcxV8DenoiserGuideLayer, outputInternalGuideLayer) == 128,
               "outputInternalGuideLayer at byte 128");
_Static_assert(sizeof(LcxV8DenoiserLayer) == 104, "OptixDenoiserLayer (ABI 87/105) is 104 bytes");
_Static_assert(offsetof(LcxV8DenoiserLayer, type) == 96, "the AOV type at byte 96");

#endif
