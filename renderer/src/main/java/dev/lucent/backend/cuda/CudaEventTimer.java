package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaCallException.check;

import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

/** GPU-side timing of work on the default stream between {@link #start} and {@link #stopMillis} (CUDA events). */
public final class CudaEventTimer implements AutoCloseable {
    private final CUevent start = new CUevent(), stop = new CUevent();

    public CudaEventTimer() {
        check(JCudaDriver.cuEventCreate(start, 0), "cuEventCreate");
        check(JCudaDriver.cuEventCreate(stop, 0), "cuEventCreate");
    }

    public void start() {
        check(JCudaDriver.cuEventRecord(start, null), "cuEventRecord");
    }

    /** Records the stop event, waits for it and returns the elapsed GPU time in milliseconds. */
    public float stopMillis() {
        check(JCudaDriver.cuEventRecord(stop, null), "cuEventRecord");
        check(JCudaDriver.cuEventSynchronize(stop), "cuEventSynchronize");
        float[] ms = new float[1];
        check(JCudaDriver.cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
        return ms[0];
    }

    @Override
    public void close() {
        JCudaDriver.cuEventDestroy(start);
        JCudaDriver.cuEventDestroy(stop);
    }
}
