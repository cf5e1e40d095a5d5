package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaCallException.check;

import dev.lucent.core.NativeBuffer;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUpointer_attribute;
import jcuda.driver.JCudaDriver;

/**
 * Owned device memory (cuMemAlloc / cuMemFree) in the current context. Copies to and from {@link NativeBuffer}s
 * go through {@link NativeBuffer#slice} windows of at most {@link NativeBuffer#MAX_SLICE} bytes, so buffers
 * beyond 2 GiB copy in pieces.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CUdeviceptr ptr;
    private final long size;
    private boolean freed;

    private DeviceBuffer(CUdeviceptr ptr, long size) {
        this.ptr = ptr;
        this.size = size;
    }

    /** Allocates {@code bytes} (at least 1) bytes of device memory; contents undefined. */
    public static DeviceBuffer allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        check(JCudaDriver.cuMemAlloc(p, Math.max(1, bytes)), "cuMemAlloc(" + bytes + " bytes)");
        return new DeviceBuffer(p, bytes);
    }

    /** Allocates {@code src.size()} bytes and copies {@code src} into them. */
    public static DeviceBuffer of(NativeBuffer src) {
        DeviceBuffer b = allocate(src.size());
        try {
            b.upload(src, 0, 0, src.size());
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    public CUdeviceptr pointer() { return ptr; }
    public long size() { return size; }

    /**
     * The raw device address (CU_POINTER_ATTRIBUTE_DEVICE_POINTER), for native code outside JCuda that shares
     * the context, such as the OptiX denoiser bridge.
     */
    public long address() {
        long[] a = new long[1];
        check(JCudaDriver.cuPointerGetAttribute(Pointer.to(a), CUpointer_attribute.CU_POINTER_ATTRIBUTE_DEVICE_POINTER,
                ptr), "cuPointerGetAttribute(DEVICE_POINTER)");
        return a[0];
    }

    /** Kernel parameter: a pointer to this buffer's device address. */
    public Pointer param() { return Pointer.to(ptr); }

    /** Copies {@code bytes} from {@code src} at {@code srcOffset} to this buffer at {@code dstOffset}. */
    public void upload(NativeBuffer src, long srcOffset, long dstOffset, long bytes) {
        bounds(dstOffset, bytes);
        for (long done = 0; done < bytes; ) {
            int n = (int) Math.min(NativeBuffer.MAX_SLICE, bytes - done);
            check(JCudaDriver.cuMemcpyHtoD(ptr.withByteOffset(dstOffset + done),
                    Pointer.to(src.slice(srcOffset + done, n)), n), "cuMemcpyHtoD");
            done += n;
        }
    }

    /** Copies {@code bytes} from this buffer at {@code srcOffset} to {@code dst} at {@code dstOffset}. */
    public void download(NativeBuffer dst, long dstOffset, long srcOffset, long bytes) {
        bounds(srcOffset, bytes);
        for (long done = 0; done < bytes; ) {
            int n = (int) Math.min(NativeBuffer.MAX_SLICE, bytes - done);
            check(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst.slice(dstOffset + done, n)),
                    ptr.withByteOffset(srcOffset + done), n), "cuMemcpyDtoH");
            done += n;
        }
    }

    /** Sets every byte to 0. */
    public void zero() {
        check(JCudaDriver.cuMemsetD8(ptr, (byte) 0, size), "cuMemsetD8");
    }

    private void bounds(long offset, long bytes) {
        if (freed) throw new IllegalStateException("device buffer already freed");
        if (offset < 0 || bytes < 0 || offset + bytes > size) {
            throw new IndexOutOfBoundsException("device range " + offset + "+" + bytes + " of " + size);
        }
    }

    @Override
    public void close() {
        if (freed) return;
        freed = true;
        JCudaDriver.cuMemFree(ptr);
    }
}
