package dev.lucent.backend.vulkan;

import dev.lucent.backend.AgreementFixture;
import dev.lucent.backend.RenderOptions;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-backend agreement on a GPU: the CPU and Vulkan backends render the Cornell box, the material test and
 * DamagedHelmet under the sky at 64x64, 256 spp (box filter, the same options) and must agree statistically
 * ({@link AgreementFixture#assertAgree}, the criteria of {@link dev.lucent.metrics.FilmAgreement}). Tagged "gpu": too slow for lavapipe on the CI
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
        RenderOptions options = new RenderOptions(8, 0, 7, 0, new BoxFilter());
        Film[] films = AgreementFixture.renderCpuAnd(AgreementFixture.projectScene(file), options, SIZE, SIZE, SPP,
                () -> new VulkanBackend(false), (b, s) -> System.out.println(file + ": " + b.deviceName() + ", "
                        + b.context().driverDescription()));
        AgreementFixture.assertAgree(file + " vulkan vs cpu", films[0], films[1]);
    }
}
