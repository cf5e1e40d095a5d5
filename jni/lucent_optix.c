/*
 * liblucent_optix.so: the JNI bridge between dev.lucent.denoise.OptixBridge and the OptiX AI denoiser in the
 * NVIDIA driver. It dlopens libcuda.so.1 (driver API) and libnvoptix.so.1 (OptiX), takes the OptiX function
 * table through optixQueryFunctionTable for ABI 105, 87 or 55 (declarations in optix_abi105.h, which also holds
 * ABI 87's table, and optix_abi55.h), and runs the denoiser on device pointers. Each denoiser keeps the ABI the
 * bridge was opened with when it was created, so denoisers of both struct generations may coexist. Every CUDA
 * and OptiX status is checked; a failure throws dev.lucent.denoise.OptixCallException whose message names the
 * call and the driver's error name and text.
 *
 * Context: the bridge retains device 0's primary context (the one JCuda's CudaContext also uses, so device
 * pointers from the CUDA backend are valid here) for the life of the process and makes it current. It never
 * adopts whatever context is current on the calling thread: that one may be released (and the primary context
 * destroyed) by its owner later, leaving a dangling handle. Each call makes the bridge's context current again,
 * so any Java thread may call, one at a time per denoiser.
 *
 * Tiling: a denoiser set up with a tile size denoises the image tile by tile. Each tile's input window is the
 * tile grown by OptixDenoiserSizes.overlapWindowSizeInPixels on every side (clipped to the image); the output
 * view is exactly the tile, and inputOffsetX/Y give the tile's corner inside the window.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_driver.h"
#include "optix_abi105.h"

static LcCudaDriver cu;
static void *cudaLib;
static void *optixLib;
static LcxFunctionTable ox;             /* ABI 55's table; its first four entries also after an ABI 87/105 open */
static LcxV8FunctionTable105 ox8;       /* ABI 105's table, or ABI 87's head and denoiser entries in its places */
static int opened;
static int activeAbi;                   /* the ABI of the last successful open, 0 before */
static LcCuContext context;

/* The last OptiX log messages of the current call (the device context's log callback appends here), so a
   failure can quote what OptiX said, e.g. "[DENOISER] Unable to load denoiser weights". */
static char logText[1024];

static void logCallback(unsigned int level, const char *tag, const char *message, void *data) {
    (void) data;
    if (level > 3) return; /* 1 fatal, 2 error, 3 warning, 4 print */
    size_t used = strlen(logText);
    if (used + 8 >= sizeof logText) return;
    snprintf(logText + used, sizeof logText - used, "%s[%s] %s", used ? "; " : "", tag ? tag : "", message ? message : "");
    size_t n = strlen(logText);
    while (n > 0 && (logText[n - 1] == '\n' || logText[n - 1] == ' ')) logText[--n] = 0;
}

/* Bridge.flags: NO_INTENSITY neither computes nor passes the HDR intensity (hdrIntensity 0; the HDR model ignores it). The AOV model scales
   by the average colour alone: on driver 580 its output did not change without the intensity (bit-identical on
   the 1080p synthetic test; docs/benchmarks.md, "Branch optix5"), so AOV denoisers start with this flag; the
   temporal models keep the intensity. REUSE_STATISTICS skips computing intensity and average colour and reuses
   the last call's values (for timing the invocation alone on a repeated image). */
#define LC_OPTIX_NO_INTENSITY 1u
#define LC_OPTIX_REUSE_STATISTICS 2u

/* One denoiser and the device memory it owns. */
typedef struct {
    LcxDeviceContext deviceContext;
    LcxDenoiserHandle denoiser;
    int abi;                                /* the OptiX ABI the denoiser was created under */
    int v8;                                 /* 1: ABI 87/105 structs (ox8), 0: ABI 55 (ox) */
    unsigned int modelKind;
    int guideAlbedo, guideNormal, temporal;
    unsigned int imageWidth, imageHeight;   /* the size setup was called for */
    unsigned int tileWidth, tileHeight;     /* 0: untiled */
    unsigned int overlap;                   /* pixels on each side of a tile (tiled only) */
    unsigned int flags;                     /* LC_OPTIX_* flags */
    LcxDenoiserSizes sizes;
    LcCuDevicePtr state, scratch, auxScratch, intensity, averageColor;
    size_t stateBytes, scratchBytes, auxScratchBytes;
    /* Temporal models under ABI 87/105: two internal guide layers of the set-up size, swapped per frame like the
       previous and current output. guide[guideIn] is the previous frame's (read), the other is written;
       guideValid says guide[guideIn] holds a frame's guide since setup or the last first frame. */
    LcCuDevicePtr guide[2];
    size_t guideBytes;
    unsigned int guidePixelBytes;
    int guideIn, guideValid;
} Bridge;

static void throwNamed(JNIEnv *env, const char *cls, const char *msg) {
    jclass c = (*env)->FindClass(env, cls);
    if (c != NULL) (*env)->ThrowNew(env, c, msg);
}

static void throwCall(JNIEnv *env, const char *msg) {
    throwNamed(env, "dev/lucent/denoise/OptixCallException", msg);
}

/* Throws for a failed CUDA call; returns 1 when it threw. */
static int cudaFailed(JNIEnv *env, LcCuResult r, const char *call) {
    if (r == 0) return 0;
    const char *name = NULL;
    if (cu.getErrorName == NULL || cu.getErrorName(r, &name) != 0 || name == NULL) name = "unknown CUDA error";
    char msg[512];
    snprintf(msg, sizeof msg, "%s failed: %s (%d)", call, name, r);
    throwCall(env, msg);
    return 1;
}

