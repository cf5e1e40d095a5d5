package dev.lucent.cli;

import dev.lucent.image.NeutralToneMapper;
import dev.lucent.image.ToneMapper;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The display options ({@code --exposure}, {@code --tone-map}) of the commands that turn a linear image into a
 * display signal from command-line values alone (denoise's PNG output, compare's display signal): a picocli
 * mixin, so the commands spell, default and check them alike. (render has its own: there they override the
 * scene file's settings.)
 */
final class DisplayOptions {
    @Option(names = "--exposure", paramLabel = "STOPS", defaultValue = "0",
            description = "Exposure of the display image, in stops (default: ${DEFAULT-VALUE}).")
    double exposure;

    @Option(names = {"--tone-map", "--tonemap"}, paramLabel = "NAME", defaultValue = NeutralToneMapper.NAME,
            description = "Tone mapper of the display image: neutral, aces, agx or clamp (default: ${DEFAULT-VALUE}).")
    String toneMap;

    /** The exposure in stops; a usage error on {@code commandLine} unless it is finite. */
    double exposure(CommandLine commandLine) {
        if (!Double.isFinite(exposure)) throw new ParameterException(commandLine, "--exposure must be finite");
        return exposure;
    }

    /** The named tone mapper; a usage error on {@code commandLine} naming the option for an unknown name. */
    ToneMapper toneMapper(CommandLine commandLine) {
        try {
            return ToneMapper.named(toneMap);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "--tone-map: " + e.getMessage());
        }
    }
}
