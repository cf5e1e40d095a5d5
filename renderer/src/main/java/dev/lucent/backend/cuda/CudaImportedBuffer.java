package dev.lucent.backend.cuda;

/**
 * Memory of another API (a Vulkan buffer's dedicated allocation) imported into the current CUDA context from an
 * opaque file descriptor and mapped as one device pointer ({@link #address}) over its first {@link #size} bytes.
 * The exporter's memory must outlive this import: close it before the exporter frees the memory. Closing frees
 * the mapping (cuMemFree), then the import (cuDestroyExternalMemory), in the context that imported it.
 */
public final class CudaImportedBuffer implements AutoCloseable {
    private long memory;
    private long address;
    private final long size;

    /**
     * Imports {@code allocationBytes} of memory from {@code fd} and maps its first {@code size} bytes. The driver
     * takes over {@code fd} when the import succeeds; when it fails {@code fd} is still the caller's.
     */
    public CudaImportedBuffer(int fd, long allocationBytes, boolean dedicated, long size) {
        if (size <= 0 || size > allocationBytes) {
            throw new IllegalArgumentException("mapping " + size + " bytes of a " + allocationBytes + "-byte import");
        }
        memory = CudaExternalApi.importMemoryFd(fd, allocationBytes, dedicated);
        try {
            address = CudaExternalApi.mappedBuffer(memory, 0, size);
        } catch (RuntimeException e) {
            CudaExternalApi.destroyExternalMemory(memory);
            memory = 0;
            throw e;
        }
        this.size = size;
    }

    /** The mapped device address (CUdeviceptr) of byte 0. */
    public long address() {
        if (memory == 0) throw new IllegalStateException("import closed");
        return address;
    }

    /** Bytes mapped. */
    public long size() { return size; }

    @Override
    public void close() {
        if (memory == 0) return;
        try {
            CudaExternalApi.memFree(address);
        } finally {
            CudaExternalApi.destroyExternalMemory(memory);
            memory = 0;
            address = 0;
        }
    }
}