/* Throws for a failed OptiX call; returns 1 when it threw. */
static int optixFailed(JNIEnv *env, LcxResult r, const char *call) {
    if (r == LCX_SUCCESS) return 0;
    const char *name = opened && ox.getErrorName ? ox.getErrorName(r) : NULL;
    const char *text = opened && ox.getErrorString ? ox.getErrorString(r) : NULL;
    char msg[2048];
    snprintf(msg, sizeof msg, "%s failed: %s (%d): %s%s%s", call, name ? name : "OptiX error", r,
             text ? text : "no description", logText[0] ? "; OptiX log: " : "", logText);
    logText[0] = 0;
    throwCall(env, msg);
    return 1;
}

static void *sym(void *lib, const char *name) { return dlsym(lib, name); }

/* Resolves the driver API; on failure throws and returns 0. */
static int loadCuda(JNIEnv *env) {
    if (cudaLib != NULL) return 1;
    void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        char msg[512];
        snprintf(msg, sizeof msg, "dlopen(libcuda.so.1) failed: no NVIDIA driver (%s)", dlerror());
        throwCall(env, msg);
        return 0;
    }
    LcCudaDriver d;
    memset(&d, 0, sizeof d);
#define LC_RESOLVE(field, name) \
    if ((*(void **) &d.field = sym(lib, name)) == NULL) { missing = name; goto fail; }
    const char *missing = NULL;
    LC_RESOLVE(init, "cuInit")
    LC_RESOLVE(deviceGetCount, "cuDeviceGetCount")
    LC_RESOLVE(deviceGet, "cuDeviceGet")
    LC_RESOLVE(deviceGetName, "cuDeviceGetName")
    LC_RESOLVE(primaryCtxRetain, "cuDevicePrimaryCtxRetain")
    LC_RESOLVE(ctxGetCurrent, "cuCtxGetCurrent")
    LC_RESOLVE(ctxSetCurrent, "cuCtxSetCurrent")
    LC_RESOLVE(ctxSynchronize, "cuCtxSynchronize")
    LC_RESOLVE(memAlloc, "cuMemAlloc_v2")
    LC_RESOLVE(memFree, "cuMemFree_v2")
    LC_RESOLVE(memcpyHtoD, "cuMemcpyHtoD_v2")
    LC_RESOLVE(memcpyDtoH, "cuMemcpyDtoH_v2")
    LC_RESOLVE(eventCreate, "cuEventCreate")
    LC_RESOLVE(eventRecord, "cuEventRecord")
    LC_RESOLVE(eventSynchronize, "cuEventSynchronize")
    LC_RESOLVE(eventDestroy, "cuEventDestroy_v2")
    LC_RESOLVE(getErrorName, "cuGetErrorName")
    LC_RESOLVE(memsetD8Async, "cuMemsetD8Async")
    if ((*(void **) &d.eventElapsedTime = sym(lib, "cuEventElapsedTime_v2")) == NULL) {
        LC_RESOLVE(eventElapsedTime, "cuEventElapsedTime")
    }
#undef LC_RESOLVE
    cu = d;
    cudaLib = lib;
    return 1;
fail : {
    char msg[256];
    snprintf(msg, sizeof msg, "libcuda.so.1 lacks %s (driver too old)", missing);
    dlclose(lib);
    throwCall(env, msg);
    return 0;
}
}

