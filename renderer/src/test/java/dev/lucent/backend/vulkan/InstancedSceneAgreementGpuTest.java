package dev.lucent.backend.vulkan;

import dev.lucent.backend.AgreementFixture;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.backend.cuda.CudaAvailability;
import dev.lucent.backend.cuda.CudaBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Instancing with rotation and scale: scenes/instances.json (4096 scaled, rotated bunnies with material overrides,
 * 284M instanced triangles) at 320x180, 64 spp: the Vulkan image agrees with the CPU's. Where CUDA is present the
 * CUDA image is compared with the CPU's too and printed (asserted last, after Vulkan's result is known). Tagged
 * "gpu" (the CPU reference needs many cores).
 */
@Tag("gpu")
class InstancedSceneAgreementGpuTest {
    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    /**
     * Camera rays are the same on every backend (same samples), so the number of samples of a pixel whose camera
     * ray hit something must match the CPU's unless traversal differs (a leak through an edge, a missed or extra
     * hit). Prints how many pixels differ and where the first few are.
     */
    static void printPrimaryHitDifferences(String name, Film cpu, Film other) {
        int differ = 0, moreHits = 0;
        StringBuilder where = new StringBuilder();
        for (int p = 0; p < cpu.pixelCount(); p++) {
            int a = cpu.depthHits(p), b = other.depthHits(p);
            if (a != b) {
                differ++;
                if (b > a) moreHits++;
                if (differ <= 8) {
                    where.append(String.format(" (%d,%d): cpu %d %s %d;", p % cpu.width(), p / cpu.width(), a, name, b));
                }
            }
        }
        System.out.printf("instances.json camera-ray hits: %d pixels differ between cpu and %s (%d with more hits on %s)%s%n",
                differ, name, moreHits, name, where);
    }

    @Test
    void instancedBunniesAgreeWithCpu() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("instances.json"));
        int w = 320, h = 180, spp = 64;
        RenderOptions options = new RenderOptions(6, 0, 0, 0, new BoxFilter());
        Film cpu = new Film(w, h), vk = new Film(w, h), cuda = new Film(w, h);
        boolean haveCuda = CudaAvailability.check().available();
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h))) {
            for (RenderBackend b : new RenderBackend[] {new CpuBackend(), new VulkanBackend(false),
                haveCuda ? new CudaBackend("0") : null}) {
                if (b == null) continue;
                try (b) {
                    Film f = b instanceof CpuBackend ? cpu : b instanceof VulkanBackend ? vk : cuda;
                    b.prepare(cs, options);
                    long t0 = System.nanoTime();
                    b.render(f, 0, spp, null);
                    System.out.printf("instances.json %s: %.2f s%n", b.name(), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        printPrimaryHitDifferences("vulkan", cpu, vk);
        if (haveCuda) printPrimaryHitDifferences("cuda", cpu, cuda);
        AssertionError cudaFailure = null;
        if (haveCuda) {
            try {
                AgreementFixture.assertAgree("instances.json cuda vs cpu", cpu, cuda);
            } catch (AssertionError e) {
                System.out.println("CUDA disagrees with the CPU: " + e.getMessage());
                cudaFailure = e;
            }
        }
        AgreementFixture.assertAgree("instances.json vulkan vs cpu", cpu, vk);
        if (cudaFailure != null) throw cudaFailure;
    }
}
