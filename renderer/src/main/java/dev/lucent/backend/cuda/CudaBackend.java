package dev.lucent.backend.cuda;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.PreparedScene;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.denoise.Denoiser;
import dev.lucent.denoise.OptixDenoiser;
import dev.lucent.image.Film;
import dev.lucent.integrator.MotionProjector;
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
    /**
     * The devices' worker threads and contexts, opened once ({@link #openDevicesAsync} or the first render) and
     * kept over renderers (a new film size makes a new renderer, not new contexts); closed with the backend.
     */
    private CudaDeviceWorkers workers;
    private final CudaSchedule schedule;
    /** The schedule renders of the current renderer run; null until AUTO has probed. */
    private CudaSchedule chosen;
    /**
     * For the per-device backends of one {@link #forDevice} family: the AUTO choice they share, made by device
     * slot 0 ({@code leader}) on its first frame, so every device renders the sequence with the schedule one
     * backend over all devices would have chosen there (the two schedules agree only to float rounding).
     */
    private SharedChoice family;
    private boolean leader;
    private SharedChoice children;

    /**
     * An AUTO schedule choice made once and read by several backends. The others wait at most {@link
     * #WAIT_MILLIS} for it (the leader may have no frame to render, e.g. a resumed frame that was complete), then
     * probe their own frame.
     */
    private static final class SharedChoice {
        static final long WAIT_MILLIS = 30_000;
        private boolean made;
        private CudaSchedule value;

        /** The first call sets the choice (null: the leader failed before choosing); later calls change nothing. */
        synchronized void set(CudaSchedule s) {
            if (made) return;
            value = s;
            made = true;
            notifyAll();
        }

        /** The leader's choice, or null when it failed or did not choose in time. */
        synchronized CudaSchedule await() {
            long end = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
            try {
                for (long left = WAIT_MILLIS; !made && left > 0; left = (end - System.nanoTime()) / 1_000_000L) {
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schedule choice", e);
            }
            return value;
        }
    }
    /** Motion from the previous frame for the next renders, or null. */
    private MotionProjector motion;
    /** firstSample of the last render: 0 when the device accumulation holds every sample of the film. */
    private int lastFirstSample = -1;

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
            CudaSchedule.wavefrontBouncesPerCameraRay(); // a bad override fails here, not at the first render
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
        try {
            return renderOnce(film, firstSample, sampleCount, progress);
        } catch (RuntimeException | Error e) {
            if (leader) family.set(null); // no choice will come: the others probe for themselves
            throw e;
        }
    }

    private RenderStats renderOnce(Film film, int firstSample, int sampleCount, RenderProgress progress) {
        CompiledScene scene = prepared.scene();
        RenderOptions options = prepared.options();
        long t0 = System.nanoTime();
        if (renderer != null && (renderer.width() != film.width() || renderer.height() != film.height())) closeRenderer();
        if (renderer == null) {
            openDevicesAsync();
            renderer = new CudaRenderer(workers, false, scene, film.width(), film.height(), options.maxDepth(),
                    options.clamp(), options.seed(), options.filter());
            if (SETUP_LOG) {
                System.err.printf(java.util.Locale.ROOT, "cuda setup: renderer %.1f ms (host tables %.1f ms; device "
                        + "opening %s ms, each on its thread from openDevicesAsync, begun %.1f ms before the "
                        + "renderer, ended %.1f ms into it; upload %s ms)%n",
                        renderer.setupMillis(), renderer.hostMillis(), millis(renderer.openMillis()),
                        renderer.openLeadMillis(), renderer.openWaitMillis(), millis(renderer.tracerMillis()));
            }
            renderer.setCountRays(true);
            prepared.takeInstancesChanged();
            chosen = schedule == CudaSchedule.AUTO ? null : schedule;
            if (chosen != null) renderer.setWavefront(chosen == CudaSchedule.WAVEFRONT);
        } else if (prepared.takeInstancesChanged()) {
            renderer.updateInstances();
        }
        if (chosen == null) {
            long p0 = System.nanoTime();
            // AUTO: a megakernel pass of sample 0, counted and thrown away, decides (CudaSchedule.choose).
            if (family == null) {
                chosen = CudaSchedule.choose(renderer.probeRayCounts(0));
            } else if (leader) {
                try {
                    chosen = CudaSchedule.choose(renderer.probeRayCounts(0));
                } finally {
                    family.set(chosen);
                }
            } else {
                CudaSchedule shared = family.await();
                chosen = shared != null ? shared : CudaSchedule.choose(renderer.probeRayCounts(0));
            }
            renderer.setWavefront(chosen == CudaSchedule.WAVEFRONT);
            if (SETUP_LOG) {
                System.err.printf(java.util.Locale.ROOT, "cuda setup: schedule probe %.1f ms -> %s%n",
                        (System.nanoTime() - p0) / 1e6, chosen);
            }
        }
        long r0 = System.nanoTime();
        renderer.setMotion(motion);
        renderer.render(film, firstSample, sampleCount);
        if (SETUP_LOG) {
            StringBuilder bands = new StringBuilder();
            for (double[] b : renderer.lastBandTimes()) {
                bands.append(String.format(java.util.Locale.ROOT, " [alloc %.1f, merge %.1f]", b[0], b[1]));
            }
            System.err.printf(java.util.Locale.ROOT, "cuda setup: render call %.1f ms (per device ms:%s), whole "
                    + "backend render %.1f ms%n", (System.nanoTime() - r0) / 1e6, bands,
                    (System.nanoTime() - t0) / 1e6);
        }
        lastFirstSample = firstSample;
        long[] rays = renderer.lastRayCounts();
        long samples = (long) film.width() * film.height() * sampleCount;
        if (progress != null) progress.update(samples, samples);
        return new RenderStats(samples, rays[0], rays[1], rays[2], (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public int deviceCount() {
        return devices.length;
    }

    /**
     * A CUDA backend on device {@code devices[index]} alone (the same schedule property). With the AUTO schedule
     * the backends of one family share one choice: index 0's probe of its first frame, which the others wait
     * for, so index 0 must render.
     */
    @Override
    public RenderBackend forDevice(int index) {
        if (index < 0 || index >= devices.length) {
            throw new IndexOutOfBoundsException("device slot " + index + " of " + devices.length);
        }
        CudaBackend b = new CudaBackend(Integer.toString(devices[index]));
        synchronized (this) {
            if (children == null) children = new SharedChoice();
            b.family = children;
        }
        b.leader = index == 0;
        return b;
    }

    /**
     * Motion vectors from the previous frame for the renders that follow (null: none); uploaded to the devices
     * at each render, after the frame's instances. Returns true: this backend computes the motion AOV.
     */
    @Override
    public boolean setMotion(MotionProjector projector) {
        motion = projector;
        return true;
    }

    /**
     * The film of the last render denoised by an {@link OptixDenoiser} straight from the device accumulation (the
     * OptiX device path: no host round trip of the denoiser inputs), or null when that path does not apply and
     * the caller must use the host path: another denoiser, a temporal one, more than one device, a device other
     * than 0 (the OptiX bridge works in device 0's primary context), or a film that holds samples the device did
     * not add in the last render (a resumed or progressive film: {@code firstSample} of that render was not 0).
     */
    @Override
    public float[] denoiseOnDevice(Denoiser d, Film film) {
        if (!(d instanceof OptixDenoiser denoiser)) return null;
        if (renderer == null || denoiser.temporal() || renderer.deviceCount() != 1 || devices[0] != 0
                || lastFirstSample != 0 || film.width() != renderer.width() || film.height() != renderer.height()) {
            return null;
        }
        return renderer.denoiseOnDevice(denoiser);
    }

    /** The schedule renders run: the one named, or AUTO's choice once the first pass has run (else AUTO). */
    public CudaSchedule schedule() {
        return chosen != null ? chosen : schedule;
    }

    /**
     * Starts opening this backend's devices, one thread each, with the tracer's kernels loaded ({@link
     * CudaDeviceWorkers}); returns at once. The first render waits for them.
     */
    @Override
    public synchronized void openDevicesAsync() {
        if (workers == null) workers = new CudaDeviceWorkers(devices, CudaRenderer.TRACER_MODULE);
    }

    /**
     * System property: with {@code -Dlucent.cuda.setupLog=true} each render prints its setup times (device
     * opening, upload, schedule probe, render call) on standard error.
     */
    public static final String SETUP_LOG_PROPERTY = "lucent.cuda.setupLog";
    private static final boolean SETUP_LOG = Boolean.getBoolean(SETUP_LOG_PROPERTY);

    private static String millis(double[] ms) {
        StringBuilder b = new StringBuilder();
        for (double m : ms) b.append(b.length() == 0 ? "" : " / ").append(String.format(java.util.Locale.ROOT, "%.1f", m));
        return b.toString();
    }

    private void closeRenderer() {
        if (renderer != null) renderer.close();
        renderer = null;
    }

    @Override
    public void close() {
        try {
            closeRenderer();
        } finally {
            synchronized (this) {
                if (workers != null) workers.close();
                workers = null;
            }
        }
    }
}
