package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.vulkan.VulkanTestDevice;
import dev.lucent.image.LdrImage;
import dev.lucent.scene.RenderSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lucent view --backend vulkan` in a window under X: the Cornell box at 64x48, 8 spp. Where OpenGL can import the
 * Vulkan device's memory (GL_EXT_memory_object_fd on the same device: lavapipe with Mesa's GL of the same release,
 * {@code tools/fetch-lavapipe --gl}, as in CI; or NVIDIA's drivers), frames come from the Vulkan display buffer
 * without a host copy ({@link Viewer#displayPath} says "Vulkan-OpenGL external memory"), the screenshot equals the
 * batch render of the copied command, every AOV view resolved on the GPU equals the same view through the host
 * film, and a saved PNG equals the batch render. Elsewhere the viewer falls back to the host path and says why.
 */
class ViewerWindowVulkanTest {
    static final int W = 64, H = 48, SPP = 8;
    ViewerWindowFixture window;
    Viewer viewer;

    @BeforeEach
    void open() {
        VirtualDisplay.require();
        VulkanTestDevice.assumeAvailable();
        RenderSettings o = new RenderSettings();
        o.width = W;
        o.height = H;
        o.spp = SPP;
        viewer = new Viewer(new ViewerOptions(ViewerTest.cornellBox(), "vulkan", o, 160, 120, "none", true));
        window = new ViewerWindowFixture(viewer, "vulkan", W, H, SPP, 120);
    }

    @AfterEach
    void close() {
        if (window != null) window.close();
    }

    boolean sharing() {
        return viewer.displayPath().startsWith("Vulkan-OpenGL external memory");
    }

    @Test
    void framesComeFromVulkanMemoryAndMatchTheBatchRender(@TempDir Path dir) throws Exception {
        window.renderToTarget();
        System.out.println("vulkan viewer: OpenGL " + viewer.glRenderer() + "; display path: " + viewer.displayPath());
        Assumptions.assumeTrue(sharing(), "no Vulkan-OpenGL sharing here: " + viewer.displayPath());
        assertTrue(viewer.renderFrameOnDevice(), "the frame shown is in Vulkan memory");
        viewer.setOverlayVisible(false);
        LdrImage shot = viewer.screenshot();
        assertTrue(ViewerTest.mean(shot) > 10, "lit: mean code " + ViewerTest.mean(shot));
        LdrImage b = window.batch(dir);
        int d = ViewerTest.maxDifference(shot, b.pixels(), 3);
        assertTrue(d <= 1, "viewer (Vulkan memory) and batch render differ by " + d + " codes");
        window.assertSavedPngEquals(dir, b);
    }

    @Test
    void everyAovFromVulkanMemoryEqualsTheHostFilmView() {
        window.renderToTarget();
        Assumptions.assumeTrue(sharing(), "no Vulkan-OpenGL sharing here: " + viewer.displayPath());
        window.assertEveryDeviceAovEqualsTheHostFilmView("Vulkan memory");
    }
}
