package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaCallException.check;

import java.util.HashMap;
import java.util.Map;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.linux.DynamicLinkLoader;

/**
 * The CUDA driver API's external-resource entry points (CUDA 10+, timeline semaphores 11.2+), which JCuda 12.6.0
 * declares as empty classes without the functions: resolved from libcuda.so.1 with dlsym and called through
 * LWJGL's JNI trampolines. Struct layouts follow cuda.h (64-bit Linux): CUDA_EXTERNAL_MEMORY_HANDLE_DESC 104
 * bytes (type 0, handle.fd 8, size 24, flags 32), CUDA_EXTERNAL_MEMORY_BUFFER_DESC 88 (offset 0, size 8, flags
 * 16), CUDA_EXTERNAL_SEMAPHORE_HANDLE_DESC 96 (type 0, handle.fd 8, flags 24) and
 * CUDA_EXTERNAL_SEMAPHORE_WAIT/SIGNAL_PARAMS 144 (params.fence.value 0, flags 72); unused fields are zero.
 *
 * <p>Every call works in the CUDA context current on the calling thread ({@link CudaContext#open} makes one
 * current) and throws {@link CudaCallException} naming the call on failure. Handles are raw pointers (long).
 */
public final class CudaExternalApi {
    /** CU_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD. */
    private static final int MEMORY_OPAQUE_FD = 1;
    /** CUDA_EXTERNAL_MEMORY_DEDICATED: the memory is a dedicated allocation (VkMemoryDedicatedAllocateInfo). */
    private static final int MEMORY_DEDICATED = 1;
    /** CU_EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD. */
    private static final int SEMAPHORE_TIMELINE_FD = 9;
    private static final int MEMORY_DESC_BYTES = 104, BUFFER_DESC_BYTES = 88, SEMAPHORE_DESC_BYTES = 96,
            WAIT_PARAMS_BYTES = 144;

    private static final Map<String, Long> FUNCTIONS = new HashMap<>();
    private static long library;

    private CudaExternalApi() {}

    /** The address of driver function {@code name}; throws IllegalStateException when the driver lacks it. */
    private static synchronized long fn(String name) {
        Long f = FUNCTIONS.get(name);
        if (f != null) return f;
        if (library == 0) {
            library = DynamicLinkLoader.dlopen("libcuda.so.1", DynamicLinkLoader.RTLD_NOW | DynamicLinkLoader.RTLD_LOCAL);
            if (library == 0) throw new IllegalStateException("no NVIDIA driver (dlopen(libcuda.so.1) failed)");
        }
        long a = DynamicLinkLoader.dlsym(library, name);
        if (a == 0) throw new IllegalStateException("the CUDA driver has no " + name + " (driver too old)");
        FUNCTIONS.put(name, a);
        return a;
    }

