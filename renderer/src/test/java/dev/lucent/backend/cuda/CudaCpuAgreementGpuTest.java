package dev.lucent.backend.cuda;

import dev.lucent.backend.AgreementFixture;
import dev.lucent.backend.RenderOptions;
import dev.lucent.image.Film;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-backend agreement: the CPU and CUDA backends render the same scene with the same options (the default
 * pixel filter, which both importance-sample to the same film offsets; alpha MASK/BLEND by the same rules) and
 * their images must agree statistically ({@link dev.lucent.metrics.FilmAgreement}: relative MSE of the difference
 * within 2 x what the noise explains plus 1e-4, no 16x16 region with |z| &gt;= 5; the CPU film is the reference).
 * The CUDA side runs the default schedule (AUTO: the first pass on the megakernel, the rest on the schedule it
 * picks), so scenes with long paths test the wavefront and the others the megakernel; the output names which.
 * Tagged "gpu"; skipped with the reason where CUDA cannot run.
 */
@Tag("gpu")
class CudaCpuAgreementGpuTest {
    static final int SIZE = 64, SPP = 128;

    @BeforeAll
    static void check() {
        CudaTestDevice.assumeAvailable();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cornell-box.json", "material-test.json", "helmet-sky.json", "alpha-test.json"})
    void cpuAndCudaImagesAgree(String file) {
        RenderOptions options = new RenderOptions(8, 0, 7, 0, null); // null: the default filter
        CudaSchedule[] schedule = new CudaSchedule[1];
        Film[] films = AgreementFixture.renderCpuAnd(AgreementFixture.projectScene(file), options, SIZE, SIZE, SPP,
                () -> new CudaBackend("0"), (b, s) -> schedule[0] = b.schedule());
        System.out.printf("%s: CUDA schedule %s%n", file, schedule[0]);
        AgreementFixture.assertAgree(file + " cuda vs cpu", films[0], films[1]);
    }
}
