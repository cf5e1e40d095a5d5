package dev.lucent.backend.cuda;

import org.junit.jupiter.api.Assumptions;

/** Skips a test, with {@link CudaAvailability}'s one-line reason, where the CUDA backend cannot run. */
public final class CudaTestDevice {
    private CudaTestDevice() {}

    /**
     * Checks CUDA afresh (one {@link CudaAvailability#check} per call) and aborts the calling test or class with the
     * reason when it is unavailable.
     *
     * @return the availability, for its device name
     */
    public static CudaAvailability assumeAvailable() {
        CudaAvailability a = CudaAvailability.check();
        Assumptions.assumeTrue(a.available(), a.reason());
        return a;
    }
}
