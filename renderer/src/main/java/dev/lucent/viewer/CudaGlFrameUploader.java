package dev.lucent.viewer;

import static dev.lucent.backend.cuda.CudaCallException.check;
import static org.lwjgl.opengl.GL33C.*;

import dev.lucent.backend.cuda.CudaAvailability;
import dev.lucent.backend.cuda.CudaDisplayBuffer;
import java.util.Locale;
import jcuda.driver.CUGLDeviceList;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUgraphicsRegisterFlags;
import jcuda.driver.CUgraphicsResource;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * CUDA-OpenGL interop for the viewer's display (UI thread, with the window's GL context current): a pixel buffer
 * object registered with CUDA ({@code cuGraphicsGLRegisterBuffer}, write-discard) receives a frame's
 * {@link CudaDisplayBuffer} by a device-to-device copy while mapped, and {@link FilmDisplay} then fills its
 * texture from that buffer, so the image never crosses to the host. Needs the GL context on an NVIDIA GPU that
 * is CUDA device 0 (where {@link dev.lucent.backend.cuda.CudaDeviceFilmBackend} renders): {@link #problem} says why
 * not where it is not. Retains device 0's primary context on this thread (the render thread's context is the
 * same one). Owns the buffer, its registration and a stream; close on the UI thread.
 */
final class CudaGlFrameUploader implements AutoCloseable {
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final CUgraphicsResource[] resource = {null};
    private int pbo;
    private long pboBytes;
    private boolean contextRetained, streamMade;
    private long lastCopyNanos;

    /**
     * Why interop cannot work with the current GL context, judged without touching it from CUDA, or null when
     * it may: the GL renderer must be NVIDIA's (Mesa's llvmpipe renders on the CPU) and CUDA must run here.
     */
    static String vendorProblem() {
        String vendor = glGetString(GL_VENDOR), renderer = glGetString(GL_RENDERER);
        String gl = (vendor == null ? "?" : vendor) + " / " + (renderer == null ? "?" : renderer);
        if (vendor == null || !vendor.toUpperCase(Locale.ROOT).contains("NVIDIA")) {
            return "OpenGL runs on " + gl + ", not an NVIDIA GPU";
        }
        CudaAvailability a = CudaAvailability.check();
        return a.available() ? null : a.reason();
    }

    /**
     * Why interop cannot work with the current GL context, or null when it can: {@link #vendorProblem}, then
     * CUDA must report device 0 among the GL context's devices (cuGLGetDevices).
     */
    static String problem() {
        String vendor = vendorProblem();
        if (vendor != null) return vendor;
        String gl = glGetString(GL_VENDOR) + " / " + glGetString(GL_RENDERER);
        try {
            check(JCudaDriver.cuInit(0), "cuInit");
            int[] count = new int[1];
            CUdevice[] devices = {new CUdevice(), new CUdevice(), new CUdevice(), new CUdevice()};
            check(JCudaDriver.cuGLGetDevices(count, devices, devices.length, CUGLDeviceList.CU_GL_DEVICE_LIST_ALL),
                    "cuGLGetDevices");
            CUdevice zero = new CUdevice();
            check(JCudaDriver.cuDeviceGet(zero, 0), "cuDeviceGet");
            for (int i = 0; i < count[0]; i++) {
                if (devices[i].equals(zero) || sameOrdinal(devices[i], zero)) return null;
            }
            return "the OpenGL context (" + gl + ") is not on CUDA device 0 (" + count[0] + " CUDA devices for it)";
        } catch (RuntimeException | LinkageError e) {
            return "CUDA-OpenGL interop: " + ProgressiveRenderer.oneLine(e);
        }
    }

