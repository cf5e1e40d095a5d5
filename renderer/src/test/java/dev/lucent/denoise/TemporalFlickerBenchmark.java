package dev.lucent.denoise;

import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.NeutralToneMapper;
import dev.lucent.metrics.DisplayEncoding;
import dev.lucent.metrics.Psnr;
import dev.lucent.metrics.RgbImage;
import dev.lucent.metrics.TemporalFlicker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Flicker and error of a rendered sequence, raw and through each denoiser named, frame by frame or in temporal
 * mode, against a reference sequence (docs/benchmarks.md, "Temporal mode"). Arguments: the directory of the noisy
 * EXRs (from {@code lucent render --frames}, with the motion AOV), the directory of the reference EXRs (same frames
 * and size, many more samples), the frame count, the exposure in stops, the CPU threads, and optionally the
 * denoisers as a comma-separated list of {@link Denoisers} names, {@code NAME:temporal} for the name's temporal
 * mode ({@link Denoisers#sequence}), each optionally followed by {@code @S} to scale the motion AOV by S first (a
 * diagnostic of the motion convention a temporal denoiser expects); {@code NAME:temporal-seeded} denoises the first
 * frame with the per-frame denoiser and hands that to the temporal mode as its history; default
 * {@code cpu,cpu:temporal}. Files are
 * {@code f_0000.exr, f_0001.exr, ...} in both.
 *
 * <p>Per frame pair, {@link TemporalFlicker#frameDifference} of each sequence over the pixels the noisy render's
 * motion and depth make trustworthy, and the same of its error images (display signal minus the reference's):
 * the error's change from frame to frame along the motion is the flicker a viewer sees, while the frame
 * difference also holds the scene's own change. The table gives the means over the pairs, the mean PSNR over
 * frames, and the mean denoising time per frame (wall clock, the first frame included).
 */
public final class TemporalFlickerBenchmark {
    private TemporalFlickerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path noisyDir = Path.of(args[0]);
        Path refDir = Path.of(args[1]);
        int frames = Integer.parseInt(args[2]);
        DisplayEncoding enc = new DisplayEncoding(Double.parseDouble(args[3]), new NeutralToneMapper());
        int threads = Integer.parseInt(args[4]);
        String spec = args.length > 5 ? args[5] : "cpu,cpu:temporal";
        List<String> names = new ArrayList<>(List.of("raw"));
        List<Denoiser> denoisers = new ArrayList<>();
        denoisers.add(null);
        try {
            for (String s : spec.split(",")) {
                int at = s.indexOf('@');
                float flowScale = at < 0 ? 1 : Float.parseFloat(s.substring(at + 1));
                String base = at < 0 ? s : s.substring(0, at);
                boolean seeded = base.endsWith(":temporal-seeded");
                boolean temporal = seeded || base.endsWith(":temporal");
                String name = temporal ? base.substring(0, base.lastIndexOf(':')) : base;
                Denoiser d = temporal ? Denoisers.sequence(name, threads) : Denoisers.byName(name, threads);
                if (seeded) d = new SeededSequence((SequenceDenoiser) d, Denoisers.byName(name, threads));
                denoisers.add(at < 0 ? d : new ScaledMotion(d, flowScale));
                String model = d instanceof OptixDenoiser o ? ", " + o.model() + " ABI " + o.abi() : "";
                names.add(name + (seeded ? " --temporal, first frame per frame" : temporal ? " --temporal"
                        : " (per frame)") + (at < 0 ? "" : ", motion x " + flowScale) + model);
            }
            run(noisyDir, refDir, frames, enc, names, denoisers);
        } finally {
            for (Denoiser d : denoisers) {
                if (d != null) d.close();
            }
        }
    }

    private static void run(Path noisyDir, Path refDir, int frames, DisplayEncoding enc, List<String> names,
                            List<Denoiser> denoisers) {
        int k = denoisers.size(); // sequences; index k is the reference
        double[] flicker = new double[k + 1], errorFlicker = new double[k], psnr = new double[k];
        double[] seconds = new double[k];
        RgbImage[] previous = new RgbImage[k + 1];
        RgbImage[] previousError = new RgbImage[k];
        float[] previousDepth = null;
        int pairs = 0;
        long pixels = 0;
        for (int f = 0; f < frames; f++) {
            String name = String.format(Locale.ROOT, "f_%04d.exr", f);
            DenoiseInput in = DenoiseInput.fromExr(ExrReader.read(noisyDir.resolve(name)));
            ExrImage ref = ExrReader.read(refDir.resolve(name));
            int w = in.width(), h = in.height();
            RgbImage[] now = new RgbImage[k + 1];
            for (int s = 0; s < k; s++) {
                long t0 = System.nanoTime();
                float[] rgb = denoisers.get(s) == null ? in.color() : denoisers.get(s).denoise(in);
                seconds[s] += (System.nanoTime() - t0) / 1e9;
                now[s] = enc.encode(new RgbImage(w, h, rgb));
            }
            now[k] = enc.encode(new RgbImage(w, h, ref.layer("", ExrImage.RGB)));
            RgbImage[] error = new RgbImage[k];
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "frame %d PSNR:", f));
            for (int s = 0; s < k; s++) {
                double p = Psnr.of(now[s], now[k]);
                line.append(String.format(Locale.ROOT, " %s %.2f;", names.get(s), p));
                psnr[s] += p;
                float[] e = now[s].rgb().clone();
                for (int i = 0; i < e.length; i++) e[i] -= now[k].rgb()[i];
                error[s] = new RgbImage(w, h, e);
            }
            System.out.println(line);
            if (f > 0) {
                for (int s = 0; s <= k; s++) {
                    TemporalFlicker.FrameDifference d = TemporalFlicker.frameDifference(previous[s], previousDepth,
                            now[s], in.previousDepth(), in.motion());
                    flicker[s] += d.meanAbsoluteDifference();
                    if (s == 0) pixels += d.pixels();
                    if (s < k) {
                        errorFlicker[s] += TemporalFlicker.frameDifference(previousError[s], previousDepth,
                                error[s], in.previousDepth(), in.motion()).meanAbsoluteDifference();
                    }
                }
                pairs++;
            }
            previous = now;
            previousError = error;
            previousDepth = in.depth();
        }
        System.out.printf(Locale.ROOT, "%d frames, %d pairs, %.0f%% of pixels warpable on average%n", frames, pairs,
                100.0 * pixels / pairs / (previous[0].pixelCount()));
        System.out.println("| sequence | warped frame difference | warped error difference (flicker) | mean PSNR (dB) "
                + "| ms per frame |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int s = 0; s <= k; s++) {
            System.out.printf(Locale.ROOT, "| %s | %.5f | %s | %s | %s |%n", s == k ? "reference" : names.get(s),
                    flicker[s] / pairs,
                    s == k ? "-" : String.format(Locale.ROOT, "%.5f", errorFlicker[s] / pairs),
                    s == k ? "-" : String.format(Locale.ROOT, "%.2f", psnr[s] / frames),
                    s == k || s == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 1000 * seconds[s] / frames));
        }
    }

    /**
     * A denoiser whose input's motion AOV is multiplied by a factor first (a diagnostic of the motion convention a
     * temporal denoiser expects: 1 is Lucent's, -1 the opposite direction, 0 no motion).
     */
    private record ScaledMotion(Denoiser inner, float scale) implements Denoiser {
        @Override
        public String name() { return inner.name(); }

        @Override
        public float[] denoise(DenoiseInput in) {
            float[] m = in.motion();
            if (m != null) {
                m = m.clone();
                for (int i = 0; i < m.length; i++) m[i] *= scale;
            }
            return inner.denoise(new DenoiseInput(in.width(), in.height(), in.color(), in.albedo(), in.normal(),
                    in.depth(), in.variance(), in.spp(), in.emission(), m, in.previousDepth()));
        }

        @Override
        public void close() { inner.close(); }
    }

    /** A temporal denoiser whose first frame is denoised frame by frame and then becomes its history. */
    private static final class SeededSequence implements Denoiser {
        private final SequenceDenoiser temporal;
        private final Denoiser first;
        private boolean started;

        SeededSequence(SequenceDenoiser temporal, Denoiser first) {
            this.temporal = temporal;
            this.first = first;
        }

        @Override
        public String name() { return temporal.name(); }

        @Override
        public float[] denoise(DenoiseInput in) {
            if (started) return temporal.denoise(in);
            started = true;
            float[] out = first.denoise(in);
            temporal.setHistory(in, out);
            return out;
        }

        @Override
        public void close() {
            temporal.close();
            first.close();
        }
    }
}
