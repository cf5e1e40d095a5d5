package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.RenderOptions;
import dev.lucent.cli.Main;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the Khronos validation layer on (the backend's debug mode, `--vk-debug`), creating the device, building
 * the acceleration structures and pipeline, rendering twice (the second call reusing everything) and closing
 * report no validation warning or error; and `lucent render --backend vulkan` writes its image. Skipped where
 * there is no device, or no validation layer (tools/fetch-lavapipe --validation provides both).
 */
class VulkanValidationTest {
    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    @Test
    void renderingIsValidationClean() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        VulkanBackend b;
        try {
            b = new VulkanBackend(true);
        } catch (BackendUnavailableException e) {
            Assumptions.abort(e.getMessage());
            return;
        }
        try (b; CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(16, 16))) {
            b.prepare(cs, new RenderOptions(4, 0, 1, 0, new BoxFilter()));
            Film f = new Film(16, 16);
            b.render(f, 0, 2, null);
            b.render(f, 2, 2, null);
            assertEquals(4, f.sampleCountRange()[0]);
            assertEquals(java.util.List.of(), b.context().validationMessages(), "validation messages");
        }
    }

    @Test
    void renderCommandUsesTheVulkanBackend(@TempDir Path dir) {
        Path png = dir.resolve("cornell.png");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "render",
                TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json").toString(), "--backend", "vulkan",
                "--width", "16", "--height", "16", "--spp", "2", "-o", png.toString());
        assertEquals(0, code, err.toString());
        assertTrue(Files.isRegularFile(png), "PNG written");
        assertTrue(out.toString().contains("vulkan"), "summary names the backend: " + out);
    }
}
