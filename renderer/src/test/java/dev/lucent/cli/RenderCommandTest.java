package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucent.backend.Backends;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.denoise.CascadeReweightFilter;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import dev.lucent.image.LuminanceCascade;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code lucent render}: outputs, batches (skip, resume, shards), atomic writes, exit codes and messages. */
class RenderCommandTest {
    @TempDir
    Path dir;
    Path scene;

    /** {@link OrbitTestScene}: a floor, a sphere, a point light and a camera path of one second (24 frames). */
    @BeforeEach
    void writeScene() throws Exception {
        scene = OrbitTestScene.write(dir);
    }

    private CliRun render(String... args) {
        return CliRun.render(scene, args);
    }

    @Test
    void rendersAPngWithMetadataAndASummary() throws Exception {
        Path out = dir.resolve("out/image.png");
        CliRun r = render("-o", out.toString(), "--spp", "3", "--seed", "9");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        byte[] png = Files.readAllBytes(out);
        assertEquals((byte) 0x89, png[0]);
        String text = new String(png, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("lucent.spp") && text.contains("lucent.seed") && text.contains("lucent.backend"),
                "metadata chunks");
        assertTrue(r.out().startsWith("Rendered " + out + ": 16x12, 3 spp"), r.out());
        assertTrue(r.out().contains("rays/s") && r.out().contains("samples/s"), r.out());
    }

    @Test
    void aovWritesTheExrBesideThePng() {
        Path out = dir.resolve("both.png");
        assertEquals(0, render("-o", out.toString(), "--aov").exitCode());
        assertTrue(Files.exists(out));
        assertTrue(ExrReader.read(dir.resolve("both.exr")).hasChannel("albedo.R"));
    }

