package dev.lucent.backend.cuda;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.PreparedScene;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.image.Film;
import jcuda.driver.JCudaDriver;

/**
 * The "cuda" {@link RenderBackend}: the path tracer ({@link CudaPathTracer}, megakernel or wavefront as {@link
 * CudaSchedule} decides) on one or more CUDA devices through {@link CudaRenderer} (rows in dynamically scheduled
 * bands, the same image on any number of devices). The scene is uploaded at the first render after {@link #prepare} (the film size is needed for the
 * per-pixel state); preparing the same compiled scene again with the same options (a batch frame after
 * {@link CompiledScene#updateInstances}) re-uploads only instances, TLAS, lights, emitters, camera and globals.
 *
 * <p>Where CUDA cannot run, construction throws a {@link BackendUnavailableException} whose one line says why.
 */
public final class CudaBackend implements RenderBackend {
    public static final String NAME = "cuda";

    private final String devicesSpec;
    private final int[] devices;
    private final String deviceName;
    private final PreparedScene prepared = new PreparedScene();
    private CudaRenderer renderer;
    private final CudaSchedule schedule;
    /** The schedule renders of the current renderer run; null until AUTO has probed. */
    private CudaSchedule chosen;

    /** @param devicesSpec "all" or a list of device indices such as "0,1" */
    public CudaBackend(String devicesSpec) {
        CudaAvailability a = CudaAvailability.check();
        if (!a.available()) {
            throw new BackendUnavailableException(
                    NAME + ": not available: " + a.reason().replaceFirst("^CUDA backend unavailable: ", ""));
        }
        this.devicesSpec = devicesSpec;
        int[] n = new int[1];
        JCudaDriver.cuDeviceGetCount(n);
        try {
            devices = CudaRenderer.parseDevices(devicesSpec, n[0]);
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException(NAME + ": " + e.getMessage());
        }
        deviceName = devices.length == 1 ? a.deviceName() : devices.length + " CUDA devices (" + a.deviceName() + ", ...)";
        try {
            schedule = CudaSchedule.fromProperty();
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException(NAME + ": " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceName() {
        return deviceName;
    }

    @Override
    public void prepare(CompiledScene compiled, RenderOptions opts) {
        // A batch frame (same scene object and options) keeps the renderer: meshes stay on the devices.
        if (prepared.prepare(compiled, opts, renderer != null)) closeRenderer();
    }

    @Override
    public RenderStats render(Film film, int firstSample, int sampleCount, RenderProgress progress) {
        CompiledScene scene = prepared.scene();
        RenderOptions options = prepared.options();
        long t0 = System.nanoTime();
        if (renderer != null && (renderer.width() != film.width() || renderer.height() != film.height())) closeRenderer();
        if (renderer == null) {
            renderer = new CudaRenderer(devices, scene, film.width(), film.height(), options.maxDepth(),
                    options.clamp(), options.seed(), options.filter());
            renderer.setCountRays(true);
            prepared.takeInstancesChanged();
            chosen = schedule == CudaSchedule.AUTO ? null : schedule;
            if (chosen != null) renderer.setWavefront(chosen == CudaSchedule.WAVEFRONT);
        } else if (prepared.takeInstancesChanged()) {
            renderer.updateInstances();
        }
        if (chosen == null) {
            // AUTO: a megakernel pass of sample 0, counted and thrown away, decides (CudaSchedule.choose).
            chosen = CudaSchedule.choose(renderer.probeRayCounts(0));
            renderer.setWavefront(chosen == CudaSchedule.WAVEFRONT);
        }
        renderer.render(film, firstSample, sampleCount);
        long[] rays = renderer.lastRayCounts();
        long samples = (long) film.width() * film.height() * sampleCount;
        if (progress != null) progress.update(samples, samples);
        return new RenderStats(samples, rays[0], rays[1], rays[2], (System.nanoTime() - t0) / 1e9);
    }

    /** The schedule renders run: the one named, or AUTO's choice once the first pass has run (else AUTO). */
    public CudaSchedule schedule() {
        return chosen != null ? chosen : schedule;
    }

    private void closeRenderer() {
        if (renderer != null) renderer.close();
        renderer = null;
    }

    @Override
    public void close() {
        closeRenderer();
    }
}
