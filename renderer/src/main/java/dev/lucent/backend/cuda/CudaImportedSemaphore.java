package dev.lucent.backend.cuda;

/**
 * Another API's timeline semaphore (Vulkan's, exported with vkGetSemaphoreFdKHR) imported into the current CUDA
 * context: CUDA streams can wait for it to reach a value ({@link #waitAsync}) or signal it. The exporter's
 * semaphore must outlive this import; closing releases the import (cuDestroyExternalSemaphore).
 */
public final class CudaImportedSemaphore implements AutoCloseable {
    private long handle;

    /** Imports the timeline semaphore behind {@code fd}; the driver takes over {@code fd} when this succeeds. */
    public CudaImportedSemaphore(int fd) {
        handle = CudaExternalApi.importTimelineSemaphoreFd(fd);
    }

    /**
     * Queues on {@code stream} (a CUstream, 0 the default stream) a wait until the semaphore reaches {@code value};
     * returns at once, and later work on the stream starts after the wait.
     */
    public void waitAsync(long value, long stream) {
        CudaExternalApi.waitSemaphoreAsync(live(), value, stream);
    }

    /** Queues on {@code stream} a signal of the semaphore to {@code value}. */
    public void signalAsync(long value, long stream) {
        CudaExternalApi.signalSemaphoreAsync(live(), value, stream);
    }

    private long live() {
        if (handle == 0) throw new IllegalStateException("import closed");
        return handle;
    }

    @Override
    public void close() {
        if (handle == 0) return;
        try {
            CudaExternalApi.destroyExternalSemaphore(handle);
        } finally {
            handle = 0;
        }
    }
}
