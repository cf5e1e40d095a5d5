package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaCallException.check;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Display floats of one image in device memory: 3 floats per pixel (linear values of the layer shown), rows top
 * to bottom, written by {@link CudaDeviceFilmBackend#resolve} on the render thread and copied by the viewer's UI thread
 * into an OpenGL pixel buffer mapped for CUDA. Writer and reader share the device's primary context; every
 * access holds this object's monitor, so a copy never sees a half-written image or freed memory.
 */
public final class CudaDisplayBuffer implements AutoCloseable {
    private final int width, height;
    private final DeviceBuffer floats;
    private boolean closed;

    CudaDisplayBuffer(int width, int height) {
        this.width = width;
        this.height = height;
        floats = DeviceBuffer.allocate(bytes());
    }

    public int width() { return width; }
    public int height() { return height; }

    /** Size of the image: 12 bytes per pixel. */
    public long bytes() { return 12L * width * height; }

    DeviceBuffer floats() { return floats; }

    /**
     * Copies the image to device address {@code dst} (at least {@link #bytes} long) on {@code stream} and waits
     * for the copy. Must run with this device's context current. Returns false, copying nothing, once closed.
     */
    public synchronized boolean copyTo(CUdeviceptr dst, CUstream stream) {
        if (closed) return false;
        check(JCudaDriver.cuMemcpyDtoDAsync(dst, floats.pointer(), bytes(), stream), "cuMemcpyDtoDAsync");
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
        return true;
    }

    /** Whether {@link #close} has run (a reader then waits for a newer image). */
    public synchronized boolean closed() { return closed; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        floats.close();
    }
}
