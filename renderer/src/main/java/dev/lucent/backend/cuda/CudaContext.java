package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaCallException.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Owner of one CUDA device's primary context (retained on open, released on close) and of the modules loaded
 * into it. The context is made current on the opening thread; CUDA calls through this object belong on that
 * thread. Every driver call is checked and a failure throws {@link CudaCallException} naming the call.
 *
 * <p>Kernels come from PTX resources {@code /ptx/NAME.ptx} in the jar (built by tools/build-ptx); the driver
 * JIT-compiles them for the device on {@link #loadModule}.
 */
public final class CudaContext implements AutoCloseable {
    private final int index;
    private final CUdevice device;
    private final String deviceName;
    private final int driverVersion;
    private final List<CUmodule> modules = new ArrayList<>();
    /** Modules loaded ahead by {@link #preload}, by name, each handed out once by {@link #loadModule}. */
    private final java.util.Map<String, CUmodule> preloaded = new java.util.HashMap<>();
    private boolean closed;

    private CudaContext(int index, CUdevice device, String deviceName, int driverVersion) {
        this.index = index;
        this.device = device;
        this.deviceName = deviceName;
        this.driverVersion = driverVersion;
    }

    /**
     * Opens device {@code deviceIndex}: cuInit, cuDeviceGet, retain its primary context, make it current.
     *
     * @throws IllegalStateException with {@link CudaAvailability}'s one-line reason when CUDA cannot run here
     * @throws IllegalArgumentException when no device has that index
     */
    public static CudaContext open(int deviceIndex) {
        try {
            check(JCudaDriver.cuInit(0), "cuInit");
        } catch (LinkageError | CudaCallException e) {
            throw new IllegalStateException(CudaAvailability.check().reason(), e);
        }
        int[] count = new int[1];
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (deviceIndex < 0 || deviceIndex >= count[0]) {
            throw new IllegalArgumentException("no CUDA device " + deviceIndex + " (" + count[0] + " present)");
        }
        CUdevice dev = new CUdevice();
        check(JCudaDriver.cuDeviceGet(dev, deviceIndex), "cuDeviceGet");
        byte[] name = new byte[256];
        check(JCudaDriver.cuDeviceGetName(name, name.length, dev), "cuDeviceGetName");
        int[] version = new int[1];
        check(JCudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
        CUcontext ctx = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
        try {
            check(JCudaDriver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
        } catch (CudaCallException e) {
            JCudaDriver.cuDevicePrimaryCtxRelease(dev);
            throw e;
        }
        return new CudaContext(deviceIndex, dev, cString(name), version[0]);
    }

    public int deviceIndex() { return index; }
    public String deviceName() { return deviceName; }
    /** CUDA driver API version, e.g. 13000 for 13.0. */
    public int driverVersion() { return driverVersion; }

    /**
     * Loads PTX resource {@code /ptx/NAME.ptx}; the module is unloaded when this context closes. Every call
     * returns a module of its own (a module's __device__ globals belong to the tracer that loaded it): the one
     * {@link #preload} loaded ahead if there is one not yet handed out, else a newly loaded one.
     */
    public CUmodule loadModule(String name) {
        CUmodule ahead = preloaded.remove(name);
        if (ahead != null) return ahead;
        byte[] ptx = readPtx(name);
        if (ptx == null) {
            throw new IllegalStateException("no PTX module ptx/" + name + ".ptx in the jar (built without nvcc?)");
        }
        CUmodule module = new CUmodule();
        check(JCudaDriver.cuModuleLoadData(module, ptx), "cuModuleLoadData(" + name + ".ptx)");
        modules.add(module);
        return module;
    }

    /**
     * Loads {@code /ptx/NAME.ptx} now (the driver's JIT compilation of the PTX, or its cache look-up, happens
     * here) for the next {@link #loadModule} of that name; a module already waiting is kept.
     */
    public void preload(String name) {
        if (preloaded.containsKey(name)) return;
        CUmodule m = loadModule(name);
        preloaded.put(name, m);
    }

    public CUfunction function(CUmodule module, String kernel) {
        CUfunction f = new CUfunction();
        check(JCudaDriver.cuModuleGetFunction(f, module, kernel), "cuModuleGetFunction(" + kernel + ")");
        return f;
    }

    /** Launches {@code kernel} over {@code threads} threads in 1D blocks of {@code block}, default stream. */
    public void launch(CUfunction kernel, String name, long threads, int block, Pointer... params) {
        long grid = (threads + block - 1) / block;
        if (grid == 0) return;
        if (grid > Integer.MAX_VALUE) throw new IllegalArgumentException(threads + " threads exceed one 1D grid");
        check(JCudaDriver.cuLaunchKernel(kernel, (int) grid, 1, 1, block, 1, 1, 0, null, Pointer.to(params), null),
                "cuLaunchKernel(" + name + ")");
    }

    /**
     * Launches {@code kernel} over {@code threads} threads in 1D blocks of {@code block} on {@code stream} (null:
     * the default stream).
     */
    public void launch(CUfunction kernel, String name, long threads, int block, CUstream stream, Pointer... params) {
        long grid = (threads + block - 1) / block;
        if (grid == 0) return;
        if (grid > Integer.MAX_VALUE) throw new IllegalArgumentException(threads + " threads exceed one 1D grid");
        check(JCudaDriver.cuLaunchKernel(kernel, (int) grid, 1, 1, block, 1, 1, 0, stream, Pointer.to(params), null),
                "cuLaunchKernel(" + name + ")");
    }

    /** The device's multiprocessor count. */
    public int multiprocessors() {
        int[] sms = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                device), "cuDeviceGetAttribute(MULTIPROCESSOR_COUNT)");
        return sms[0];
    }

    /** Threads the device holds resident at once: multiprocessors x max threads per multiprocessor. */
    public long residentThreads() {
        int[] sms = new int[1], perSm = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                device), "cuDeviceGetAttribute(MULTIPROCESSOR_COUNT)");
        check(JCudaDriver.cuDeviceGetAttribute(perSm,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR, device),
                "cuDeviceGetAttribute(MAX_THREADS_PER_MULTIPROCESSOR)");
        return (long) sms[0] * perSm[0];
    }

    public void synchronize() {
        check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /**
     * System property capping the free device memory Lucent sees, in bytes with an optional k/m/g suffix (e.g.
     * {@code -Dlucent.cuda.memoryLimit=512m}): {@link #memoryInfo} then reports at most that much free, so the
     * out-of-memory path can be tried on a GPU that is too big to fill.
     */
    public static final String MEMORY_LIMIT_PROPERTY = "lucent.cuda.memoryLimit";

    /**
     * {free, total} device memory in bytes (cuMemGetInfo); free is at most what the {@value
     * #MEMORY_LIMIT_PROPERTY} limit leaves.
     */
    public long[] memoryInfo() {
        long[] free = new long[1], total = new long[1];
        check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        long limit = memoryLimit();
        if (limit >= 0) free[0] = Math.min(free[0], limit);
        return new long[] {free[0], total[0]};
    }

    /** The {@value #MEMORY_LIMIT_PROPERTY} limit in bytes, or -1 when unset or unreadable. */
    static long memoryLimit() {
        String v = System.getProperty(MEMORY_LIMIT_PROPERTY);
        if (v == null || v.isBlank()) return -1;
        v = v.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return (long) (Double.parseDouble(v) * unit);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Checks, before allocating, that {@code bytes} plus a 256 MiB margin for the driver fit in free memory.
     *
     * @throws GpuMemoryException "{what} needs X GiB of GPU memory, Y GiB free on {device}"
     */
    public void requireFree(long bytes, String what) {
        long free = memoryInfo()[0];
        if (bytes + (256L << 20) > free) {
            throw new GpuMemoryException(what, bytes, free, memoryLimit() >= 0
                    ? deviceName + " (limited by -D" + MEMORY_LIMIT_PROPERTY + ")" : deviceName);
        }
    }

    /** The bytes of {@code /ptx/NAME.ptx} with a terminating NUL (cuModuleLoadData wants one), or null. */
    static byte[] readPtx(String name) {
        try (InputStream in = CudaContext.class.getResourceAsStream("/ptx/" + name + ".ptx")) {
            if (in == null) return null;
            byte[] text = in.readAllBytes();
            byte[] z = new byte[text.length + 1];
            System.arraycopy(text, 0, z, 0, text.length);
            return z;
        } catch (IOException e) {
            return null;
        }
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (CUmodule m : modules) JCudaDriver.cuModuleUnload(m);
        modules.clear();
        preloaded.clear();
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }
}
