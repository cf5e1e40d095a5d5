package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.viewer.AovView;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures for docs/benchmarks.md (tag gpu): what one viewer frame costs at 1920x1080 on the Vulkan device film's
 * two display paths, wall time on the host, medians. Device path: the display resolve (compute shader into the
 * exportable display buffer; OpenGL then fills its texture from that memory). Host path: the state downloaded and
 * merged into a film, then the beauty layer extracted as display floats (which the viewer then uploads). Asserts
 * only that both paths give the same floats for the beauty view.
 */
@Tag("gpu")
class VulkanDisplayCostGpuTest {
    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    @Test
    void resolveAgainstHostMergeAt1080p() {
        int w = 1920, h = 1080;
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h));
                VulkanDeviceFilmBackend dev = new VulkanDeviceFilmBackend()) {
            dev.prepare(cs, new RenderOptions(5, 0, 3, 0, new BoxFilter()));
            Film ignored = new Film(w, h);
            double[] pass = new double[5];
            for (int i = 0; i < pass.length; i++) {
                long t0 = System.nanoTime();
                dev.render(ignored, i, 1, null);
                pass[i] = (System.nanoTime() - t0) / 1e6;
            }
            double[] resolve = new double[11], host = new double[5];
            VulkanDisplayBuffer buffer = null;
            for (int i = 0; i < resolve.length; i++) {
                long t0 = System.nanoTime();
                buffer = dev.resolve(AovView.BEAUTY.ordinal());
                resolve[i] = (System.nanoTime() - t0) / 1e6;
            }
            float[] rgb = null;
            for (int i = 0; i < host.length; i++) {
                long t0 = System.nanoTime();
                Film f = new Film(w, h);
                dev.syncFilm(f);
                rgb = AovView.BEAUTY.extract(f, null);
                host[i] = (System.nanoTime() - t0) / 1e6;
            }
            float[] gpu = VulkanDeviceFilmBackendTest.read(dev.context(), buffer);
            assertEquals(rgb.length, gpu.length);
            for (int i = 0; i < rgb.length; i += 997) assertEquals(rgb[i], gpu[i], 1e-6 * (1 + Math.abs(rgb[i])));
            System.out.printf(Locale.ROOT, "vulkan display %dx%d on %s (%s): 1-spp pass median %.2f ms; device path: "
                    + "resolve median %.3f ms; host path: download + merge + extract median %.1f ms%n", w, h,
                    dev.deviceName(), dev.context().driverDescription(), median(pass), median(resolve), median(host));
            assertTrue(median(resolve) > 0);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
