package dev.lucent.backend.vulkan;

import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-backend agreement on a GPU: the CPU and Vulkan backends render the Cornell box, the material test and
 * DamagedHelmet under the sky at 64x64, 256 spp (box filter, the same options) and must agree statistically
 * ({@link FilmAgreement}, the criteria of CudaCpuAgreementGpuTest). Tagged "gpu": too slow for lavapipe on the CI
 * machine; skipped with the reason where no ray-tracing Vulkan device exists.
 */
@Tag("gpu")
class VulkanCpuAgreementGpuTest {
    static final int SIZE = 64, SPP = 256;

    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cornell-box.json", "material-test.json", "helmet-sky.json"})
    void cpuAndVulkanImagesAgree(String file) {
        var scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve(file));
        RenderOptions options = new RenderOptions(8, 0, 7, 0, new BoxFilter());
        Film cpu = new Film(SIZE, SIZE), vk = new Film(SIZE, SIZE);
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(SIZE, SIZE))) {
            try (RenderBackend b = new CpuBackend()) {
                b.prepare(cs, options);
                b.render(cpu, 0, SPP, null);
            }
            try (VulkanBackend b = new VulkanBackend(false)) {
                System.out.println(file + ": " + b.deviceName() + ", " + b.context().driverDescription());
                b.prepare(cs, options);
                b.render(vk, 0, SPP, null);
            }
        }
        FilmAgreement.assertAgree(file + " vulkan vs cpu", cpu, vk);
    }
}
