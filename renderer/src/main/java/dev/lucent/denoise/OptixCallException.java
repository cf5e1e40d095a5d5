package dev.lucent.denoise;

/**
 * A CUDA driver or OptiX call made by the OptiX bridge failed, or the bridge could not start. The message names
 * the call and the driver's error name, code and text, e.g. {@code "optixDenoiserInvoke failed:
 * OPTIX_ERROR_INVALID_VALUE (7001): ..."}. Thrown by the native library (liblucent_optix.so).
 */
public final class OptixCallException extends RuntimeException {
    public OptixCallException(String message) {
        super(message);
    }
}
