package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.scene.SceneException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

class MainTest {

    @Command(name = "boom")
    static final class BoomCommand implements Callable<Integer> {
        private final RuntimeException failure;
        private final Error error;

        BoomCommand(RuntimeException failure) {
            this.failure = failure;
            this.error = null;
        }

        BoomCommand(Error error) {
            this.failure = null;
            this.error = error;
        }

        @Override
        public Integer call() {
            if (error != null) throw error;
            throw failure;
        }
    }

    @Test
    void missingSceneFileIsOneLineNamingTheFileAndExit2() {
        CliRun r = CliRun.lucent("info", "no-such-scene.gltf");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("lucent: error: no-such-scene.gltf: no such file", r.errLines().get(0));
        assertEquals("", r.out());
    }

    @Test
    void directoryGivenAsSceneIsAnError(@TempDir Path dir) {
        CliRun r = CliRun.lucent("info", dir.toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(dir.toString()) && r.err().contains("directory"), r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorExit2() {
        CliRun r = CliRun.lucent("info", "--frobnicate", "x.gltf");
        assertEquals(2, r.exitCode());
        assertTrue(r.errLines().get(0).startsWith("lucent: error: "), r.err());
        assertTrue(r.err().contains("--frobnicate"), r.err());
        assertTrue(r.err().contains("lucent info --help"), r.err());
    }

    @Test
    void unknownCommandIsNamedWithTheCommandList() {
        CliRun r = CliRun.lucent("rendr", "x.gltf");
        assertEquals(2, r.exitCode());
        assertTrue(r.errLines().get(0).contains("unknown command 'rendr'"), r.err());
        assertTrue(r.errLines().get(0).contains("info, render, bench, version"), r.err());
    }

    @Test
    void missingParameterAndBadValuesAreUsageErrors() {
        assertEquals(2, CliRun.lucent("info").exitCode());
        assertEquals(2, CliRun.lucent("info", "--leaf-size", "four", "x.gltf").exitCode());
        CliRun zero = CliRun.lucent("info", "--leaf-size", "0", "x.gltf");
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("--leaf-size must be at least 1"), zero.err());
        assertEquals(2, CliRun.lucent("info", "--bins", "1", "x.gltf").exitCode());
    }

    @Test
    void noCommandPrintsUsageAndExits2() {
        CliRun r = CliRun.lucent();
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("missing command") && r.err().contains("Commands:"), r.err());
    }

    @Test
    void helpAndVersionSucceed() {
        CliRun help = CliRun.lucent("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("info") && help.out().contains("version"), help.out());
        CliRun version = CliRun.lucent("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("Lucent "), version.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "render", "bench", "version", "denoise", "compare"})
    void everySubcommandAnswersHelp(String command) {
        CliRun help = CliRun.lucent(command, "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: lucent " + command), help.out());
    }

    @Test
    void toneMapAndDenoiserFlagsAreSpelledAlikeAcrossCommands() {
        for (String command : new String[] {"render", "denoise", "compare"}) {
            String usage = CliRun.lucent(command, "--help").out();
            assertTrue(usage.contains("--tonemap") && usage.contains("--tone-map"), command + ": " + usage);
        }
        String denoise = CliRun.lucent("denoise", "--help").out();
        assertTrue(denoise.contains("--denoise=") && denoise.contains("--denoiser"), denoise);
    }

    @Test
    void versionCommandLoadsEveryNativeLibrary() {
        CliRun r = CliRun.lucent("version");
        assertEquals(0, r.exitCode(), r.err());
        for (String lib : new String[] {"lwjgl", "stb", "tinyexr", "assimp"}) {
            assertTrue(r.out().matches("(?s).*\\b" + lib + "\\s+ok\\b.*"), lib + " not ok in:\n" + r.out());
        }
    }

    @Test
    void expectedFailureIsOneLineExit2WithoutStackTrace() {
        CliRun r = CliRun.withCommand(new BoomCommand(new SceneException(Path.of("a.gltf"), "bad accessor 3")),
                "boom");
        assertEquals(2, r.exitCode());
        assertEquals(java.util.List.of("lucent: error: a.gltf: bad accessor 3"), r.errLines());
    }

    @Test
    void cliExceptionIsAnExpectedFailure() {
        CliRun r = CliRun.withCommand(new BoomCommand(new CliException("cannot write out.png")), "boom");
        assertEquals(2, r.exitCode());
        assertEquals(java.util.List.of("lucent: error: cannot write out.png"), r.errLines());
    }

    @Test
    void unexpectedExceptionIsOneLineNamingTypeExit1() {
        CliRun r = CliRun.withCommand(new BoomCommand(new IllegalStateException("index 7 out of range")), "boom");
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().get(0);
        assertTrue(line.contains("java.lang.IllegalStateException: index 7 out of range"), line);
        assertTrue(line.contains("rerun with --debug"), line);
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void debugShowsTheStackTraceWhereverItIsGiven() {
        for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
            CliRun r = CliRun.withCommand(new BoomCommand(new IllegalStateException("kaput")), args);
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("java.lang.IllegalStateException: kaput" + System.lineSeparator() + "\tat "),
                    r.err());
            assertFalse(r.err().contains("rerun with --debug"), r.err());
        }
        CliRun expected = CliRun.withCommand(new BoomCommand(new SceneException(Path.of("a.obj"), "bad")),
                "--debug", "boom");
        assertEquals(2, expected.exitCode());
        assertTrue(expected.err().startsWith("lucent: error: a.obj: bad"), expected.err());
        assertTrue(expected.err().contains("\tat "), expected.err());
    }

    @Test
    void outOfMemoryIsAnExpectedFailureWithAHint() {
        CliRun r = CliRun.withCommand(new BoomCommand(new OutOfMemoryError("cannot allocate 99 bytes off-heap")),
                "boom");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("lucent: error: out of memory (cannot allocate 99 bytes off-heap)"), r.err());
        assertTrue(r.err().contains("LUCENT_JAVA_OPTS=-Xmx"), r.err());
    }

    @Test
    void otherJvmErrorsAreInternalErrors() {
        CliRun r = CliRun.withCommand(new BoomCommand(new StackOverflowError()), "boom");
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("java.lang.StackOverflowError") && r.err().contains("--debug"), r.err());
        CliRun debug = CliRun.withCommand(new BoomCommand(new StackOverflowError()), "boom", "--debug");
        assertTrue(debug.err().contains("\tat "), debug.err());
    }
}
