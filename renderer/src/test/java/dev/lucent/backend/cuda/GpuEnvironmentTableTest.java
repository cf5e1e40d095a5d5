package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.light.Distribution2D;
import dev.lucent.light.EnvironmentLight;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Shapes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The flattened environment distribution holds exactly the Java EnvironmentLight's Distribution2D. */
class GpuEnvironmentTableTest {
    @Test
    void tableIsTheJavaDistributionFlattened() {
        Scene s = new Scene(Path.of("env-table-test.json"));
        Mesh box = Shapes.box(1, 1, 1);
        box.materials = new int[box.triangleCount()];
        s.materials.add(dev.lucent.scene.Material.defaultMaterial());
        s.meshes.add(box);
        Node n = new Node("box");
        n.mesh = 0;
        s.addNode(n);
        s.textures.add(CudaPathTracerGpuTest.sunSky());
        s.environment.texture = 0;
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            float[] t = GpuEnvironmentTable.of(cs);
            Distribution2D d = EnvironmentLight.fromScene(cs).distribution();
            int w = 64, h = 32;
            assertEquals(w, (int) t[0]);
            assertEquals(h, (int) t[1]);
            assertEquals(2 + (h + 1) + h * (w + 1) + w * h, t.length);
            float[] marginal = new float[h + 1];
            System.arraycopy(t, 2, marginal, 0, h + 1);
            assertArrayEquals(d.marginal().cdf(), marginal);
            float[] row9 = new float[w + 1];
            System.arraycopy(t, 2 + (h + 1) + 9 * (w + 1), row9, 0, w + 1);
            assertArrayEquals(d.conditional(9).cdf(), row9);
            int cells = 2 + (h + 1) + h * (w + 1);
            assertEquals(d.pdfCell(41, 9), t[cells + 9 * w + 41]);
            assertEquals(d.pdfCell(3, 30), t[cells + 30 * w + 3]);
            // The sun texels (luminance ~380 against ~0.5) carry most of the probability.
            assertEquals(true, t[cells + 9 * w + 41] > 100 * t[cells + 20 * w + 10], "sun cell density");
        }
    }

    @Test
    void uniformBackgroundHasAnEmptyTable() {
        Scene s = new Scene(Path.of("env-table-test.json"));
        Mesh box = Shapes.box(1, 1, 1);
        box.materials = new int[box.triangleCount()];
        s.materials.add(dev.lucent.scene.Material.defaultMaterial());
        s.meshes.add(box);
        Node n = new Node("box");
        n.mesh = 0;
        s.addNode(n);
        s.environment.color = new float[] {1, 1, 1};
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults())) {
            assertArrayEquals(new float[] {0, 0}, GpuEnvironmentTable.of(cs));
        }
    }
}
