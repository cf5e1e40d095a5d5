package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.BackendUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The memory cap property that lets the out-of-memory message be tried on a large GPU, and that message. */
class CudaMemoryLimitTest {
    @AfterEach
    void clear() {
        System.clearProperty(CudaContext.MEMORY_LIMIT_PROPERTY);
    }

    @Test
    void limitIsReadInBytesWithSuffixes() {
        assertEquals(-1, CudaContext.memoryLimit());
        System.setProperty(CudaContext.MEMORY_LIMIT_PROPERTY, "1234");
        assertEquals(1234, CudaContext.memoryLimit());
        System.setProperty(CudaContext.MEMORY_LIMIT_PROPERTY, "64m");
        assertEquals(64L << 20, CudaContext.memoryLimit());
        System.setProperty(CudaContext.MEMORY_LIMIT_PROPERTY, "1.5G");
        assertEquals(3L << 29, CudaContext.memoryLimit());
        System.setProperty(CudaContext.MEMORY_LIMIT_PROPERTY, "lots");
        assertEquals(-1, CudaContext.memoryLimit(), "unreadable: no limit");
    }

    @Test
    void outOfMemoryIsABackendThatCannotRunWithBothNumbers() {
        GpuMemoryException e = new GpuMemoryException("scene and film", 3L << 30, 1L << 29, "NVIDIA H200");
        assertTrue(e instanceof BackendUnavailableException, "the CLI reports it in one line");
        assertEquals("scene and film needs 3.00 GiB of GPU memory, 0.50 GiB free on NVIDIA H200", e.getMessage());
        assertEquals("scene and film needs 3.50 MiB of GPU memory, 1.00 MiB free on NVIDIA H200",
                new GpuMemoryException("scene and film", 7L << 19, 1L << 20, "NVIDIA H200").getMessage());
    }
}
