package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code lucent view}: help and the options it refuses before opening a window (no display needed). */
class ViewCommandTest {
    static final String SCENE = TestPaths.projectRoot().resolve("scenes/cornell-box.json").toString();

    @Test
    void answersHelp() {
        CliRun r = CliRun.lucent("view", "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Usage: lucent view"), r.out());
        assertTrue(r.out().contains("--tonemap") && r.out().contains("--denoise") && r.out().contains("--window"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--width 64                 | --width and --height go together",
        "--window 12by7             | --window needs WIDTHxHEIGHT",
        "--denoise magic            | --denoise: unknown denoiser 'magic'",
        "--backend warp             | --backend: unknown backend 'warp'",
        "--tonemap filmic           | --tonemap: unknown tone mapper 'filmic'",
        "--spp 0                    | --spp must be at least 1",
    })
    void refusesBadOptionsInOneLine(String options, String message) {
        String[] opts = options.trim().split(" ");
        String[] args = new String[opts.length + 2];
        args[0] = "view";
        args[1] = SCENE;
        System.arraycopy(opts, 0, args, 2, opts.length);
        CliRun r = CliRun.lucent(args);
        assertEquals(2, r.exitCode());
        assertTrue(r.errLines().get(0).contains(message), r.err());
    }

    @Test
    void missingSceneIsOneLine() {
        CliRun r = CliRun.lucent("view", "no-such-scene.json");
        assertEquals(2, r.exitCode());
        assertTrue(r.errLines().get(0).contains("no-such-scene.json"), r.err());
    }
}
