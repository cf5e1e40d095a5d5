package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.BvhStats;
import dev.lucent.compile.CompileStats;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Animation;
import dev.lucent.scene.Camera;
import dev.lucent.scene.FeatureReport.Support;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Texture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** InfoReport built from a hand-made Scene and made-up compile results, with totals worked out by hand. */
class InfoReportTest {
    /** 100 triangles, 25 leaves of avg 4, SAH 10; 300 triangles, 100 leaves of avg 3, SAH 20. */
    private static final BvhStats BLAS_A = new BvhStats(100, 49, 25, 6, 1, 4, 4.0, 10.0, 1.5, 1568);
    private static final BvhStats BLAS_B = new BvhStats(300, 199, 100, 9, 2, 4, 3.0, 20.0, 2.5, 6368);
    private static final BvhStats TLAS = new BvhStats(3, 5, 3, 3, 1, 1, 1.0, 2.5, 0.05, 160);

    static Scene scene() {
        Scene s = new Scene(Path.of("models/test.gltf"));
        s.format = "glTF 2.0";
        s.meshes.add(new Mesh("a"));
        s.meshes.add(new Mesh("b"));
        s.materials.add(new Material("red"));
        s.materials.add(new Material("glass"));
        s.materials.add(new Material("lamp"));
        s.textures.add(Texture.missing("albedo", Path.of("albedo.png")));
        s.cameras.add(new Camera("main"));
        s.cameras.add(new Camera("close-up"));
        Animation spin = new Animation("spin");
        spin.channels.add(new Animation.Channel(0, Animation.Path.ROTATION, Animation.Interpolation.LINEAR,
                new float[] {0, 1.25f, 2.5f}, new float[12]));
        s.animations.add(spin);
        s.features.add("KHR_materials_emissive_strength", Support.SUPPORTED, "");
        s.features.add("KHR_materials_clearcoat", Support.IGNORED, "rendered without clearcoat");
        s.features.add("KHR_materials_volume", Support.APPROXIMATED, "thin-walled transmission");
        s.warnings.add("albedo.png: cannot be decoded; using the magenta checker");
        return s;
    }

    static CompiledSceneFacts compiled() {
        Map<String, Long> memory = new TreeMap<>(Map.of("textures", 4096L, "vertices", 9600L, "indices", 4800L,
                "bvh", 8096L, "extras", 10L));
        return new CompiledSceneFacts(2, 3, 800, 400, 700, 4, 2, 1, 12, 37.5f, List.of("main", "close-up"),
                new float[] {-1, 0, -2}, new float[] {1, 3, 2},
                new CompileStats(List.of(BLAS_A, BLAS_B), TLAS, 42.0, 4.0, memory));
    }

    static InfoReport report() {
        return InfoReport.of("models/test.gltf", scene(), compiled(), new BvhOptions(4, 16, 0));
    }

    @Test
    void countsComeFromTheSceneAndTheCompiledScene() {
        InfoReport.Counts c = report().counts();
        assertEquals(2, c.meshes());
        assertEquals(3, c.instances());
        assertEquals(400, c.uniqueTriangles());
        assertEquals(700, c.instancedTriangles());
        assertEquals(800, c.vertices());
        assertEquals(3, c.materials());
        assertEquals(1, c.textures());
        assertEquals(1, c.punctualLights());
        assertEquals(12, c.emissiveTriangles());
        assertEquals(2, c.cameras());
        assertEquals(false, c.defaultCamera());
        assertEquals(1, c.animations());
        assertEquals(2.5, c.animationSeconds(), 1e-6);
    }

    @Test
    void blasTotalsSumCountsAndWeightAveragesByHand() {
        InfoReport.BlasTotals b = report().bvh().blas();
        assertEquals(2, b.meshes());
        assertEquals(400, b.primitives());
        assertEquals(248, b.nodes());
        assertEquals(125, b.leaves());
        assertEquals(9, b.maxDepth());
        assertEquals(1, b.minLeafSize());
        assertEquals(4, b.maxLeafSize());
        assertEquals((25 * 4.0 + 100 * 3.0) / 125, b.avgLeafSize(), 1e-12);
        assertEquals((100 * 10.0 + 300 * 20.0) / 400, b.sahCost(), 1e-12);
        assertEquals(20.0, b.maxSahCost());
        assertEquals(4.0, b.buildMillis(), 1e-12);
        assertEquals(1568 + 6368, b.memoryBytes());
        assertEquals(TLAS, report().bvh().tlas());
    }

    @Test
    void noMeshesGiveZeroTotalsNotNaN() {
        InfoReport.BlasTotals b = InfoReport.blasTotals(List.of());
        assertEquals(0, b.minLeafSize());
        assertEquals(0.0, b.avgLeafSize());
        assertEquals(0.0, b.sahCost());
    }

