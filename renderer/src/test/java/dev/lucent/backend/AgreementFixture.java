package dev.lucent.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.Film;
import dev.lucent.metrics.FilmAgreement;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The cross-backend agreement tests' shared setup: a scene of the project's {@code scenes/} folder, rendered with
 * the same options by the CPU reference and by the backend under test, and the {@link FilmAgreement} criteria
 * asserted on the two films.
 */
public final class AgreementFixture {
    private AgreementFixture() {}

    /** The scene {@code scenes/FILE} of the project. */
    public static Scene projectScene(String file) {
        return SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve(file));
    }

    /**
     * Compiles the scene at width x height and renders samples 0 .. spp - 1 with the CPU backend and with the
     * backend {@code other} makes, each into a new film. {@code inspect} sees the other backend and its render's
     * stats before it is closed (null: nothing to inspect).
     *
     * @return {cpu film, other film}
     */
    public static <B extends RenderBackend> Film[] renderCpuAnd(Scene scene, RenderOptions options, int width,
            int height, int spp, Supplier<B> other, BiConsumer<B, RenderStats> inspect) {
        Film cpu = new Film(width, height), film = new Film(width, height);
        try (CompiledScene cs = SceneCompiler.compile(scene,
                CompileOptions.fromSettings(scene.settings).withSize(width, height))) {
            try (RenderBackend b = new CpuBackend()) {
                b.prepare(cs, options);
                b.render(cpu, 0, spp, null);
            }
            try (B b = other.get()) {
                b.prepare(cs, options);
                RenderStats s = b.render(film, 0, spp, null);
                if (inspect != null) inspect.accept(b, s);
            }
        }
        return new Film[] {cpu, film};
    }

    /** Asserts that film b agrees with the reference film a ({@link FilmAgreement#agrees()}) and prints the figures. */
    public static void assertAgree(String label, Film a, Film b) {
        FilmAgreement ag = FilmAgreement.of(a, b);
        System.out.println(label + ": " + ag.summary());
        assertTrue(ag.noBiasedRegion(), label + ": a 16x16 region is biased: " + ag.summary());
        assertTrue(ag.relativeMseWithinNoise(), label + ": relative MSE " + ag.relativeMse() + " vs noise "
                + ag.noiseRelativeMse());
    }
}
