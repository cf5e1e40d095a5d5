package dev.lucent.scene;

import static dev.lucent.bench.BenchmarkTimer.bestMs;

import dev.lucent.core.TestPaths;
import dev.lucent.image.ImageDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load times of the shared scenes: glTF (DamagedHelmet, whose four 2048x2048 JPEGs dominate), OBJ through
 * Assimp (Stanford bunny), a scene file instancing the bunny 1000 times, and image decoding alone. Tagged
 * "slow", so the build's Surefire configuration excludes it; run it through {@link #main} on the test
 * classpath (docs/benchmarks.md gives the command). Best of several runs after warm-up.
 */
@Tag("slow")
class SceneLoadBenchmark {
    public static void main(String[] args) throws Exception {
        new SceneLoadBenchmark().run();
    }

    @Test
    void run() throws Exception {
        Path shared = TestPaths.sharedScenes();
        Path helmet = shared.resolve("damaged-helmet/DamagedHelmet.gltf");
        Path bunny = shared.resolve("models/stanford-bunny.obj");
        Path tmp = Files.createTempDirectory("lucent-bench");
        StringBuilder json = new StringBuilder("{\"models\": {\"bunny\": \"" + bunny.toString().replace("\\", "\\\\")
                + "\"}, \"instances\": [");
        for (int i = 0; i < 1000; i++) json.append(i > 0 ? "," : "").append("{\"model\": \"bunny\", \"translate\": [")
                .append(i % 40).append(", 0, ").append(i / 40).append("]}");
        Path scene = Files.writeString(tmp.resolve("bunnies.json"), json.append("]}").toString());
        // The helmet without images and materials: what the geometry costs.
        var gltf = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(helmet.toFile());
        for (String k : new String[] {"images", "textures", "samplers", "materials"}) gltf.remove(k);
        ((com.fasterxml.jackson.databind.node.ObjectNode) gltf.get("meshes").get(0).get("primitives").get(0))
                .remove("material");
        ((com.fasterxml.jackson.databind.node.ObjectNode) gltf.get("buffers").get(0)).put("uri",
                helmet.getParent().resolve("DamagedHelmet.bin").toUri().toString());
        Path geometry = Files.writeString(tmp.resolve("geometry.gltf"), gltf.toString());
        String[] jpgs = {"Default_albedo.jpg", "Default_metalRoughness.jpg", "Default_emissive.jpg",
            "Default_normal.jpg"};
        report("DamagedHelmet.gltf (15452 tris, 4 JPEGs decoded in parallel)", bestMs(5, () -> SceneLoader.load(helmet)));
        report("the helmet's 4 JPEGs decoded one after another", bestMs(5, () -> {
            for (String j : jpgs) ImageDecoder.decode(helmet.getParent().resolve(j));
        }));
        report("the helmet's geometry alone (no images, no materials)", bestMs(5, () -> SceneLoader.load(geometry)));
        report("stanford-bunny.obj (69451 tris, Assimp)", bestMs(5, () -> SceneLoader.load(bunny)));
        report("scene file: bunny instanced 1000 times", bestMs(5, () -> SceneLoader.load(scene)));
        report("Shapes.sphere(1, 512) (261120 tris)", bestMs(10, () -> Shapes.sphere(1, 512)));
        try {
            Files.delete(scene);
            Files.delete(geometry);
            Files.delete(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(String what, double ms) {
        System.out.println(String.format(Locale.ROOT, "%-62s %9.1f ms", what, ms));
    }
}
