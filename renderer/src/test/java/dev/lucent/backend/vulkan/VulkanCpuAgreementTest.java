package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vulkan backend against the CPU reference on the Cornell box, small enough for lavapipe on two cores (48x48,
 * 64 spp): the images agree statistically ({@link FilmAgreement}), every pixel receives every sample, and rendering
 * in two calls (progressive) gives the same film as one call. Skipped with the reason where no ray-tracing Vulkan
 * device exists (tools/fetch-lavapipe provides one).
 */
class VulkanCpuAgreementTest {
    static final int SIZE = 48, SPP = 64;

    @BeforeAll
    static void device() {
        VulkanTestDevice.assumeAvailable();
    }

    private static Scene cornell() {
        return SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
    }

    @Test
    void cornellBoxAgreesWithCpu() {
        Scene scene = cornell();
        RenderOptions options = new RenderOptions(8, 0, 7, 0, new BoxFilter());
        Film cpu = new Film(SIZE, SIZE), vk = new Film(SIZE, SIZE);
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(SIZE, SIZE))) {
            try (RenderBackend b = new CpuBackend()) {
                b.prepare(cs, options);
                b.render(cpu, 0, SPP, null);
            }
            try (RenderBackend b = new VulkanBackend(false)) {
                b.prepare(cs, options);
                RenderStats s = b.render(vk, 0, SPP, null);
                assertEquals((long) SIZE * SIZE * SPP, s.cameraRays(), "one camera ray per pixel sample");
                assertTrue(s.shadowRays() > 0 && s.extensionRays() > 0, "shadow and extension rays counted");
            }
        }
        int[] range = vk.sampleCountRange();
        assertEquals(SPP, range[0]);
        assertEquals(SPP, range[1]);
        FilmAgreement.assertAgree("cornell-box vulkan vs cpu", cpu, vk);
    }

    @Test
    void progressiveRenderEqualsOneCall() {
        Scene scene = cornell();
        RenderOptions options = new RenderOptions(4, 0, 3, 0, new BoxFilter());
        int size = 24;
        Film once = new Film(size, size), twice = new Film(size, size);
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(size, size));
                RenderBackend b = new VulkanBackend(false)) {
            b.prepare(cs, options);
            b.render(once, 0, 8, null);
            b.render(twice, 0, 3, null);
            b.render(twice, 3, 5, null);
        }
        for (int p = 0; p < size * size; p++) {
            assertEquals(8, twice.sampleCount(p));
            for (int c = 0; c < 3; c++) {
                assertEquals(once.mean(p, c), twice.mean(p, c), 1e-5 * Math.max(1, Math.abs(once.mean(p, c))),
                        "pixel " + p + " channel " + c);
            }
        }
    }
}
