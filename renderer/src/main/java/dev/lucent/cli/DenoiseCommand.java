package dev.lucent.cli;

import dev.lucent.denoise.CascadeReweightFilter;
import dev.lucent.denoise.CrossHalfDenoiser;
import dev.lucent.denoise.DenoiseInput;
import dev.lucent.denoise.DenoisedLayer;
import dev.lucent.denoise.Denoiser;
import dev.lucent.denoise.DenoiserUnavailableException;
import dev.lucent.denoise.Denoisers;
import dev.lucent.denoise.HalfBufferInput;
import dev.lucent.image.DisplayTransform;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.ExrWriter;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import dev.lucent.image.PngWriter;
import dev.lucent.image.ToneMapper;
import dev.lucent.scene.SceneException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lucent denoise IN.exr -o OUT.exr|OUT.png}: denoises a render EXR that carries the AOV layers
 * ({@code albedo.R/G/B}, {@code normal.X/Y/Z}, {@code depth.Z}, {@code variance.R/G/B}, as
 * {@code lucent render} writes them). An EXR output keeps every channel and attribute of the input and adds
 * the {@code denoised.R/G/B} layer ({@link DenoisedLayer}); a PNG output is the denoised beauty through the
 * display transform. Outputs are written atomically. {@code --denoise cpu-nfor --second-half B.exr} denoises
 * IN and B, two renders of the same scene and sample count with different seeds, as half buffers
 * ({@link CrossHalfDenoiser}).
 */
@Command(name = "denoise", sortOptions = false,
        description = "Denoise a render EXR that has the albedo, normal, depth and variance layers.")
public final class DenoiseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN.exr", description = "Render EXR with the AOV layers.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "OUT.exr (input layers plus denoised.R/G/B) or OUT.png (tone-mapped denoised image).")
    Path output;

    @Option(names = {"--denoiser", "--denoise"}, paramLabel = "NAME", defaultValue = "cpu",
            description = "none, cpu, cpu-regression, optix, or cpu-nfor with --second-half (default: "
                    + "${DEFAULT-VALUE}).")
    String denoiser;

    @Option(names = "--second-half", paramLabel = "B.exr",
            description = "With --denoise cpu-nfor: a second render of the same scene, size and spp with another "
                    + "--seed; IN and B are denoised as two half buffers (the result is the denoised mean of "
                    + "both; the EXR output keeps IN's layers).")
    Path secondHalf;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads of the CPU denoiser (default: one per processor).")
    Integer threads;

    @Mixin
    DisplayOptions display;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean png = hasExtension(output, ".png");
        if (!png && !hasExtension(output, ".exr")) {
            throw new ParameterException(spec.commandLine(), "the output must end in .exr or .png: " + output);
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
        double exposure = display.exposure(spec.commandLine());
        ToneMapper tone = display.toneMapper(spec.commandLine());
        boolean halves = denoiser.equals(CrossHalfDenoiser.NAME);
        if (halves != (secondHalf != null)) {
            throw new ParameterException(spec.commandLine(), halves ? "--denoise cpu-nfor needs --second-half B.exr"
                    : "--second-half is only for --denoise cpu-nfor");
        }
        Denoiser d = halves ? null : denoiserNamed(denoiser, workers);
        String name = halves ? CrossHalfDenoiser.NAME : d.name();

        ExrImage img = ExrReader.read(InputFiles.requireReadableFile(input));
        DenoiseInput in = DenoiseInput.fromExr(img, input);
        ExrImage secondImage = halves ? ExrReader.read(InputFiles.requireReadableFile(secondHalf)) : null;
        HalfBufferInput pair = halves ? halfBuffers(in, DenoiseInput.fromExr(secondImage, secondHalf)) : null;
        long t0 = System.nanoTime();
        float[] denoised = halves
                ? new CrossHalfDenoiser(CrossHalfDenoiser.defaultBank(workers), 4, true, 1.0, workers).denoise(pair)
                : d.denoise(in);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String reweighting = halves
                ? CascadeReweightFilter.describeHalves(pair, cascadeAbsence(img, in, input),
                        cascadeAbsence(secondImage, pair.second(), secondHalf))
                : CascadeReweightFilter.describe(name, in, cascadeAbsence(img, in, input));
        if (reweighting != null) img.putAttribute(CascadeReweightFilter.ATTRIBUTE, reweighting);

        if (png) {
            ImageMetadata meta = ImageMetadata.lucent();
            img.attributes().forEach((key, value) -> {
                try {
                    meta.put(key, value);
                } catch (IllegalArgumentException notAPngKeyword) {
                    // EXR attribute names are freer than PNG keywords; such an attribute is not carried over.
                }
            });
            meta.put(DenoisedLayer.DENOISER_ATTRIBUTE, name);
            PngWriter.write(output, new DisplayTransform(exposure, tone, false).apply(in.width(), in.height(),
                    denoised), meta);
        } else {
            ExrWriter.write(output, DenoisedLayer.addTo(img, denoised, name));
        }
        PrintWriter out = spec.commandLine().getOut();
        int spp = halves ? pair.combined().spp() : in.spp();
        out.printf(Locale.ROOT, "denoised %s%s (%dx%d%s) with %s in %.2f s -> %s%n", input,
                halves ? " + " + secondHalf : "", in.width(), in.height(), spp > 0 ? ", " + spp + " spp" : "", name,
                seconds, output);
        if (reweighting != null) out.println("firefly reweighting: " + reweighting);
        out.flush();
        return Main.EXIT_OK;
    }

    /**
     * Why {@code in}, read from {@code img} (the file {@code file}), has no firefly cascade: what the EXR's
     * {@link FilmIo#CASCADE_ATTRIBUTE} says, or {@link FilmIo#CASCADE_TOO_LARGE} where it describes layers the
     * input left out for their size ({@link DenoiseInput#fromExr}); null where not known or where it has one.
     */
    private static String cascadeAbsence(ExrImage img, DenoiseInput in, Path file) {
        return in.cascades() == null && FilmIo.cascadeOf(img, file) != null ? FilmIo.CASCADE_TOO_LARGE
                : FilmIo.cascadeAbsenceOf(img);
    }

    /**
     * IN and the {@code --second-half} render as half buffers; a size or sample count that differs from IN's
     * is a SceneException naming the second file.
     */
    private HalfBufferInput halfBuffers(DenoiseInput first, DenoiseInput second) {
        if (second.width() != first.width() || second.height() != first.height()) {
            throw new SceneException(secondHalf, "size " + second.width() + "x" + second.height() + " differs from "
                    + input + " (" + first.width() + "x" + first.height() + ")");
        }
        if (second.spp() != first.spp()) {
            throw new SceneException(secondHalf, second.spp() + " spp, " + input + " has " + first.spp()
                    + " (half buffers need the same sample count)");
        }
        return new HalfBufferInput(first, second);
    }

    /** The denoiser called {@code name}; an unknown name is a usage error, an unavailable one a failure. */
    private Denoiser denoiserNamed(String name, int workers) {
        try {
            return Denoisers.byName(name, workers);
        } catch (DenoiserUnavailableException e) {
            throw new CliException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--denoiser: " + e.getMessage());
        }
    }

    private static boolean hasExtension(Path p, String ext) {
        Path name = p.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(ext);
    }
}
