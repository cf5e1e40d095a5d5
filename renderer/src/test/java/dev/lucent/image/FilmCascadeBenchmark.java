package dev.lucent.image;

import static dev.lucent.bench.BenchmarkTimer.bestMs;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cost of the firefly cascade in the film: {@link Film#addSample} (the 18-argument form the CPU backend calls)
 * into a film that records no cascade ({@link Film#Film(int, int)}) and into one recording
 * {@link LuminanceCascade#DEFAULT}, 256x256 pixels x 128 samples on one thread, best of 5 after warm-up; and the
 * film's array bytes per pixel either way. Tagged "slow" (the build excludes it); run through {@link #main} on
 * the test classpath (docs/benchmarks.md "Branch firefly2").
 */
@Tag("slow")
class FilmCascadeBenchmark {
    private static final int W = 256, H = 256, SPP = 128;

    public static void main(String[] args) {
        new FilmCascadeBenchmark().run();
    }

    @Test
    void run() {
        int n = W * H;
        // Heavy-tailed radiance over the cascade's range (1/64 .. 256), as a render's samples are.
        SplittableRandom r = new SplittableRandom(1);
        float[] radiance = new float[3 * 4096];
        for (int i = 0; i < radiance.length; i++) {
            radiance[i] = (float) (r.nextDouble() * r.nextDouble() * r.nextDouble() * 30);
        }
        for (int round = 0; round < 2; round++) {
            for (LuminanceCascade cascade : new LuminanceCascade[] {null, LuminanceCascade.DEFAULT}) {
                double ms = bestMs(5, () -> fill(new Film(W, H, cascade), radiance));
                System.out.printf(Locale.ROOT, "%-44s %6.1f ns per addSample  %5.1f bytes per pixel%n",
                        cascade == null ? "no cascade" : "cascade " + FilmIo.describe(cascade),
                        ms * 1e6 / ((double) n * SPP), bytes(new Film(W, H, cascade)) / (double) n);
            }
        }
    }

    private static void fill(Film film, float[] radiance) {
        int n = film.pixelCount(), m = radiance.length / 3;
        for (int s = 0; s < SPP; s++) {
            for (int p = 0; p < n; p++) {
                int k = 3 * ((p * 31 + s * 977) % m);
                film.addSample(p, radiance[k], radiance[k + 1], radiance[k + 2], 0.5f, 0.5f, 0.5f, 0f, 1f, 0f,
                        3f, 0f, 0f, 0f, 0f, 0f, 3f, 0.5f);
            }
        }
    }

    /** Bytes of the film's per-pixel arrays. */
    static long bytes(Film f) {
        long b = 4L * f.count.length + 8L * f.mean.length + 8L * f.m2.length + 4L * f.albedo.length
                + 4L * f.normal.length + 4L * f.depth.length + 4L * f.depthHits.length + 4L * f.emission.length
                + 4L * f.motion.length + 4L * f.previousDepth.length + 4L * f.roughness.length;
        return f.cascadeHigh == null ? b : b + 4L * f.cascadeHigh.length;
    }
}