/* Makes the bridge's context current on this thread; throws and returns 0 on failure. */
static int makeCurrent(JNIEnv *env) {
    if (!opened) {
        throwCall(env, "OptiX bridge not opened (call OptixBridge.open first)");
        return 0;
    }
    logText[0] = 0;
    return !cudaFailed(env, cu.ctxSetCurrent(context), "cuCtxSetCurrent");
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_open(JNIEnv *env, jclass cls, jint abi) {
    (void) cls;
    if (!loadCuda(env)) return;
    if (cudaFailed(env, cu.init(0), "cuInit")) return;
    int count = 0;
    if (cudaFailed(env, cu.deviceGetCount(&count), "cuDeviceGetCount")) return;
    if (count == 0) {
        throwCall(env, "cuDeviceGetCount: no CUDA device");
        return;
    }
    if (optixLib == NULL) {
        optixLib = dlopen("libnvoptix.so.1", RTLD_NOW | RTLD_LOCAL);
        if (optixLib == NULL) {
            char msg[512];
            snprintf(msg, sizeof msg, "dlopen(libnvoptix.so.1) failed: the driver has no OptiX library (%s)",
                     dlerror());
            throwCall(env, msg);
            return;
        }
    }
    LcxQueryFunctionTable query;
    *(void **) &query = dlsym(optixLib, "optixQueryFunctionTable");
    if (query == NULL) {
        throwCall(env, "libnvoptix.so.1 does not export optixQueryFunctionTable");
        return;
    }
    /* The table size the bridge declares for this ABI; an ABI it has no declarations for is asked with the
       newest one's size (the driver then refuses it, or the bridge does below). */
    size_t entries = abi == LCX_OPTIX_ABI105 ? LCX_OPTIX_ABI105_TABLE_ENTRIES
                   : abi == LCX_OPTIX_ABI87 ? LCX_OPTIX_ABI87_TABLE_ENTRIES
                   : abi == LCX_OPTIX_ABI ? LCX_OPTIX_TABLE_ENTRIES : LCX_OPTIX_ABI105_TABLE_ENTRIES;
    void *raw[LCX_OPTIX_ABI105_TABLE_ENTRIES];
    memset(raw, 0, sizeof raw);
    LcxResult r = query(abi, 0, NULL, NULL, raw, entries * sizeof(void *));
    if (r != LCX_SUCCESS) {
        /* The table is not ours yet: name the standard codes without the driver's strings. */
        const char *name = r == LCX_ERROR_UNSUPPORTED_ABI_VERSION ? "OPTIX_ERROR_UNSUPPORTED_ABI_VERSION"
                         : r == LCX_ERROR_FUNCTION_TABLE_SIZE_MISMATCH ? "OPTIX_ERROR_FUNCTION_TABLE_SIZE_MISMATCH"
                         : "OptiX error";
        char msg[512];
        snprintf(msg, sizeof msg, "optixQueryFunctionTable(ABI %d, %zu-byte table) failed: %s (%d); the bridge "
                 "speaks ABIs %d, %d and %d", (int) abi, entries * sizeof(void *), name, r, LCX_OPTIX_ABI105,
                 LCX_OPTIX_ABI87, LCX_OPTIX_ABI);
        throwCall(env, msg);
        return;
    }
    if (abi != LCX_OPTIX_ABI105 && abi != LCX_OPTIX_ABI87 && abi != LCX_OPTIX_ABI) {
        char msg[256];
        snprintf(msg, sizeof msg, "OptiX ABI %d refused: the bridge's declarations match ABIs %d, %d and %d only",
                 (int) abi, LCX_OPTIX_ABI105, LCX_OPTIX_ABI87, LCX_OPTIX_ABI);
        throwCall(env, msg);
        return;
    }
    if (!opened) {
        LcCuDevice dev;
        if (cudaFailed(env, cu.deviceGet(&dev, 0), "cuDeviceGet(0)")) return;
        if (cudaFailed(env, cu.primaryCtxRetain(&context, dev), "cuDevicePrimaryCtxRetain")) return;
    }
    if (cudaFailed(env, cu.ctxSetCurrent(context), "cuCtxSetCurrent")) return;
    if (abi == LCX_OPTIX_ABI) {
        memcpy(&ox, raw, sizeof ox);
    } else {
        /* ABI 105's table as it is; ABI 87's head and closing denoiser entries moved to ABI 105's places. */
        size_t first = entries - 8, at = offsetof(LcxV8FunctionTable105, denoiserCreate);
        memset(&ox8, 0, sizeof ox8);
        memcpy(&ox8, raw, 4 * sizeof(void *));
        memcpy((char *) &ox8 + at, &raw[first], 8 * sizeof(void *));
        memcpy(&ox, raw, 4 * sizeof(void *)); /* error names and device contexts: the same four entries */
    }
    activeAbi = (int) abi;
    opened = 1;
}

/* The ABI of the last successful open (new denoisers are created under it); 0 before. */
JNIEXPORT jint JNICALL Java_dev_lucent_denoise_OptixBridge_abiVersion(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return activeAbi;
}

/* The ABIs the bridge has declarations for, newest first. */
JNIEXPORT jintArray JNICALL Java_dev_lucent_denoise_OptixBridge_supportedAbis(JNIEnv *env, jclass cls) {
    (void) cls;
    jint v[3] = {LCX_OPTIX_ABI105, LCX_OPTIX_ABI87, LCX_OPTIX_ABI};
    jintArray out = (*env)->NewIntArray(env, 3);
    if (out != NULL) (*env)->SetIntArrayRegion(env, out, 0, 3, v);
    return out;
}

/* The ABI a denoiser was created under. */
JNIEXPORT jint JNICALL Java_dev_lucent_denoise_OptixBridge_denoiserAbi(JNIEnv *env, jclass cls, jlong handle) {
    (void) env; (void) cls;
    return handle == 0 ? 0 : ((Bridge *) (intptr_t) handle)->abi;
}

JNIEXPORT jstring JNICALL Java_dev_lucent_denoise_OptixBridge_errorString(JNIEnv *env, jclass cls, jint code) {
    (void) cls;
    if (!opened) return NULL;
    const char *name = ox.getErrorName((LcxResult) code);
    const char *text = ox.getErrorString((LcxResult) code);
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %s", name ? name : "?", text ? text : "?");
    return (*env)->NewStringUTF(env, msg);
}

JNIEXPORT jstring JNICALL Java_dev_lucent_denoise_OptixBridge_deviceName(JNIEnv *env, jclass cls) {
    (void) cls;
    if (!makeCurrent(env)) return NULL;
    LcCuDevice dev;
    char name[256] = {0};
    if (cudaFailed(env, cu.deviceGet(&dev, 0), "cuDeviceGet(0)")) return NULL;
    if (cudaFailed(env, cu.deviceGetName(name, sizeof name - 1, dev), "cuDeviceGetName")) return NULL;
    return (*env)->NewStringUTF(env, name);
}

static void freeBuffers(Bridge *b) {
    LcCuDevicePtr *ptrs[] = {&b->state, &b->scratch, &b->auxScratch, &b->intensity, &b->averageColor,
                             &b->guide[0], &b->guide[1]};
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++) {
        if (*ptrs[i] != 0) cu.memFree(*ptrs[i]);
        *ptrs[i] = 0;
    }
    b->stateBytes = b->scratchBytes = b->auxScratchBytes = b->guideBytes = 0;
    b->guidePixelBytes = 0;
    b->guideIn = b->guideValid = 0;
}