    @Test
    void boundsAndSize() {
        InfoReport.Bounds b = report().bounds();
        assertEquals(List.of(-1f, 0f, -2f), List.of(b.min()[0], b.min()[1], b.min()[2]));
        assertEquals(List.of(2f, 3f, 4f), List.of(b.size()[0], b.size()[1], b.size()[2]));
        assertNull(InfoReport.bounds(new float[] {Float.MAX_VALUE, 0, 0}, new float[] {-Float.MAX_VALUE, 0, 0}));
        assertNull(InfoReport.bounds(new float[] {Float.POSITIVE_INFINITY, 0, 0}, new float[] {1, 1, 1}));
    }

    @Test
    void boundsAreReadFromTheGlobalsStruct() {
        try (NativeBuffer g = NativeBuffer.allocate(LcSceneGlobals.BYTES)) {
            g.putFloat(LcSceneGlobals.BBOX_MIN + 4, -7.5f);
            g.putFloat(LcSceneGlobals.BBOX_MAX + 8, 3.25f);
            float[] min = CompiledSceneFacts.readVec3(g, LcSceneGlobals.BBOX_MIN);
            float[] max = CompiledSceneFacts.readVec3(g, LcSceneGlobals.BBOX_MAX);
            assertEquals(-7.5f, min[1]);
            assertEquals(0f, min[2]);
            assertEquals(3.25f, max[2]);
        }
    }

    @Test
    void memoryInReadingOrderWithTotal() {
        InfoReport.Memory m = report().memory();
        assertEquals(List.of("vertices", "indices", "bvh", "textures", "extras"), List.copyOf(m.bytes().keySet()));
        assertEquals(9600 + 4800 + 8096 + 4096 + 10, m.totalBytes());
    }

    @Test
    void featuresKeepOrderWithLowercaseSupport() {
        List<InfoReport.Feature> f = report().features();
        assertEquals(3, f.size());
        assertEquals(new InfoReport.Feature("KHR_materials_clearcoat", "ignored", "rendered without clearcoat"),
                f.get(1));
        assertEquals("approximated", f.get(2).support());
    }

    @Test
    void jsonHasTheDocumentedKeysAndValues() throws Exception {
        StringWriter s = new StringWriter();
        InfoCommand.print(report(), true, new PrintWriter(s));
        JsonNode j = new ObjectMapper().readTree(s.toString());
        for (String key : List.of("file", "format", "counts", "bounds", "bvh", "memory", "compileMillis",
                "bvhMillis", "warnings", "features")) {
            assertTrue(j.has(key), "missing key " + key + " in " + s);
        }
        assertEquals("glTF 2.0", j.get("format").asText());
        assertEquals(700, j.at("/counts/instancedTriangles").asLong());
        assertEquals(400, j.at("/counts/uniqueTriangles").asLong());
        assertEquals(3, j.at("/bounds/max").get(1).asDouble());
        assertEquals(248, j.at("/bvh/blas/nodes").asLong());
        assertEquals(17.5, j.at("/bvh/blas/sahCost").asDouble(), 1e-12);
        assertEquals(5, j.at("/bvh/tlas/nodeCount").asInt());
        assertEquals(16, j.at("/bvh/bins").asInt());
        assertEquals(9600, j.at("/memory/bytes/vertices").asLong());
        assertEquals(26602, j.at("/memory/totalBytes").asLong());
        assertEquals("ignored", j.at("/features/1/support").asText());
        assertEquals(1, j.get("warnings").size());
    }

    @Test
    void textReportShowsEverySection() {
        StringWriter s = new StringWriter();
        InfoCommand.print(report(), false, new PrintWriter(s));
        String t = s.toString();
        for (String expected : List.of("Format      glTF 2.0", "Contents", "World bounds",
                "BVH (max leaf size 4, 16 SAH bins)", "Memory", "Compile time", "Features", "Warnings",
                "main, close-up", "longest 2.50 s",
                "KHR_materials_clearcoat          ignored       rendered without clearcoat",
                "albedo.png: cannot be decoded")) {
            assertTrue(t.contains(expected), "missing '" + expected + "' in:\n" + t);
        }
        assertTrue(t.matches("(?s).*Triangles\\s+400\\s+stored.*"), t);
        assertTrue(t.matches("(?s).*\\n\\s+700\\s+rendered.*"), t);
        assertTrue(t.matches("(?s).*BLAS\\s+2\\s+248\\s+125\\s+9\\s+1 / 3.20 / 4\\s+17.50\\s+4.0 ms.*"), t);
        assertTrue(t.matches("(?s).*total\\s+26.0 KiB.*"), t);
        assertTrue(t.matches("(?s).*Compile time\\s+42.0 ms\\s+\\(BVH builds 4.0 ms\\).*"), t);
    }

    @Test
    void humanUnits() {
        assertEquals("512 B", InfoTextWriter.bytes(512));
        assertEquals("1.50 KiB", InfoTextWriter.bytes(1536));
        assertEquals("10.0 MiB", InfoTextWriter.bytes(10L << 20));
        assertEquals("3.00 GiB", InfoTextWriter.bytes(3L << 30));
        assertEquals("12.3 ms", InfoTextWriter.millis(12.34));
        assertEquals("12.50 s", InfoTextWriter.millis(12_500));
    }
}