    @Test
    void progressLineOnStderrWithSequenceEta() {
        CliRun r = render("-o", dir.resolve("p_#.png").toString(), "--frames", "1-2", "--progress", "--spp", "4");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("\rframe 1 (1/2) ["), "carriage returns redraw the line: " + r.err());
        assertTrue(r.err().contains("samples/s ETA") && r.err().contains("| sequence ETA"), r.err());
        assertTrue(r.out().contains("Rendered 2 of 2 frames"), r.out());
    }

    @Test
    void exrHoldsTheAovLayersAndTheState() {
        Path out = dir.resolve("image.exr");
        assertEquals(0, render("-o", out.toString()).exitCode());
        ExrImage exr = ExrReader.read(out);
        for (String c : List.of("R", "G", "B", "albedo.R", "normal.X", "depth.Z", "variance.R", "roughness.Y")) {
            assertTrue(exr.hasChannel(c), c);
        }
        assertEquals(2, FilmIo.load(out).sampleCountRange()[1]);
    }

    @Test
    void aPlainRenderRecordsNoFireflyCascade() {
        Path out = dir.resolve("plain.exr");
        CliRun r = render("-o", out.toString(), "--spp", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err(), "no note without a denoiser");
        ExrImage exr = ExrReader.read(out);
        assertTrue(exr.channelNames().stream().noneMatch(c -> c.startsWith(FilmIo.CASCADE)), "no cascade layers");
        assertEquals(FilmIo.NONE + FilmIo.CASCADE_NOT_ASKED, exr.attribute(FilmIo.CASCADE_ATTRIBUTE));
        assertEquals(null, exr.attribute(CascadeReweightFilter.ATTRIBUTE), "no denoiser, no reweighting note");
        assertFalse(FilmIo.load(out).recordsCascade(), "the film behind it allocated no cascade");
    }

    @Test
    void denoiseCpuOnTheCpuBackendRecordsTheCascadeAndReweightsIt() {
        Path out = dir.resolve("denoised64.exr");
        CliRun r = render("-o", out.toString(), "--spp", "64", "--denoise", "cpu");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err(), "no note: the cascade is there");
        ExrImage exr = ExrReader.read(out);
        assertTrue(exr.hasChannel("cascade0.R") && exr.hasChannel("cascade7.B"), "cascade layers");
        assertEquals(FilmIo.describe(LuminanceCascade.DEFAULT), exr.attribute(FilmIo.CASCADE_ATTRIBUTE));
        assertEquals("cascade of 8 buffers from 0.015625 by 4.0, kappa 2.0",
                exr.attribute(CascadeReweightFilter.ATTRIBUTE), "the reweighting ran");
    }

    @Test
    void denoisingDataWithoutADenoiserWritesTheCascade() {
        Path out = dir.resolve("data.exr");
        CliRun r = render("-o", out.toString(), "--spp", "3", "--denoising-data");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        ExrImage exr = ExrReader.read(out);
        assertTrue(exr.hasChannel("cascade0.R") && exr.hasChannel("cascade7.B"), "cascade layers");
        assertEquals(FilmIo.describe(LuminanceCascade.DEFAULT), exr.attribute(FilmIo.CASCADE_ATTRIBUTE));
        assertEquals(null, exr.attribute(CascadeReweightFilter.ATTRIBUTE), "nothing was denoised");
        assertArrayEquals(ExrReader.read(render3(dir.resolve("plain3.exr"))).channel("R"), exr.channel("R"),
                "the colour is the same with or without the cascade");
        CliRun png = render("-o", dir.resolve("data.png").toString(), "--denoising-data");
        assertEquals(2, png.exitCode());
        assertTrue(png.err().contains("--denoising-data writes EXR layers"), png.err());
        assertEquals(0, render("-o", dir.resolve("aov.png").toString(), "--denoising-data", "--aov").exitCode());
        assertTrue(ExrReader.read(dir.resolve("aov.exr")).hasChannel("cascade0.R"), "--aov EXR carries them");
    }

    private Path render3(Path out) {
        assertEquals(0, render("-o", out.toString(), "--spp", "3").exitCode());
        return out;
    }

    @Test
    void resumingAStateWithoutTheCascadeDenoisesWithoutItAndSaysSoOnce() {
        Path out = dir.resolve("resumed-plain.exr");
        render3(out);
        CliRun r = render("-o", out.toString(), "--spp", "7", "--resume", "--denoise", "cpu");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("note: " + out + " resumes a state without the firefly cascade ("
                + FilmIo.CASCADE_NOT_ASKED + "); cpu denoises without the firefly reweighting"), r.errLines());
        ExrImage exr = ExrReader.read(out);
        assertFalse(exr.hasChannel("cascade0.R"));
        assertEquals(FilmIo.NONE + FilmIo.CASCADE_NOT_ASKED, exr.attribute(FilmIo.CASCADE_ATTRIBUTE));
        assertEquals("none: the input has no firefly cascade layers: " + FilmIo.CASCADE_NOT_ASKED,
                exr.attribute(CascadeReweightFilter.ATTRIBUTE));
        assertTrue(exr.hasChannel("denoised.R"));
    }

    @Test
    void resumingAStateWithTheCascadeKeepsItWithoutBeingAsked() {
        Path resumed = dir.resolve("resumed-data.exr"), direct = dir.resolve("direct-data.exr");
        assertEquals(0, render("-o", resumed.toString(), "--spp", "3", "--denoising-data").exitCode());
        CliRun r = render("-o", resumed.toString(), "--spp", "7", "--resume");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertEquals(0, render("-o", direct.toString(), "--spp", "7", "--denoising-data").exitCode());
        Film a = FilmIo.load(resumed), b = FilmIo.load(direct);
        assertTrue(a.hasCascades());
        assertArrayEquals(b.cascadeMeans(), a.cascadeMeans(), 0f, "the split continued as uninterrupted");
        assertArrayEquals(b.beautyRgb(), a.beautyRgb(), 0f);
    }

    @Test
    void temporalBatchCarriesHistoryAndMotionAndResumesFromThePreviousFrame() throws Exception {
        String pattern = dir.resolve("t/f_#.exr").toString();
        CliRun r = render("-o", pattern, "--frames", "1-3", "--denoise", "cpu", "--temporal", "--spp", "4");
        assertEquals(0, r.exitCode(), r.err());
        ExrImage[] f = new ExrImage[4];
        for (int k = 1; k <= 3; k++) f[k] = ExrReader.read(dir.resolve("t/f_" + k + ".exr"));
        assertEquals("none", f[1].attributes().get("lucent.temporalHistory"));
        assertEquals("frame 1", f[2].attributes().get("lucent.temporalHistory"));
        assertEquals("frame 2", f[3].attributes().get("lucent.temporalHistory"));
        assertTrue(Arrays.stream(toDouble(f[1].channel("motion.X"))).allMatch(v -> v == 0), "first frame: no motion");
        assertTrue(Arrays.stream(toDouble(f[2].channel("motion.X"))).anyMatch(v -> Math.abs(v) > 0.01),
                "the orbiting camera moves the image");

        Files.delete(dir.resolve("t/f_3.exr"));
        CliRun again = render("-o", pattern, "--frames", "1-3", "--denoise", "cpu", "--temporal", "--spp", "4");
        assertEquals(0, again.exitCode(), again.err());
        ExrImage resumed = ExrReader.read(dir.resolve("t/f_3.exr"));
        assertEquals("frame 2", resumed.attributes().get("lucent.temporalHistory"), "history read from f_2.exr");
        assertArrayEquals(f[3].channel("R"), resumed.channel("R"), "same noisy frame");
        assertArrayEquals(f[3].channel("motion.X"), resumed.channel("motion.X"), "same motion");

        Files.delete(dir.resolve("t/f_3.exr"));
        render("-o", pattern, "--frames", "3", "--denoise", "cpu", "--temporal", "--spp", "4");
        assertEquals("none", ExrReader.read(dir.resolve("t/f_3.exr")).attributes().get("lucent.temporalHistory"),
                "a one-frame list has no previous frame");
    }

    @Test
    void temporalNeedsFramesAndADenoiser() {
        CliRun single = render("-o", dir.resolve("x.exr").toString(), "--denoise", "cpu", "--temporal");
        assertEquals(2, single.exitCode());
        assertTrue(single.err().contains("--temporal needs --frames"), single.err());
        CliRun none = render("-o", dir.resolve("y_#.exr").toString(), "--frames", "1-2", "--temporal");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--temporal needs --denoise cpu or optix"), none.err());
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    @Test
    void denoiseCpuKeepsTheNoisyBeautyAndAddsTheDenoisedLayer() {
        Path noisy = dir.resolve("noisy.exr"), out = dir.resolve("denoised.exr");
        assertEquals(0, render("-o", noisy.toString(), "--spp", "4").exitCode());
        CliRun r = render("-o", out.toString(), "--spp", "4", "--denoise", "cpu");
        assertEquals(0, r.exitCode(), r.err());
        ExrImage a = ExrReader.read(noisy), b = ExrReader.read(out);
        assertTrue(b.hasChannel("denoised.R") && b.hasChannel("denoised.B"), "denoised layer");
        assertEquals("cpu", b.attributes().get("lucent.denoiser"));
        assertEquals("none: fewer than 64 samples per pixel", b.attribute("lucent.fireflyReweighting"));
        assertArrayEquals(a.channel("R"), b.channel("R"), "the noisy beauty is kept as rendered");
        assertFalse(Arrays.equals(b.channel("R"), b.channel("denoised.R")), "the denoiser changed the image");
        assertEquals(4, FilmIo.load(out).sampleCountRange()[1], "the state stays resumable");
    }

    @Test
    void cudaWithAnUnavailableOptixIsTheDenoisersOneLine() {
        // The OptiX device path of --backend cuda is tried only once OptiX opened; where it cannot, the render
        // stops before it starts with the denoiser's reason, whatever the backend (and before CUDA is probed).
        dev.lucent.denoise.OptixAvailability optix = dev.lucent.denoise.OptixAvailability.check();
        org.junit.jupiter.api.Assumptions.assumeFalse(optix.available(), "OptiX is available on this machine");
        CliRun r = render("-o", dir.resolve("x.png").toString(), "--backend", "cuda", "--denoise", "optix");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("lucent: error: denoiser 'optix' " + optix.reason()), r.errLines());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void unknownOrUnavailableDenoiserIsOneLineAndExit2() {
        CliRun r = render("-o", dir.resolve("x.png").toString(), "--denoise", "bogus");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("lucent: error: --denoise: unknown denoiser 'bogus'"), r.err());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void resumeAddsSamplesToAnExrAndGivesTheUninterruptedImage() {
        Path resumed = dir.resolve("resumed.exr"), direct = dir.resolve("direct.exr");
        assertEquals(0, render("-o", resumed.toString(), "--spp", "3").exitCode());
        CliRun r = render("-o", resumed.toString(), "--spp", "7", "--resume");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("(resumed at 3)"), r.out());
        assertEquals(0, render("-o", direct.toString(), "--spp", "7").exitCode());
        Film a = FilmIo.load(resumed), b = FilmIo.load(direct);
        assertArrayEquals(new int[] {7, 7}, a.sampleCountRange());
        for (int p = 0; p < a.pixelCount(); p++) {
            for (int c = 0; c < 3; c++) assertEquals(b.mean(p, c), a.mean(p, c), 0.0, "pixel " + p);
        }
        CliRun again = render("-o", resumed.toString(), "--spp", "7", "--resume");
        assertEquals(0, again.exitCode());
        assertTrue(again.out().contains("Time"), again.out());
    }

    @Test
    void resumeWithOtherSettingsIsRefused() {
        Path out = dir.resolve("a.exr");
        assertEquals(0, render("-o", out.toString()).exitCode());
        CliRun r = render("-o", out.toString(), "--spp", "4", "--resume", "--seed", "5");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("lucent: error: " + out + ": cannot resume: ") && r.err().contains("seed"),
                r.err());
    }

    @Test
    void batchSkipsFramesThatExistSoAKilledBatchResumes() throws Exception {
        String pattern = dir.resolve("seq/frame_####.png").toString();
        CliRun first = render("-o", pattern, "--frames", "1-4");
        assertEquals(0, first.exitCode(), first.err());
        Path[] frames = new Path[5];
        for (int f = 1; f <= 4; f++) {
            frames[f] = dir.resolve("seq/frame_000" + f + ".png");
            assertTrue(Files.exists(frames[f]), frames[f].toString());
            Files.setLastModifiedTime(frames[f], FileTime.fromMillis(1_000_000L));
        }
        Files.delete(frames[3]);
        CliRun second = render("-o", pattern, "--frames", "1-4");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(Files.exists(frames[3]));
        for (int f : new int[] {1, 2, 4}) {
            assertEquals(1_000_000L, Files.getLastModifiedTime(frames[f]).toMillis(), "frame " + f + " untouched");
            assertTrue(second.out().contains("frame " + f + " -> " + frames[f] + ": exists, skipped"), second.out());
        }
        assertTrue(second.out().contains("frame 3 -> " + frames[3] + ": "), second.out());
        assertTrue(second.out().contains("Rendered 1 of 4 frames (3 skipped"), second.out());
        CliRun forced = render("-o", pattern, "--frames", "1-4", "--overwrite");
        assertTrue(forced.out().contains("Rendered 4 of 4 frames"), forced.out());
    }

    @Test
    void framesDifferAlongTheCameraPath() throws Exception {
        String pattern = dir.resolve("f_##.exr").toString();
        assertEquals(0, render("-o", pattern, "--frames", "0,24").exitCode());
        Film start = FilmIo.load(dir.resolve("f_00.exr")), end = FilmIo.load(dir.resolve("f_24.exr"));
        int differ = 0;
        for (int p = 0; p < start.pixelCount(); p++) if (start.mean(p, 0) != end.mean(p, 0)) differ++;
        assertTrue(differ > start.pixelCount() / 4, "the camera moved: " + differ + " pixels differ");
    }

    @ParameterizedTest(name = "shard {0}")
    @CsvSource({"0/2, '1,3'", "1/2, '2,4'", "2/3, '3'"})
    void shardsSplitTheFrameList(String shard, String expected) throws Exception {
        String pattern = dir.resolve("s/#.png").toString();
        assertEquals(0, render("-o", pattern, "--frames", "1-4", "--shard", shard).exitCode());
        try (Stream<Path> files = Files.list(dir.resolve("s"))) {
            List<String> names = files.map(p -> p.getFileName().toString().replace(".png", "")).sorted().toList();
            assertEquals(List.of(expected.split(",")), names);
        }
    }

    @Test
    void statsJsonHasTheFigures() throws Exception {
        Path json = dir.resolve("stats.json");
        assertEquals(0, render("-o", dir.resolve("i.png").toString(), "--stats-json", json.toString()).exitCode());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(16 * 12 * 2, root.get("totals").get("samples").asLong());
        assertEquals(16 * 12 * 2, root.get("totals").get("cameraRays").asLong());
        assertTrue(root.get("totals").get("mraysPerSecond").asDouble() > 0);
        assertEquals("rendered", root.get("frames").get(0).get("status").asText());
        assertEquals("cpu", root.get("backend").asText());
    }

    /** A backend that fails half-way, for the atomic-write test. */
    static final class FailingBackend implements RenderBackend {
        @Override public String name() { return "failing"; }
        @Override public String deviceName() { return "nothing"; }
        @Override public void prepare(CompiledScene scene, RenderOptions options) {}
        @Override public RenderStats render(Film film, int firstSample, int sampleCount,
                dev.lucent.backend.RenderProgress progress) {
            throw new IllegalStateException("simulated crash during the render");
        }
        @Override public void close() {}
    }

    /** A backend that merges per-pixel summaries (grey 0.5, no variance) into the film, as the GPU backends do. */
    static final class MergingBackend implements RenderBackend {
        @Override public String name() { return "merging"; }
        @Override public String deviceName() { return "nothing"; }
        @Override public void prepare(CompiledScene scene, RenderOptions options) {}
        @Override public RenderStats render(Film film, int firstSample, int sampleCount,
                dev.lucent.backend.RenderProgress progress) {
            double[] mean = {0.5, 0.5, 0.5};
            float[] albedo = {0.5f, 0.5f, 0.5f}, normal = {0f, 1f, 0f};
            for (int p = 0; p < film.pixelCount(); p++) {
                film.mergeSamples(p, sampleCount, mean, new double[3], albedo, normal, 2f, sampleCount);
            }
            return RenderStats.ZERO;
        }
        @Override public void close() {}
    }

    @Test
    void aBackendThatMergesSamplesWritesNoCascadeAndSaysSoWhenOneWasAskedFor() {
        Backends.register("merging", MergingBackend::new);
        try {
            Path out = dir.resolve("merged.exr");
            CliRun plain = render("-o", out.toString(), "--backend", "merging", "--spp", "4");
            assertEquals(0, plain.exitCode(), plain.err());
            assertEquals("", plain.err(), "nothing asked for the cascade");
            assertEquals(FilmIo.NO_CASCADE, ExrReader.read(out).attribute(FilmIo.CASCADE_ATTRIBUTE));

            CliRun denoised = render("-o", out.toString(), "--backend", "merging", "--spp", "4", "--denoise", "cpu");
            assertEquals(0, denoised.exitCode(), denoised.err());
            assertEquals(List.of("note: merging writes no firefly cascade; cpu denoises without the firefly "
                    + "reweighting"), denoised.errLines());
            ExrImage exr = ExrReader.read(out);
            assertFalse(exr.hasChannel("cascade0.R"));
            assertEquals("none: the input has no firefly cascade layers: " + FilmIo.CASCADE_MERGED,
                    exr.attribute(CascadeReweightFilter.ATTRIBUTE));

            CliRun data = render("-o", out.toString(), "--backend", "merging", "--spp", "4", "--denoising-data");
            assertEquals(0, data.exitCode(), data.err());
            assertEquals(List.of("note: merging writes no firefly cascade; --denoising-data writes no cascade layers"),
                    data.errLines());

            // Resumed on the CPU backend, the merged samples still have no split: the note names the state.
            CliRun resumed = render("-o", out.toString(), "--spp", "6", "--resume", "--denoise", "cpu");
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertEquals(List.of("note: " + out + " resumes a state without the firefly cascade ("
                    + FilmIo.CASCADE_MERGED + "); cpu denoises without the firefly reweighting"), resumed.errLines());
            assertEquals(FilmIo.NO_CASCADE, ExrReader.read(out).attribute(FilmIo.CASCADE_ATTRIBUTE));
        } finally {
            Backends.unregister("merging");
        }
    }

    @Test
    void anExistingImageSurvivesAFailedRender() throws Exception {
        Path out = dir.resolve("keep.png");
        assertEquals(0, render("-o", out.toString()).exitCode());
        byte[] before = Files.readAllBytes(out);
        Backends.register("failing", FailingBackend::new);
        try {
            CliRun r = render("-o", out.toString(), "--backend", "failing", "--spp", "5");
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("simulated crash"), r.err());
        } finally {
            Backends.unregister("failing");
        }
        assertArrayEquals(before, Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temp file left");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing scene | render no-such.json -o x.png | lucent: error: no-such.json: no such file",
        "bad spp | render SCENE -o x.png --spp 0 | lucent: error: --spp must be at least 1, got 0",
        "bad extension | render SCENE -o x.jpg | lucent: error: output 'x.jpg' must end in .png or .exr",
        "unknown backend | render SCENE -o x.png --backend metal | lucent: error: unknown backend 'metal' (backends:",
        "cuda | render SCENE -o x.png --backend cuda | lucent: error: cuda: not available: ",
        "cuda, missing scene | render no-such.json -o x.png --backend cuda | lucent: error: no-such.json: no such file",
        "resume png | render SCENE -o x.png --resume | lucent: error: --resume continues an .exr output",
        "frames without pattern | render SCENE -o x.png --frames 1-3 | lucent: error: --frames gives several frames",
        "bad frames | render SCENE -o x#.png --frames 5-2 | lucent: error: --frames: range '5-2' ends before it starts",
        "bad shard | render SCENE -o x#.png --frames 1-3 --shard 3/3 | lucent: error: --shard: shard index must be 0",
        "shard without frames | render SCENE -o x.png --shard 0/2 | lucent: error: --shard needs --frames",
        "bad tonemap | render SCENE -o x.png --tonemap sepia | lucent: error: --tonemap: unknown tone mapper 'sepia'",
        "unknown camera | render SCENE -o x.png --camera top | lucent: error: ",
    })
    void failuresAreOneLineWithExitTwo(String name, String command, String expectedStart) {
        String[] args = command.strip().split(" ");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("SCENE")) args[i] = scene.toString();
            if (args[i].endsWith(".png") || args[i].endsWith(".jpg")) args[i] = dir.resolve(args[i]).toString();
        }
        CliRun r = CliRun.lucent(args);
        assertEquals(2, r.exitCode(), r.err());
        String firstLine = r.errLines().get(0);
        String expected = expectedStart.strip().replace("x.png", dir.resolve("x.png").toString())
                .replace("x.jpg", dir.resolve("x.jpg").toString());
        assertTrue(firstLine.startsWith(expected), firstLine);
        assertTrue(r.errLines().size() == 1 || r.errLines().get(1).startsWith("Try 'lucent render --help'"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anImageTooLargeForTheCascadeDenoisesWithoutItAndSaysSo() {
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        picocli.CommandLine cmd = Main.commandLine(new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        RenderCommand render = (RenderCommand) cmd.getSubcommands().get("render").getCommand();
        // 16x12 = 192 pixels need 3 x 8 x 192 = 4608 floats; one fewer is "too large".
        render.maxCascadeArrayLength = 3 * 8 * 192 - 1;
        Path exr = dir.resolve("large.exr");
        int code = Main.execute(cmd, "render", scene.toString(), "-o", exr.toString(), "--spp", "64", "--denoise",
                "cpu");
        assertEquals(0, code, err.toString());
        assertEquals(List.of("note: the image (16x12) is too large for the firefly cascade; cpu denoises without the"
                + " firefly reweighting"), Arrays.asList(err.toString().split("\\R")));
        ExrImage image = ExrReader.read(exr);
        assertFalse(image.hasChannel("cascade0.R"));
        assertTrue(image.hasChannel("denoised.R"));
        assertEquals(FilmIo.NONE + FilmIo.CASCADE_TOO_LARGE, image.attribute(FilmIo.CASCADE_ATTRIBUTE));
        assertEquals("none: the input has no firefly cascade layers: " + FilmIo.CASCADE_TOO_LARGE,
                image.attribute(CascadeReweightFilter.ATTRIBUTE));

        render.maxCascadeArrayLength = 3 * 8 * 192;
        assertEquals(0, Main.execute(cmd, "render", scene.toString(), "-o", exr.toString(), "--spp", "64",
                "--denoise", "cpu"));
        assertTrue(ExrReader.read(exr).hasChannel("cascade7.B"), "at the limit it fits");
    }
}
