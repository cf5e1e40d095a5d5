package dev.lucent.backend.cuda;

import jcuda.driver.CUresult;

/** A CUDA driver call that returned an error; the message names the call and the CUresult. */
public final class CudaCallException extends RuntimeException {
    private final int result;

    public CudaCallException(String call, int result) {
        super(call + " failed: " + CUresult.stringFor(result) + " (" + result + ")");
        this.result = result;
    }

    /** The CUresult code. */
    public int result() { return result; }

    /** Throws if {@code result} is not CUDA_SUCCESS. */
    public static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) throw new CudaCallException(call, result);
    }
}
