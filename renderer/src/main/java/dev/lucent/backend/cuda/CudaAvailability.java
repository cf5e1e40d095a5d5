package dev.lucent.backend.cuda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Whether the CUDA backend can run here, and if not, why, in one line. Checks in order: the JCuda native
 * library (and through it libcuda.so.1, the driver) loads, cuInit succeeds, a device exists, the jar carries
 * the PTX kernels. Never throws.
 *
 * @param available true when a context can be opened on device 0 and the kernels loaded
 * @param reason one line for the user when unavailable; empty when available
 * @param deviceName name of device 0 when one was found, else empty
 */
public record CudaAvailability(boolean available, String reason, String deviceName) {
    /** The PTX module every CUDA feature needs. */
    static final String REQUIRED_PTX = "raycast";

    /**
     * The reason JCuda's native library failed to load, kept from the first failure: a JVM initialises a class
     * once, so later calls see only "Could not initialize class jcuda.driver.JCudaDriver", not the missing
     * library.
     */
    private static volatile String linkFailure;

    public static CudaAvailability check() {
        try {
            int r;
            String failedBefore = linkFailure;
            if (failedBefore != null) return no(failedBefore);
            try {
                r = JCudaDriver.cuInit(0);
            } catch (LinkageError e) {
                String why = linkProblem(e.getMessage());
                linkFailure = why;
                return no(why);
            }
            if (r == CUresult.CUDA_ERROR_NO_DEVICE) return no("the NVIDIA driver reports no CUDA device");
            if (r != CUresult.CUDA_SUCCESS) return no("cuInit failed: " + CUresult.stringFor(r));
            int[] count = new int[1];
            r = JCudaDriver.cuDeviceGetCount(count);
            if (r != CUresult.CUDA_SUCCESS) return no("cuDeviceGetCount failed: " + CUresult.stringFor(r));
            if (count[0] == 0) return no("no CUDA device found");
            CUdevice dev = new CUdevice();
            String name = "";
            if (JCudaDriver.cuDeviceGet(dev, 0) == CUresult.CUDA_SUCCESS) {
                byte[] b = new byte[256];
                if (JCudaDriver.cuDeviceGetName(b, b.length, dev) == CUresult.CUDA_SUCCESS) name = CudaContext.cString(b);
            }
            if (CudaContext.readPtx(REQUIRED_PTX) == null) {
                return new CudaAvailability(false, "CUDA backend unavailable: no PTX kernels in the jar (it was built "
                        + "without nvcc on the PATH; install the CUDA toolkit and rebuild)", name);
            }
            return new CudaAvailability(true, "", name);
        } catch (RuntimeException | LinkageError e) {
            return no(e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        }
    }

    private static CudaAvailability no(String why) {
        return new CudaAvailability(false, "CUDA backend unavailable: " + why, "");
    }

    /**
     * The cause inside JCuda's multi-line load report: the missing shared object (usually the driver's
     * libcuda.so.1) or, failing that, the report's first line.
     */
    static String linkProblem(String report) {
        if (report == null) return "the JCuda native library could not be loaded";
        Matcher m = Pattern.compile("([\\w.+-]+\\.so[\\w.]*): cannot open shared object file").matcher(report);
        String missing = null;
        while (m.find()) missing = m.group(1);
        if (missing != null && missing.startsWith("libcuda.so")) {
            return "no NVIDIA driver (" + missing + " not found; JCuda's driver binding needs it)";
        }
        if (missing != null) return "the JCuda native library could not be loaded (" + missing + " not found)";
        return "the JCuda native library could not be loaded: " + oneLine(report.lines().findFirst().orElse(report));
    }

    static String oneLine(String s) {
        if (s == null) return "(no message)";
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
