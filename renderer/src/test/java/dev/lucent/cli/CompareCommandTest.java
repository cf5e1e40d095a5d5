package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, ExrImage img) {
        Path p = dir.resolve(name);
        ExrWriter.write(p, img);
        return p;
    }

    @Test
    void anImageAgainstItselfIsPerfect() {
        Path a = write("a.exr", TestRenders.render(0.3, 1));
        CliRun r = CliRun.lucent("compare", a.toString(), a.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("PSNR           inf dB"), r.out());
        assertTrue(r.out().contains("SSIM           1.00000"), r.out());
        assertTrue(r.out().contains("FLIP           0.00000"), r.out());
        assertTrue(r.out().contains("rMSE           0.00000 "), r.out());
        // Same values, so every z is 0.
        assertTrue(r.out().contains("rms 0.000, mean +0.000, |z| > 3: 0.000%"), r.out());
    }

    @Test
    void jsonHasEveryMetricAndTheZScoresOfTwoNoisyRenders() throws Exception {
        Path a = write("a.exr", TestRenders.render(0.3, 1));
        Path b = write("b.exr", TestRenders.render(0.3, 2));
        CliRun r = CliRun.lucent("compare", a.toString(), b.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(TestRenders.W, j.get("width").asInt());
        double psnr = j.get("psnr").asDouble();
        assertTrue(psnr > 10 && psnr < 40, "psnr " + psnr);
        double ssim = j.get("ssim").asDouble();
        assertTrue(ssim > 0 && ssim < 1, "ssim " + ssim);
        assertTrue(j.get("flip").asDouble() > 0);
        assertTrue(j.get("relativeMse").asDouble() > 0);
        JsonNode z = j.get("zScores");
        // Independent renders with exact variances: z is standard normal.
        assertEquals(1.0, z.get("rmsZ").asDouble(), 0.05);
        assertEquals(3L * TestRenders.W * TestRenders.H, z.get("samples").asLong());
        assertEquals("neutral", j.get("toneMap").asText());
    }

    @Test
    void denoisedLayerAgainstTheTruthBeatsTheNoisyBeauty() throws Exception {
        Path in = write("in.exr", TestRenders.render(0.4, 3));
        Path truth = write("truth.exr", TestRenders.render(0, 0));
        Path out = dir.resolve("out.exr");
        assertEquals(0, CliRun.lucent("denoise", in.toString(), "-o", out.toString()).exitCode());
        ObjectMapper m = new ObjectMapper();
        JsonNode noisy = m.readTree(CliRun.lucent("compare", out.toString(), truth.toString(), "--json").out());
        CliRun dr = CliRun.lucent("compare", out.toString(), truth.toString(), "--json", "--a-layer", "denoised");
        assertEquals(0, dr.exitCode(), dr.err());
        JsonNode denoised = m.readTree(dr.out());
        assertTrue(denoised.get("psnr").asDouble() > noisy.get("psnr").asDouble() + 10, dr.out());
        assertTrue(denoised.get("ssim").asDouble() > noisy.get("ssim").asDouble());
        assertTrue(denoised.get("flip").asDouble() < noisy.get("flip").asDouble());
        assertTrue(denoised.get("zScores").isNull(), "no z-scores for a denoised layer");
    }

    @Test
    void maxRmseFailsAboveTheBoundOnly() {
        Path a = write("a.exr", TestRenders.render(0.3, 1));
        Path b = write("b.exr", TestRenders.render(0, 0));
        CliRun above = CliRun.lucent("compare", a.toString(), b.toString(), "--max-rmse", "0.001");
        assertEquals(CompareCommand.EXIT_ABOVE_BOUND, above.exitCode());
        assertTrue(above.err().contains("is above --max-rmse"), above.err());
        assertEquals(0, CliRun.lucent("compare", a.toString(), b.toString(), "--max-rmse", "10").exitCode());
        assertEquals(2, CliRun.lucent("compare", a.toString(), b.toString(), "--max-rmse", "-1").exitCode());
    }

    @Test
    void badInputsAreOneLine() {
        Path a = write("a.exr", TestRenders.render(0.3, 1));
        Path small = write("small.exr", new ExrImage(4, 4).putChannel("R", new float[16])
                .putChannel("G", new float[16]).putChannel("B", new float[16]));
        CliRun size = CliRun.lucent("compare", a.toString(), small.toString());
        assertEquals(2, size.exitCode());
        assertEquals(1, size.errLines().size(), size.err());
        assertTrue(size.err().contains("size 4x4 differs"), size.err());
        CliRun layer = CliRun.lucent("compare", a.toString(), a.toString(), "--a-layer", "denoised");
        assertEquals(2, layer.exitCode());
        assertTrue(layer.err().contains("no channel 'denoised.R'"), layer.err());
        assertEquals(2, CliRun.lucent("compare", a.toString(), dir.resolve("none.exr").toString()).exitCode());
        assertEquals(2, CliRun.lucent("compare", a.toString()).exitCode());
    }
}
