package dev.lucent.denoise;

import static dev.lucent.bench.BenchmarkTimer.bestMs;

import dev.lucent.metrics.DisplayEncoding;
import dev.lucent.metrics.ImageMetrics;
import dev.lucent.metrics.RgbImage;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wall-clock time of {@link CpuDenoiser} at 1920x1080 with 1 thread and with every available processor, plus
 * the metrics of {@code lucent compare} at the same size. The input is a synthetic render (rectangles of
 * random albedo and normal over a floor, a hard shadow, relative noise 0.5). Tagged "slow", so the build's
 * Surefire configuration excludes it; run it through {@link #main} on the test classpath (docs/benchmarks.md
 * gives the command). Best of several runs after warm-up.
 */
@Tag("slow")
class DenoiseBenchmark {
    private static final int W = 1920, H = 1080;

    /** No argument: {@link #run}; "nfor": {@link #crossHalf} instead. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("nfor")) new DenoiseBenchmark().crossHalf();
        else new DenoiseBenchmark().run();
    }

    static SyntheticRender scene(int w, int h) {
        SyntheticRender s = new SyntheticRender(w, h);
        SplittableRandom r = new SplittableRandom(7);
        float[] floorAlbedo = {0.6f, 0.6f, 0.55f};
        float[] up = {0, 1, 0};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) s.set(x, y, floorAlbedo, up, x > w / 3 && y > h / 2 ? 0.3f : 1.2f);
        }
        for (int k = 0; k < 60; k++) {
            int x0 = r.nextInt(w), y0 = r.nextInt(h), rw = 20 + r.nextInt(w / 6), rh = 20 + r.nextInt(h / 6);
            float[] a = {r.nextFloat(), r.nextFloat(), r.nextFloat()};
            double theta = r.nextDouble() * Math.PI;
            float[] n = {(float) Math.cos(theta), 0, (float) Math.sin(theta)};
            float z = 2 + 8 * r.nextFloat();
            for (int y = y0; y < Math.min(h, y0 + rh); y++) {
                for (int x = x0; x < Math.min(w, x0 + rw); x++) {
                    s.set(x, y, a, n, 0.5f + r.nextFloat() * 0.01f);
                    s.depth[y * w + x] = z;
                }
            }
        }
        return s;
    }

    @Test
    void run() {
        SyntheticRender s = scene(W, H);
        DenoiseInput in = s.noisy(0.5, 1);
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cores}) {
            CpuDenoiser d = new CpuDenoiser(CpuDenoiserSettings.defaults(), threads);
            double ms = bestMs(3, () -> d.denoise(in));
            System.out.printf(Locale.ROOT, "CpuDenoiser 1920x1080, %d thread(s): %.0f ms%n", threads, ms);
        }
        float[] out = new CpuDenoiser().denoise(in);
        RgbImage truth = new RgbImage(W, H, s.truth());
        RgbImage noisy = new RgbImage(W, H, in.color());
        RgbImage denoised = new RgbImage(W, H, out);
        double ms = bestMs(1, () -> ImageMetrics.compare(noisy, truth, DisplayEncoding.defaults()));
        System.out.printf(Locale.ROOT, "ImageMetrics.compare 1920x1080: %.0f ms%n", ms);
        System.out.println("noisy    " + ImageMetrics.compare(noisy, truth, DisplayEncoding.defaults()));
        System.out.println("denoised " + ImageMetrics.compare(denoised, truth, DisplayEncoding.defaults()));
    }

    /**
     * {@link CrossHalfDenoiser} with its default bank at 1920x1080 on every available processor, two halves of
     * relative noise 0.5 sqrt(2) (so that the combined image has the noise {@link #run} gives the single
     * filter); one timed run after a warm-up at a quarter of the size (a run takes tens of seconds), then its
     * regression alone.
     */
    void crossHalf() {
        SyntheticRender s = scene(W, H);
        HalfBufferInput halves = new HalfBufferInput(s.noisy(0.5 * Math.sqrt(2), 1), s.noisy(0.5 * Math.sqrt(2), 2));
        int cores = Runtime.getRuntime().availableProcessors();
        CrossHalfDenoiser d = new CrossHalfDenoiser(CrossHalfDenoiser.defaultBank(cores), 4, true, 1.0, cores);
        SyntheticRender small = scene(W / 4, H / 4);
        d.denoise(new HalfBufferInput(small.noisy(0.7, 1), small.noisy(0.7, 2)));
        long t0 = System.nanoTime();
        d.denoise(halves);
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "CrossHalfDenoiser 1920x1080, %d thread(s): %.0f ms%n", cores, ms);
        DenoiseInput all = halves.combined();
        RegressionFilter r = new RegressionFilter(6, 1f, cores);
        t0 = System.nanoTime();
        r.denoise(all);
        System.out.printf(Locale.ROOT, "RegressionFilter(6, 1) 1920x1080, %d thread(s): %.0f ms%n", cores,
                (System.nanoTime() - t0) / 1e6);
    }
}
