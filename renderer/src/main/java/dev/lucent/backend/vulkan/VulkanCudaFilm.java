package dev.lucent.backend.vulkan;

import dev.lucent.backend.cuda.CudaExternalApi;
import dev.lucent.backend.cuda.CudaImportedBuffer;
import dev.lucent.backend.cuda.CudaImportedSemaphore;
import dev.lucent.denoise.DeviceDenoiseInput;
import dev.lucent.denoise.OptixPixelFormat;
import java.util.Arrays;
import java.util.HexFormat;
import org.lwjgl.system.linux.UNISTD;

/**
 * A {@link VulkanPathTracer}'s per-pixel state seen from CUDA without a host copy: the exportable state buffer
 * imported with cuImportExternalMemory and mapped as a device pointer, and the tracer's timeline semaphore imported
 * with cuImportExternalSemaphore, so that a CUDA stream can wait for the last render's passes
 * ({@link #waitForLastRender}) before reading the state ({@link #accumulation}, e.g. by the OptiX denoiser).
 *
 * <p>Created and used on a thread where the CUDA context of the Vulkan device's GPU is current (the one whose
 * UUID equals the Vulkan deviceUUID). Close it before the tracer: closing releases the CUDA imports, after which
 * Vulkan may free the memory and the semaphore.
 */
public final class VulkanCudaFilm implements AutoCloseable {
    private final VulkanPathTracer tracer;
    private CudaImportedBuffer state;
    private CudaImportedSemaphore passes;

    /**
     * Imports {@code tracer}'s state buffer and pass semaphore into the current CUDA context, which must belong to
     * CUDA device {@code cudaOrdinal}.
     *
     * @throws VulkanUnavailableException when the tracer's state or semaphore is not exportable here, or CUDA
     *     device {@code cudaOrdinal} is another GPU than the Vulkan device
     */
    public VulkanCudaFilm(VulkanContext ctx, VulkanPathTracer tracer, int cudaOrdinal) {
        String why = whyNot(ctx, tracer);
        if (!why.isEmpty()) throw new VulkanUnavailableException(why);
        byte[] vk = ctx.deviceUuid(), cu = CudaExternalApi.deviceUuid(cudaOrdinal);
        if (!Arrays.equals(vk, cu)) {
            throw new VulkanUnavailableException("CUDA device " + cudaOrdinal + " (UUID " + HexFormat.of().formatHex(cu)
                    + ") is not the Vulkan device " + ctx.deviceName() + " (UUID " + HexFormat.of().formatHex(vk) + ")");
        }
        this.tracer = tracer;
        VulkanBuffer buffer = tracer.stateBuffer();
        int memoryFd = buffer.exportFd();
        try {
            state = new CudaImportedBuffer(memoryFd, buffer.memoryBytes(), true, tracer.stateBytes());
        } catch (RuntimeException e) {
            UNISTD.close(null, memoryFd);
            throw e;
        }
        int semaphoreFd = -1;
        try {
            semaphoreFd = tracer.passSemaphore().exportFd();
            passes = new CudaImportedSemaphore(semaphoreFd);
        } catch (RuntimeException e) {
            if (semaphoreFd >= 0) UNISTD.close(null, semaphoreFd);
            state.close();
            throw e;
        }
    }

    /** Why {@code tracer}'s state cannot be shared with CUDA on this device ("" when it can). */
    public static String whyNot(VulkanContext ctx, VulkanPathTracer tracer) {
        if (!tracer.stateBuffer().isExportable()) {
            return ctx.deviceName() + ": no exportable device memory (VK_KHR_external_memory_fd)";
        }
        if (tracer.passSemaphore() == null || !tracer.passSemaphore().exportable()) {
            return ctx.deviceName() + ": timeline semaphores cannot be exported (VK_KHR_external_semaphore_fd)";
        }
        return "";
    }

    /**
     * Queues on CUDA stream {@code stream} (0: the default stream) a wait for the tracer's last submission, so work
     * queued after it reads the state of the last render. Returns at once.
     */
    public void waitForLastRender(long stream) {
        live();
        passes.waitAsync(tracer.passSemaphore().lastIssued(), stream);
    }

    /** The CUDA device address of the state (pixel p's record at {@code p * PIXEL_STATE_BYTES}). */
    public long stateAddress() {
        return live().address();
    }

    /**
     * The state as OptiX denoiser input, read in place: the mean colour, albedo and normal (VulkanBindings
     * STATE_MEAN, STATE_ALBEDO, STATE_NORMAL) of each {@value VulkanPathTracer#PIXEL_STATE_BYTES}-byte record,
     * FLOAT3, no flow. It holds the samples of the
     * tracer's last render only. Wait ({@link #waitForLastRender}) on the stream the denoiser runs on.
     */
    public DeviceDenoiseInput accumulation() {
        long base = stateAddress();
        int stride = VulkanPathTracer.PIXEL_STATE_BYTES;
        return new DeviceDenoiseInput(tracer.width(), tracer.height(),
                base + VulkanPathTracer.stateByte(VulkanBindings.STATE_MEAN),
                base + VulkanPathTracer.stateByte(VulkanBindings.STATE_ALBEDO),
                base + VulkanPathTracer.stateByte(VulkanBindings.STATE_NORMAL), 0,
                OptixPixelFormat.FLOAT3, stride, stride * tracer.width());
    }

    private CudaImportedBuffer live() {
        if (state == null) throw new IllegalStateException("closed");
        return state;
    }

    /** Releases the CUDA imports (semaphore, then memory); call before the tracer closes. Idempotent. */
    @Override
    public void close() {
        try {
            if (passes != null) passes.close();
        } finally {
            passes = null;
            if (state != null) state.close();
            state = null;
        }
    }
}
