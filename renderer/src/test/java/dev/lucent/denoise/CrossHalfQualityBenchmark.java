package dev.lucent.denoise;

import dev.lucent.image.ExrReader;
import dev.lucent.image.NeutralToneMapper;
import dev.lucent.metrics.DisplayEncoding;
import dev.lucent.metrics.ImageComparison;
import dev.lucent.metrics.ImageMetrics;
import dev.lucent.metrics.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Quality of {@link CrossHalfDenoiser} against {@link CpuDenoiser} on two half-buffer renders of a scene:
 * {@code main(EXPOSURE, REF.exr, HALF1.exr, HALF2.exr)} prints PSNR, SSIM and FLIP (display signal at
 * EXPOSURE stops, Khronos PBR Neutral, as {@code lucent compare}) of the raw combined image, of
 * {@code CpuDenoiser} on the combined image and of {@code CrossHalfDenoiser}, plus how often each candidate
 * was chosen and the denoise times (one run each, JIT not warmed). The halves are two renders of the same
 * scene and settings with different seeds, each with half the samples; docs/benchmarks.md gives the commands.
 *
 * <p>System properties for experiments: {@code nfor.radius} (default 4), {@code nfor.bank} (comma-separated
 * candidates, see {@link #candidate}; default {@link CrossHalfDenoiser#defaultBank}), {@code nfor.gamma}
 * (default 1), {@code nfor.halves} (true: no refilter), {@code nfor.threads} (default 2), {@code nfor.diag}
 * (true: each candidate alone and the oracle selections).
 */
final class CrossHalfQualityBenchmark {
    private CrossHalfQualityBenchmark() {}

    public static void main(String[] args) {
        double exposure = Double.parseDouble(args[0]);
        DenoiseInput ref = DenoiseInput.fromExr(ExrReader.read(Path.of(args[1])), Path.of(args[1]));
        DenoiseInput h1 = DenoiseInput.fromExr(ExrReader.read(Path.of(args[2])), Path.of(args[2]));
        DenoiseInput h2 = DenoiseInput.fromExr(ExrReader.read(Path.of(args[3])), Path.of(args[3]));
        int threads = Integer.getInteger("nfor.threads", 2);
        int radius = Integer.getInteger("nfor.radius", 4);
        List<CrossFilter> bank = CrossHalfDenoiser.defaultBank(threads);
        List<String> names = List.of("2.5", "reg:6:1");
        String spec = System.getProperty("nfor.bank");
        if (spec != null) {
            bank = new ArrayList<>();
            names = List.of(spec.split(","));
            for (String s : names) bank.add(candidate(s, threads));
        }
        boolean refilter = !Boolean.getBoolean("nfor.halves");
        HalfBufferInput halves = new HalfBufferInput(h1, h2);
        DenoiseInput all = halves.combined();
        DisplayEncoding enc = new DisplayEncoding(exposure, new NeutralToneMapper());
        int w = all.width(), h = all.height();
        RgbImage reference = new RgbImage(w, h, ref.color());
        long t0 = System.nanoTime();
        float[] cpu = new CpuDenoiser(CpuDenoiserSettings.defaults(), threads).denoise(all);
        long t1 = System.nanoTime();
        double gamma = Double.parseDouble(System.getProperty("nfor.gamma", "1"));
        CrossHalfDenoiser nfor = new CrossHalfDenoiser(bank, radius, refilter, gamma, threads);
        CrossHalfDenoiser.Result r = nfor.run(halves);
        long t2 = System.nanoTime();
        print("raw", ImageMetrics.compare(new RgbImage(w, h, all.color()), reference, enc), 0);
        print("cpu", ImageMetrics.compare(new RgbImage(w, h, cpu), reference, enc), (t1 - t0) / 1e9);
        print("cpu-nfor", ImageMetrics.compare(new RgbImage(w, h, r.image()), reference, enc), (t2 - t1) / 1e9);
        int[] counts = new int[bank.size() + 1];
        for (int c : r.choice()) counts[c + 1]++;
        StringBuilder sb = new StringBuilder("chosen: raw " + counts[0]);
        for (int k = 0; k < bank.size(); k++) sb.append(", ").append(names.get(k)).append(' ')
                .append(counts[k + 1]);
        System.out.println(sb);
        if (Boolean.getBoolean("nfor.diag")) {
            diagnose(bank, names, all, reference, enc);
            tail("raw", all.color(), reference, enc);
            tail("cpu-nfor", r.image(), reference, enc);
        }
    }

    /** Share of the squared display-signal error held by the 1% and 10% of pixels with the largest error. */
    private static void tail(String what, float[] image, RgbImage reference, DisplayEncoding enc) {
        int w = reference.width(), h = reference.height(), n = w * h;
        float[] t = enc.encode(new RgbImage(w, h, image)).rgb();
        float[] r = enc.encode(reference).rgb();
        double[] e = new double[n];
        double total = 0;
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                double d = t[3 * p + c] - r[3 * p + c];
                e[p] += d * d;
            }
            total += e[p];
        }
        java.util.Arrays.sort(e);
        double top1 = 0, top10 = 0;
        for (int i = 0; i < n / 10; i++) {
            if (i < n / 100) top1 += e[n - 1 - i];
            top10 += e[n - 1 - i];
        }
        System.out.printf(Locale.ROOT, "%s: 1%% of the pixels hold %.0f%% of the squared error, 10%% hold %.0f%%%n",
                what, 100 * top1 / total, 100 * top10 / total);
    }

    /**
     * "SIGMA" a {@link CpuDenoiser} with that colour sigma; "reg:R:K[:RATIO]" a {@link RegressionFilter} (outlier
     * ratio RATIO, default off); "out:RATIO" the {@link OutlierFilter} alone.
     */
    private static CrossFilter candidate(String spec, int threads) {
        String[] f = spec.split(":");
        if (f[0].equals("reg")) {
            return new RegressionFilter(Integer.parseInt(f[1]), Float.parseFloat(f[2]),
                    f.length > 3 ? Float.parseFloat(f[3]) : 0f, threads);
        }
        if (f[0].equals("out")) {
            OutlierFilter outliers = new OutlierFilter(Float.parseFloat(f[1]), threads);
            return (values, weightsFrom) -> outliers.apply(values).color();
        }
        CpuDenoiserSettings d = CpuDenoiserSettings.defaults();
        return CrossFilter.of(new CpuDenoiser(new CpuDenoiserSettings(d.levels(), Float.parseFloat(f[0]),
                d.normalSigma(), d.albedoSigma(), d.depthSigma(), d.fireflyRatio(), d.outlierRatio()), threads));
    }

    /**
     * Each candidate alone on the combined image, and the oracle selections: per pixel the candidate (or raw)
     * with the smallest display-signal error against the reference, exactly and after averaging the error
     * over the selection box.
     */
    private static void diagnose(List<CrossFilter> bank, List<String> names, DenoiseInput all, RgbImage reference,
                                 DisplayEncoding enc) {
        int w = all.width(), h = all.height(), n = w * h;
        float[] r = enc.encode(reference).rgb();
        List<float[]> display = new ArrayList<>();
        display.add(enc.encode(new RgbImage(w, h, all.color())).rgb());
        for (int k = 0; k < bank.size(); k++) {
            float[] f = bank.get(k).filter(all, all);
            print(names.get(k), ImageMetrics.compare(new RgbImage(w, h, f), reference, enc), 0);
            display.add(enc.encode(new RgbImage(w, h, f)).rgb());
        }
        for (int radius : new int[] {0, 2, 4}) {
            float[][] err = new float[display.size()][];
            for (int k = 0; k < display.size(); k++) {
                float[] e = new float[n];
                float[] d = display.get(k);
                for (int p = 0; p < n; p++) {
                    for (int c = 0; c < 3; c++) {
                        float x = d[3 * p + c] - r[3 * p + c];
                        e[p] += x * x;
                    }
                }
                err[k] = box(e, w, h, radius);
            }
            double sum = 0;
            for (int p = 0; p < n; p++) {
                int best = 0;
                for (int k = 1; k < err.length; k++) if (err[k][p] < err[best][p]) best = k;
                for (int c = 0; c < 3; c++) {
                    double x = display.get(best)[3 * p + c] - r[3 * p + c];
                    sum += x * x;
                }
            }
            System.out.printf(Locale.ROOT, "oracle selection, error box radius %d: PSNR %.2f%n", radius,
                    -10 * Math.log10(sum / (3.0 * n)));
        }
    }

    private static float[] box(float[] v, int w, int h, int r) {
        float[] o = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int c = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                        s += v[yy * w + xx];
                        c++;
                    }
                }
                o[y * w + x] = (float) (s / c);
            }
        }
        return o;
    }

    private static void print(String what, ImageComparison c, double seconds) {
        System.out.printf(Locale.ROOT, "%-9s PSNR %.2f SSIM %.4f FLIP %.4f  %.2f s%n", what, c.psnr(), c.ssim(),
                c.flip(), seconds);
    }
}
