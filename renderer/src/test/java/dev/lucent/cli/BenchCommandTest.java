package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucent.backend.cuda.CudaAvailability;
import dev.lucent.core.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lucent bench} runs and reports its figures (no timing is asserted: benchmarks are not tests). */
class BenchCommandTest {
    @Test
    void reportsRayAndPathThroughput(@TempDir Path dir) throws Exception {
        Path scene = TestPaths.projectRoot().resolve("scenes/cornell-box.json");
        Path json = dir.resolve("bench.json");
        CliRun r = CliRun.lucent("bench", "--width", "16", "--height", "16", "--spp", "1", "--seconds", "0",
                "--no-cycles", "--threads", "1", "--json", json.toString(), scene.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("cornell-box.json"), r.out());
        JsonNode row = new ObjectMapper().readTree(json.toFile()).get("scenes").get(0);
        assertEquals(16 * 16, row.get("primary").get("rays").asLong(), "one primary ray per pixel, traced once");
        assertTrue(row.get("primary").get("hitFraction").asDouble() > 0.5, "the camera looks into the box");
        assertTrue(row.get("paths").get("raysPerPath").asDouble() > 1);
        assertTrue(row.get("flattened").asBoolean());
    }

    @Test
    void backendsWithoutAProbeAreNamed() {
        CliRun r = CliRun.lucent("bench", "--backend", "nosuch");
        assertEquals(2, r.exitCode());
        assertEquals("lucent: error: nosuch: no benchmark (lucent bench measures cpu, cuda)", r.errLines().get(0));
    }

    @Test
    void cudaBenchSaysInOneLineWhyItCannotRun() {
        Assumptions.assumeFalse(CudaAvailability.check().available(), "CUDA can run here");
        CliRun r = CliRun.lucent("bench", "--backend", "cuda");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("lucent: error: cuda: not available: "), r.err());
    }

    @Test
    void proceduralSceneIsAddedToTheList(@TempDir Path dir) throws Exception {
        Path scene = TestPaths.projectRoot().resolve("scenes/cornell-box.json");
        Path json = dir.resolve("bench.json");
        CliRun r = CliRun.lucent("bench", "--width", "8", "--height", "8", "--spp", "1", "--seconds", "0",
                "--no-cycles", "--threads", "1", "--procedural", "2000", "--json", json.toString(), scene.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode scenes = new ObjectMapper().readTree(json.toFile()).get("scenes");
        assertEquals(2, scenes.size());
        assertEquals("procedural-2000", scenes.get(1).get("scene").asText());
        long triangles = scenes.get(1).get("triangles").asLong();
        assertTrue(Math.abs(triangles - 2000) < 500, "about 2000 triangles: " + triangles);
        assertTrue(scenes.get(1).get("primary").get("hitFraction").asDouble() > 0.5,
                "the camera looks down at the field");
    }
}