static void destroyBridge(Bridge *b) {
    freeBuffers(b);
    if (b->denoiser != NULL) {
        if (b->v8) ox8.denoiserDestroy(b->denoiser);
        else ox.denoiserDestroy(b->denoiser);
    }
    if (b->deviceContext != NULL) ox.deviceContextDestroy(b->deviceContext);
    free(b);
}

/* A denoiser of model kind LCX_DENOISER_MODEL_KIND_AOV, _HDR or _TEMPORAL_AOV (the temporal one may fall back to
   _TEMPORAL, below). The HDR model always takes the HDR intensity and no average colour; the AOV model starts
   with LC_OPTIX_NO_INTENSITY. */
JNIEXPORT jlong JNICALL Java_dev_lucent_denoise_OptixBridge_create(JNIEnv *env, jclass cls, jboolean albedo,
                                                                   jboolean normal, jint kind) {
    (void) cls;
    if (kind != LCX_DENOISER_MODEL_KIND_AOV && kind != LCX_DENOISER_MODEL_KIND_HDR
        && kind != LCX_DENOISER_MODEL_KIND_TEMPORAL_AOV) {
        char msg[120];
        snprintf(msg, sizeof msg, "optixDenoiserCreate: model kind 0x%x is not one the bridge creates", (unsigned) kind);
        throwCall(env, msg);
        return 0;
    }
    int temporal = kind == LCX_DENOISER_MODEL_KIND_TEMPORAL_AOV;
    if (!makeCurrent(env)) return 0;
    Bridge *b = calloc(1, sizeof *b);
    if (b == NULL) {
        throwNamed(env, "java/lang/OutOfMemoryError", "OptiX bridge state");
        return 0;
    }
    b->guideAlbedo = albedo;
    b->guideNormal = normal;
    b->temporal = temporal;
    b->abi = activeAbi;
    b->v8 = activeAbi != LCX_OPTIX_ABI;
    b->modelKind = (unsigned int) kind;
    b->flags = kind == LCX_DENOISER_MODEL_KIND_AOV ? LC_OPTIX_NO_INTENSITY : 0u;
    LcxDeviceContextOptions opts;
    memset(&opts, 0, sizeof opts);
    opts.logCallbackFunction = logCallback;
    opts.logCallbackLevel = 3;
    logText[0] = 0;
    if (optixFailed(env, ox.deviceContextCreate(context, &opts, &b->deviceContext), "optixDeviceContextCreate")) {
        destroyBridge(b);
        return 0;
    }
    LcxDenoiserOptions dopts = {albedo ? 1u : 0u, normal ? 1u : 0u};
    LcxV8DenoiserOptions dopts8 = {albedo ? 1u : 0u, normal ? 1u : 0u, LCX_DENOISER_ALPHA_MODE_COPY};
    LcxResult r = b->v8 ? ox8.denoiserCreate(b->deviceContext, b->modelKind, &dopts8, &b->denoiser)
                        : ox.denoiserCreate(b->deviceContext, b->modelKind, &dopts, &b->denoiser);
    if (r == LCX_ERROR_INVALID_VALUE && temporal) {
        /* A driver that does not offer the temporal AOV model under this ABI: the temporal HDR model also takes
           the albedo and normal guides, flow and the previous output. */
        logText[0] = 0;
        b->modelKind = LCX_DENOISER_MODEL_KIND_TEMPORAL;
        r = b->v8 ? ox8.denoiserCreate(b->deviceContext, b->modelKind, &dopts8, &b->denoiser)
                  : ox.denoiserCreate(b->deviceContext, b->modelKind, &dopts, &b->denoiser);
    }
    if (optixFailed(env, r, b->modelKind == LCX_DENOISER_MODEL_KIND_TEMPORAL ? "optixDenoiserCreate(temporal HDR "
                    "model, after the temporal AOV model was refused)" : "optixDenoiserCreate")) {
        destroyBridge(b);
        return 0;
    }
    return (jlong) (intptr_t) b;
}

/* Sets Bridge.flags (LC_OPTIX_*) for the following invocations. */
JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_setFlags(JNIEnv *env, jclass cls, jlong handle, jint flags) {
    (void) env; (void) cls;
    if (handle != 0) ((Bridge *) (intptr_t) handle)->flags = (unsigned int) flags;
}

