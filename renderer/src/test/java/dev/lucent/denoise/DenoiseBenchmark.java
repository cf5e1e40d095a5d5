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

    /** No argument: {@link #run}; "nfor": {@link #crossHalf}; "cascade": {@link #cascade} instead. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("nfor")) new DenoiseBenchmark().crossHalf();
        else if (args.length > 0 && args[0].equals("cascade")) new DenoiseBenchmark().cascade();
        else new DenoiseBenchmark().run();
    }

    /**
     * {@link #run}'s input at 128 spp with the firefly cascade of {@link dev.lucent.image.LuminanceCascade#DEFAULT}:
     * each pixel's colour split by its own luminance (as if every sample had the mean's), plus one sample of
     * luminance 10 in 1% of the pixels (in the buffers of scale 4 and 16). Times {@link CascadeReweightFilter}
     * alone, and {@code cpu} with and without the cascade, best of 3 after 2 warm-ups, every available processor.
     */
    @Test
    void cascade() {
        dev.lucent.image.LuminanceCascade c = dev.lucent.image.LuminanceCascade.DEFAULT;
        DenoiseInput plain = scene(W, H).noisy(0.5, 1);
        int n = W * H, spp = 128;
        float[] colour = plain.color().clone();
        float[] means = new float[3 * c.count() * n];
        float[] scales = c.scales();
        SplittableRandom r = new SplittableRandom(3);
        for (int p = 0; p < n; p++) {
            float lum = dev.lucent.image.LuminanceCascade.luminance(colour[3 * p], colour[3 * p + 1], colour[3 * p + 2]);
            int lo = c.lowerIndex(lum);
            float wl = c.lowerWeight(lum, scales[lo]);
            for (int ch = 0; ch < 3; ch++) {
                means[3 * (lo * n + p) + ch] += wl * colour[3 * p + ch];
                means[3 * ((lo + 1) * n + p) + ch] += (1 - wl) * colour[3 * p + ch];
            }
            if (r.nextInt(100) == 0) {
                for (int ch = 0; ch < 3; ch++) {
                    colour[3 * p + ch] += 10f / spp;
                    means[3 * (4 * n + p) + ch] += 0.2f * 10f / spp;
                    means[3 * (5 * n + p) + ch] += 0.8f * 10f / spp;
                }
            }
        }
        DenoiseInput in = new DenoiseInput(W, H, colour, plain.albedo(), plain.normal(), plain.depth(),
                plain.variance(), spp, plain.emission(), null, null, new CascadeLayers(c, means));
        DenoiseInput without = new DenoiseInput(W, H, colour, plain.albedo(), plain.normal(), plain.depth(),
                plain.variance(), spp, plain.emission(), null, null);
        int cores = Runtime.getRuntime().availableProcessors();
        CascadeReweightFilter reweight = new CascadeReweightFilter(cores);
        System.out.printf(Locale.ROOT, "CascadeReweightFilter 1920x1080, %d threads: %.0f ms%n", cores,
                bestMs(3, () -> reweight.apply(in)));
        CpuDenoiser d = new CpuDenoiser(CpuDenoiserSettings.defaults(), cores);
        System.out.printf(Locale.ROOT, "CpuDenoiser 1920x1080 with the cascade, %d threads: %.0f ms%n", cores,
                bestMs(3, () -> d.denoise(in)));
        System.out.printf(Locale.ROOT, "CpuDenoiser 1920x1080 without, %d threads: %.0f ms%n", cores,
                bestMs(3, () -> d.denoise(without)));
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
