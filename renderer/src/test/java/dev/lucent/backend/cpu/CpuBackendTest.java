package dev.lucent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CPU backend on the Cornell box: determinism across thread counts, progressive rendering, statistics. */
class CpuBackendTest {
    private static final int W = 40, H = 30;
    private static CompiledScene scene;

    @BeforeAll
    static void compile() {
        Scene s = SceneLoader.load(TestPaths.projectRoot().resolve("scenes/cornell-box.json"));
        scene = SceneCompiler.compile(s, CompileOptions.fromSettings(s.settings).withSize(W, H));
    }

    @AfterAll
    static void close() {
        scene.close();
    }

    private static Film render(int threads, int... passes) {
        Film film = new Film(W, H);
        try (CpuBackend backend = new CpuBackend()) {
            backend.prepare(scene, new RenderOptions(16, 0, 42, threads, null));
            int first = 0;
            for (int n : passes) {
                backend.render(film, first, n, null);
                first += n;
            }
        }
        return film;
    }

    private static void assertSameBits(Film a, Film b) {
        for (int p = 0; p < a.pixelCount(); p++) {
            assertEquals(a.sampleCount(p), b.sampleCount(p));
            for (int c = 0; c < 3; c++) {
                assertEquals(Double.doubleToRawLongBits(a.mean(p, c)), Double.doubleToRawLongBits(b.mean(p, c)),
                        "pixel " + p + " channel " + c);
                assertEquals(Double.doubleToRawLongBits(a.m2(p, c)), Double.doubleToRawLongBits(b.m2(p, c)));
                assertEquals(Float.floatToRawIntBits(a.albedo(p, c)), Float.floatToRawIntBits(b.albedo(p, c)));
                assertEquals(Float.floatToRawIntBits(a.normal(p, c)), Float.floatToRawIntBits(b.normal(p, c)));
            }
            assertEquals(Float.floatToRawIntBits(a.depth(p)), Float.floatToRawIntBits(b.depth(p)));
        }
    }

    @Test
    void sameImageBitForBitWithOneAndThreeThreads() {
        Film one = render(1, 8), three = render(3, 8);
        assertSameBits(one, three);
        assertTrue(one.mean(W / 2 + W * H / 2, 0) > 0, "the image is not black");
    }

    @Test
    void twoPassesOfEightEqualSixteenInOneGo() {
        assertSameBits(render(2, 16), render(2, 8, 8));
        assertSameBits(render(1, 16), render(3, 3, 13));
    }

    @Test
    void anotherSeedGivesAnotherImage() {
        Film a = render(2, 4), b;
        try (CpuBackend backend = new CpuBackend()) {
            backend.prepare(scene, new RenderOptions(16, 0, 43, 2, null));
            b = new Film(W, H);
            backend.render(b, 0, 4, null);
        }
        int differ = 0;
        for (int p = 0; p < a.pixelCount(); p++) if (a.mean(p, 0) != b.mean(p, 0)) differ++;
        assertTrue(differ > a.pixelCount() / 2, differ + " pixels differ");
    }

    @Test
    void statisticsAndProgress() {
        AtomicLong last = new AtomicLong();
        try (CpuBackend backend = new CpuBackend()) {
            backend.prepare(scene, new RenderOptions(16, 0, 0, 2, null));
            Film film = new Film(W, H);
            RenderStats s = backend.render(film, 0, 4, (done, total) -> {
                assertEquals((long) W * H * 4, total);
                last.accumulateAndGet(done, Math::max);
            });
            assertEquals((long) W * H * 4, s.samples());
            assertEquals((long) W * H * 4, s.cameraRays(), "one camera ray per sample");
            assertTrue(s.shadowRays() > 0 && s.extensionRays() > 0, s.toString());
            assertEquals(s.samples(), last.get(), "progress reaches the total");
        }
    }

    @Test
    void flattenedAndTwoLevelTracingRenderTheSameImage() {
        double[] means = new double[2];
        for (int k = 0; k < 2; k++) {
            try (CpuBackend backend = new CpuBackend().setFlattening(k == 0)) {
                backend.prepare(scene, new RenderOptions(16, 0, 42, 2, null));
                assertEquals(k == 0, backend.flattened());
                Film film = new Film(W, H);
                backend.render(film, 0, 32, null);
                for (int p = 0; p < film.pixelCount(); p++) means[k] += film.mean(p, 1) / film.pixelCount();
            }
        }
        assertEquals(means[1], means[0], 0.01 * means[1]);
    }

    @Test
    void continuingFromTheWrongSampleCountIsRefused() {
        try (CpuBackend backend = new CpuBackend()) {
            backend.prepare(scene, RenderOptions.defaults());
            Film film = new Film(W, H);
            backend.render(film, 0, 2, null);
            assertThrows(IllegalArgumentException.class, () -> backend.render(film, 1, 2, null));
        }
    }
}
