package dev.lucent.viewer;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Holds one reference to CUDA device 0's primary context for the rest of the process, taken by the first viewer
 * window whose OpenGL context is NVIDIA's. Every CUDA user in Lucent retains and releases that primary context
 * ({@link dev.lucent.backend.cuda.CudaContext}); without a holder, the release of its last user destroys it
 * (the driver resets a primary context whose count drops to zero), which in a viewer process happened at every
 * backend probe, backend switch and window close while NVIDIA OpenGL contexts were alive in the same process.
 * With the pin the primary context is created once and lives until the process exits. Off with
 * {@code -D}{@value #PROPERTY}{@code =false}.
 */
final class CudaContextPin {
    private CudaContextPin() {}

    /** System property: {@code false} leaves the primary context's lifetime to its users. */
    static final String PROPERTY = "lucent.viewer.pinCudaContext";

    private static boolean pinned;
    private static String problem;

    /**
     * Retains device 0's primary context once per process (later calls do nothing). Returns null when the pin is
     * held, else why not (turned off, or the CUDA call that failed); the viewer works either way.
     */
    static synchronized String pin() {
        if (pinned) return null;
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return "turned off (-D" + PROPERTY + "=false)";
        if (problem != null) return problem;
        try {
            int r = JCudaDriver.cuInit(0);
            CUdevice device = new CUdevice();
            if (r == CUresult.CUDA_SUCCESS) r = JCudaDriver.cuDeviceGet(device, 0);
            if (r == CUresult.CUDA_SUCCESS) r = JCudaDriver.cuDevicePrimaryCtxRetain(new CUcontext(), device);
            if (r != CUresult.CUDA_SUCCESS) problem = "cuDevicePrimaryCtxRetain failed: " + CUresult.stringFor(r);
        } catch (RuntimeException | LinkageError e) {
            problem = "CUDA is not usable: " + ProgressiveRenderer.oneLine(e);
        }
        pinned = problem == null;
        return problem;
    }

    /** Whether this process holds the pin. */
    static synchronized boolean pinned() {
        return pinned;
    }
}
