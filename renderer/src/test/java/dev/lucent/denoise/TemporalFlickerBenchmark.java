package dev.lucent.denoise;

import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.NeutralToneMapper;
import dev.lucent.metrics.DisplayEncoding;
import dev.lucent.metrics.Psnr;
import dev.lucent.metrics.RgbImage;
import dev.lucent.metrics.TemporalFlicker;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Flicker and error of a rendered sequence, raw, denoised frame by frame, and denoised in temporal mode, against
 * a reference sequence (docs/benchmarks.md, "Temporal mode"). Arguments: the directory of the noisy EXRs (from
 * {@code lucent render --frames}, with the motion AOV), the directory of the reference EXRs (same frames and
 * size, many more samples), the frame count, the exposure in stops, the CPU threads. Files are
 * {@code f_0000.exr, f_0001.exr, ...} in both.
 *
 * <p>Per frame pair, {@link TemporalFlicker#frameDifference} of each sequence over the pixels the noisy render's
 * motion and depth make trustworthy, and the same of its error images (display signal minus the reference's):
 * the error's change from frame to frame along the motion is the flicker a viewer sees, while the frame
 * difference also holds the scene's own change. The table gives the means over the pairs, and the mean PSNR
 * over frames.
 */
public final class TemporalFlickerBenchmark {
    private TemporalFlickerBenchmark() {}

    public static void main(String[] args) {
        Path noisyDir = Path.of(args[0]);
        Path refDir = Path.of(args[1]);
        int frames = Integer.parseInt(args[2]);
        DisplayEncoding enc = new DisplayEncoding(Double.parseDouble(args[3]), new NeutralToneMapper());
        int threads = Integer.parseInt(args[4]);
        String[] names = {"raw", "cpu (per frame)", "cpu --temporal", "reference"};
        double[] flicker = new double[4];
        double[] errorFlicker = new double[3];
        RgbImage[] previousError = new RgbImage[3];
        double[] psnr = new double[3];
        RgbImage[] previous = new RgbImage[4];
        float[] previousDepth = null;
        int pairs = 0;
        long pixels = 0;
        try (CpuDenoiser spatial = new CpuDenoiser(CpuDenoiserSettings.defaults(), threads);
                TemporalDenoiser temporal = new TemporalDenoiser(
                        new CpuDenoiser(CpuDenoiserSettings.defaults(), threads))) {
            for (int f = 0; f < frames; f++) {
                String name = String.format(Locale.ROOT, "f_%04d.exr", f);
                DenoiseInput in = DenoiseInput.fromExr(ExrReader.read(noisyDir.resolve(name)));
                ExrImage ref = ExrReader.read(refDir.resolve(name));
                int w = in.width(), h = in.height();
                RgbImage[] now = {
                    enc.encode(new RgbImage(w, h, in.color())),
                    enc.encode(new RgbImage(w, h, spatial.denoise(in))),
                    enc.encode(new RgbImage(w, h, temporal.denoise(in))),
                    enc.encode(new RgbImage(w, h, ref.layer("", ExrImage.RGB)))
                };
                for (int k = 0; k < 3; k++) psnr[k] += Psnr.of(now[k], now[3]);
                RgbImage[] error = new RgbImage[3];
                for (int k = 0; k < 3; k++) {
                    float[] e = now[k].rgb().clone();
                    for (int i = 0; i < e.length; i++) e[i] -= now[3].rgb()[i];
                    error[k] = new RgbImage(w, h, e);
                }
                if (f > 0) {
                    for (int k = 0; k < 4; k++) {
                        TemporalFlicker.FrameDifference d = TemporalFlicker.frameDifference(previous[k], previousDepth,
                                now[k], in.previousDepth(), in.motion());
                        flicker[k] += d.meanAbsoluteDifference();
                        if (k == 0) pixels += d.pixels();
                        if (k < 3) {
                            errorFlicker[k] += TemporalFlicker.frameDifference(previousError[k], previousDepth,
                                    error[k], in.previousDepth(), in.motion()).meanAbsoluteDifference();
                        }
                    }
                    pairs++;
                }
                previous = now;
                previousError = error;
                previousDepth = in.depth();
            }
        }
        System.out.printf(Locale.ROOT, "%d frames, %d pairs, %.0f%% of pixels warpable on average%n", frames, pairs,
                100.0 * pixels / pairs / (previous[0].pixelCount()));
        System.out.println("| sequence | warped frame difference | warped error difference (flicker) | mean PSNR (dB) |");
        System.out.println("|---|---:|---:|---:|");
        for (int k = 0; k < 4; k++) {
            System.out.printf(Locale.ROOT, "| %s | %.5f | %s | %s |%n", names[k], flicker[k] / pairs,
                    k == 3 ? "-" : String.format(Locale.ROOT, "%.5f", errorFlicker[k] / pairs),
                    k == 3 ? "-" : String.format(Locale.ROOT, "%.2f", psnr[k] / frames));
        }
    }
}