/* The OptixDenoiserModelKind the denoiser was created with (LCX_DENOISER_MODEL_KIND_*). */
JNIEXPORT jint JNICALL Java_dev_lucent_denoise_OptixBridge_modelKind(JNIEnv *env, jclass cls, jlong handle) {
    (void) env; (void) cls;
    return handle == 0 ? 0 : (jint) ((Bridge *) (intptr_t) handle)->modelKind;
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_destroy(JNIEnv *env, jclass cls, jlong handle) {
    (void) cls;
    if (handle == 0) return;
    if (opened) cu.ctxSetCurrent(context);
    (void) env;
    destroyBridge((Bridge *) (intptr_t) handle);
}

/* OptixDenoiserSizes in the ABI-55 fields (the newer structs' first four); the newer ones also carry
   internalGuideLayerPixelSizeInBytes. Throws and returns 0 on failure. */
static int computeSizes(JNIEnv *env, Bridge *b, unsigned int w, unsigned int h, LcxDenoiserSizes *s,
                        size_t *guidePixelBytes, size_t *statisticsBytes) {
    memset(s, 0, sizeof *s);
    *guidePixelBytes = 0;
    *statisticsBytes = 0;
    if (!b->v8) {
        return !optixFailed(env, ox.denoiserComputeMemoryResources(b->denoiser, w, h, s),
                            "optixDenoiserComputeMemoryResources");
    }
    LcxV8DenoiserSizes s8;
    memset(&s8, 0, sizeof s8);
    if (optixFailed(env, ox8.denoiserComputeMemoryResources(b->denoiser, w, h, &s8),
                    "optixDenoiserComputeMemoryResources")) return 0;
    s->stateSizeInBytes = s8.stateSizeInBytes;
    s->withOverlapScratchSizeInBytes = s8.withOverlapScratchSizeInBytes;
    s->withoutOverlapScratchSizeInBytes = s8.withoutOverlapScratchSizeInBytes;
    s->overlapWindowSizeInPixels = s8.overlapWindowSizeInPixels;
    *guidePixelBytes = s8.internalGuideLayerPixelSizeInBytes;
    *statisticsBytes = s8.computeAverageColorSizeInBytes > s8.computeIntensitySizeInBytes
                     ? s8.computeAverageColorSizeInBytes : s8.computeIntensitySizeInBytes;
    return 1;
}

/* {stateBytes, withOverlapScratchBytes, withoutOverlapScratchBytes, overlapPixels, internalGuideLayerPixelBytes}
   for width x height; the last is 0 under ABI 55 and for models without internal guide layers. */
JNIEXPORT jlongArray JNICALL Java_dev_lucent_denoise_OptixBridge_memorySizes(JNIEnv *env, jclass cls,
                                                                            jlong handle, jint w, jint h) {
    (void) cls;
    Bridge *b = (Bridge *) (intptr_t) handle;
    if (!makeCurrent(env)) return NULL;
    LcxDenoiserSizes s;
    size_t guidePixel, statistics;
    if (!computeSizes(env, b, (unsigned) w, (unsigned) h, &s, &guidePixel, &statistics)) return NULL;
    jlong v[5] = {(jlong) s.stateSizeInBytes, (jlong) s.withOverlapScratchSizeInBytes,
                  (jlong) s.withoutOverlapScratchSizeInBytes, (jlong) s.overlapWindowSizeInPixels, (jlong) guidePixel};
    jlongArray out = (*env)->NewLongArray(env, 5);
    if (out != NULL) (*env)->SetLongArrayRegion(env, out, 0, 5, v);
    return out;
}

static int alloc(JNIEnv *env, LcCuDevicePtr *p, size_t bytes, const char *what) {
    char call[160];
    snprintf(call, sizeof call, "cuMemAlloc(%zu bytes, %s)", bytes, what);
    return !cudaFailed(env, cu.memAlloc(p, bytes ? bytes : 1), call);
}

static unsigned int minu(unsigned int a, unsigned int b) { return a < b ? a : b; }

/*
 * Prepares the denoiser for width x height images: untiled when tileW or tileH is 0 (or the tile covers the
 * image), else tiles of at most tileW x tileH output pixels. Allocates state and scratch (and, for a temporal
 * model under ABI 87/105, the two internal guide layers, zeroed: the next frame starts a sequence) and runs
 * optixDenoiserSetup on the default stream, then synchronises. A temporal model with internal guide layers is
 * denoised untiled only (the bridge does not tile those layers); asking for tiles then throws.
 */
JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_setup(JNIEnv *env, jclass cls, jlong handle, jint w,
                                                                jint h, jint tileW, jint tileH) {
    (void) cls;
    Bridge *b = (Bridge *) (intptr_t) handle;
    if (!makeCurrent(env)) return;
    freeBuffers(b);
    unsigned int W = (unsigned) w, H = (unsigned) h;
    int tiled = tileW > 0 && tileH > 0 && ((unsigned) tileW < W || (unsigned) tileH < H);
    unsigned int tw = tiled ? minu((unsigned) tileW, W) : W, th = tiled ? minu((unsigned) tileH, H) : H;
    LcxDenoiserSizes s;
    size_t guidePixel, statistics;
    if (!computeSizes(env, b, tw, th, &s, &guidePixel, &statistics)) return;
    int guides = b->v8 && b->temporal && guidePixel > 0;
    if (guides && tiled) {
        char msg[256];
        snprintf(msg, sizeof msg, "optixDenoiserSetup: %ux%u tiles asked for a temporal model with internal guide "
                 "layers (ABI %d), which the bridge denoises untiled only", tw, th, b->abi);
        throwCall(env, msg);
        return;
    }
    unsigned int setupW = W, setupH = H;
    size_t scratchBytes = s.withoutOverlapScratchSizeInBytes;
    if (tiled) {
        setupW = minu(tw + 2 * s.overlapWindowSizeInPixels, W);
        setupH = minu(th + 2 * s.overlapWindowSizeInPixels, H);
        scratchBytes = s.withOverlapScratchSizeInBytes;
    }
    /* Intensity and average colour run over the whole image; their scratch is sized for it
       (OptiX asks for at least sizeof(int) * (3 + 3 * pixels) for the average colour). */
    size_t auxBytes = sizeof(int) * (3 + 3 * (size_t) W * H);
    if (statistics > auxBytes) auxBytes = statistics; /* ABI 87/105 say what they need for the tile size */
    size_t guideBytes = guides ? guidePixel * W * H : 0;
    if (!alloc(env, &b->state, s.stateSizeInBytes, "denoiser state")
        || !alloc(env, &b->scratch, scratchBytes, "denoiser scratch")
        || !alloc(env, &b->auxScratch, auxBytes, "intensity scratch")
        || !alloc(env, &b->intensity, sizeof(float), "hdr intensity")
        || !alloc(env, &b->averageColor, 3 * sizeof(float), "hdr average colour")
        || (guides && (!alloc(env, &b->guide[0], guideBytes, "internal guide layer")
                       || !alloc(env, &b->guide[1], guideBytes, "internal guide layer")))) {
        freeBuffers(b);
        return;
    }
    b->stateBytes = s.stateSizeInBytes;
    b->scratchBytes = scratchBytes;
    b->auxScratchBytes = auxBytes;
    b->guideBytes = guideBytes;
    b->guidePixelBytes = (unsigned int) guidePixel;
    b->guideIn = b->guideValid = 0;
    if (guides && (cudaFailed(env, cu.memsetD8Async(b->guide[0], 0, guideBytes, NULL), "cuMemsetD8Async(guide)")
                   || cudaFailed(env, cu.memsetD8Async(b->guide[1], 0, guideBytes, NULL), "cuMemsetD8Async(guide)"))) {
        freeBuffers(b);
        return;
    }
    LcxResult r = b->v8 ? ox8.denoiserSetup(b->denoiser, NULL, setupW, setupH, b->state, b->stateBytes, b->scratch,
                                            b->scratchBytes)
                        : ox.denoiserSetup(b->denoiser, NULL, setupW, setupH, b->state, b->stateBytes, b->scratch,
                                           b->scratchBytes);
    if (optixFailed(env, r, "optixDenoiserSetup")) {
        freeBuffers(b);
        return;
    }
    if (cudaFailed(env, cu.ctxSynchronize(), "cuCtxSynchronize(after optixDenoiserSetup)")) return;
    b->sizes = s;
    b->imageWidth = W;
    b->imageHeight = H;
    b->tileWidth = tiled ? tw : 0;
    b->tileHeight = tiled ? th : 0;
    b->overlap = tiled ? s.overlapWindowSizeInPixels : 0;
}

static LcxImage2D view(LcCuDevicePtr base, unsigned int x, unsigned int y, unsigned int w, unsigned int h,
                       unsigned int pixelStride, unsigned int rowStride, unsigned int format) {
    LcxImage2D v;
    memset(&v, 0, sizeof v);
    if (base == 0) return v;
    v.data = base + (LcCuDevicePtr) y * rowStride + (LcCuDevicePtr) x * pixelStride;
    v.width = w;
    v.height = h;
    v.rowStrideInBytes = rowStride;
    v.pixelStrideInBytes = pixelStride;
    v.format = format;
    return v;
}

/*
 * Denoises colour into output (device pointers, one pixel format). Colour, albedo and normal share pixelStride
 * and rowStride (albedo/normal 0 when the denoiser was created without that guide), so they can be fields of one
 * interleaved per-pixel record such as the CUDA backend's accumulation; output and previousOutput share
 * outPixelStride and outRowStride. Flow is FLOAT2 tightly packed, rows of 8*width bytes; flow and
 * previousOutput are read by temporal denoisers only, previousOutput 0 on the first frame. Work is queued on
 * the stream (0: the context's default stream); the call does not wait for it.
 */
JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_invoke(JNIEnv *env, jclass cls, jlong handle,
        jlong stream, jlong color, jlong albedo, jlong normal, jlong flow, jlong previous, jlong output, jint w,
        jint h, jint format, jint pixelStride, jint rowStride, jint outPixelStride, jint outRowStride,
        jfloat blend) {
    (void) cls;
    Bridge *b = (Bridge *) (intptr_t) handle;
    if (!makeCurrent(env)) return;
    if ((unsigned) w != b->imageWidth || (unsigned) h != b->imageHeight) {
        char msg[200];
        snprintf(msg, sizeof msg, "optixDenoiserInvoke: image %dx%d but the denoiser was set up for %ux%u", w, h,
                 b->imageWidth, b->imageHeight);
        throwCall(env, msg);
        return;
    }
    LcCuStream s = (LcCuStream) (intptr_t) stream;
    unsigned int W = (unsigned) w, H = (unsigned) h, ps = (unsigned) pixelStride, rs = (unsigned) rowStride;
    unsigned int ops = (unsigned) outPixelStride, ors = (unsigned) outRowStride;
    unsigned int fmt = (unsigned) format;
    LcxImage2D whole = view((LcCuDevicePtr) color, 0, 0, W, H, ps, rs, fmt);
    /* The HDR model scales by the intensity alone: it always gets it, and never the average colour (which OptiX
       reads for the AOV models only). */
    int hdr = b->modelKind == LCX_DENOISER_MODEL_KIND_HDR;
    int intensity = hdr || !(b->flags & LC_OPTIX_NO_INTENSITY), statistics = !(b->flags & LC_OPTIX_REUSE_STATISTICS);
    if (intensity && statistics
        && optixFailed(env, b->v8 ? ox8.denoiserComputeIntensity(b->denoiser, s, &whole, b->intensity, b->auxScratch,
                                                                 b->auxScratchBytes)
                                  : ox.denoiserComputeIntensity(b->denoiser, s, &whole, b->intensity, b->auxScratch,
                                                                b->auxScratchBytes),
                       "optixDenoiserComputeIntensity")) return;
    if (statistics && !hdr
        && optixFailed(env, b->v8 ? ox8.denoiserComputeAverageColor(b->denoiser, s, &whole, b->averageColor,
                                                                    b->auxScratch, b->auxScratchBytes)
                                  : ox.denoiserComputeAverageColor(b->denoiser, s, &whole, b->averageColor,
                                                                   b->auxScratch, b->auxScratchBytes),
                       "optixDenoiserComputeAverageColor")) return;
    LcxDenoiserParams params;
    memset(&params, 0, sizeof params);
    params.hdrIntensity = intensity ? b->intensity : 0;
    params.hdrAverageColor = hdr ? 0 : b->averageColor;
    params.blendFactor = blend;
    /* Internal guide layers (temporal models under ABI 87/105): a first frame (no previous output) starts a
       sequence: OptiX is told not to use the previous layers, and the guide it would read is zeroed. */
    int guides = b->guideBytes > 0;
    if (guides && previous == 0) {
        b->guideValid = 0;
        if (cudaFailed(env, cu.memsetD8Async(b->guide[b->guideIn], 0, b->guideBytes, s), "cuMemsetD8Async(guide)"))
            return;
    }
    LcxV8DenoiserParams params8;
    memset(&params8, 0, sizeof params8);
    params8.hdrIntensity = params.hdrIntensity;
    params8.hdrAverageColor = params.hdrAverageColor;
    params8.blendFactor = blend;
    params8.temporalModeUsePreviousLayers = b->temporal && previous != 0 && (!guides || b->guideValid) ? 1u : 0u;
    unsigned int tw = b->tileWidth ? b->tileWidth : W, th = b->tileHeight ? b->tileHeight : H, o = b->overlap;
    /* First frame of a sequence: OptiX still reads previousOutput; the input stands in for it. */
    LcCuDevicePtr prev = previous != 0 ? (LcCuDevicePtr) previous : (LcCuDevicePtr) color;
    unsigned int pps = previous != 0 ? ops : ps, prs = previous != 0 ? ors : rs;
    for (unsigned int y0 = 0; y0 < H; y0 += th) {
        for (unsigned int x0 = 0; x0 < W; x0 += tw) {
            unsigned int x1 = minu(x0 + tw, W), y1 = minu(y0 + th, H);
            unsigned int ix0 = x0 > o ? x0 - o : 0, iy0 = y0 > o ? y0 - o : 0;
            unsigned int ix1 = minu(x1 + o, W), iy1 = minu(y1 + o, H);
            unsigned int iw = ix1 - ix0, ih = iy1 - iy0;
            LcxDenoiserGuideLayer guide;
            memset(&guide, 0, sizeof guide);
            if (b->guideAlbedo) guide.albedo = view((LcCuDevicePtr) albedo, ix0, iy0, iw, ih, ps, rs, fmt);
            if (b->guideNormal) guide.normal = view((LcCuDevicePtr) normal, ix0, iy0, iw, ih, ps, rs, fmt);
            if (b->temporal) guide.flow = view((LcCuDevicePtr) flow, ix0, iy0, iw, ih, 8, 8 * W,
                                               LCX_PIXEL_FORMAT_FLOAT2);
            LcxDenoiserLayer layer;
            memset(&layer, 0, sizeof layer);
            layer.input = view((LcCuDevicePtr) color, ix0, iy0, iw, ih, ps, rs, fmt);
            if (b->temporal) layer.previousOutput = view(prev, ix0, iy0, iw, ih, pps, prs, fmt);
            layer.output = view((LcCuDevicePtr) output, x0, y0, x1 - x0, y1 - y0, ops, ors, fmt);
            LcxResult r;
            if (b->v8) {
                LcxV8DenoiserGuideLayer guide8;
                memset(&guide8, 0, sizeof guide8);
                guide8.albedo = guide.albedo;
                guide8.normal = guide.normal;
                guide8.flow = guide.flow;
                if (guides) { /* untiled (setup refuses tiles): the whole image */
                    unsigned int gp = b->guidePixelBytes;
                    guide8.previousOutputInternalGuideLayer = view(b->guide[b->guideIn], 0, 0, W, H, gp, gp * W,
                                                                   LCX_PIXEL_FORMAT_INTERNAL_GUIDE_LAYER);
                    guide8.outputInternalGuideLayer = view(b->guide[1 - b->guideIn], 0, 0, W, H, gp, gp * W,
                                                           LCX_PIXEL_FORMAT_INTERNAL_GUIDE_LAYER);
                }
                LcxV8DenoiserLayer layer8;
                memset(&layer8, 0, sizeof layer8);
                layer8.input = layer.input;
                layer8.previousOutput = layer.previousOutput;
                layer8.output = layer.output;
                layer8.type = LCX_DENOISER_AOV_TYPE_NONE;
                r = ox8.denoiserInvoke(b->denoiser, s, &params8, b->state, b->stateBytes, &guide8, &layer8, 1,
                                       x0 - ix0, y0 - iy0, b->scratch, b->scratchBytes);
            } else {
                r = ox.denoiserInvoke(b->denoiser, s, &params, b->state, b->stateBytes, &guide, &layer, 1, x0 - ix0,
                                      y0 - iy0, b->scratch, b->scratchBytes);
            }
            if (optixFailed(env, r, "optixDenoiserInvoke")) return;
        }
    }
    if (guides) { /* this frame's guide is the next frame's previous one */
        b->guideIn = 1 - b->guideIn;
        b->guideValid = 1;
    }
}

JNIEXPORT jlong JNICALL Java_dev_lucent_denoise_OptixBridge_memAlloc(JNIEnv *env, jclass cls, jlong bytes) {
    (void) cls;
    if (!makeCurrent(env)) return 0;
    LcCuDevicePtr p = 0;
    if (!alloc(env, &p, (size_t) bytes, "image")) return 0;
    return (jlong) p;
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_memFree(JNIEnv *env, jclass cls, jlong ptr) {
    (void) cls;
    if (ptr == 0 || !makeCurrent(env)) return;
    cudaFailed(env, cu.memFree((LcCuDevicePtr) ptr), "cuMemFree");
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_upload(JNIEnv *env, jclass cls, jlong dst,
                                                                 jfloatArray src, jint count) {
    (void) cls;
    if (!makeCurrent(env)) return;
    jfloat *p = (*env)->GetPrimitiveArrayCritical(env, src, NULL);
    if (p == NULL) return;
    LcCuResult r = cu.memcpyHtoD((LcCuDevicePtr) dst, p, (size_t) count * sizeof(float));
    (*env)->ReleasePrimitiveArrayCritical(env, src, p, JNI_ABORT);
    cudaFailed(env, r, "cuMemcpyHtoD");
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_uploadBytes(JNIEnv *env, jclass cls, jlong dst,
                                                                      jbyteArray src, jint count) {
    (void) cls;
    if (!makeCurrent(env)) return;
    jbyte *p = (*env)->GetPrimitiveArrayCritical(env, src, NULL);
    if (p == NULL) return;
    LcCuResult r = cu.memcpyHtoD((LcCuDevicePtr) dst, p, (size_t) count);
    (*env)->ReleasePrimitiveArrayCritical(env, src, p, JNI_ABORT);
    cudaFailed(env, r, "cuMemcpyHtoD");
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_downloadBytes(JNIEnv *env, jclass cls, jbyteArray dst,
                                                                        jlong src, jint count) {
    (void) cls;
    if (!makeCurrent(env)) return;
    jbyte *p = (*env)->GetPrimitiveArrayCritical(env, dst, NULL);
    if (p == NULL) return;
    LcCuResult r = cu.memcpyDtoH(p, (LcCuDevicePtr) src, (size_t) count);
    (*env)->ReleasePrimitiveArrayCritical(env, dst, p, r == 0 ? 0 : JNI_ABORT);
    cudaFailed(env, r, "cuMemcpyDtoH");
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_download(JNIEnv *env, jclass cls, jfloatArray dst,
                                                                   jlong src, jint count) {
    (void) cls;
    if (!makeCurrent(env)) return;
    jfloat *p = (*env)->GetPrimitiveArrayCritical(env, dst, NULL);
    if (p == NULL) return;
    LcCuResult r = cu.memcpyDtoH(p, (LcCuDevicePtr) src, (size_t) count * sizeof(float));
    (*env)->ReleasePrimitiveArrayCritical(env, dst, p, r == 0 ? 0 : JNI_ABORT);
    cudaFailed(env, r, "cuMemcpyDtoH");
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_synchronize(JNIEnv *env, jclass cls) {
    (void) cls;
    if (!makeCurrent(env)) return;
    cudaFailed(env, cu.ctxSynchronize(), "cuCtxSynchronize");
}

JNIEXPORT jlong JNICALL Java_dev_lucent_denoise_OptixBridge_eventCreate(JNIEnv *env, jclass cls) {
    (void) cls;
    if (!makeCurrent(env)) return 0;
    LcCuEvent e = NULL;
    if (cudaFailed(env, cu.eventCreate(&e, 0), "cuEventCreate")) return 0;
    return (jlong) (intptr_t) e;
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_eventRecord(JNIEnv *env, jclass cls, jlong ev,
                                                                      jlong stream) {
    (void) cls;
    if (!makeCurrent(env)) return;
    cudaFailed(env, cu.eventRecord((LcCuEvent) (intptr_t) ev, (LcCuStream) (intptr_t) stream), "cuEventRecord");
}

/* Milliseconds between two recorded events, after waiting for the second. */
JNIEXPORT jfloat JNICALL Java_dev_lucent_denoise_OptixBridge_eventElapsedMs(JNIEnv *env, jclass cls, jlong start,
                                                                           jlong end) {
    (void) cls;
    if (!makeCurrent(env)) return 0;
    if (cudaFailed(env, cu.eventSynchronize((LcCuEvent) (intptr_t) end), "cuEventSynchronize")) return 0;
    float ms = 0;
    cudaFailed(env, cu.eventElapsedTime(&ms, (LcCuEvent) (intptr_t) start, (LcCuEvent) (intptr_t) end),
               "cuEventElapsedTime");
    return ms;
}

JNIEXPORT void JNICALL Java_dev_lucent_denoise_OptixBridge_eventDestroy(JNIEnv *env, jclass cls, jlong ev) {
    (void) cls;
    if (ev == 0 || !makeCurrent(env)) return;
    cudaFailed(env, cu.eventDestroy((LcCuEvent) (intptr_t) ev), "cuEventDestroy");
}
