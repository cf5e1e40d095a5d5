package dev.lucent.backend.vulkan;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.PreparedScene;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.cuda.CudaCallException;
import dev.lucent.backend.cuda.CudaContext;
import dev.lucent.backend.cuda.DeviceBuffer;
import dev.lucent.compile.CompiledScene;
import dev.lucent.core.NativeBuffer;
import dev.lucent.denoise.Denoiser;
import dev.lucent.denoise.OptixDenoiser;
import dev.lucent.image.Film;

/**
 * The "vulkan" {@link RenderBackend}: the ray-tracing pipeline path tracer ({@link VulkanPathTracer}) on the first
 * Vulkan device with VK_KHR_ray_tracing_pipeline. Acceleration structures are built by the driver, so on GPUs with
 * RT cores traversal runs on them. Same integrator, sampler, materials and lights as the CPU and CUDA backends
 * (the shared headers of shaders/common); the render's pixel filter by importance sampling like the CPU and CUDA
 * backends; alpha MASK and BLEND handled by an any-hit shader with the CPU's stochastic decisions.
 *
 * <p>The scene is uploaded at the first render after {@link #prepare} (the film size is needed); preparing the
 * same compiled scene again with the same options (a batch frame after {@link CompiledScene#updateInstances})
 * re-uploads instances, lights, camera and globals and refits the TLAS (a full rebuild every eighth update).
 *
 * <p>{@link #denoiseOnDevice} hands the OptiX denoiser the tracer's accumulation in GPU memory through CUDA-Vulkan
 * external memory and a timeline semaphore ({@link VulkanCudaFilm}): no host copy of the denoiser inputs, and the
 * denoiser's stream waits for the render's last submission. It needs an NVIDIA GPU that is CUDA device 0 (the
 * OptiX bridge works in device 0's primary context) and VK_KHR_external_memory_fd/VK_KHR_external_semaphore_fd.
 *
 * <p>Where Vulkan ray tracing cannot run, construction throws a {@link BackendUnavailableException} whose one line
 * says why. With {@code debug} the validation layer is on and its messages go to stderr.
 */
public final class VulkanBackend implements RenderBackend {
    public static final String NAME = "vulkan";

    private final VulkanContext ctx;
    private final PreparedScene prepared = new PreparedScene();
    private VulkanPathTracer tracer;
    /** First sample index of the last render (-1 before the first). */
    private int lastFirstSample = -1;
    /** CUDA device 0's primary context and the tracer's state imported into it, for device denoising. */
    private CudaContext cuda;
    private VulkanCudaFilm shared;
    /** Why device denoising cannot work here, once found out (null: not known yet or it works). */
    private String noDeviceDenoise;

    public VulkanBackend(boolean debug) {
        try {
            ctx = VulkanContext.open(debug);
        } catch (VulkanUnavailableException | VulkanCallException e) {
            throw new BackendUnavailableException(NAME + ": not available: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceName() {
        return ctx.deviceName();
    }

    /** The open Vulkan context (device properties, validation messages). */
    public VulkanContext context() {
        return ctx;
    }

    /** The tracer of the last render (null before the first): timers, memory, acceleration-structure figures. */
    public VulkanPathTracer tracer() {
        return tracer;
    }

    @Override
    public void prepare(CompiledScene compiled, RenderOptions opts) {
        if (prepared.prepare(compiled, opts, tracer != null)) closeTracer();
    }

    @Override
    public RenderStats render(Film film, int firstSample, int sampleCount, RenderProgress progress) {
        long t0 = System.nanoTime();
        if (tracer != null && (tracer.width() != film.width() || tracer.height() != film.height())) closeTracer();
        tracer = VulkanPathTracer.forPrepared(ctx, prepared, tracer, film.width(), film.height());
        tracer.render(film, firstSample, sampleCount, true);
        lastFirstSample = firstSample;
        long samples = (long) film.width() * film.height() * sampleCount;
        if (progress != null) progress.update(samples, samples);
        long[] rays = tracer.lastRayCounts();
        return new RenderStats(samples, rays[0], rays[1], rays[2], (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The last render's film denoised by an {@link OptixDenoiser} straight from the tracer's state in GPU memory
     * (imported into CUDA; the denoiser's stream waits on the tracer's timeline semaphore first), 3 floats per pixel,
     * rows top to bottom; or null when that path does not apply and the caller must denoise on the host: another
     * denoiser or a temporal one, a film holding samples of earlier renders (the tracer's state holds the last
     * render only), no CUDA, a CUDA device 0 other than the Vulkan GPU, or no memory/semaphore export.
     */
    @Override
    public float[] denoiseOnDevice(Denoiser d, Film film) {
        if (!(d instanceof OptixDenoiser denoiser) || denoiser.temporal()) return null;
        if (tracer == null || lastFirstSample != 0 || film.width() != tracer.width()
                || film.height() != tracer.height()) {
            return null;
        }
        if (shareWithCuda() == null) return null;
        int pixels = film.width() * film.height();
        try (DeviceBuffer out = DeviceBuffer.allocate(12L * pixels);
                NativeBuffer host = NativeBuffer.allocate(12L * pixels)) {
            shared.waitForLastRender(0);
            denoiser.denoiseDevice(0, shared.accumulation(), 0, out.address(), 12, 12 * film.width());
            cuda.synchronize();
            out.download(host, 0, 0, host.size());
            float[] rgb = new float[3 * pixels];
            for (int i = 0; i < rgb.length; i++) rgb[i] = host.getFloat(4L * i);
            return rgb;
        }
    }

    /**
     * The tracer's state imported into CUDA device 0's primary context (opened and made current on this thread at
     * the first call), or null when that cannot work here ({@link #deviceDenoiseUnavailable} says why).
     */
    public VulkanCudaFilm shareWithCuda() {
        if (tracer == null) throw new IllegalStateException("nothing rendered yet");
        if (shared != null) return shared;
        if (noDeviceDenoise != null) return null;
        String why = VulkanCudaFilm.whyNot(ctx, tracer);
        if (!why.isEmpty()) {
            noDeviceDenoise = why;
            return null;
        }
        try {
            if (cuda == null) cuda = CudaContext.open(0);
            shared = new VulkanCudaFilm(ctx, tracer, 0);
            return shared;
        } catch (IllegalStateException | IllegalArgumentException | VulkanUnavailableException
                | CudaCallException e) {
            noDeviceDenoise = e.getMessage();
            return null;
        }
    }

    /** Why the last {@link #shareWithCuda} found no way to share the state with CUDA (null if it did or none ran). */
    public String deviceDenoiseUnavailable() {
        return noDeviceDenoise;
    }

    /** Releases the CUDA imports of the tracer's memory and semaphore, then the tracer. */
    private void closeTracer() {
        if (shared != null) shared.close();
        shared = null;
        if (tracer != null) tracer.close();
        tracer = null;
        lastFirstSample = -1;
    }

    /** Destroys the CUDA imports and the tracer's objects, releases the CUDA context, then the device and instance. */
    @Override
    public void close() {
        closeTracer();
        if (cuda != null) cuda.close();
        cuda = null;
        ctx.close();
    }
}
