package dev.lucent.backend.cpu;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.Hit;
import dev.lucent.compile.Intersector;
import dev.lucent.integrator.CameraRayGenerator;
import dev.lucent.integrator.RayOffset;
import dev.lucent.integrator.SurfaceInteraction;
import dev.lucent.sampling.Hashing;
import dev.lucent.sampling.Warps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ray-casting throughput of the CPU backend's intersector (closest hit, no shading), for {@code lucent bench}:
 * <ul>
 * <li>primary rays: one camera ray per pixel through a jittered point of the pixel;
 * <li>diffuse bounce rays: from each primary hit, a cosine-distributed direction about the shading normal on
 *     the side the camera sees, origin offset as the integrator does (rays whose primary ray missed are left
 *     out). These are incoherent, like the integrator's extension rays.
 * </ul>
 * Rays are generated before timing; the timed loop only traces them, split into chunks of
 * {@value #CHUNK} rays that the threads take from a shared counter, repeated until at least
 * {@code minSeconds} have passed. Alpha cut-outs are ignored (no hit filter).
 */
public final class CpuRayBenchmark {
    static final int CHUNK = 1024;

    /** Throughput of one ray set: rays traced, wall seconds, process CPU seconds, hits. */
    public record Result(long rays, double seconds, double cpuSeconds, long hits) {
        public double mraysPerSecond() {
            return seconds > 0 ? rays / seconds / 1e6 : 0;
        }

        /** CPU time per ray in nanoseconds (all threads together). */
        public double cpuNanosPerRay() {
            return rays > 0 ? cpuSeconds * 1e9 / rays : 0;
        }
    }

    private final CpuBackend backend;
    private final CompiledScene scene;
    private final int threads;

    /** @param backend prepared with {@code scene}; its intersector is measured */
    public CpuRayBenchmark(CpuBackend backend, CompiledScene scene, int threads) {
        this.backend = backend;
        this.scene = scene;
        this.threads = Math.max(1, threads);
    }

    /** Primary rays of a width x height image: origin xyz and unit direction xyz per ray. */
    public float[] primaryRays(int width, int height) {
        CameraRayGenerator camera = CameraRayGenerator.of(scene, width, height);
        float[] rays = new float[6 * width * height], ray = new float[6], scratch = new float[2];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int h = Hashing.hash(x, y);
                float jx = Hashing.toUnitFloat(h), jy = Hashing.toUnitFloat(Hashing.mix(h));
                camera.generate(x + jx, y + jy, 0.5f, 0.5f, ray, scratch);
                System.arraycopy(ray, 0, rays, 6 * (y * width + x), 6);
            }
        }
        return rays;
    }

    /** One cosine-distributed bounce ray from the hit of each primary ray that hits something. */
    public float[] diffuseRays(float[] primary) {
        Intersector isect = backend.newIntersector(null);
        Hit hit = new Hit();
        SurfaceInteraction si = new SurfaceInteraction();
        float[] out = new float[primary.length], dir = new float[3];
        int n = 0;
        for (int i = 0; i < primary.length / 6; i++) {
            int o = 6 * i;
            float dx = primary[o + 3], dy = primary[o + 4], dz = primary[o + 5];
            if (!isect.intersect(primary[o], primary[o + 1], primary[o + 2], dx, dy, dz, 0,
                    Float.POSITIVE_INFINITY, hit)) {
                continue;
            }
            si.compute(scene, hit, dx, dy, dz);
            // Normal on the camera's side, and a frame around it (Duff et al. 2017).
            float side = si.gx * dx + si.gy * dy + si.gz * dz < 0 ? 1 : -1;
            float nx = si.sx * side, ny = si.sy * side, nz = si.sz * side;
            int h = Hashing.hash(i, 0x5eed);
            Warps.sampleCosineHemisphere(Hashing.toUnitFloat(h), Hashing.toUnitFloat(Hashing.mix(h)), dir);
            float sign = Math.copySign(1f, nz), a = -1 / (sign + nz), b = nx * ny * a;
            float tx = 1 + sign * nx * nx * a, ty = sign * b, tz = -sign * nx;
            float bx = b, by = sign + ny * ny * a, bz = -ny;
            float wx = dir[0] * tx + dir[1] * bx + dir[2] * nx;
            float wy = dir[0] * ty + dir[1] * by + dir[2] * ny;
            float wz = dir[0] * tz + dir[1] * bz + dir[2] * nz;
            float g = wx * si.gx + wy * si.gy + wz * si.gz < 0 ? -1 : 1;
            out[6 * n] = RayOffset.offset(si.px, g * si.gx);
            out[6 * n + 1] = RayOffset.offset(si.py, g * si.gy);
            out[6 * n + 2] = RayOffset.offset(si.pz, g * si.gz);
            out[6 * n + 3] = wx;
            out[6 * n + 4] = wy;
            out[6 * n + 5] = wz;
            n++;
        }
        return java.util.Arrays.copyOf(out, 6 * n);
    }

    /** Traces {@code rays} (closest hit) repeatedly for at least {@code minSeconds}; the throughput. */
    public Result trace(float[] rays, double minSeconds) {
        int count = rays.length / 6;
        if (count == 0) return new Result(0, 0, 0, 0);
        int chunks = (count + CHUNK - 1) / CHUNK;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lucent-bench");
            t.setDaemon(true);
            return t;
        });
        try {
            long traced = 0, hits = 0;
            double cpu0 = CpuTime.processSeconds();
            long t0 = System.nanoTime();
            do {
                AtomicInteger next = new AtomicInteger();
                List<Future<Long>> futures = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    futures.add(pool.submit(() -> {
                        Intersector isect = backend.newIntersector(null);
                        Hit hit = new Hit();
                        long h = 0;
                        for (int c; (c = next.getAndIncrement()) < chunks;) {
                            for (int i = c * CHUNK, end = Math.min(count, i + CHUNK); i < end; i++) {
                                int o = 6 * i;
                                if (isect.intersect(rays[o], rays[o + 1], rays[o + 2], rays[o + 3], rays[o + 4],
                                        rays[o + 5], 0, Float.POSITIVE_INFINITY, hit)) {
                                    h++;
                                }
                            }
                        }
                        return h;
                    }));
                }
                for (Future<Long> f : futures) hits += f.get();
                traced += count;
            } while ((System.nanoTime() - t0) / 1e9 < minSeconds);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(traced, seconds, CpuTime.processSeconds() - cpu0, hits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
