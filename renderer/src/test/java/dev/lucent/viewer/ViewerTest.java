package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.cli.Main;
import dev.lucent.core.TestPaths;
import dev.lucent.image.LdrImage;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Texture;
import dev.lucent.image.ImageDecoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer window under X (Xvfb + Mesa llvmpipe when there is no display): the project's Cornell box with
 * the CPU backend at 64x48, 16 spp. The window is driven programmatically, frame by frame, as a user would
 * through the overlay.
 */
class ViewerTest {
    static final int W = 64, H = 48, SPP = 16;
    Viewer viewer;

    @BeforeEach
    void open() {
        VirtualDisplay.require();
        RenderSettings o = new RenderSettings();
        o.width = W;
        o.height = H;
        o.spp = SPP;
        viewer = new Viewer(new ViewerOptions(cornellBox(), "cpu", o, 160, 120, "none", true));
    }

    @AfterEach
    void close() {
        if (viewer != null) viewer.close();
    }

    static Path cornellBox() {
        return TestPaths.projectRoot().resolve("scenes/cornell-box.json");
    }

    /** Runs frames until {@code done} holds; fails after 60 s (a hang, not a timing assertion). */
    void frameUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!done.getAsBoolean()) {
            viewer.frame();
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; status " + viewer.status());
        }
        viewer.frame(); // upload the last published image
    }

    void renderToTarget() {
        frameUntil(() -> viewer.status().spp() == viewer.status().target() && viewer.status().target() > 0
                && !viewer.status().rendering() && viewer.settings() != null
                && viewer.status().target() == viewer.settings().spp(), "the sample target");
    }

    static int maxDifference(LdrImage a, byte[] rgba, int channels) {
        int max = 0;
        for (int p = 0; p < a.width() * a.height(); p++) {
            for (int c = 0; c < 3; c++) {
                max = Math.max(max, Math.abs((a.pixels()[3 * p + c] & 0xff) - (rgba[channels * p + c] & 0xff)));
            }
        }
        return max;
    }

    static double mean(LdrImage a) {
        long s = 0;
        for (byte b : a.pixels()) s += b & 0xff;
        return s / (double) a.pixels().length;
    }

    @Test
    void screenshotMatchesTheBatchRenderOfTheCopiedCommand(@TempDir Path dir) throws Exception {
        renderToTarget();
        viewer.setOverlayVisible(false);
        LdrImage shot = viewer.screenshot();
        assertEquals(W, shot.width());
        assertEquals(H, shot.height());
        assertTrue(mean(shot) > 10, "the Cornell box is lit, mean code " + mean(shot));

        viewer.copyRenderCommand();
        assertEquals(viewer.renderCommand(), viewer.clipboard(), "the command is on the clipboard");
        Path png = dir.resolve("batch.png");
        var args = RenderCommandLine.arguments(viewer.scene().path(),
                viewer.scene().cameraNames().get(viewer.settings().cameraIndex()), viewer.settings(), png.toString());
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
        assertEquals(0, code, err.toString());
        Texture batch = ImageDecoder.decode(png);
        assertEquals(W, batch.width);
        // Same film bits (same samples in the same order); only the GPU's float tone map differs from Java's.
        int d = maxDifference(shot, batch.rgba8, batch.rgba8.length / (W * H));
        assertTrue(d <= 1, "viewer and batch render differ by " + d + " codes");
    }

    @Test
    void renderControlRestartsAccumulationAndDisplayControlDoesNot() {
        renderToTarget();
        LdrImage before = viewer.screenshot();
        int framesBefore = viewer.status().spp();

        // Exposure is a display setting: the film stays, the image gets brighter.
        viewer.updateSettings(s -> s.withDisplay(1f, s.toneMap()));
        viewer.frame();
        viewer.frame();
        assertEquals(framesBefore, viewer.status().spp(), "exposure must not restart accumulation");
        assertTrue(mean(viewer.screenshot()) > mean(before) + 5, "brighter with +1 stop");
        viewer.updateSettings(s -> s.withDisplay(0f, s.toneMap()));

        // Max depth changes the film: accumulation restarts, so the counter drops, and the image changes. A
        // large target keeps the old film accumulating well past the new one's first passes.
        viewer.updateSettings(s -> s.withSpp(100_000));
        frameUntil(() -> viewer.status().spp() >= 256, "256 spp");
        long film = viewer.status().accumulation();
        int sppBefore = viewer.status().spp();
        viewer.updateSettings(s -> s.withMaxDepth(1));
        frameUntil(() -> viewer.status().accumulation() > film, "the restart");
        assertTrue(viewer.status().spp() < sppBefore, "the sample count dropped: " + viewer.status().spp() + " after "
                + sppBefore);
        viewer.updateSettings(s -> s.withSpp(SPP));
        long restarted = viewer.status().accumulation();
        frameUntil(() -> viewer.status().spp() >= SPP && !viewer.status().rendering(), "the depth-1 image");
        assertEquals(restarted, viewer.status().accumulation(), "lowering the target does not restart");
        LdrImage direct = viewer.screenshot();
        assertTrue(mean(direct) < mean(before) - 3, "one bounce is darker than sixteen: " + mean(direct) + " vs "
                + mean(before));
    }

    @Test
    void cameraMotionRestartsAndResetReturnsToTheSceneCamera() {
        renderToTarget();
        LdrImage before = viewer.screenshot();
        var start = viewer.settings().camera();
        long film = viewer.status().accumulation();
        viewer.updateSettings(s -> s.withCamera(s.cameraIndex(), CameraRig.orbit(s.camera(), 0.3, 0.1)));
        frameUntil(() -> viewer.status().accumulation() > film && viewer.status().spp() == SPP
                && !viewer.status().rendering(), "the orbited view");
        assertTrue(maxDifference(viewer.screenshot(), before.pixels(), 3) > 50, "the view moved");
        long orbited = viewer.status().accumulation();
        viewer.resetCamera();
        frameUntil(() -> viewer.status().accumulation() > orbited && viewer.status().spp() == SPP
                && !viewer.status().rendering(), "the reset view");
        assertEquals(start.toString(), viewer.settings().camera().toString());
        assertTrue(maxDifference(viewer.screenshot(), before.pixels(), 3) <= 0, "back to the same image");
    }

    @Test
    void keysToggleThePanelAndFlyModeAndResetTheCamera() {
        renderToTarget();
        var start = viewer.settings().camera();
        viewer.updateSettings(s -> s.withCamera(s.cameraIndex(), CameraRig.dolly(s.camera(), 0.5)));
        viewer.keyPressed(org.lwjgl.glfw.GLFW.GLFW_KEY_TAB);
        viewer.keyPressed(org.lwjgl.glfw.GLFW.GLFW_KEY_F);
        viewer.frame();
        assertTrue(!viewer.overlayVisible() && viewer.flyMode(), "Tab hides the panel, F switches to fly");
        viewer.keyPressed(org.lwjgl.glfw.GLFW.GLFW_KEY_R);
        viewer.frame();
        assertEquals(start.toString(), viewer.settings().camera().toString(), "R resets to the scene camera");
    }

    @Test
    void sceneThatFailsToLoadShowsTheErrorAndKeepsThePreviousScene(@TempDir Path dir) throws Exception {
        renderToTarget();
        long serial = viewer.scene().serial();
        LdrImage before = viewer.screenshot();
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{ \"instances\": [ {\"model\": \"nothing\"} ] ");
        viewer.openScene(bad);
        frameUntil(() -> viewer.status().error() != null, "the load error");
        assertTrue(viewer.status().error().contains("broken.json"), viewer.status().error());
        assertEquals(serial, viewer.scene().serial(), "still the Cornell box");
        assertEquals(SPP, viewer.status().spp());
        assertTrue(maxDifference(viewer.screenshot(), before.pixels(), 3) == 0, "the image is kept");
    }

    @Test
    void droppedSceneFileIsOpened(@TempDir Path dir) throws Exception {
        renderToTarget();
        long serial = viewer.scene().serial();
        Path copy = dir.resolve("dropped.json");
        Files.writeString(copy, Files.readString(cornellBox()).replace("\"cornell-box/cornell-box.obj\"",
                "\"" + cornellBox().resolveSibling("cornell-box/cornell-box.obj").toString().replace("\\", "/") + "\""));
        viewer.dropped(new String[] {copy.toString(), "/ignored/second.json"});
        frameUntil(() -> viewer.scene().serial() > serial, "the dropped scene");
        assertEquals(copy, viewer.scene().path());
        assertEquals(null, viewer.status().error());
    }

    @Test
    void resolutionScaleRendersFewerPixelsAndShowsThemScaled() {
        renderToTarget();
        viewer.setResolutionScale(0.5f);
        frameUntil(() -> viewer.status().width() == W / 2 && viewer.status().spp() == SPP
                && !viewer.status().rendering(), "the half-size render");
        assertEquals(H / 2, viewer.status().height());
        LdrImage shot = viewer.screenshot();
        assertTrue(shot.width() >= W && shot.height() >= H, "drawn scaled up: " + shot.width() + "x" + shot.height());
    }

    @Test
    void displayPathNamesWhyThereIsNoInteropOnSoftwareOpenGl() {
        String gl = viewer.glRenderer();
        org.junit.jupiter.api.Assumptions.assumeFalse(gl.toUpperCase(java.util.Locale.ROOT).contains("NVIDIA"),
                "this display's OpenGL is NVIDIA's: " + gl);
        String path = viewer.displayPath();
        assertTrue(path.startsWith("host (PBO upload): OpenGL runs on ") && path.contains("not an NVIDIA GPU"), path);
        assertTrue(path.contains(gl), "names the renderer: " + path);
    }

    /**
     * Windows opened one after another in one process keep streaming through the pixel buffer (NVIDIA's GLX under
     * Xvfb once failed glMapBufferRange from the third window on, and the display fell back to direct uploads).
     */
    @Test
    void windowsOpenedOneAfterAnotherKeepThePixelBufferPath() {
        org.junit.jupiter.api.Assumptions.assumeFalse("false".equalsIgnoreCase(System.getProperty("lucent.viewer.pbo")),
                "pixel buffer turned off");
        viewer.close();
        viewer = null;
        RenderSettings o = new RenderSettings();
        o.width = W;
        o.height = H;
        o.spp = 1;
        for (int i = 1; i <= 3; i++) {
            try (Viewer v = new Viewer(new ViewerOptions(cornellBox(), "cpu", o, 160, 120, "none", false))) {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (v.display().imageWidth() == 0) {
                    v.frame();
                    assertTrue(System.nanoTime() < deadline, "window " + i + ": no image; status " + v.status());
                }
                assertEquals("pixel buffer", v.display().uploadPath(), "window " + i + " (" + v.glRenderer() + ")");
                assertTrue(mean(v.screenshot()) > 10, "window " + i + " shows the lit box");
            }
        }
    }

    /** A closed viewer's window (and GL context) is reused by the next viewer on the same thread, not on another. */
    @Test
    void closedWindowIsReusedOnlyOnItsThread() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.parseBoolean(
                System.getProperty(GlfwSession.REUSE_PROPERTY, "true")), "window reuse turned off");
        long first = viewer.window();
        viewer.close();
        RenderSettings o = new RenderSettings();
        o.width = W;
        o.height = H;
        o.spp = 1;
        viewer = new Viewer(new ViewerOptions(cornellBox(), "cpu", o, 160, 120, "none", false));
        assertEquals(first, viewer.window(), "the same thread gets the closed window back");
        long[] other = {0};
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread t = new Thread(() -> {
            try (Viewer v = new Viewer(new ViewerOptions(cornellBox(), "cpu", o, 160, 120, "none", false))) {
                other[0] = v.window();
                while (v.display().imageWidth() == 0) v.frame();
                assertEquals("pixel buffer", v.display().uploadPath());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "second-ui-thread");
        t.start();
        t.join();
        if (failure.get() != null) throw new AssertionError("viewer on a second thread failed", failure.get());
        assertTrue(other[0] != 0 && other[0] != first, "another thread gets a window of its own");
        renderToTarget(); // the reused window still works on its thread
    }

    @Test
    void viewerRefusesAThreadOtherThanTheOneThatOpenedIt() throws Exception {
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread t = new Thread(() -> {
            try {
                viewer.frame();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "not-the-ui-thread");
        t.start();
        t.join();
        assertTrue(failure.get() instanceof IllegalStateException, "refused: " + failure.get());
        assertTrue(failure.get().getMessage().contains("not-the-ui-thread"), failure.get().getMessage());
        viewer.frame(); // still usable on its own thread
    }

    @Test
    void failingBackendFallsBackToCpuWithTheReason() {
        ProgressiveRendererTest.registerBrokenBackend();
        try {
            renderToTarget();
            viewer.updateSettings(s -> s.withBackend(ProgressiveRendererTest.BROKEN));
            frameUntil(() -> viewer.status().notice() != null && viewer.status().notice().contains("failed")
                    && viewer.status().spp() == SPP && !viewer.status().rendering(), "the fallback");
            assertEquals("cpu", viewer.status().backend());
            assertTrue(viewer.status().notice().contains(ProgressiveRendererTest.BROKEN_REASON), viewer.status().notice());
        } finally {
            dev.lucent.backend.Backends.unregister(ProgressiveRendererTest.BROKEN);
        }
    }
}
