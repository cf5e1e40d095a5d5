package dev.lucent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrPixelType;
import dev.lucent.image.ExrReader;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ToneMapper;
import dev.lucent.metrics.DisplayEncoding;
import dev.lucent.metrics.FlipError;
import dev.lucent.metrics.ImageComparison;
import dev.lucent.metrics.ImageMetrics;
import dev.lucent.metrics.RgbImage;
import dev.lucent.metrics.ZScoreSummary;
import dev.lucent.scene.SceneException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lucent compare A B}: image A (the test) against image B (the reference), both OpenEXR, by relative
 * MSE on linear values and PSNR, SSIM and LDR-FLIP on the display signal ({@link DisplayEncoding}); when
 * both compared layers are beauties with {@code variance.R/G/B} layers (two noisy renders), also the z-score
 * summary ({@link ZScoreSummary}). Exit 0 whatever the numbers, unless {@code --max-rmse} is given and the
 * relative MSE exceeds it ({@link #EXIT_ABOVE_BOUND}).
 */
@Command(name = "compare", sortOptions = false,
        description = "Compare image A (test) with image B (reference): rMSE, PSNR, SSIM, FLIP, z-scores.")
public final class CompareCommand implements Callable<Integer> {
    /** Exit status when {@code --max-rmse} is exceeded. */
    public static final int EXIT_ABOVE_BOUND = 3;

    @Parameters(index = "0", paramLabel = "A", description = "Test image (.exr).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "Reference image (.exr).")
    Path b;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Option(names = "--max-rmse", paramLabel = "X",
            description = "Exit with status 3 when the relative MSE is above X.")
    Double maxRelativeMse;

    @Option(names = "--a-layer", paramLabel = "LAYER", defaultValue = "",
            description = "Layer of A to compare, e.g. denoised (default: the beauty R, G, B).")
    String layerA;

    @Option(names = "--b-layer", paramLabel = "LAYER", defaultValue = "",
            description = "Layer of B to compare (default: the beauty R, G, B).")
    String layerB;

    @Mixin
    DisplayOptions display;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxRelativeMse != null && !(maxRelativeMse >= 0)) {
            throw new ParameterException(spec.commandLine(), "--max-rmse must be a number >= 0");
        }
        double exposure = display.exposure(spec.commandLine());
        ToneMapper tone = display.toneMapper(spec.commandLine());
        DisplayEncoding encoding = new DisplayEncoding(exposure, tone);

        ExrImage imgA = ExrReader.read(InputFiles.requireReadableFile(a));
        ExrImage imgB = ExrReader.read(InputFiles.requireReadableFile(b));
        if (imgA.width() != imgB.width() || imgA.height() != imgB.height()) {
            throw new SceneException(b, "size " + imgB.width() + "x" + imgB.height() + " differs from " + a + " ("
                    + imgA.width() + "x" + imgA.height() + ")");
        }
        RgbImage test = rgbLayer(imgA, layerA, a);
        RgbImage reference = rgbLayer(imgB, layerB, b);
        boolean noisyPair = layerA.isEmpty() && layerB.isEmpty() && hasRgb(imgA, FilmIo.VARIANCE)
                && hasRgb(imgB, FilmIo.VARIANCE);
        RgbImage varianceA = noisyPair ? rgbLayer(imgA, FilmIo.VARIANCE, a) : null;
        RgbImage varianceB = noisyPair ? rgbLayer(imgB, FilmIo.VARIANCE, b) : null;
        ImageComparison c = ImageMetrics.compare(test, varianceA, reference, varianceB, encoding);

        PrintWriter out = spec.commandLine().getOut();
        if (json) printJson(c, encoding, out);
        else printText(c, encoding, out);
        out.flush();
        if (maxRelativeMse != null && !(c.relativeMse() <= maxRelativeMse)) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "lucent: compare: relative MSE %.6g is above --max-rmse %.6g%n", c.relativeMse(),
                    maxRelativeMse);
            err.flush();
            return EXIT_ABOVE_BOUND;
        }
        return Main.EXIT_OK;
    }

    /** The float RGB layer {@code layer} ("" = the beauty R, G, B); SceneException naming a missing channel. */
    static RgbImage rgbLayer(ExrImage img, String layer, Path file) {
        for (String s : ExrImage.RGB) {
            String name = ExrImage.channelName(layer, s);
            if (!img.hasChannel(name)) {
                throw new SceneException(file, "no channel '" + name + "'"
                        + (layer.isEmpty() ? " (not an RGB image)" : " (layer '" + layer + "' missing)"));
            }
            if (img.pixelType(name) == ExrPixelType.UINT) {
                throw new SceneException(file, "channel '" + name + "' is UINT, expected float");
            }
        }
        return new RgbImage(img.width(), img.height(), img.layer(layer, ExrImage.RGB));
    }

    private static boolean hasRgb(ExrImage img, String layer) {
        for (String s : ExrImage.RGB) {
            String name = ExrImage.channelName(layer, s);
            if (!img.hasChannel(name) || img.pixelType(name) == ExrPixelType.UINT) return false;
        }
        return true;
    }

    private String describe(Path file, String layer) {
        return file + (layer.isEmpty() ? "" : " [" + layer + "]");
    }

    private void printText(ImageComparison c, DisplayEncoding e, PrintWriter out) {
        String display = String.format(Locale.ROOT, "display signal: %s, %+.2f EV, sRGB", e.toneMapper().name(),
                e.exposureStops());
        out.printf("A (test)       %s%n", describe(a, layerA));
        out.printf("B (reference)  %s%n", describe(b, layerB));
        out.printf("size           %dx%d%n", c.width(), c.height());
        out.printf(Locale.ROOT, "rMSE           %.6g   (linear: mean (a-b)^2 / (b^2 + 0.01))%n", c.relativeMse());
        out.printf(Locale.ROOT, "PSNR           %s dB   (%s)%n", Double.isInfinite(c.psnr()) ? "inf"
                : String.format(Locale.ROOT, "%.3f", c.psnr()), display);
        out.printf(Locale.ROOT, "SSIM           %.5f   (luma, 11x11 Gaussian, sigma 1.5)%n", c.ssim());
        out.printf(Locale.ROOT, "FLIP           %.5f   (LDR-FLIP, %.1f pixels per degree)%n", c.flip(),
                FlipError.DEFAULT_PPD);
        ZScoreSummary z = c.zScores();
        if (z == null) {
            out.println("z-scores       not computed (both images need variance.R/G/B and the beauty compared)");
        } else {
            out.printf(Locale.ROOT, "z-scores       rms %.3f, mean %+.3f, |z| > 3: %.3f%% (0.27%% if they agree),"
                    + " no variance: %d equal, %d differing%n", z.rmsZ(), z.meanZ(), 100 * z.fractionBeyond3(),
                    z.zeroVarianceEqual(), z.zeroVarianceDiffer());
            out.printf(Locale.ROOT, "block bias     %dx%d blocks: max |z| %.2f, |z| > 3: %.2f%% of %d%n",
                    z.blockSize(), z.blockSize(), z.maxBlockZ(), 100 * z.fractionBlocksBeyond3(), z.blocks());
        }
    }

    private void printJson(ImageComparison c, DisplayEncoding e, PrintWriter out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", a.toString());
        m.put("aLayer", layerA);
        m.put("b", b.toString());
        m.put("bLayer", layerB);
        m.put("width", c.width());
        m.put("height", c.height());
        m.put("toneMap", e.toneMapper().name());
        m.put("exposure", e.exposureStops());
        m.put("relativeMse", c.relativeMse());
        m.put("psnr", Double.isInfinite(c.psnr()) ? "inf" : c.psnr());
        m.put("ssim", c.ssim());
        m.put("flip", c.flip());
        m.put("zScores", c.zScores());
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
