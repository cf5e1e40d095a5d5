package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.lucent.backend.AgreementFixture;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vulkan backend against the CPU reference on the Cornell box, small enough for lavapipe on two cores (48x48,
 * 64 spp): the images agree statistically ({@link dev.lucent.metrics.FilmAgreement}), every pixel receives every
 * sample, and rendering in two calls (progressive) gives the same film as one call. Skipped with the reason where no ray-tracing Vulkan
 * device exists (tools/fetch-lavapipe provides one).
 */
class VulkanCpuAgreementTest {
    static final int SIZE = 48, SPP = 64;

    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    private static Scene cornell() {
        return AgreementFixture.projectScene("cornell-box.json");
    }

    @Test
    void cornellBoxAgreesWithCpu() {
        Scene scene = cornell();
        RenderOptions options = new RenderOptions(8, 0, 7, 0, new BoxFilter());
        Film[] films = AgreementFixture.renderCpuAnd(scene, options, SIZE, SIZE, SPP, () -> new VulkanBackend(false),
                (b, s) -> {
                    assertEquals((long) SIZE * SIZE * SPP, s.cameraRays(), "one camera ray per pixel sample");
                    assertTrue(s.shadowRays() > 0 && s.extensionRays() > 0, "shadow and extension rays counted");
                });
        Film cpu = films[0], vk = films[1];
        int[] range = vk.sampleCountRange();
        assertEquals(SPP, range[0]);
        assertEquals(SPP, range[1]);
        AgreementFixture.assertAgree("cornell-box vulkan vs cpu", cpu, vk);
    }

    /** With the default pixel filter (not box) the film positions come from the filter's sampling table. */
    @Test
    void defaultFilterAgreesWithCpu() {
        Scene scene = cornell();
        RenderOptions options = new RenderOptions(6, 0, 5, 0, dev.lucent.image.PixelFilter.defaultFilter());
        int size = 32, spp = 32;
        Film[] films = AgreementFixture.renderCpuAnd(scene, options, size, size, spp, () -> new VulkanBackend(false),
                null);
        AgreementFixture.assertAgree("cornell-box default filter vulkan vs cpu", films[0], films[1]);
    }

    /**
     * Alpha cut-outs through the any-hit shader: seen from above, a BLEND quad (alpha 0.5, stochastic) and two MASK
     * quads (alpha 0.3 under cutoff 0.5: absent; alpha 0.8: present) over a grey ground, lit by a white sky and a
     * directional light whose shadow rays also pass the alpha test.
     */
    @Test
    void alphaMaskAndBlendAgreeWithCpu(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("alpha.json");
        Files.writeString(file, """
                {
                  "materials": {
                    "ground": {"baseColor": [0.6, 0.6, 0.6], "roughness": 1},
                    "blend": {"baseColor": [0.9, 0.1, 0.1, 0.5], "alphaMode": "blend", "roughness": 1, "doubleSided": true},
                    "cut": {"baseColor": [0.1, 0.1, 0.9, 0.3], "alphaMode": "mask", "alphaCutoff": 0.5, "doubleSided": true},
                    "kept": {"baseColor": [0.1, 0.9, 0.1, 0.8], "alphaMode": "mask", "alphaCutoff": 0.5, "doubleSided": true}
                  },
                  "shapes": [
                    {"type": "quad", "size": [6, 6], "material": "ground"},
                    {"type": "quad", "size": [1.2, 2.4], "material": "blend", "translate": [-1.4, 0.6, 0]},
                    {"type": "quad", "size": [1.2, 2.4], "material": "cut", "translate": [0, 0.6, 0]},
                    {"type": "quad", "size": [1.2, 2.4], "material": "kept", "translate": [1.4, 0.6, 0]}
                  ],
                  "lights": [{"type": "directional", "color": [1, 1, 1], "intensity": 2, "direction": [0.3, -1, 0.2]}],
                  "environment": {"color": [0.5, 0.5, 0.5]},
                  "cameras": [{"name": "top", "position": [0, 5, 0.01], "lookAt": [0, 0, 0], "fov": 50}],
                  "render": {"width": 32, "height": 32, "spp": 16, "maxDepth": 4}
                }
                """);
        Scene scene = SceneLoader.load(file);
        RenderOptions options = new RenderOptions(4, 0, 11, 0, new BoxFilter());
        Film[] films = AgreementFixture.renderCpuAnd(scene, options, SIZE, SIZE, SPP, () -> new VulkanBackend(false),
                null);
        Film cpu = films[0], vk = films[1];
        AgreementFixture.assertAgree("alpha scene vulkan vs cpu", cpu, vk);
        // The cut-out (centre column) shows the grey ground, the kept MASK quad (right) is green.
        int y = SIZE / 2, centre = y * SIZE + SIZE / 2, right = y * SIZE + SIZE / 2 + SIZE * 1 / 4;
        assertTrue(Math.abs(vk.mean(centre, 0) - vk.mean(centre, 2)) < 0.05 * vk.mean(centre, 1),
                "cut-out MASK quad must be invisible (grey ground): " + vk.mean(centre, 0) + " " + vk.mean(centre, 2));
        assertTrue(vk.mean(right, 1) > 3 * vk.mean(right, 0), "kept MASK quad must be green");
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
