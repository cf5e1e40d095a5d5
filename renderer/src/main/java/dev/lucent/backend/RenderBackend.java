package dev.lucent.backend;

import dev.lucent.compile.CompiledScene;
import dev.lucent.denoise.Denoiser;
import dev.lucent.image.Film;
import dev.lucent.integrator.MotionProjector;

/**
 * A renderer of compiled scenes: the one interface the CLI, the benchmarks and the viewer know. Found by name
 * through {@link Backends}. Usage:
 *
 * <pre>{@code
 * try (RenderBackend backend = Backends.create("cpu")) {
 *     backend.prepare(compiledScene, options);        // again after compiledScene.updateInstances(...)
 *     Film film = new Film(width, height);
 *     RenderStats s = backend.render(film, 0, spp, progress);
 *     s = backend.render(film, spp, more, progress);   // progressive: continue the same film
 * }
 * }</pre>
 *
 * <p>Contract for every implementation: pixel p of the film receives the samples with indices firstSample,
 * firstSample + 1, ... in that order, each a pure function of (scene, options, pixel, sample index), so the
 * image does not depend on scheduling or thread count, and rendering n samples and then m more gives the
 * same film as rendering n + m at once.
 */
public interface RenderBackend extends AutoCloseable {
    /** The registry name ("cpu", "cuda", "vulkan"). */
    String name();

    /** The device it renders on, for summaries and image metadata (e.g. "2 CPU threads"). */
    String deviceName();

    /**
     * Makes the backend ready to render {@code scene} with {@code options}. Must be called again after the
     * scene changes ({@link CompiledScene#updateInstances}) and before the next render. The scene must stay
     * open while the backend uses it.
     */
    void prepare(CompiledScene scene, RenderOptions options);

    /**
     * Adds samples {@code firstSample} to {@code firstSample + sampleCount - 1} to every pixel of {@code film},
     * whose pixels must each hold exactly {@code firstSample} samples; its size is the image size. Reports
     * progress to {@code progress} (may be null). Returns what the call did and took.
     */
    RenderStats render(Film film, int firstSample, int sampleCount, RenderProgress progress);

    /**
     * Screen-space motion vectors (the film's motion AOV) from the previous frame for the renders that follow,
     * or null for none (motion 0). Returns whether this backend computes them; one that does not leaves the
     * motion AOV at 0.
     */
    default boolean setMotion(MotionProjector projector) {
        return false;
    }

    /**
     * Devices this backend renders every frame on (1 for the CPU; the CUDA backend's {@code --devices}), for
     * choosing whether a sequence puts whole frames on separate devices ({@link #forDevice}).
     */
    default int deviceCount() {
        return 1;
    }

    /**
     * A new backend of the same kind that renders on device {@code index} (0 .. {@link #deviceCount()} - 1) of
     * this one alone, for rendering whole frames per device in parallel; the caller closes it. Backends that
     * cannot split by device throw UnsupportedOperationException.
     */
    default RenderBackend forDevice(int index) {
        throw new UnsupportedOperationException(name() + " renders on one device");
    }

    /**
     * The last render's film denoised by {@code denoiser} where the backend keeps its accumulation (a GPU
     * backend's device memory: no host round trip of the denoiser inputs), 3 floats per pixel, rows top to
     * bottom; or null when this backend cannot do that for this denoiser and film, and the caller denoises
     * {@code film} on the host. {@code film} is the one the last render filled.
     */
    default float[] denoiseOnDevice(Denoiser denoiser, Film film) {
        return null;
    }

    /**
     * Starts opening the backend's devices in the background (contexts, kernel modules), so that the first
     * {@link #render} finds them open; returns at once. Call it before work that needs no device, such as
     * compiling the scene. Optional: render opens the devices itself when this was not called. Default: nothing.
     */
    default void openDevicesAsync() {}

    /** Releases threads and device memory. */
    @Override
    void close();
}
