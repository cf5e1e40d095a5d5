package dev.lucent.cli;

import dev.lucent.scene.RenderSettings;
import picocli.CommandLine.Option;

/**
 * The integrator options ({@code --max-depth}, {@code --seed}, {@code --threads}) of the commands that render
 * (render, view): a picocli mixin, so both spell and describe them alike. An option not given stays null and
 * leaves the scene file's value, else the default, in place.
 */
final class IntegratorOptions {
    @Option(names = "--max-depth", paramLabel = "D", description = "Largest number of bounces (scene file, else 8).")
    Integer maxDepth;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (scene file, else 0).")
    Long seed;

    @Option(names = "--threads", paramLabel = "T", description = "CPU threads (default: all processors).")
    Integer threads;

    /** Writes the three options into {@code s}, null where not given. */
    void copyTo(RenderSettings s) {
        s.maxDepth = maxDepth;
        s.seed = seed;
        s.threads = threads;
    }
}
