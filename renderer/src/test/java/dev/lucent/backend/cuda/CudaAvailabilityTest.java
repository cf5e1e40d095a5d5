package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs everywhere: the availability probe never throws and explains itself in one line. */
class CudaAvailabilityTest {
    @Test
    void checkGivesOneLineReasonOrDevice() {
        CudaAvailability a = CudaAvailability.check();
        if (a.available()) {
            assertTrue(a.reason().isEmpty());
            assertFalse(a.deviceName().isEmpty());
        } else {
            assertTrue(a.reason().startsWith("CUDA backend unavailable: "), a.reason());
            assertFalse(a.reason().contains("\n"), a.reason());
            assertTrue(a.reason().length() < 300, a.reason());
        }
        // A second probe after a failed native load must still answer, not throw NoClassDefFoundError, and give
        // the first probe's reason (the missing library), not the JVM's "Could not initialize class".
        CudaAvailability again = CudaAvailability.check();
        assertEquals(a.available(), again.available());
        assertEquals(a.reason(), again.reason());
    }

    @Test
    void linkReportIsReducedToItsCause() {
        String report = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Stack trace from the attempt to load the library as a file:\n"
                + "java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /lib:/usr/lib\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot "
                + "open shared object file: No such file or directory\n";
        assertEquals("no NVIDIA driver (libcuda.so.1 not found; JCuda's driver binding needs it)",
                CudaAvailability.linkProblem(report));
        assertEquals("the JCuda native library could not be loaded: something else",
                CudaAvailability.linkProblem("something else\nmore"));
    }

    @Test
    void memoryMessageStatesNeedFreeAndDevice() {
        GpuMemoryException e = new GpuMemoryException("scene geometry", 3L << 30, 1L << 29, "NVIDIA H100 80GB HBM3");
        assertEquals("scene geometry needs 3.00 GiB of GPU memory, 0.50 GiB free on NVIDIA H100 80GB HBM3", e.getMessage());
        assertEquals(3L << 30, e.neededBytes());
    }

    @Test
    void primaryRaySlotsCoverEveryPixelOnce() {
        int w = 37, h = 22;
        int n = CudaRayCaster.primaryRayCount(w, h);
        int[] seen = new int[w * h];
        for (int i = 0; i < n; i++) {
            int[] p = CudaRayCaster.primaryPixel(i, w, h);
            if (p != null) seen[p[1] * w + p[0]]++;
        }
        for (int c : seen) assertEquals(1, c);
        assertEquals(1920 * 1080, CudaRayCaster.primaryRayCount(1920, 1080));
    }
}
