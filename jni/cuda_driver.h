/*
 * The few CUDA driver API entry points the OptiX bridge calls, declared here and resolved from libcuda.so.1 with
 * dlsym at run time, so the bridge builds without the CUDA toolkit. Signatures follow the driver API reference
 * (CUDA 12/13); the _v2 symbols are the 64-bit-size variants every current driver exports.
 */
#ifndef LUCENT_CUDA_DRIVER_H
#define LUCENT_CUDA_DRIVER_H

#include <stddef.h>
#include <stdint.h>

typedef int LcCuResult;                /* CUresult: 0 success */
typedef int LcCuDevice;
typedef void *LcCuContext;
typedef void *LcCuStream;
typedef void *LcCuEvent;
typedef uint64_t LcCuDevicePtr;

#define LC_CUDA_ERROR_NO_DEVICE 100

typedef struct {
    LcCuResult (*init)(unsigned int flags);                                   /* cuInit */
    LcCuResult (*deviceGetCount)(int *count);                                 /* cuDeviceGetCount */
    LcCuResult (*deviceGet)(LcCuDevice *dev, int ordinal);                    /* cuDeviceGet */
    LcCuResult (*deviceGetName)(char *name, int len, LcCuDevice dev);         /* cuDeviceGetName */
    LcCuResult (*primaryCtxRetain)(LcCuContext *ctx, LcCuDevice dev);         /* cuDevicePrimaryCtxRetain */
    LcCuResult (*ctxGetCurrent)(LcCuContext *ctx);                            /* cuCtxGetCurrent */
    LcCuResult (*ctxSetCurrent)(LcCuContext ctx);                             /* cuCtxSetCurrent */
    LcCuResult (*ctxSynchronize)(void);                                       /* cuCtxSynchronize */
    LcCuResult (*memAlloc)(LcCuDevicePtr *ptr, size_t bytes);                 /* cuMemAlloc_v2 */
    LcCuResult (*memFree)(LcCuDevicePtr ptr);                                 /* cuMemFree_v2 */
    LcCuResult (*memcpyHtoD)(LcCuDevicePtr dst, const void *src, size_t bytes); /* cuMemcpyHtoD_v2 */
    LcCuResult (*memcpyDtoH)(void *dst, LcCuDevicePtr src, size_t bytes);     /* cuMemcpyDtoH_v2 */
    LcCuResult (*eventCreate)(LcCuEvent *ev, unsigned int flags);             /* cuEventCreate */
    LcCuResult (*eventRecord)(LcCuEvent ev, LcCuStream stream);               /* cuEventRecord */
    LcCuResult (*eventSynchronize)(LcCuEvent ev);                             /* cuEventSynchronize */
    LcCuResult (*eventElapsedTime)(float *ms, LcCuEvent start, LcCuEvent end); /* cuEventElapsedTime(_v2) */
    LcCuResult (*eventDestroy)(LcCuEvent ev);                                 /* cuEventDestroy_v2 */
    LcCuResult (*getErrorName)(LcCuResult r, const char **name);              /* cuGetErrorName */
    LcCuResult (*memsetD8Async)(LcCuDevicePtr dst, unsigned char value, size_t bytes,
                                LcCuStream stream);                           /* cuMemsetD8Async */
} LcCudaDriver;

#endif
