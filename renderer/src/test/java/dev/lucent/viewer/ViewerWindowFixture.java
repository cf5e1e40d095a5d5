package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.cli.Main;
import dev.lucent.image.ImageDecoder;
import dev.lucent.image.LdrImage;
import dev.lucent.scene.Texture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A viewer window on a GPU backend that renders the scene to a sample target, and the checks the window tests of
 * each GPU backend ({@link ViewerWindowVulkanTest}, {@link ViewerWindowCudaGpuTest}) make against it: the batch
 * render of the copied command, a saved PNG against that render, and every AOV view shown from device memory
 * against the same view through the host film. The image is {@code width x height} at {@code spp} samples per
 * pixel; owns the viewer, close it.
 */
final class ViewerWindowFixture implements AutoCloseable {
    final Viewer viewer;
    private final String backend;
    private final int width, height, spp;
    private final long timeoutNanos;

    /**
     * Takes over {@code viewer}, which renders a {@code width x height} image at {@code spp} samples per pixel on
     * {@code backend}; waits for a frame condition fail after {@code timeoutSeconds}.
     */
    ViewerWindowFixture(Viewer viewer, String backend, int width, int height, int spp, int timeoutSeconds) {
        this.viewer = viewer;
        this.backend = backend;
        this.width = width;
        this.height = height;
        this.spp = spp;
        this.timeoutNanos = timeoutSeconds * 1_000_000_000L;
    }

    /** Runs frames until {@code done} holds (failing after the timeout), then two more so the display catches up. */
    void frameUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!done.getAsBoolean()) {
            viewer.frame();
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; status " + viewer.status());
        }
        viewer.frame();
        viewer.frame();
    }

    /** Runs frames until the render holds the sample target, and checks it ran on the backend (no fallback). */
    void renderToTarget() {
        frameUntil(() -> viewer.status().spp() == spp && !viewer.status().rendering() && viewer.settings() != null
                && viewer.status().target() == viewer.settings().spp(), "the sample target");
        assertEquals(backend, viewer.status().backend(), "no fallback: " + viewer.status().notice());
    }

    /** The batch render of the viewer's copied command (which must name the backend) into {@code dir}, as RGB codes. */
    LdrImage batch(Path dir) throws IOException {
        Path png = dir.resolve("batch.png");
        var args = RenderCommandLine.arguments(viewer.scene().path(),
                viewer.scene().cameraNames().get(viewer.settings().cameraIndex()), viewer.settings(), png.toString());
        assertTrue(args.contains(backend), "the copied command names the " + backend + " backend: " + args);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
        assertEquals(0, status, err.toString());
        Texture t = ImageDecoder.decode(png);
        byte[] rgb = new byte[width * height * 3];
        int ch = t.rgba8.length / (width * height);
        for (int p = 0; p < width * height; p++) for (int c = 0; c < 3; c++) rgb[3 * p + c] = t.rgba8[ch * p + c];
        return new LdrImage(width, height, 3, rgb);
    }

    /**
     * Saves the image as a PNG into {@code dir} (which synchronises the host film from the device accumulation)
     * and checks it equals {@code batch} code for code.
     */
    void assertSavedPngEquals(Path dir, LdrImage batch) throws Exception {
        Path png = dir.resolve("saved.png");
        String msg = viewer.save(png).get();
        assertTrue(msg.contains("saved"), msg);
        Texture saved = ImageDecoder.decode(png);
        int worst = ViewerTest.maxDifference(batch, saved.rgba8, saved.rgba8.length / (width * height));
        assertEquals(0, worst, "saved PNG (host film synchronised from the device) vs batch render");
    }

    /** Switches the view to {@code v} and runs frames until the image published for it is shown. */
    void showAov(AovView v) {
        if (viewer.settings().aov() == v) return; // shown already
        long before = viewer.shownFrameSerial();
        viewer.updateSettings(s -> s.withAov(v));
        frameUntil(() -> viewer.shownFrameSerial() > before, "the " + v.label + " image");
    }

    /**
     * With the render at its target and device display on, takes a screenshot of every AOV view resolved on the
     * device; then switches device display off, renders again through the host film and checks every view there
     * is within 1 code of the device's. {@code deviceWords} names the device path in messages.
     */
    void assertEveryDeviceAovEqualsTheHostFilmView(String deviceWords) {
        viewer.setOverlayVisible(false);
        LdrImage[] device = new LdrImage[AovView.values().length];
        for (AovView v : AovView.values()) {
            showAov(v);
            assertTrue(viewer.renderFrameOnDevice(), "frame for " + v + " is in " + deviceWords);
            device[v.ordinal()] = viewer.screenshot();
        }
        viewer.setInterop(false);
        long film = viewer.status().accumulation();
        viewer.updateSettings(s -> s.withAov(AovView.BEAUTY));
        frameUntil(() -> viewer.status().accumulation() > film && viewer.status().spp() == spp
                && !viewer.status().rendering(), "the host-path render");
        assertTrue(viewer.displayPath().startsWith("host"), viewer.displayPath());
        for (AovView v : AovView.values()) {
            showAov(v);
            assertTrue(!viewer.renderFrameOnDevice(), "frame for " + v + " is on the host");
            int d = ViewerTest.maxDifference(viewer.screenshot(), device[v.ordinal()].pixels(), 3);
            System.out.println("AOV " + v.label + ": " + deviceWords + " vs host path max difference " + d + " codes");
            assertTrue(d <= 1, v.label + " differs by " + d + " codes between " + deviceWords + " and the host path");
        }
    }

    @Override
    public void close() {
        viewer.close();
    }
}
