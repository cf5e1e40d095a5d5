package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource ownership: a backend can be created, used and closed twice in one JVM (the second instance and device
 * start from nothing and render the same image), closing twice is harmless, and no context stays open afterwards.
 */
class VulkanBackendLifecycleTest {
    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    private static Film render(CompiledScene cs) {
        Film f = new Film(16, 16);
        VulkanBackend b = new VulkanBackend(false);
        try {
            b.prepare(cs, new RenderOptions(3, 0, 5, 0, new BoxFilter()));
            b.render(f, 0, 2, null);
            assertEquals(1, VulkanContext.openCount(), "one open context while rendering");
        } finally {
            b.close();
        }
        b.close(); // idempotent
        return f;
    }

    @Test
    void createRenderCloseTwice() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        int before = VulkanContext.openCount();
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(16, 16))) {
            Film first = render(cs);
            assertEquals(before, VulkanContext.openCount(), "closed backend leaves no open context");
            Film second = render(cs);
            assertEquals(before, VulkanContext.openCount());
            double sum = 0;
            for (int p = 0; p < 256; p++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(first.mean(p, c), second.mean(p, c), 0, "pixel " + p);
                    sum += first.mean(p, c);
                }
            }
            assertTrue(sum > 0, "the Cornell box is not black");
        }
    }

    @Test
    void instanceUpdateRebuildsTheTlasAndKeepsRendering() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        RenderOptions options = new RenderOptions(3, 0, 5, 0, new BoxFilter());
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(16, 16));
                VulkanBackend b = new VulkanBackend(false)) {
            Film a = new Film(16, 16), c = new Film(16, 16);
            b.prepare(cs, options);
            b.render(a, 0, 2, null);
            cs.updateInstances(scene, 0f); // same time: the same instances, a batch frame's path through prepare
            b.prepare(cs, options);
            b.render(c, 0, 2, null);
            for (int p = 0; p < 256; p++) assertEquals(a.mean(p, 1), c.mean(p, 1), 0, "pixel " + p);
        }
    }
}
