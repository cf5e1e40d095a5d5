package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaCallException.check;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.DeviceFilmBackend;
import dev.lucent.backend.PreparedScene;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.image.Film;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The "cuda" path tracer for the viewer with the accumulation kept on the GPU: one device (index 0), one
 * {@link CudaPathTracer} whose per-pixel state is not cleared between passes, so after passes of n1, n2, ...
 * samples it holds exactly what one batch call of n1 + n2 + ... samples leaves there (same launches, same
 * order). The host {@link Film} is written only by {@link #syncFilm} (for saving and denoising); the display
 * reads the state through {@link #resolve} into a {@link CudaDisplayBuffer} (shaders/cuda/viewer_display.cu).
 *
 * <p>Contract, differing from {@link RenderBackend#render}: {@code render(film, first, n, progress)} adds samples
 * first .. first + n - 1 to the device accumulation of a {@code film.width() x film.height()} image and leaves
 * {@code film} untouched; {@code first} must be 0 (which clears the accumulation) or the count the device holds.
 * A pass cancelled through {@code progress} leaves the accumulation invalid until the next {@code first = 0}.
 *
 * <p>All methods but {@link CudaDisplayBuffer#copyTo} run on one thread (the viewer's render thread), where the
 * device's primary context is made current. Owns its device memory; close it.
 */
public final class CudaDeviceFilmBackend implements DeviceFilmBackend {
    private static final int BLOCK = 256;

    private final String deviceName;
    private CudaContext ctx;
    private final PreparedScene prepared = new PreparedScene();
    private CudaPathTracer tracer;
    private int deviceSpp = -1;
    private CUfunction depthRange, resolveKernel;
    private DeviceBuffer range;
    private CudaDisplayBuffer display;

    /** @throws BackendUnavailableException with CUDA's one-line reason where it cannot run */
    public CudaDeviceFilmBackend() {
        CudaAvailability a = CudaAvailability.check();
        if (!a.available()) {
            throw new BackendUnavailableException(CudaBackend.NAME + ": not available: "
                    + a.reason().replaceFirst("^CUDA backend unavailable: ", ""));
        }
        deviceName = a.deviceName();
    }

    @Override
    public String name() { return CudaBackend.NAME; }

    @Override
    public String deviceName() { return deviceName; }

    /** As {@link CudaBackend#prepare}: the same scene and options again only re-upload camera and instances. */
    @Override
    public void prepare(CompiledScene compiled, RenderOptions opts) {
        if (prepared.prepare(compiled, opts, tracer != null)) closeTracer();
    }

    @Override
    public RenderStats render(Film film, int firstSample, int sampleCount, RenderProgress progress) {
        CompiledScene scene = prepared.scene();
        RenderOptions options = prepared.options();
        long t0 = System.nanoTime();
        int w = film.width(), h = film.height();
        if (ctx == null) ctx = CudaContext.open(0);
        if (tracer != null && (tracer.width() != w || tracer.height() != h)) closeTracer();
        if (tracer == null) {
            // The module CudaRenderer loads, so the viewer's passes run the batch backend's megakernel code.
            tracer = new CudaPathTracer(ctx, scene, w, h, options.maxDepth(), options.clamp(), options.seed(),
                    options.filter(), "wavefront");
            prepared.takeInstancesChanged();
            deviceSpp = -1;
        } else if (prepared.takeInstancesChanged()) {
            tracer.updateInstances();
        }
        if (firstSample == 0) {
            tracer.clearState();
            deviceSpp = 0;
        } else if (firstSample != deviceSpp) {
            throw new IllegalStateException("the device holds " + deviceSpp + " samples per pixel, not " + firstSample);
        }
        tracer.clearRayCounts();
        long perSample = (long) w * h;
        int done = 0;
        try {
            for (; done < sampleCount; done++) {
                tracer.renderRows(0, h, firstSample + done, 1, true);
                // Launches queue ahead; waiting on each keeps a cancelled pass short and the queue bounded.
                syncDefaultStream();
                if (progress != null) progress.update(perSample * (done + 1), perSample * sampleCount);
            }
        } catch (RuntimeException e) {
            deviceSpp = -1;
            throw e;
        }
        deviceSpp = firstSample + sampleCount;
        long[] rays = tracer.rayCounts();
        return new RenderStats(perSample * sampleCount, rays[0], rays[1], rays[2], (System.nanoTime() - t0) / 1e9);
    }

    /** Samples per pixel in the device accumulation; -1 when it holds none or a cancelled pass left it invalid. */
    @Override
    public int deviceSpp() { return deviceSpp; }

    /**
     * Merges the whole device accumulation into {@code film}, which must be a new film of the image size: the
     * result equals the film of a batch render of {@link #deviceSpp} samples.
     */
    @Override
    public void syncFilm(Film film) {
        if (tracer == null || deviceSpp < 0) throw new IllegalStateException("nothing rendered on the device");
        tracer.mergeRows(film, 0, tracer.height());
    }

    /**
     * Writes display floats of layer {@code view} (0 beauty, 1 albedo, 2 normal, 3 depth, 4 variance; as
     * dev.lucent.viewer.AovView, in that order) of the accumulation into the display buffer, which is replaced
     * (the old one closed) when the image size changed, and returns it. Waits for the kernels.
     */
    public CudaDisplayBuffer resolve(int view) {
        if (view < 0 || view > 4) throw new IllegalArgumentException("display view " + view);
        if (tracer == null) throw new IllegalStateException("nothing rendered on the device");
        int w = tracer.width(), h = tracer.height(), pixels = w * h;
        if (resolveKernel == null) {
            CUmodule m = ctx.loadModule("viewer_display");
            depthRange = ctx.function(m, "viewerDepthRange");
            resolveKernel = ctx.function(m, "viewerResolve");
            range = DeviceBuffer.allocate(8);
        }
        if (display != null && (display.width() != w || display.height() != h)) {
            display.close();
            display = null;
        }
        if (display == null) display = new CudaDisplayBuffer(w, h);
        Pointer state = Pointer.to(tracer.statePointer());
        synchronized (display) {
            if (view == 3) {
                check(JCudaDriver.cuMemsetD32(range.pointer(), 0x7f800000, 1), "cuMemsetD32");
                check(JCudaDriver.cuMemsetD32(range.pointer().withByteOffset(4), 0, 1), "cuMemsetD32");
                ctx.launch(depthRange, "viewerDepthRange", pixels, BLOCK, state, Pointer.to(new int[] {pixels}),
                        range.param());
            }
            ctx.launch(resolveKernel, "viewerResolve", pixels, BLOCK, state, Pointer.to(new int[] {pixels}),
                    Pointer.to(new int[] {view}), range.param(), display.floats().param());
            // The default stream only: a context-wide wait would also wait for the UI thread's interop stream,
            // whose buffer map waits for OpenGL work that UI thread cannot flush while it waits for this lock.
            syncDefaultStream();
        }
        return display;
    }

    /** Waits for the work queued on the legacy default stream (the tracer's and the resolve kernels). */
    private static void syncDefaultStream() {
        check(JCudaDriver.cuStreamSynchronize(null), "cuStreamSynchronize");
    }

    private void closeTracer() {
        if (tracer != null) tracer.close();
        tracer = null;
        deviceSpp = -1;
    }

    @Override
    public void close() {
        closeTracer();
        if (display != null) display.close();
        display = null;
        if (range != null) range.close();
        range = null;
        if (ctx != null) ctx.close();
        ctx = null;
        resolveKernel = null;
        depthRange = null;
    }
}
