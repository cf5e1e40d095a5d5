package dev.lucent.backend.cpu;

import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.HitFilter;
import dev.lucent.compile.Intersector;
import dev.lucent.compile.SceneIntersector;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.image.Film;
import dev.lucent.integrator.CameraRayGenerator;
import dev.lucent.integrator.IntegratorSettings;
import dev.lucent.integrator.MotionProjector;
import dev.lucent.integrator.PathIntegrator;
import dev.lucent.integrator.PathSample;
import dev.lucent.integrator.SceneEmissionSource;
import dev.lucent.light.EnvironmentLight;
import dev.lucent.light.LightSampler;
import dev.lucent.light.PunctualLight;
import dev.lucent.light.TriangleLight;
import dev.lucent.material.MaterialEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU backend: {@link PathIntegrator} on a pool of worker threads. The image is cut into
 * {@value #TILE}x{@value #TILE} pixel tiles; workers take the next tile from a shared atomic counter until
 * none are left, so both fast and slow tiles keep every thread busy. A worker renders all of this call's
 * samples of one pixel, in sample-index order, before moving to the next pixel, and only it touches that
 * pixel's film state: the film is bit-identical whatever the number of threads or the order tiles finish in
 * (see {@link dev.lucent.image.Film}).
 *
 * <p>{@link #prepare} builds the per-scene state shared by the workers (material evaluator, light sampler,
 * and for scenes of up to {@value FlatSceneBvh#MAX_TRIANGLES} rendered triangles the flattened
 * {@link FlatSceneBvh}, traced instead of the two-level compiled BVH);
 * the environment's sampling distribution is kept across prepares of the same scene while the environment
 * is unchanged (batch frames move instances, not the sky). Each {@link #render} call starts one
 * integrator per worker.
 */
public final class CpuBackend implements RenderBackend {
    public static final String NAME = "cpu";
    /** Tile edge in pixels. */
    public static final int TILE = 16;

    private CompiledScene scene;
    private RenderOptions options;
    private MaterialEvaluator materials;
    private LightSampler lights;
    private FlatSceneBvh flat;
    private boolean flatten = true;
    private ExecutorService pool;
    private int poolThreads;
    private MotionProjector motion;

    // Environment reuse across prepares.
    private CompiledScene environmentScene;
    private float[] environmentKey;
    private EnvironmentLight environment;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceName() {
        int n = options != null ? options.resolvedThreads() : Runtime.getRuntime().availableProcessors();
        return n + " CPU thread" + (n == 1 ? "" : "s");
    }

    /** Computes the motion AOV with {@code projector} (null: motion 0). */
    @Override
    public boolean setMotion(MotionProjector projector) {
        this.motion = projector;
        return true;
    }

    @Override
    public void prepare(CompiledScene scene, RenderOptions options) {
        this.scene = scene;
        this.options = options;
        this.materials = MaterialEvaluator.of(scene);
        SceneEmissionSource emission = new SceneEmissionSource(scene, materials);
        PunctualLight[] punctual = new PunctualLight[scene.lightCount];
        for (int i = 0; i < punctual.length; i++) punctual[i] = new PunctualLight(scene.lights, i);
        float[] key = environmentKey(scene);
        if (environment == null || environmentScene != scene || !java.util.Arrays.equals(key, environmentKey)) {
            environment = EnvironmentLight.fromScene(scene);
            environmentScene = scene;
            environmentKey = key;
        }
        this.lights = new LightSampler(punctual, TriangleLight.fromScene(scene, emission), environment,
                LightSampler.sceneRadius(scene.globals));
        flat = flatten && FlatSceneBvh.suits(scene) ? FlatSceneBvh.build(scene, scene.options().bvh()) : null;
        int threads = options.resolvedThreads();
        if (pool == null || poolThreads != threads) {
            if (pool != null) pool.shutdownNow();
            AtomicInteger id = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "lucent-cpu-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            poolThreads = threads;
        }
    }

    /** What the environment light depends on in LcSceneGlobals: image, intensity, rotation, background. */
    private static float[] environmentKey(CompiledScene scene) {
        return new float[] {scene.globals.getInt(LcSceneGlobals.ENV_IMAGE),
            scene.globals.getFloat(LcSceneGlobals.ENV_INTENSITY), scene.globals.getFloat(LcSceneGlobals.ENV_ROTATION),
            scene.globals.getFloat(LcSceneGlobals.BACKGROUND), scene.globals.getFloat(LcSceneGlobals.BACKGROUND + 4),
            scene.globals.getFloat(LcSceneGlobals.BACKGROUND + 8)};
    }

    /**
     * Whether {@link #prepare} may flatten small scenes into a {@link FlatSceneBvh} (default true); false
     * traces the compiled two-level BVH, for tests and benchmarks. Takes effect at the next prepare.
     */
    public CpuBackend setFlattening(boolean flatten) {
        this.flatten = flatten;
        return this;
    }

    /**
     * A new intersector over the prepared scene, the one the render threads use (flattened or two-level),
     * with {@code filter} for alpha-tested materials (may be null). One per thread.
     */
    public Intersector newIntersector(HitFilter filter) {
        if (scene == null) throw new IllegalStateException("newIntersector before prepare");
        return flat != null ? new FlatSceneIntersector(flat, filter) : new SceneIntersector(scene, filter);
    }

    /** True when the last {@link #prepare} flattened the scene. */
    public boolean flattened() {
        return flat != null;
    }

    /** The light sampler of the last {@link #prepare}, for benchmarks and tests. */
    public LightSampler lightSampler() {
        return lights;
    }

    /** The material evaluator of the last {@link #prepare}. */
    public MaterialEvaluator materialEvaluator() {
        return materials;
    }

    @Override
    public RenderStats render(Film film, int firstSample, int sampleCount, RenderProgress progress) {
        if (scene == null) throw new IllegalStateException("render before prepare");
        if (firstSample < 0 || sampleCount < 0) {
            throw new IllegalArgumentException("samples " + firstSample + " + " + sampleCount);
        }
        int[] range = film.sampleCountRange();
        if (range[0] != firstSample || range[1] != firstSample) {
            throw new IllegalArgumentException("the film's pixels hold " + range[0] + " to " + range[1]
                    + " samples; rendering must continue from " + firstSample);
        }
        long t0 = System.nanoTime();
        int width = film.width(), height = film.height();
        int tilesX = (width + TILE - 1) / TILE, tilesY = (height + TILE - 1) / TILE;
        int tileCount = tilesX * tilesY;
        long total = (long) width * height * sampleCount;
        AtomicInteger nextTile = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        CameraRayGenerator camera = CameraRayGenerator.of(scene, width, height);
        IntegratorSettings settings = options.integratorSettings();
        int workers = Math.min(poolThreads, Math.max(1, tileCount));
        List<Future<long[]>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                PathIntegrator integrator = new PathIntegrator(scene, materials, lights, camera, settings,
                        this::newIntersector);
                integrator.setMotion(motion);
                PathSample sample = new PathSample();
                try {
                    renderTiles(integrator, sample, film, firstSample, sampleCount, nextTile, tilesX, tileCount,
                            done, total, progress);
                } catch (RuntimeException | Error e) {
                    nextTile.set(tileCount); // the other workers stop after their current tile
                    throw e;
                }
                return new long[] {integrator.cameraRays, integrator.extensionRays, integrator.shadowRays};
            }));
        }
        long camera0 = 0, extension = 0, shadow = 0;
        Throwable failure = null;
        for (Future<long[]> f : futures) {
            try {
                long[] r = f.get();
                camera0 += r[0];
                extension += r[1];
                shadow += r[2];
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                nextTile.set(tileCount);
                if (failure == null) failure = e;
            }
        }
        if (failure != null) {
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error er) throw er;
            throw new IllegalStateException("render interrupted", failure);
        }
        return new RenderStats(total, camera0, extension, shadow, (System.nanoTime() - t0) / 1e9);
    }

    /** Takes tiles from {@code nextTile} until none are left and renders them into {@code film}. */
    private static void renderTiles(PathIntegrator integrator, PathSample sample, Film film, int firstSample,
            int sampleCount, AtomicInteger nextTile, int tilesX, int tileCount, AtomicLong done, long total,
            RenderProgress progress) {
        int width = film.width(), height = film.height();
        for (int tile; (tile = nextTile.getAndIncrement()) < tileCount;) {
            int x0 = (tile % tilesX) * TILE, y0 = (tile / tilesX) * TILE;
            int x1 = Math.min(x0 + TILE, width), y1 = Math.min(y0 + TILE, height);
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int pixel = y * width + x;
                    for (int s = firstSample, end = firstSample + sampleCount; s < end; s++) {
                        integrator.samplePixel(x, y, s, sample);
                        film.addSample(pixel, sample.r, sample.g, sample.b, sample.albedoR, sample.albedoG,
                                sample.albedoB, sample.normalX, sample.normalY, sample.normalZ, sample.depth,
                                sample.emissionR, sample.emissionG, sample.emissionB, sample.motionX, sample.motionY,
                                sample.previousDepth, sample.roughness);
                    }
                }
            }
            long d = done.addAndGet((long) (x1 - x0) * (y1 - y0) * sampleCount);
            if (progress != null) progress.update(d, total);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
