package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cuda.CudaExternalApi;
import dev.lucent.backend.cuda.CudaTestDevice;
import dev.lucent.backend.cuda.DeviceBuffer;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.NativeBuffer;
import dev.lucent.core.TestPaths;
import dev.lucent.denoise.DenoiseInput;
import dev.lucent.denoise.DeviceDenoiseInput;
import dev.lucent.denoise.OptixAvailability;
import dev.lucent.denoise.OptixDenoiser;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Vulkan-CUDA sharing on an NVIDIA GPU: the Vulkan tracer's per-pixel state imported into CUDA
 * ({@link VulkanCudaFilm}: cuImportExternalMemory + cuExternalMemoryGetMappedBuffer, the timeline semaphore through
 * cuImportExternalSemaphore + cuWaitExternalSemaphoresAsync) reads, with cuMemcpyDtoH after the semaphore wait,
 * the same bytes as Vulkan's own host read-back, after a first render and again after a second one into the same
 * memory (the import is live memory, not a copy). Prints the cost of the device path (semaphore wait) against the
 * host path the denoiser would otherwise take (gather the film's layers, upload them), at 1920x1080. Where an
 * OptiX denoiser can be created, the device-denoised film matches the host-path denoised one. Tag "gpu".
 */
@Tag("gpu")
class VulkanCudaInteropGpuTest {
    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
        CudaTestDevice.assumeAvailable();
    }

    private static CompiledScene scene(String file, int w, int h) {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve(file));
        return SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h));
    }

    /** The imported state, read by CUDA after waiting on the semaphore, into a new host buffer. */
    private static NativeBuffer readThroughCuda(VulkanCudaFilm shared, long bytes) {
        NativeBuffer b = NativeBuffer.allocate(bytes);
        shared.waitForLastRender(0);
        CudaExternalApi.copyToHost(b.address(), shared.stateAddress(), bytes);
        CudaExternalApi.synchronize(0);
        return b;
    }

    private static void assertSameBytes(NativeBuffer expected, NativeBuffer actual, String what) {
        for (long o = 0; o < expected.size(); o += 4) {
            if (expected.getInt(o) != actual.getInt(o)) {
                throw new AssertionError(what + ": word at byte " + o + " differs: " + expected.getInt(o) + " vs "
                        + actual.getInt(o));
            }
        }
    }

    @Test
    void cudaReadsTheVulkanStateInPlace() {
        int w = 96, h = 64;
        try (VulkanBackend b = new VulkanBackend(false); CompiledScene cs = scene("cornell-box.json", w, h)) {
            System.out.println("vulkan: " + b.deviceName() + ", " + b.context().driverDescription());
            b.prepare(cs, new RenderOptions(5, 0, 3, 0, new BoxFilter()));
            Film film = new Film(w, h);
            b.render(film, 0, 4, null);
            VulkanCudaFilm shared = b.shareWithCuda();
            assertNotNull(shared, "sharing with CUDA: " + b.deviceDenoiseUnavailable());
            VulkanPathTracer t = b.tracer();
            DeviceDenoiseInput in = shared.accumulation();
            assertEquals(shared.stateAddress() + 4, in.color());
            assertEquals(shared.stateAddress() + 28, in.albedo());
            assertEquals(shared.stateAddress() + 40, in.normal());
            assertEquals(VulkanPathTracer.PIXEL_STATE_BYTES * w, in.rowStrideBytes());

            long bytes = t.stateBytes();
            try (NativeBuffer vk = NativeBuffer.allocate(bytes); NativeBuffer cu = readThroughCuda(shared, bytes)) {
                t.copyDownloadedState(vk.address());
                assertSameBytes(vk, cu, "first render");
                assertEquals(4, cu.getInt(0), "samples in pixel 0");
            }
            // A second render (samples 4..11, state cleared first) into the same memory: the same import sees it.
            long before = t.passSemaphore().lastIssued();
            b.render(film, 4, 8, null);
            assertTrue(t.passSemaphore().lastIssued() > before, "the second render signalled a new value");
            try (NativeBuffer vk = NativeBuffer.allocate(bytes); NativeBuffer cu = readThroughCuda(shared, bytes)) {
                t.copyDownloadedState(vk.address());
                assertSameBytes(vk, cu, "second render");
                assertEquals(8, cu.getInt(0), "samples in pixel 0 after the second render");
            }
        }
    }

    /** Figures for docs/benchmarks.md: device path (semaphore wait) against the host path's copies, 1920x1080. */
    @Test
    void costOfSharingAgainstHostCopies() {
        int w = 1920, h = 1080, reps = 21;
        try (VulkanBackend b = new VulkanBackend(false); CompiledScene cs = scene("cornell-box.json", w, h)) {
            b.prepare(cs, new RenderOptions(5, 0, 3, 0, new BoxFilter()));
            Film film = new Film(w, h);
            b.render(film, 0, 4, null);
            long t0 = System.nanoTime();
            VulkanCudaFilm shared = b.shareWithCuda();
            double importMs = (System.nanoTime() - t0) / 1e6;
            assertNotNull(shared, "sharing with CUDA: " + b.deviceDenoiseUnavailable());
            double[] wait = new double[reps], gather = new double[reps], upload = new double[reps];
            long layer = 12L * w * h;
            try (DeviceBuffer dev = DeviceBuffer.allocate(3 * layer);
                    NativeBuffer host = NativeBuffer.allocate(3 * layer)) {
                long devAddress = dev.address();
                for (int r = 0; r < reps; r++) {
                    long a = System.nanoTime();
                    shared.waitForLastRender(0);
                    CudaExternalApi.synchronize(0);
                    long c = System.nanoTime();
                    DenoiseInput in = DenoiseInput.fromFilm(film, false);
                    host.putFloats(0, in.color(), 0, in.color().length);
                    host.putFloats(layer, in.albedo(), 0, in.albedo().length);
                    host.putFloats(2 * layer, in.normal(), 0, in.normal().length);
                    long d = System.nanoTime();
                    for (int k = 0; k < 3; k++) {
                        CudaExternalApi.copyToDevice(devAddress + k * layer, host.address() + k * layer, layer);
                    }
                    CudaExternalApi.synchronize(0);
                    long e = System.nanoTime();
                    wait[r] = (c - a) / 1e6;
                    gather[r] = (d - c) / 1e6;
                    upload[r] = (e - d) / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "interop %dx%d on %s (%s): import (once) %.2f ms; device path: semaphore "
                    + "wait + stream sync median %.3f ms; host path: gather colour/albedo/normal from the film median "
                    + "%.2f ms + upload %.1f MB median %.2f ms (%.1f GB/s)%n", w, h, b.deviceName(),
                    b.context().driverDescription(), importMs, median(wait), median(gather), 3 * layer / 1e6,
                    median(upload), 3 * layer / 1e6 / median(upload));
            assertTrue(median(wait) >= 0);
        }
    }

    /** Where OptiX can create a denoiser: the device path (imported state) matches the host path. */
    @Test
    void optixDenoisesTheImportedStateLikeTheHostPath() {
        OptixAvailability optix = OptixAvailability.check();
        Assumptions.assumeTrue(optix.available(), "OptiX denoiser " + optix.reason());
        int w = 128, h = 96;
        try (VulkanBackend b = new VulkanBackend(false); CompiledScene cs = scene("cornell-box.json", w, h);
                OptixDenoiser denoiser = OptixDenoiser.open()) {
            b.prepare(cs, new RenderOptions(5, 0, 3, 0, new BoxFilter()));
            Film film = new Film(w, h);
            b.render(film, 0, 16, null);
            float[] device = b.denoiseOnDevice(denoiser, film);
            assertNotNull(device, "device path: " + b.deviceDenoiseUnavailable());
            float[] hostPath = denoiser.denoise(DenoiseInput.fromFilm(film, false));
            double num = 0, den = 0;
            for (int i = 0; i < device.length; i++) {
                num += (device[i] - hostPath[i]) * (double) (device[i] - hostPath[i]);
                den += hostPath[i] * (double) hostPath[i];
            }
            System.out.printf(Locale.ROOT, "optix device vs host path: relative L2 %.2e%n", Math.sqrt(num / den));
            assertTrue(Math.sqrt(num / den) < 1e-3, "device and host denoised films differ");
            assertNotEquals(0, den);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
