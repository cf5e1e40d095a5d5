package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.Film;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-backend agreement: the CPU and CUDA backends render the same scene with the same options (the default
 * pixel filter, which both importance-sample to the same film offsets; alpha MASK/BLEND by the same rules) and
 * their images must agree statistically:
 * <ul>
 * <li>relative MSE of the difference, sum (cpu - gpu)^2 / sum cpu^2 over pixels and channels, at most
 *     2 x the value the two images' own noise explains (sum of both variances of the mean over sum cpu^2)
 *     plus 1e-4;
 * <li>no 16x16 region with a systematic bias: |z| &lt; 5 for z = (sum cpu - sum gpu) / sqrt(sum of both
 *     variances of the mean) over the region's pixels and channels.
 * </ul>
 * The CUDA side runs the default schedule (AUTO: the first pass on the megakernel, the rest on the schedule it
 * picks), so scenes with long paths test the wavefront and the others the megakernel; the output names which.
 * Tagged "gpu"; skipped with the reason where CUDA cannot run.
 */
@Tag("gpu")
class CudaCpuAgreementGpuTest {
    static final int SIZE = 64, SPP = 128;

    @BeforeAll
    static void check() {
        CudaAvailability a = CudaAvailability.check();
        Assumptions.assumeTrue(a.available(), a.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cornell-box.json", "material-test.json", "helmet-sky.json", "alpha-test.json"})
    void cpuAndCudaImagesAgree(String file) {
        var scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve(file));
        RenderOptions options = new RenderOptions(8, 0, 7, 0, null); // null: the default filter
        Film cpu = new Film(SIZE, SIZE), gpu = new Film(SIZE, SIZE);
        CudaSchedule schedule;
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(SIZE, SIZE))) {
            try (RenderBackend b = new CpuBackend()) {
                b.prepare(cs, options);
                b.render(cpu, 0, SPP, null);
            }
            try (CudaBackend b = new CudaBackend("0")) {
                b.prepare(cs, options);
                b.render(gpu, 0, SPP, null);
                schedule = b.schedule();
            }
        }
        double diff2 = 0, ref2 = 0, noise = 0, worstZ = 0;
        System.out.printf("%s: CUDA schedule %s%n", file, schedule);
        for (int ry = 0; ry < SIZE; ry += 16) {
            for (int rx = 0; rx < SIZE; rx += 16) {
                double a = 0, b = 0, v = 0;
                for (int y = ry; y < ry + 16; y++) {
                    for (int x = rx; x < rx + 16; x++) {
                        int p = y * SIZE + x;
                        for (int c = 0; c < 3; c++) {
                            double ca = cpu.mean(p, c), cb = gpu.mean(p, c);
                            double vv = cpu.varianceOfMean(p, c) + gpu.varianceOfMean(p, c);
                            diff2 += (ca - cb) * (ca - cb);
                            ref2 += ca * ca;
                            noise += vv;
                            a += ca;
                            b += cb;
                            v += vv;
                        }
                    }
                }
                double z = v > 0 ? (a - b) / Math.sqrt(v) : (a == b ? 0 : Double.POSITIVE_INFINITY);
                worstZ = Math.max(worstZ, Math.abs(z));
                assertTrue(Math.abs(z) < 5, file + ": 16x16 region at (" + rx + "," + ry + ") biased, cpu " + a
                        + " gpu " + b + " z " + z);
            }
        }
        double relMse = diff2 / ref2, expected = noise / ref2;
        System.out.printf("%s: relative MSE %.3g (noise explains %.3g), worst region |z| %.2f%n", file, relMse,
                expected, worstZ);
        assertTrue(relMse <= 2 * expected + 1e-4, file + ": relative MSE " + relMse + " vs noise " + expected);
    }
}
