package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.Backends;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's render thread without a window: progressive equals batch, load errors, backend fallback. */
class ProgressiveRendererTest {
    static final String BROKEN = "broken-test-backend";
    static final String BROKEN_REASON = "device lost in a test";
    static final int W = 32, H = 24;

    ProgressiveRenderer renderer;

    /** Registers a backend that is created fine but fails in prepare, as a GPU backend whose driver dies. */
    static void registerBrokenBackend() {
        Backends.register(BROKEN, () -> new RenderBackend() {
            @Override public String name() { return BROKEN; }
            @Override public String deviceName() { return "nothing"; }
            @Override public void prepare(CompiledScene scene, RenderOptions options) {
                throw new IllegalStateException(BROKEN_REASON);
            }
            @Override public RenderStats render(Film film, int first, int n, RenderProgress p) {
                throw new IllegalStateException(BROKEN_REASON);
            }
            @Override public void close() {}
        });
    }

    @BeforeEach
    void start() {
        renderer = new ProgressiveRenderer();
    }

    @AfterEach
    void stop() {
        renderer.close();
        Backends.unregister(BROKEN);
    }

    static Path cornellBox() {
        return TestPaths.projectRoot().resolve("scenes/cornell-box.json");
    }

    static void waitFor(BooleanSupplier done, ProgressiveRenderer r, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; status " + r.status());
            Thread.sleep(5);
        }
    }

    ViewerScene loadCornell() throws InterruptedException {
        renderer.loadScene(cornellBox());
        waitFor(() -> renderer.scene() != null, renderer, "the scene");
        return renderer.scene();
    }

    static ViewSettings settings(ViewerScene s, String backend, int spp, int maxDepth) {
        return new ViewSettings(backend, spp, maxDepth, 7, 0, 0, W, H, 1, 0, s.cameras().get(0), s.envIntensity(),
                s.envRotation(), "none", 0, "neutral", AovView.BEAUTY);
    }

    @Test
    void progressivePassesGiveTheBatchFilm() throws Exception {
        ViewerScene s = loadCornell();
        ViewSettings v = settings(s, "cpu", 13, 5);
        renderer.submit(s.serial(), v);
        waitFor(() -> renderer.latestFrame() != null && renderer.latestFrame().spp() == 13, renderer, "13 spp");
        assertTrue(renderer.status().passSamples() >= 1);

        Scene scene = SceneLoader.load(cornellBox());
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings));
                CpuBackend cpu = new CpuBackend()) {
            cs.setLookAtCamera(cs.selectedCamera, v.camera(), W / (float) H);
            cpu.prepare(cs, new RenderOptions(5, 0, 7, 0, PixelFilter.defaultFilter()));
            Film film = new Film(W, H);
            cpu.render(film, 0, 13, null);
            assertArrayEquals(film.beautyRgb(), renderer.latestFrame().rgb(), "same bits as one 13-spp batch pass");
        }
    }

    @Test
    void renderChangeRestartsAndSppTargetChangeContinues() throws Exception {
        ViewerScene s = loadCornell();
        renderer.submit(s.serial(), settings(s, "cpu", 4, 3));
        waitFor(() -> renderer.status().spp() == 4 && !renderer.status().rendering(), renderer, "4 spp");
        long film = renderer.status().accumulation();
        renderer.submit(s.serial(), settings(s, "cpu", 8, 3)); // a higher target continues the same film
        waitFor(() -> renderer.status().spp() == 8, renderer, "8 spp");
        assertEquals(film, renderer.status().accumulation(), "the same film continued");
        float[] depth3 = renderer.latestFrame().rgb();
        renderer.submit(s.serial(), settings(s, "cpu", 8, 0)); // max depth: a new film
        waitFor(() -> renderer.status().accumulation() > film && renderer.status().spp() == 8
                && !renderer.status().rendering(), renderer, "8 spp of the new film");
        float emitted = 0, before = 0;
        for (float x : renderer.latestFrame().rgb()) emitted += x;
        for (float x : depth3) before += x;
        assertTrue(emitted < before, "max depth 0 sees only emitters: " + emitted + " vs " + before);
    }

    @Test
    void loadErrorKeepsThePreviousScene(@TempDir Path dir) throws Exception {
        ViewerScene s = loadCornell();
        renderer.submit(s.serial(), settings(s, "cpu", 2, 2));
        waitFor(() -> renderer.status().spp() == 2, renderer, "2 spp");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{ not json");
        renderer.loadScene(bad);
        waitFor(() -> renderer.status().error() != null, renderer, "the error");
        assertTrue(renderer.status().error().startsWith("cannot open " + bad), renderer.status().error());
        assertEquals(s.serial(), renderer.scene().serial());
        assertEquals(cornellBox().toString(), renderer.status().scene());
        renderer.loadScene(dir.resolve("missing.json"));
        waitFor(() -> renderer.status().error().contains("missing.json"), renderer, "the second error");
        assertEquals(s.serial(), renderer.scene().serial());
        // Loading a good scene clears the error.
        renderer.loadScene(cornellBox());
        waitFor(() -> renderer.scene().serial() > s.serial(), renderer, "the reload");
        assertNull(renderer.status().error());
    }

    @Test
    void failingBackendFallsBackToCpu() throws Exception {
        registerBrokenBackend();
        ViewerScene s = loadCornell();
        renderer.submit(s.serial(), settings(s, BROKEN, 3, 2));
        waitFor(() -> renderer.status().spp() == 3, renderer, "3 spp on the CPU");
        assertEquals("cpu", renderer.status().backend());
        assertNotNull(renderer.status().notice());
        assertTrue(renderer.status().notice().contains(BROKEN + " failed (" + BROKEN_REASON + ")"),
                renderer.status().notice());
        assertTrue(renderer.backendProblems().containsKey(BROKEN));
    }

    @Test
    void backendMissingItsNativeLibraryFallsBackAndTheThreadSurvives() throws Exception {
        Backends.register(BROKEN, () -> {
            throw new UnsatisfiedLinkError("no libfake.so in java.library.path");
        });
        ViewerScene s = loadCornell();
        renderer.submit(s.serial(), settings(s, BROKEN, 2, 2));
        waitFor(() -> renderer.status().spp() == 2 && !renderer.status().rendering(), renderer, "2 spp on the CPU");
        assertEquals("cpu", renderer.status().backend());
        assertTrue(renderer.status().notice().contains("libfake.so"), renderer.status().notice());
        renderer.submit(s.serial(), settings(s, "cpu", 3, 2));
        waitFor(() -> renderer.status().spp() == 3, renderer, "the thread still renders");
    }

    @Test
    void denoiserRunsAtTheTargetAndAovSwitchDoesNotRestart() throws Exception {
        ViewerScene s = loadCornell();
        ViewSettings v = settings(s, "cpu", 4, 3);
        renderer.submit(s.serial(), v);
        waitFor(() -> renderer.status().spp() == 4 && !renderer.status().rendering(), renderer, "4 spp");
        float[] raw = renderer.latestFrame().rgb();
        long film = renderer.status().accumulation();
        renderer.submit(s.serial(), v.withDenoiser("cpu"));
        waitFor(() -> "cpu".equals(renderer.status().denoiser()), renderer, "the denoised image");
        assertTrue(renderer.status().denoiseSeconds() > 0);
        assertTrue(!java.util.Arrays.equals(raw, renderer.latestFrame().rgb()), "the denoised image is shown");
        renderer.submit(s.serial(), v.withDenoiser("cpu").withAov(AovView.NORMAL));
        waitFor(() -> renderer.latestFrame().mode() == AovView.DisplayMode.DATA, renderer, "the normal layer");
        for (float x : renderer.latestFrame().rgb()) assertTrue(x >= -1e-6f && x <= 1 + 1e-6f, "normals mapped to [0,1]");
        assertEquals(film, renderer.status().accumulation(), "display changes keep the film");
        renderer.submit(s.serial(), v.withDenoiser("none"));
        waitFor(() -> renderer.status().denoiser() == null && renderer.latestFrame().mode()
                == AovView.DisplayMode.TONE_MAPPED, renderer, "the raw image again");
        assertArrayEquals(raw, renderer.latestFrame().rgb());
    }

    @Test
    void savesPngAndExrAtomically(@TempDir Path dir) throws Exception {
        ViewerScene s = loadCornell();
        renderer.submit(s.serial(), settings(s, "cpu", 2, 2));
        waitFor(() -> renderer.status().spp() == 2 && !renderer.status().rendering(), renderer, "2 spp");
        String png = renderer.save(dir.resolve("v.png")).get();
        String exr = renderer.save(dir.resolve("v.exr")).get();
        assertTrue(png.contains("v.png") && exr.contains("v.exr"));
        Film back = dev.lucent.image.FilmIo.load(dir.resolve("v.exr"));
        assertEquals(2, back.sampleCountRange()[0]);
        assertTrue(Files.size(dir.resolve("v.png")) > 100);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }
}