    private static boolean sameOrdinal(CUdevice a, CUdevice b) {
        byte[] na = new byte[64], nb = new byte[64];
        int[] pa = new int[1], pb = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(pa, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_PCI_BUS_ID, a),
                "cuDeviceGetAttribute(PCI_BUS_ID)");
        check(JCudaDriver.cuDeviceGetAttribute(pb, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_PCI_BUS_ID, b),
                "cuDeviceGetAttribute(PCI_BUS_ID)");
        check(JCudaDriver.cuDeviceGetName(na, na.length, a), "cuDeviceGetName");
        check(JCudaDriver.cuDeviceGetName(nb, nb.length, b), "cuDeviceGetName");
        return pa[0] == pb[0] && java.util.Arrays.equals(na, nb);
    }

    /** Makes device 0's primary context current on this thread and creates the copy stream. */
    CudaGlFrameUploader() {
        try {
            check(JCudaDriver.cuInit(0), "cuInit");
            check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
            check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
            contextRetained = true;
            check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            check(JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
            streamMade = true;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Copies {@code f}'s device image into the registered pixel buffer and has {@code display} fill its texture
     * from it. Returns false (showing nothing new) when the frame's buffer was closed meanwhile.
     */
    boolean upload(ViewerFrame f, FilmDisplay display) {
        long t0 = System.nanoTime();
        CudaDisplayBuffer src = f.device();
        if (src.width() != f.width() || src.height() != f.height()) return false;
        // Another CUDA user on this thread (a backend probe, a benchmark) may have changed the current context.
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        ensureBuffer(src.bytes());
        check(JCudaDriver.cuGraphicsMapResources(1, resource, stream), "cuGraphicsMapResources");
        boolean copied;
        try {
            CUdeviceptr dst = new CUdeviceptr();
            long[] size = new long[1];
            check(JCudaDriver.cuGraphicsResourceGetMappedPointer(dst, size, resource[0]),
                    "cuGraphicsResourceGetMappedPointer");
            if (size[0] < src.bytes()) throw new IllegalStateException("mapped " + size[0] + " of " + src.bytes() + " bytes");
            copied = src.copyTo(dst, stream);
        } finally {
            check(JCudaDriver.cuGraphicsUnmapResources(1, resource, stream), "cuGraphicsUnmapResources");
        }
        if (copied) display.uploadFromPixelBuffer(pbo, f.width(), f.height(), f.mode());
        lastCopyNanos = System.nanoTime() - t0;
        return copied;
    }

    /** Wall time of the last {@link #upload} (map, device copy, unmap, texture fill from the buffer), ns. */
    long lastUploadNanos() { return lastCopyNanos; }

    private void ensureBuffer(long bytes) {
        if (pbo != 0 && pboBytes == bytes) return;
        releaseBuffer();
        pbo = glGenBuffers();
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, pbo);
        glBufferData(GL_PIXEL_UNPACK_BUFFER, bytes, GL_DYNAMIC_COPY);
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
        FilmDisplay.checkError("allocating the interop pixel buffer");
        pboBytes = bytes;
        CUgraphicsResource r = new CUgraphicsResource();
        check(JCudaDriver.cuGraphicsGLRegisterBuffer(r, pbo,
                CUgraphicsRegisterFlags.CU_GRAPHICS_REGISTER_FLAGS_WRITE_DISCARD), "cuGraphicsGLRegisterBuffer");
        resource[0] = r;
    }

    /** Unregisters the buffer from CUDA (in this uploader's context), then deletes it (in the current GL context). */
    private void releaseBuffer() {
        if (resource[0] != null) {
            JCudaDriver.cuCtxSetCurrent(context);
            int r = JCudaDriver.cuGraphicsUnregisterResource(resource[0]);
            if (r != CUresult.CUDA_SUCCESS) {
                System.err.println("lucent view: cuGraphicsUnregisterResource failed: " + CUresult.stringFor(r));
            }
        }
        resource[0] = null;
        if (pbo != 0) glDeleteBuffers(pbo);
        pbo = 0;
        pboBytes = 0;
    }

    /** Releases the buffer (see {@link #releaseBuffer}), the stream and the context; with the GL context current. */
    @Override
    public void close() {
        releaseBuffer();
        if (streamMade) JCudaDriver.cuStreamDestroy(stream);
        streamMade = false;
        if (contextRetained) JCudaDriver.cuDevicePrimaryCtxRelease(device);
        contextRetained = false;
    }
}
