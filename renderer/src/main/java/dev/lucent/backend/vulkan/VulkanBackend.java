package dev.lucent.backend.vulkan;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.PreparedScene;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
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
 * <p>Where Vulkan ray tracing cannot run, construction throws a {@link BackendUnavailableException} whose one line
 * says why. With {@code debug} the validation layer is on and its messages go to stderr.
 */
public final class VulkanBackend implements RenderBackend {
    public static final String NAME = "vulkan";

    private final VulkanContext ctx;
    private final PreparedScene prepared = new PreparedScene();
    private VulkanPathTracer tracer;

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
        CompiledScene scene = prepared.scene();
        RenderOptions options = prepared.options();
        long t0 = System.nanoTime();
        if (tracer != null && (tracer.width() != film.width() || tracer.height() != film.height())) closeTracer();
        if (tracer == null) {
            tracer = new VulkanPathTracer(ctx, scene, film.width(), film.height(), options.maxDepth(), options.clamp(),
                    options.seed(), options.filter());
            prepared.takeInstancesChanged();
        } else if (prepared.takeInstancesChanged()) {
            tracer.updateInstances();
        }
        tracer.render(film, firstSample, sampleCount, true);
        long samples = (long) film.width() * film.height() * sampleCount;
        if (progress != null) progress.update(samples, samples);
        long[] rays = tracer.lastRayCounts();
        return new RenderStats(samples, rays[0], rays[1], rays[2], (System.nanoTime() - t0) / 1e9);
    }

    private void closeTracer() {
        if (tracer != null) tracer.close();
        tracer = null;
    }

    /** Destroys the tracer's objects, then the device and instance. */
    @Override
    public void close() {
        closeTracer();
        ctx.close();
    }
}