    /**
     * Imports {@code bytes} of external memory given as an opaque POSIX file descriptor (Vulkan's
     * vkGetMemoryFdKHR). On success the driver owns {@code fd}; on failure the caller still does. Returns the
     * CUexternalMemory handle; release it with {@link #destroyExternalMemory}.
     */
    public static long importMemoryFd(int fd, long bytes, boolean dedicated) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            long desc = stack.ncalloc(8, 1, MEMORY_DESC_BYTES);
            MemoryUtil.memPutInt(desc, MEMORY_OPAQUE_FD);
            MemoryUtil.memPutInt(desc + 8, fd);
            MemoryUtil.memPutLong(desc + 24, bytes);
            MemoryUtil.memPutInt(desc + 32, dedicated ? MEMORY_DEDICATED : 0);
            long out = stack.ncalloc(8, 1, 8);
            check(JNI.callPPI(out, desc, fn("cuImportExternalMemory")), "cuImportExternalMemory");
            return MemoryUtil.memGetLong(out);
        }
    }

    /**
     * Maps {@code bytes} at {@code offset} of imported memory {@code memory} as a device pointer (a CUdeviceptr of
     * the current context); free it with {@link #memFree} before {@link #destroyExternalMemory}.
     */
    public static long mappedBuffer(long memory, long offset, long bytes) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            long desc = stack.ncalloc(8, 1, BUFFER_DESC_BYTES);
            MemoryUtil.memPutLong(desc, offset);
            MemoryUtil.memPutLong(desc + 8, bytes);
            long out = stack.ncalloc(8, 1, 8);
            check(JNI.callPPPI(out, memory, desc, fn("cuExternalMemoryGetMappedBuffer")),
                    "cuExternalMemoryGetMappedBuffer");
            return MemoryUtil.memGetLong(out);
        }
    }

    /** cuDestroyExternalMemory: releases an import (its mapped buffers must be freed first). */
    public static void destroyExternalMemory(long memory) {
        check(JNI.callPI(memory, fn("cuDestroyExternalMemory")), "cuDestroyExternalMemory");
    }

    /**
     * Imports a Vulkan timeline semaphore exported as an opaque fd (vkGetSemaphoreFdKHR). On success the driver
     * owns {@code fd}. Returns the CUexternalSemaphore handle; release it with {@link #destroyExternalSemaphore}.
     */
    public static long importTimelineSemaphoreFd(int fd) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            long desc = stack.ncalloc(8, 1, SEMAPHORE_DESC_BYTES);
            MemoryUtil.memPutInt(desc, SEMAPHORE_TIMELINE_FD);
            MemoryUtil.memPutInt(desc + 8, fd);
            long out = stack.ncalloc(8, 1, 8);
            check(JNI.callPPI(out, desc, fn("cuImportExternalSemaphore")), "cuImportExternalSemaphore");
            return MemoryUtil.memGetLong(out);
        }
    }

    /**
     * Queues on {@code stream} (a CUstream, 0 the default stream) a wait until timeline semaphore {@code semaphore}
     * reaches {@code value}: work queued after it on the stream starts only then. Returns at once.
     */
    public static void waitSemaphoreAsync(long semaphore, long value, long stream) {
        semaphoreAsync(semaphore, value, stream, "cuWaitExternalSemaphoresAsync");
    }

    /** Queues on {@code stream} a signal of timeline semaphore {@code semaphore} to {@code value}. */
    public static void signalSemaphoreAsync(long semaphore, long value, long stream) {
        semaphoreAsync(semaphore, value, stream, "cuSignalExternalSemaphoresAsync");
    }

    private static void semaphoreAsync(long semaphore, long value, long stream, String call) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            long handles = stack.ncalloc(8, 1, 8);
            MemoryUtil.memPutLong(handles, semaphore);
            long params = stack.ncalloc(8, 1, WAIT_PARAMS_BYTES);
            MemoryUtil.memPutLong(params, value);
            check(JNI.callPPPI(handles, params, 1, stream, fn(call)), call);
        }
    }

    /** cuDestroyExternalSemaphore. */
    public static void destroyExternalSemaphore(long semaphore) {
        check(JNI.callPI(semaphore, fn("cuDestroyExternalSemaphore")), "cuDestroyExternalSemaphore");
    }

    /** cuMemFree_v2 of a raw device pointer (a mapped buffer of imported memory, say). */
    public static void memFree(long devicePointer) {
        check(JNI.callJI(devicePointer, fn("cuMemFree_v2")), "cuMemFree");
    }

    /** cuMemcpyDtoH_v2: copies {@code bytes} from device pointer {@code src} to host address {@code dst}. */
    public static void copyToHost(long dst, long src, long bytes) {
        check(JNI.callPJPI(dst, src, bytes, fn("cuMemcpyDtoH_v2")), "cuMemcpyDtoH");
    }

    /** cuMemcpyHtoD_v2: copies {@code bytes} from host address {@code src} to device pointer {@code dst}. */
    public static void copyToDevice(long dst, long src, long bytes) {
        check(JNI.callJPPI(dst, src, bytes, fn("cuMemcpyHtoD_v2")), "cuMemcpyHtoD");
    }

    /** cuStreamSynchronize ({@code stream} 0: the default stream). */
    public static void synchronize(long stream) {
        check(JNI.callPI(stream, fn("cuStreamSynchronize")), "cuStreamSynchronize");
    }

    /** The 16-byte UUID of CUDA device {@code ordinal} (cuDeviceGetUuid), as Vulkan's deviceUUID gives it. */
    public static byte[] deviceUuid(int ordinal) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            long dev = stack.ncalloc(4, 1, 4);
            check(JNI.callPI(dev, ordinal, fn("cuDeviceGet")), "cuDeviceGet");
            long uuid = stack.ncalloc(8, 1, 16);
            check(JNI.callPI(uuid, MemoryUtil.memGetInt(dev), fn("cuDeviceGetUuid")), "cuDeviceGetUuid");
            byte[] b = new byte[16];
            for (int i = 0; i < 16; i++) b[i] = MemoryUtil.memGetByte(uuid + i);
            return b;
        }
    }
}
