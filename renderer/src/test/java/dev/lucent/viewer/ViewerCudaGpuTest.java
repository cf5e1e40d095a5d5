package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cuda.CudaBackend;
import dev.lucent.backend.cuda.CudaTestDevice;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.LookAtCamera;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's render thread on the CUDA backend (GPU machine; tag gpu): progressive passes give the batch
 * film (up to the rounding of merging per-pass summaries), camera and environment changes reach the device
 * through prepare, and pass times are printed for docs/benchmarks.md.
 */
@Tag("gpu")
class ViewerCudaGpuTest {
    static final int W = 256, H = 192;
    ProgressiveRenderer renderer;

    @BeforeEach
    void start() {
        CudaTestDevice.assumeAvailable();
        renderer = new ProgressiveRenderer();
    }

    @AfterEach
    void stop() {
        if (renderer != null) renderer.close();
    }

    ViewerScene load(Path p) throws InterruptedException {
        long before = renderer.scene() != null ? renderer.scene().serial() : 0;
        renderer.loadScene(p);
        ProgressiveRendererTest.waitFor(() -> renderer.scene() != null && renderer.scene().serial() > before,
                renderer, "the scene");
        return renderer.scene();
    }

    static ViewSettings settings(ViewerScene s, LookAtCamera c, int spp, float envIntensity) {
        return new ViewSettings("cuda", spp, 8, 3, 0, 0, W, H, 1, 0, c, envIntensity, s.envRotation(), "none", 0,
                "neutral", AovView.BEAUTY);
    }

    float[] batch(Path scenePath, ViewSettings v) {
        Scene scene = SceneLoader.load(scenePath);
        scene.environment.intensity = v.envIntensity();
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings));
                CudaBackend cuda = new CudaBackend("0")) {
            cs.setLookAtCamera(cs.selectedCamera, v.camera(), W / (float) H);
            cuda.prepare(cs, new RenderOptions(8, 0, 3, 0, PixelFilter.defaultFilter()));
            Film film = new Film(W, H);
            cuda.render(film, 0, v.spp(), null);
            return film.beautyRgb();
        }
    }

    static double relativeL1(float[] a, float[] b) {
        double d = 0, s = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
            s += Math.abs(b[i]);
        }
        return d / Math.max(s, 1e-30);
    }

    void renderTo(ViewerScene s, ViewSettings v) throws InterruptedException {
        long film = renderer.status().accumulation();
        renderer.submit(s.serial(), v);
        long t0 = System.nanoTime();
        ProgressiveRendererTest.waitFor(() -> renderer.status().accumulation() > film
                && renderer.status().spp() == v.spp() && !renderer.status().rendering(), renderer, v.spp() + " spp");
        ViewerStatus st = renderer.status();
        System.out.printf(Locale.ROOT, "viewer on %s: %dx%d, %d spp in %.3f s wall (render %.3f s, last pass %d spp "
                + "in %.1f ms, %.1f Mrays/s)%n", st.device(), W, H, st.spp(), (System.nanoTime() - t0) / 1e9,
                st.total().seconds(), st.passSamples(), st.lastPassSeconds() * 1e3, st.total().mraysPerSecond());
        assertEquals("cuda", st.backend(), "no fallback: " + st.notice());
    }

    @Test
    void progressiveCudaFilmMatchesBatchAndFollowsTheCamera() throws Exception {
        Path cornell = ProgressiveRendererTest.cornellBox();
        ViewerScene s = load(cornell);
        ViewSettings v = settings(s, s.cameras().get(0), 64, s.envIntensity());
        renderTo(s, v);
        float[] shown = renderer.latestFrame().rgb();
        double d = relativeL1(shown, batch(cornell, v));
        System.out.printf(Locale.ROOT, "progressive vs batch (CUDA, 64 spp): relative L1 %.3g%n", d);
        assertTrue(d < 1e-4, "progressive CUDA film differs from the batch film: " + d);

        ViewSettings moved = v.withCamera(0, CameraRig.orbit(v.camera(), 0.4, 0.1));
        renderTo(s, moved);
        float[] orbited = renderer.latestFrame().rgb();
        assertTrue(relativeL1(orbited, shown) > 0.05, "the camera change reached the device");
        assertTrue(relativeL1(orbited, batch(cornell, moved)) < 1e-4, "orbited view equals its batch render");
    }

    @Test
    void environmentIntensityReachesTheDevice(@TempDir Path dir) throws Exception {
        Path scene = dir.resolve("sky.json");
        Files.writeString(scene, """
                {
                  "materials": {"floor": {"baseColor": [0.6, 0.6, 0.6]}},
                  "shapes": [{"type": "quad", "size": 4, "material": "floor"}],
                  "environment": {"color": [0.5, 0.5, 0.5]},
                  "cameras": [{"name": "cam", "fov": 40, "position": [0, 1, 4], "lookAt": [0, 0.5, 0]}]
                }
                """);
        ViewerScene s = load(scene);
        renderTo(s, settings(s, s.cameras().get(0), 4, 1));
        assertEquals(0.5f, renderer.latestFrame().rgb()[0], 1e-5f, "sky pixel at intensity 1");
        renderTo(s, settings(s, s.cameras().get(0), 4, 2));
        assertEquals(1.0f, renderer.latestFrame().rgb()[0], 1e-5f, "sky pixel at intensity 2");
    }
}
