package dev.lucent.backend.vulkan;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.DeviceFilmBackend;
import dev.lucent.backend.PreparedScene;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.image.Film;

/**
 * The "vulkan" path tracer for the viewer with the accumulation kept on the GPU: one {@link VulkanPathTracer}
 * whose per-pixel state is not cleared between passes ({@link VulkanPathTracer#accumulate}), so after passes of n1,
 * n2, ... samples it holds what one render of n1 + n2 + ... samples leaves there. The host film is written only by
 * {@link #syncFilm}; the display reads the state through {@link #resolve} into a {@link VulkanDisplayBuffer} that
 * OpenGL imports (Vulkan-OpenGL external memory), so frames never cross the host.
 *
 * <p>Contract as {@link DeviceFilmBackend}. Rays are not counted (the render statistics report 0 rays). Every
 * method runs on one thread (the viewer's render thread), except the display buffer's reader side. Owns the
 * Vulkan device; close it.
 */
public final class VulkanDeviceFilmBackend implements DeviceFilmBackend {
    private final VulkanContext ctx;
    private final PreparedScene prepared = new PreparedScene();
    private VulkanPathTracer tracer;
    private VulkanDisplayResolve resolver;
    private VulkanDisplayBuffer display;
    private int deviceSpp = -1;

    /** Opens the first ray-tracing Vulkan device, without the validation layer. */
    public VulkanDeviceFilmBackend() {
        this(false);
    }

    /**
     * Opens the first ray-tracing Vulkan device; with {@code debug} the validation layer is on (as
     * {@link VulkanBackend}).
     *
     * @throws BackendUnavailableException with the reason where Vulkan ray tracing cannot run, or the device
     *     cannot export memory (VK_KHR_external_memory_fd), which the display needs
     */
    public VulkanDeviceFilmBackend(boolean debug) {
        try {
            ctx = VulkanContext.open(debug);
        } catch (VulkanUnavailableException | VulkanCallException e) {
            throw new BackendUnavailableException(VulkanBackend.NAME + ": not available: " + e.getMessage(), e);
        }
        if (!ctx.hasExternalMemoryFd()) {
            String name = ctx.deviceName();
            ctx.close();
            throw new BackendUnavailableException(VulkanBackend.NAME + ": " + name
                    + " cannot export memory (no VK_KHR_external_memory_fd) for the display");
        }
    }

    @Override
    public String name() { return VulkanBackend.NAME; }

    @Override
    public String deviceName() { return ctx.deviceName(); }

    /** The open Vulkan context. */
    public VulkanContext context() { return ctx; }

    /** As {@link VulkanBackend#prepare}: the same scene and options again only re-upload camera and instances. */
    @Override
    public void prepare(CompiledScene compiled, RenderOptions opts) {
        if (prepared.prepare(compiled, opts, tracer != null)) closeTracer();
    }

    @Override
    public RenderStats render(Film film, int firstSample, int sampleCount, RenderProgress progress) {
        long t0 = System.nanoTime();
        int w = film.width(), h = film.height();
        if (tracer != null && (tracer.width() != w || tracer.height() != h)) closeTracer();
        tracer = VulkanPathTracer.forPrepared(ctx, prepared, tracer, w, h);
        if (firstSample != 0 && firstSample != deviceSpp) {
            throw new IllegalStateException("the device holds " + deviceSpp + " samples per pixel, not "
                    + firstSample);
        }
        long samples = (long) w * h * sampleCount;
        try {
            tracer.accumulate(firstSample, sampleCount, firstSample == 0);
        } catch (RuntimeException e) {
            deviceSpp = -1;
            throw e;
        }
        deviceSpp = firstSample + sampleCount;
        if (progress != null) progress.update(samples, samples);
        return new RenderStats(samples, 0, 0, 0, (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public int deviceSpp() { return deviceSpp; }

    @Override
    public void syncFilm(Film film) {
        if (tracer == null || deviceSpp < 0) throw new IllegalStateException("nothing rendered on the device");
        tracer.downloadInto(film);
    }

    /**
     * Writes display floats of layer {@code view} (0 beauty, 1 albedo, 2 normal, 3 depth, 4 variance; as
     * dev.lucent.viewer.AovView, in that order) of the accumulation into the display buffer, which is replaced
     * (the old one closed) when the image size changed, and returns it. Waits for the GPU.
     */
    public VulkanDisplayBuffer resolve(int view) {
        if (tracer == null || deviceSpp < 0) throw new IllegalStateException("nothing rendered on the device");
        if (resolver == null) resolver = new VulkanDisplayResolve(ctx);
        if (display != null && (display.width() != tracer.width() || display.height() != tracer.height())) {
            display.close();
            display = null;
        }
        if (display == null) display = new VulkanDisplayBuffer(ctx, tracer.width(), tracer.height());
        resolver.resolve(tracer, view, display);
        return display;
    }

    /** The tracer of the current image (null before the first render). */
    public VulkanPathTracer tracer() { return tracer; }

    private void closeTracer() {
        if (tracer != null) tracer.close();
        tracer = null;
        deviceSpp = -1;
    }

    /** Closes the display buffer (readers then see it closed), the resolve, the tracer, then the device. */
    @Override
    public void close() {
        if (display != null) display.close();
        display = null;
        if (resolver != null) resolver.close();
        resolver = null;
        closeTracer();
        ctx.close();
    }
}
