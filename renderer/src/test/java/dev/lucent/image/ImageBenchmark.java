package dev.lucent.image;

import static dev.lucent.bench.BenchmarkTimer.bestMs;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the image hot paths at 1920x1080: film accumulation, filter sampling, display transform,
 * PNG and EXR encoding and EXR decoding. Tagged "slow", so the build's Surefire configuration excludes it;
 * run it through {@link #main} on the test classpath (docs/benchmarks.md gives the command). Best of several
 * runs after warm-up; figures go to docs/benchmarks.md.
 */
@Tag("slow")
class ImageBenchmark {
    private static final int W = 1920, H = 1080;
    private static double sink;

    public static void main(String[] args) {
        new ImageBenchmark().run();
    }

    private static void report(String what, double ms, String extra) {
        System.out.printf(Locale.ROOT, "%-44s %9.1f ms  %s%n", what, ms, extra);
    }

    @Test
    void run() {
        SplittableRandom r = new SplittableRandom(1);
        int n = W * H;
        float[] radiance = new float[n * 3];
        for (int i = 0; i < radiance.length; i++) radiance[i] = (float) (r.nextDouble() * r.nextDouble() * 4);

        Film film = new Film(W, H);
        double addMs = bestMs(3, () -> {
            for (int p = 0; p < n; p++) {
                film.addSample(p, radiance[3 * p], radiance[3 * p + 1], radiance[3 * p + 2], 0.5f, 0.5f, 0.5f,
                        0f, 1f, 0f, 3f);
            }
        });
        report("Film.addSample, 1 spp, 1 thread", addMs, String.format(Locale.ROOT, "%.1f M samples/s", n / addMs / 1e3));

        float[] d = new float[2];
        float[] us = new float[2 * 1_000_000];
        for (int i = 0; i < us.length; i++) us[i] = r.nextFloat();
        for (PixelFilter f : new PixelFilter[] {new BoxFilter(), new TentFilter(), new GaussianFilter(),
                new BlackmanHarrisFilter()}) {
            double ms = bestMs(5, () -> {
                float acc = 0;
                for (int i = 0; i < us.length; i += 2) {
                    f.sample(us[i], us[i + 1], d);
                    acc += d[0] + d[1];
                }
                sink += acc; // keeps the JIT from removing the loop
            });
            report("PixelFilter.sample " + f.name() + ", 1M", ms, String.format(Locale.ROOT, "%.0f M/s", 1e3 / ms));
        }

        for (String tm : ToneMapper.names()) {
            DisplayTransform t = new DisplayTransform(0, ToneMapper.named(tm), false);
            double ms = bestMs(3, () -> t.apply(W, H, radiance));
            report("DisplayTransform " + tm, ms, "");
        }
        DisplayTransform dithered = new DisplayTransform(0, new NeutralToneMapper(), true);
        report("DisplayTransform neutral + dither", bestMs(3, () -> dithered.apply(W, H, radiance)), "");

        LdrImage ldr = new DisplayTransform(0, new NeutralToneMapper(), false).apply(film);
        byte[][] png = new byte[1][];
        double pngMs = bestMs(3, () -> png[0] = PngWriter.encode(ldr, ImageMetadata.lucent()));
        report("PngWriter.encode", pngMs, (png[0].length >> 10) + " KiB");

        ExrImage output = FilmIo.outputImage(film, ImageMetadata.lucent());
        ExrImage state = FilmIo.stateImage(film, ImageMetadata.lucent());
        for (ExrCompression c : ExrCompression.values()) {
            byte[][] exr = new byte[1][];
            double ms = bestMs(3, () -> exr[0] = ExrWriter.encode(output, c));
            report("ExrWriter.encode output, 14 ch, " + c, ms, (exr[0].length >> 10) + " KiB");
            report("ExrReader.decode output, " + c, bestMs(3, () -> ExrReader.decode(exr[0], null)), "");
            byte[][] st = new byte[1][];
            ms = bestMs(3, () -> st[0] = ExrWriter.encode(state, c));
            report("ExrWriter.encode film state, 28 ch, " + c, ms, (st[0].length >> 10) + " KiB");
            report("FilmIo state decode + rebuild, " + c,
                    bestMs(3, () -> FilmIo.fromState(ExrReader.decode(st[0], null), null)), "");
        }
        if (sink == 42) System.out.println();
    }
}
