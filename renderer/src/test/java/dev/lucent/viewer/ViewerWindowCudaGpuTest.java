package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.cuda.CudaAvailability;
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
    Viewer viewer;

    @BeforeEach
    void open() {
        CudaAvailability a = CudaAvailability.check();
        Assumptions.assumeTrue(a.available(), a.reason());
        VirtualDisplay.require();
        RenderSettings o = new RenderSettings();
        o.width = W;
        o.height = H;
        o.spp = SPP;
        viewer = new Viewer(new ViewerOptions(ViewerTest.cornellBox(), "cuda", o, 320, 240, "none", true));
        System.out.println("viewer window: OpenGL " + viewer.glRenderer() + "; display path: " + viewer.displayPath());
    }

    @AfterEach
    void close() {
        if (viewer != null) viewer.close();
    }

    void frameUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
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
        assertEquals("cuda", viewer.status().backend(), "no fallback: " + viewer.status().notice());
    }

    boolean interop() {
        return viewer.displayPath().startsWith("CUDA-OpenGL interop");
    }

    LdrImage batch(Path dir) throws java.io.IOException {
        Path png = dir.resolve("batch.png");
        var args = RenderCommandLine.arguments(viewer.scene().path(),
                viewer.scene().cameraNames().get(viewer.settings().cameraIndex()), viewer.settings(), png.toString());
        assertTrue(args.contains("cuda"), "the copied command names the CUDA backend: " + args);
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0])), err.toString());
        Texture t = ImageDecoder.decode(png);
        byte[] rgb = new byte[W * H * 3];
        int ch = t.rgba8.length / (W * H);
        for (int p = 0; p < W * H; p++) for (int c = 0; c < 3; c++) rgb[3 * p + c] = t.rgba8[ch * p + c];
        return new LdrImage(W, H, 3, rgb);
    }

    @Test
    void screenshotMatchesTheBatchCudaRender(@TempDir Path dir) throws Exception {
        renderToTarget();
        viewer.setOverlayVisible(false);
        LdrImage shot = viewer.screenshot();
        assertEquals(W, shot.width());
        assertTrue(ViewerTest.mean(shot) > 10, "lit: mean code " + ViewerTest.mean(shot));
        int d = ViewerTest.maxDifference(shot, batch(dir).pixels(), 3);
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
            // Saving synchronises the host film from the device accumulation: the PNG equals the batch render.
            Path png = dir.resolve("saved.png");
            String msg = viewer.save(png).get();
            assertTrue(msg.contains("saved"), msg);
            Texture saved = ImageDecoder.decode(png);
            LdrImage b = batch(dir);
            int ch = saved.rgba8.length / (W * H);
            int worst = 0;
            for (int p = 0; p < W * H; p++) {
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, Math.abs((saved.rgba8[ch * p + c] & 0xff) - (b.pixels()[3 * p + c] & 0xff)));
                }
            }
            assertEquals(0, worst, "saved PNG (host film synchronised from the device) vs batch render");
        }
    }

    /** Switches the view to {@code v} and runs frames until the image published for it is shown. */
    void showAov(AovView v) {
        if (viewer.settings().aov() == v) return; // shown already
        long before = viewer.shownFrameSerial();
        viewer.updateSettings(s -> s.withAov(v));
        frameUntil(() -> viewer.shownFrameSerial() > before, "the " + v.label + " image");
    }

    @Test
    void everyAovResolvedOnTheGpuEqualsTheHostFilmView() throws Exception {
        renderToTarget();
        Assumptions.assumeTrue(interop(), "no interop here: " + viewer.displayPath());
        viewer.setOverlayVisible(false);
        LdrImage[] device = new LdrImage[AovView.values().length];
        for (AovView v : AovView.values()) {
            showAov(v);
            assertTrue(viewer.renderFrameOnDevice(), "frame for " + v + " is on the device");
            device[v.ordinal()] = viewer.screenshot();
        }
        viewer.setInterop(false);
        long film = viewer.status().accumulation();
        viewer.updateSettings(s -> s.withAov(AovView.BEAUTY));
        frameUntil(() -> viewer.status().accumulation() > film && viewer.status().spp() == SPP
                && !viewer.status().rendering(), "the host-path render");
        for (AovView v : AovView.values()) {
            showAov(v);
            assertTrue(!viewer.renderFrameOnDevice(), "frame for " + v + " is on the host");
            int d = ViewerTest.maxDifference(viewer.screenshot(), device[v.ordinal()].pixels(), 3);
            System.out.println("AOV " + v.label + ": interop vs host path max difference " + d + " codes");
            assertTrue(d <= 1, v.label + " differs by " + d + " codes between interop and host path");
        }
        assertNotNull(viewer.displayPath());
    }
}
