package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.denoise.CascadeReweightFilter;
import dev.lucent.denoise.DenoisedLayer;
import dev.lucent.denoise.OptixAvailability;
import dev.lucent.image.AtomicFiles;
import dev.lucent.image.DisplayTransform;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.ExrWriter;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageDecoder;
import dev.lucent.image.LdrImage;
import dev.lucent.image.NeutralToneMapper;
import dev.lucent.scene.Texture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoiseCommandTest {
    @TempDir
    Path dir;

    private Path writeInput(ExrImage img) {
        Path in = dir.resolve("in.exr");
        ExrWriter.write(in, img);
        return in;
    }

    private List<Path> tempFiles(Path target) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> AtomicFiles.isTempFileFor(target, p)).toList();
        }
    }

    @Test
    void exrOutputKeepsEveryLayerAndAddsTheDenoisedOne() throws IOException {
        ExrImage noisy = TestRenders.render(0.4, 1);
        Path in = writeInput(noisy);
        Path out = dir.resolve("out.exr");
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", out.toString(), "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("with cpu") && r.out().contains("16 spp"), r.out());

        ExrImage result = ExrReader.read(out);
        for (String name : noisy.channelNames()) {
            assertArrayEquals(noisy.channel(name), result.channel(name), name);
        }
        for (String c : ExrImage.RGB) assertTrue(result.hasChannel(DenoisedLayer.NAME + "." + c));
        assertEquals(noisy.channelNames().size() + 3, result.channelNames().size());
        assertEquals("cpu", result.attribute(DenoisedLayer.DENOISER_ATTRIBUTE));
        assertEquals("16", result.attribute("lucent.spp"));
        float[] truth = TestRenders.truth();
        double before = TestRenders.mse(noisy.layer("", ExrImage.RGB), truth);
        double after = TestRenders.mse(result.layer(DenoisedLayer.NAME, ExrImage.RGB), truth);
        assertTrue(after < before / 10, before + " -> " + after);
        assertTrue(tempFiles(out).isEmpty());
    }

    @Test
    void anInputWithoutTheCascadeSaysWhyTheReweightingDidNotRun() {
        ExrImage noisy = TestRenders.render(0.4, 8);
        noisy.putAttribute(FilmIo.CASCADE_ATTRIBUTE, FilmIo.NONE + FilmIo.CASCADE_NOT_ASKED);
        Path in = writeInput(noisy), out = dir.resolve("why.exr");
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", out.toString(), "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        String expected = "none: the input has no firefly cascade layers: " + FilmIo.CASCADE_NOT_ASKED;
        assertTrue(r.out().contains("firefly reweighting: " + expected), r.out());
        assertEquals(expected, ExrReader.read(out).attribute(CascadeReweightFilter.ATTRIBUTE));
    }

    @Test
    void pngOutputIsTheToneMappedDenoisedImage() throws IOException {
        Path in = writeInput(TestRenders.render(0.4, 2));
        Path exr = dir.resolve("out.exr");
        Path png = dir.resolve("out.png");
        assertEquals(0, CliRun.lucent("denoise", in.toString(), "-o", exr.toString()).exitCode());
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", png.toString());
        assertEquals(0, r.exitCode(), r.err());
        Texture decoded = ImageDecoder.decode(png);
        float[] denoised = ExrReader.read(exr).layer(DenoisedLayer.NAME, ExrImage.RGB);
        LdrImage expected = new DisplayTransform(0, new NeutralToneMapper(), false)
                .apply(TestRenders.W, TestRenders.H, denoised);
        assertEquals(TestRenders.W, decoded.width);
        for (int p = 0; p < TestRenders.W * TestRenders.H; p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected.pixels()[3 * p + c] & 0xff, decoded.rgba8[4 * p + c] & 0xff, "pixel " + p);
            }
        }
    }

    @Test
    void cpuNforDenoisesTwoHalvesBetterThanCpuDenoisesTheirMean() {
        ExrImage a = TestRenders.render(0.4, 11);
        ExrImage b = TestRenders.render(0.4, 12);
        Path inA = writeInput(a);
        Path inB = dir.resolve("b.exr");
        ExrWriter.write(inB, b);
        Path out = dir.resolve("nfor.exr");
        CliRun r = CliRun.lucent("denoise", inA.toString(), "-o", out.toString(), "--denoise", "cpu-nfor",
                "--second-half", inB.toString(), "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("with cpu-nfor") && r.out().contains("32 spp"), r.out());
        ExrImage result = ExrReader.read(out);
        assertEquals("cpu-nfor", result.attribute(DenoisedLayer.DENOISER_ATTRIBUTE));
        float[] truth = TestRenders.truth();
        float[] mean = a.layer("", ExrImage.RGB);
        float[] second = b.layer("", ExrImage.RGB);
        for (int i = 0; i < mean.length; i++) mean[i] = 0.5f * (mean[i] + second[i]);
        double before = TestRenders.mse(mean, truth);
        double after = TestRenders.mse(result.layer(DenoisedLayer.NAME, ExrImage.RGB), truth);
        assertTrue(after < before / 10, before + " -> " + after);
    }

    @Test
    void cpuNforWithoutASecondHalfOrWithAnotherSizeIsRefused() {
        Path in = writeInput(TestRenders.render(0.4, 13));
        Path out = dir.resolve("x.exr");
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", out.toString(), "--denoise", "cpu-nfor");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--second-half"), r.err());
        CliRun r2 = CliRun.lucent("denoise", in.toString(), "-o", out.toString(), "--second-half", in.toString());
        assertEquals(2, r2.exitCode());
        assertFalse(Files.exists(out));
    }

    @Test
    void noneCopiesTheBeauty() {
        ExrImage noisy = TestRenders.render(0.4, 3);
        Path in = writeInput(noisy);
        Path out = dir.resolve("none.exr");
        assertEquals(0, CliRun.lucent("denoise", in.toString(), "-o", out.toString(), "--denoiser", "none")
                .exitCode());
        ExrImage result = ExrReader.read(out);
        assertArrayEquals(noisy.layer("", ExrImage.RGB), result.layer(DenoisedLayer.NAME, ExrImage.RGB));
        assertEquals("none", result.attribute(DenoisedLayer.DENOISER_ATTRIBUTE));
    }

    @Test
    void missingLayerIsOneLineNamingItAndLeavesTheOutputAlone() throws IOException {
        Path in = writeInput(TestRenders.without(TestRenders.render(0.4, 4), "normal.Y"));
        Path out = dir.resolve("out.exr");
        Files.writeString(out, "previous");
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", out.toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("lucent: error: " + in + ": cannot denoise: missing channel "
                + "'normal.Y'"), r.err());
        assertEquals("previous", Files.readString(out));
        assertTrue(tempFiles(out).isEmpty());
    }

    @Test
    void missingVarianceIsNamedToo() {
        Path in = writeInput(TestRenders.without(TestRenders.render(0.4, 5), "variance.B"));
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", dir.resolve("o.exr").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("missing channel 'variance.B'"), r.err());
    }

    /** An 8x6 render EXR of 64 spp (grey 0.5 with rare samples of 40), with the firefly cascade when asked. */
    private Path halfRender(String name, long seed, boolean withCascade) {
        dev.lucent.image.Film film = new dev.lucent.image.Film(8, 6,
                withCascade ? dev.lucent.image.LuminanceCascade.DEFAULT : null);
        java.util.Random rnd = new java.util.Random(seed);
        for (int s = 0; s < 64; s++) {
            for (int p = 0; p < 48; p++) {
                float v = rnd.nextInt(200) == 0 ? 40f : 0.5f;
                film.addSample(p, v, v, v, 0.5f, 0.5f, 0.5f, 0f, 0f, 1f, 3f);
            }
        }
        Path path = dir.resolve(name);
        ExrWriter.write(path, FilmIo.outputImage(film,
                dev.lucent.image.ImageMetadata.lucent().put(dev.lucent.image.ImageMetadata.SAMPLES, "64")));
        return path;
    }

    @Test
    void cpuNforSaysHowItReweightsTheHalves() {
        Path a = halfRender("a.exr", 1, true), b = halfRender("b.exr", 2, true), out = dir.resolve("nfor.exr");
        CliRun r = CliRun.lucent("denoise", a.toString(), "-o", out.toString(), "--denoise", "cpu-nfor",
                "--second-half", b.toString(), "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        String expected = "cascade of 8 buffers from 0.015625 by 4.0, kappa 2.0";
        assertTrue(r.out().contains("firefly reweighting: " + expected + "\n"), r.out());
        assertEquals(expected, ExrReader.read(out).attribute(CascadeReweightFilter.ATTRIBUTE));

        Path plain = halfRender("plain.exr", 3, false);
        CliRun mixed = CliRun.lucent("denoise", a.toString(), "-o", out.toString(), "--denoise", "cpu-nfor",
                "--second-half", plain.toString(), "--threads", "2");
        assertEquals(0, mixed.exitCode(), mixed.err());
        String both = "first half: " + expected + "; second half: none: the input has no firefly cascade layers: "
                + FilmIo.CASCADE_NOT_ASKED;
        assertTrue(mixed.out().contains("firefly reweighting: " + both), mixed.out());
        assertEquals(both, ExrReader.read(out).attribute(CascadeReweightFilter.ATTRIBUTE));
    }

    @Test
    void aMalformedFireflyCascadeIsNamedNotAnInternalError() {
        ExrImage noisy = TestRenders.render(0.4, 5);
        noisy.putAttribute(FilmIo.CASCADE_ATTRIBUTE, "start=1.0 ratio=4.0 count=2");
        float[] plane = new float[noisy.pixelCount()];
        for (String name : new String[] {"cascade0.R", "cascade0.G", "cascade0.B", "cascade1.R", "cascade1.B"}) {
            noisy.putChannel(name, plane);
        }
        Path in = writeInput(noisy);
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", dir.resolve("o.exr").toString(), "--threads", "2");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("lucent: error: " + in + ": firefly cascade layer 'cascade1': "
                + "missing channel 'cascade1.G'"), r.err());
    }

    @Test
    void optixIsUnavailableInOneLine() {
        OptixAvailability optix = OptixAvailability.check();
        Assumptions.assumeFalse(optix.available(), "OptiX is available on this machine");
        Path in = writeInput(TestRenders.render(0.4, 6));
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", dir.resolve("o.exr").toString(), "--denoiser",
                "optix");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("lucent: error: denoiser 'optix' " + optix.reason()), r.errLines());
        assertFalse(Files.exists(dir.resolve("o.exr")));
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        Path in = writeInput(TestRenders.render(0.4, 7));
        CliRun unknown = CliRun.lucent("denoise", in.toString(), "-o", dir.resolve("o.exr").toString(),
                "--denoiser", "magic");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errLines().get(0).contains("unknown denoiser 'magic'"), unknown.err());
        CliRun extension = CliRun.lucent("denoise", in.toString(), "-o", dir.resolve("o.jpg").toString());
        assertEquals(2, extension.exitCode());
        assertTrue(extension.err().contains("must end in .exr or .png"), extension.err());
        assertEquals(2, CliRun.lucent("denoise", in.toString()).exitCode());
        assertEquals(2, CliRun.lucent("denoise", in.toString(), "-o", "x.exr", "--threads", "0").exitCode());
    }

    @Test
    void notAnExrIsOneLine() throws IOException {
        Path in = dir.resolve("fake.exr");
        Files.writeString(in, "not an image");
        CliRun r = CliRun.lucent("denoise", in.toString(), "-o", dir.resolve("o.exr").toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("not an OpenEXR file"), r.err());
        CliRun missing = CliRun.lucent("denoise", dir.resolve("nope.exr").toString(), "-o", "o.exr");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
