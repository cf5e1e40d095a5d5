package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.vulkan.VulkanBackend;
import dev.lucent.cli.Main;
import dev.lucent.image.ImageDecoder;
import dev.lucent.image.LdrImage;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Texture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
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
    Viewer viewer;

    @BeforeEach
    void open() {
        VirtualDisplay.require();
        try (VulkanBackend probe = new VulkanBackend(false)) {
            // a ray-tracing Vulkan device exists
        } catch (BackendUnavailableException e) {
            Assumptions.abort(e.getMessage() + " (tools/fetch-lavapipe provides a CPU device)");
        }
        RenderSettings o = new RenderSettings();
        o.width = W;
        o.height = H;
        o.spp = SPP;
        viewer = new Viewer(new ViewerOptions(ViewerTest.cornellBox(), "vulkan", o, 160, 120, "none", true));
    }

    @AfterEach
    void close() {
        if (viewer != null) viewer.close();
    }

    void frameUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!done.getAsBoolean()) {
            viewer.frame();
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; status " + viewer.status());
        }
        viewer.frame();
        viewer.frame();
    }

    void renderToTarget() {
        frameUntil(() -> viewer.status().spp() == SPP && !viewer.status().rendering() && viewer.settings() != null
                && viewer.status().target() == viewer.settings().spp(), "the sample target");
        assertEquals("vulkan", viewer.status().backend(), "no fallback: " + viewer.status().notice());
    }

    boolean sharing() {
        return viewer.displayPath().startsWith("Vulkan-OpenGL external memory");
    }

    LdrImage batch(Path dir) throws java.io.IOException {
        Path png = dir.resolve("batch.png");
        var args = RenderCommandLine.arguments(viewer.scene().path(),
                viewer.scene().cameraNames().get(viewer.settings().cameraIndex()), viewer.settings(), png.toString());
        assertTrue(args.contains("vulkan"), "the copied command names the Vulkan backend: " + args);
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0])), err.toString());
        Texture t = ImageDecoder.decode(png);
        byte[] rgb = new byte[W * H * 3];
        int ch = t.rgba8.length / (W * H);
        for (int p = 0; p < W * H; p++) for (int c = 0; c < 3; c++) rgb[3 * p + c] = t.rgba8[ch * p + c];
        return new LdrImage(W, H, 3, rgb);
    }

    /** Switches the view to {@code v} and runs frames until the image published for it is shown. */
    void showAov(AovView v) {
        if (viewer.settings().aov() == v) return;
        long before = viewer.shownFrameSerial();
        viewer.updateSettings(s -> s.withAov(v));
        frameUntil(() -> viewer.shownFrameSerial() > before, "the " + v.label + " image");
    }

    @Test
    void framesComeFromVulkanMemoryAndMatchTheBatchRender(@TempDir Path dir) throws Exception {
        renderToTarget();
        System.out.println("vulkan viewer: OpenGL " + viewer.glRenderer() + "; display path: " + viewer.displayPath());
        Assumptions.assumeTrue(sharing(), "no Vulkan-OpenGL sharing here: " + viewer.displayPath());
        assertTrue(viewer.renderFrameOnDevice(), "the frame shown is in Vulkan memory");
        viewer.setOverlayVisible(false);
        LdrImage shot = viewer.screenshot();
        assertTrue(ViewerTest.mean(shot) > 10, "lit: mean code " + ViewerTest.mean(shot));
        LdrImage b = batch(dir);
        int d = ViewerTest.maxDifference(shot, b.pixels(), 3);
        assertTrue(d <= 1, "viewer (Vulkan memory) and batch render differ by " + d + " codes");
        // Saving synchronises the host film from the device accumulation: the PNG equals the batch render.
        Path png = dir.resolve("saved.png");
        String msg = viewer.save(png).get();
        assertTrue(msg.contains("saved"), msg);
        Texture saved = ImageDecoder.decode(png);
        int ch = saved.rgba8.length / (W * H), worst = 0;
        for (int p = 0; p < W * H; p++) {
            for (int c = 0; c < 3; c++) {
                worst = Math.max(worst, Math.abs((saved.rgba8[ch * p + c] & 0xff) - (b.pixels()[3 * p + c] & 0xff)));
            }
        }
        assertEquals(0, worst, "saved PNG (host film synchronised from the device) vs batch render");
    }

    @Test
    void everyAovFromVulkanMemoryEqualsTheHostFilmView() {
        renderToTarget();
        Assumptions.assumeTrue(sharing(), "no Vulkan-OpenGL sharing here: " + viewer.displayPath());
        viewer.setOverlayVisible(false);
        LdrImage[] device = new LdrImage[AovView.values().length];
        for (AovView v : AovView.values()) {
            showAov(v);
            assertTrue(viewer.renderFrameOnDevice(), "frame for " + v + " is in Vulkan memory");
            device[v.ordinal()] = viewer.screenshot();
        }
        viewer.setInterop(false);
        long film = viewer.status().accumulation();
        viewer.updateSettings(s -> s.withAov(AovView.BEAUTY));
        frameUntil(() -> viewer.status().accumulation() > film && viewer.status().spp() == SPP
                && !viewer.status().rendering(), "the host-path render");
        assertTrue(viewer.displayPath().startsWith("host"), viewer.displayPath());
        for (AovView v : AovView.values()) {
            showAov(v);
            assertTrue(!viewer.renderFrameOnDevice(), "frame for " + v + " is on the host");
            int d = ViewerTest.maxDifference(viewer.screenshot(), device[v.ordinal()].pixels(), 3);
            assertTrue(d <= 1, v.label + " differs by " + d + " codes between Vulkan memory and the host path");
        }
    }
}
