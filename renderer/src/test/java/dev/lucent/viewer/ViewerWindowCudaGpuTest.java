package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.cuda.CudaTestDevice;
import dev.lucent.image.LdrImage;
import dev.lucent.scene.RenderSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer window on the GPU machine (tag gpu): X display from DISPLAY (Xvfb there; with
 * {@code __GLX_VENDOR_LIBRARY_NAME=nvidia} the GL context is NVIDIA's), the Cornell box on the CUDA backend at
 * 160x120, 32 spp. The screenshot equals the batch render of the copied command ({@code --backend cuda}); where
 * CUDA-OpenGL interop works, every AOV view resolved on the GPU equals the same view through the host film, and
 * a saved PNG (which synchronises the host film from the device) equals the batch render too.
 */
@Tag("gpu")
class ViewerWindowCudaGpuTest {
    static final int W = 160, H = 120, SPP = 32;
    ViewerWindowFixture window;
    Viewer viewer;

    @BeforeEach
    void open() {
        CudaTestDevice.assumeAvailable();
        VirtualDisplay.require();
        RenderSettings o = new RenderSettings();
        o.width = W;
        o.height = H;
        o.spp = SPP;
        viewer = new Viewer(new ViewerOptions(ViewerTest.cornellBox(), "cuda", o, 320, 240, "none", true));
        window = new ViewerWindowFixture(viewer, "cuda", W, H, SPP, 60);
        System.out.println("viewer window: OpenGL " + viewer.glRenderer() + "; display path: " + viewer.displayPath());
    }

    @AfterEach
    void close() {
        if (window != null) window.close();
    }

    boolean interop() {
        return viewer.displayPath().startsWith("CUDA-OpenGL interop");
    }

    @Test
    void screenshotMatchesTheBatchCudaRender(@TempDir Path dir) throws Exception {
        window.renderToTarget();
        viewer.setOverlayVisible(false);
        LdrImage shot = viewer.screenshot();
        assertEquals(W, shot.width());
        assertTrue(ViewerTest.mean(shot) > 10, "lit: mean code " + ViewerTest.mean(shot));
        int d = ViewerTest.maxDifference(shot, window.batch(dir).pixels(), 3);
        System.out.println("CUDA window screenshot vs batch render: max difference " + d + " codes (" + viewer.displayPath() + ")");
        assertTrue(d <= 1, "viewer and batch render differ by " + d + " codes");
        String captureDir = System.getProperty("lucent.viewer.captureDir");
        if (captureDir != null) { // the whole window with the overlay, for a person to look at
            viewer.setOverlayVisible(true);
            viewer.frame();
            dev.lucent.image.PngWriter.write(Path.of(captureDir, "viewer-cuda-window.png"), viewer.captureFrame(),
                    dev.lucent.image.ImageMetadata.lucent());
            viewer.setOverlayVisible(false);
        }
        if (interop()) {
            assertTrue(viewer.status().spp() == SPP);
            window.assertSavedPngEquals(dir, window.batch(dir));
        }
    }

    @Test
    void everyAovResolvedOnTheGpuEqualsTheHostFilmView() throws Exception {
        window.renderToTarget();
        Assumptions.assumeTrue(interop(), "no interop here: " + viewer.displayPath());
        window.assertEveryDeviceAovEqualsTheHostFilmView("device memory (CUDA-OpenGL interop)");
        assertNotNull(viewer.displayPath());
    }
}
