package dev.lucent.viewer;

import dev.lucent.compile.LookAtCamera;
import dev.lucent.denoise.Denoisers;
import dev.lucent.image.ToneMapper;
import imgui.ImGui;
import imgui.flag.ImGuiCond;
import imgui.flag.ImGuiWindowFlags;
import imgui.type.ImInt;
import imgui.type.ImString;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The viewer's Dear ImGui panel: statistics (samples so far and target, pass time, elapsed time, Mrays/s,
 * samples/s, backend and device, GPU memory where known, denoiser and its time, UI frame rate and upload
 * time), the controls that restart accumulation (backend, max depth, resolution scale, environment, camera,
 * field of view) and those that do not (sample target, denoiser, exposure, tone map, AOV), the camera mode,
 * and the file actions (open by path or dialog, save PNG/EXR, copy the render command). Draws on the UI
 * thread between ImGui.newFrame and ImGui.render.
 */
final class ViewerOverlay {
    private static final String[] DENOISERS = Denoisers.names().toArray(new String[0]);
    private static final String[] TONE_MAPS = ToneMapper.names().toArray(new String[0]);

    private final Viewer viewer;
    private final ImString openPath = new ImString(1024);
    private final ImString savePath = new ImString(1024);
    private final ImInt combo = new ImInt();
    private final int[] intValue = new int[1];
    private final float[] floatValue = new float[1];

    ViewerOverlay(Viewer viewer) {
        this.viewer = viewer;
        savePath.set("lucent-view.png");
    }

    void draw(ViewerStatus st) {
        ImGui.setNextWindowPos(10, 10, ImGuiCond.FirstUseEver);
        ImGui.setNextWindowBgAlpha(0.85f);
        if (ImGui.begin("Lucent", ImGuiWindowFlags.AlwaysAutoResize | ImGuiWindowFlags.NoSavedSettings)) {
            messages(st);
            statistics(st);
            ViewSettings s = viewer.settings();
            if (s != null) {
                if (ImGui.collapsingHeader("Render")) renderControls(s);
                if (ImGui.collapsingHeader("Display")) displayControls();
                if (ImGui.collapsingHeader("Camera")) cameraControls();
                if (ImGui.collapsingHeader("Environment")) environmentControls();
            }
            if (ImGui.collapsingHeader("File")) fileControls();
            ImGui.textDisabled("Tab: hide  F: orbit/fly  R: reset camera  LMB orbit  RMB pan  wheel dolly  WASDQE move");
        }
        ImGui.end();
    }

    /** Only the error banner, for when the panel is hidden. */
    void drawErrorOnly(ViewerStatus st) {
        ImGui.setNextWindowPos(10, 10, ImGuiCond.Always);
        ImGui.setNextWindowBgAlpha(0.85f);
        if (ImGui.begin("Lucent error", ImGuiWindowFlags.AlwaysAutoResize | ImGuiWindowFlags.NoSavedSettings
                | ImGuiWindowFlags.NoFocusOnAppearing)) {
            ImGui.textColored(1f, 0.35f, 0.3f, 1f, st.error());
        }
        ImGui.end();
    }

    private void messages(ViewerStatus st) {
        if (st.loading()) ImGui.textColored(0.5f, 0.8f, 1f, 1f, "loading scene...");
        if (st.error() != null) wrapped(1f, 0.35f, 0.3f, st.error());
        if (st.notice() != null) wrapped(1f, 0.85f, 0.3f, st.notice());
        if (viewer.uiNotice() != null) wrapped(1f, 0.85f, 0.3f, viewer.uiNotice());
    }

    private static void wrapped(float r, float g, float b, String text) {
        ImGui.pushTextWrapPos(480);
        ImGui.textColored(r, g, b, 1f, text);
        ImGui.popTextWrapPos();
    }

    private void statistics(ViewerStatus st) {
        ImGui.text("Scene: " + (st.scene() != null ? Path.of(st.scene()).getFileName() : "-"));
        float progress = st.target() > 0 ? Math.min(1f, st.spp() / (float) st.target()) : 0;
        ImGui.progressBar(progress, 300, 0, st.spp() + " / " + st.target() + " spp");
        ImGui.text(String.format(Locale.ROOT, "Image %dx%d   pass %d spp in %.1f ms   elapsed %.2f s", st.width(),
                st.height(), st.passSamples(), st.lastPassSeconds() * 1e3, st.elapsedSeconds()));
        ImGui.text(String.format(Locale.ROOT, "%.2f Mrays/s   %.3f Msamples/s", st.total().mraysPerSecond(),
                st.total().samplesPerSecond() / 1e6));
        ImGui.text("Backend: " + st.backend() + " on " + st.device());
        ImGui.text("GPU memory: " + (st.backend().equals("cpu") ? "n/a (CPU backend)" : viewer.gpuMemory()));
        ImGui.text(st.denoiser() != null ? String.format(Locale.ROOT, "Denoised by %s in %.1f ms", st.denoiser(),
                st.denoiseSeconds() * 1e3) : "Not denoised");
        ImGui.text(String.format(Locale.ROOT, "UI %.0f fps   upload %.2f ms", ImGui.getIO().getFramerate(),
                viewer.uploadMillis()));
    }

    private void renderControls(ViewSettings s) {
        List<String> backends = viewer.backends();
        combo.set(Math.max(0, backends.indexOf(s.backend())));
        if (ImGui.combo("Backend", combo, backends.toArray(new String[0]))) {
            String b = backends.get(combo.get());
            viewer.updateSettings(v -> v.withBackend(b));
        }
        for (Map.Entry<String, String> e : viewer.backendProblems().entrySet()) {
            ImGui.pushTextWrapPos(480);
            ImGui.textDisabled(e.getValue());
            ImGui.popTextWrapPos();
        }
        ImInt spp = new ImInt(s.spp());
        if (ImGui.inputInt("Spp target", spp, 16, 256) && spp.get() >= 1) {
            int v = spp.get();
            viewer.updateSettings(x -> x.withSpp(v));
        }
        intValue[0] = s.maxDepth();
        if (ImGui.sliderInt("Max depth", intValue, 0, 64)) {
            int v = intValue[0];
            viewer.updateSettings(x -> x.withMaxDepth(v));
        }
        floatValue[0] = viewer.resolutionScale();
        if (ImGui.sliderFloat("Resolution scale", floatValue, 0.1f, 1f, "%.2f")) viewer.setResolutionScale(floatValue[0]);
        combo.set(Math.max(0, indexOf(DENOISERS, s.denoiser())));
        if (ImGui.combo("Denoiser", combo, DENOISERS)) {
            String d = DENOISERS[combo.get()];
            viewer.updateSettings(x -> x.withDenoiser(d));
        }
        ImGui.sameLine();
        if (ImGui.button("Denoise now")) viewer.denoiseNow();
    }

    private void displayControls() {
        ViewSettings s = viewer.settings();
        floatValue[0] = s.exposure();
        if (ImGui.sliderFloat("Exposure", floatValue, -10f, 10f, "%.2f stops")) {
            float e = floatValue[0];
            viewer.updateSettings(x -> x.withDisplay(e, x.toneMap()));
        }
        combo.set(Math.max(0, indexOf(TONE_MAPS, s.toneMap())));
        if (ImGui.combo("Tone map", combo, TONE_MAPS)) {
            String t = TONE_MAPS[combo.get()];
            viewer.updateSettings(x -> x.withDisplay(x.exposure(), t));
        }
        combo.set(s.aov().ordinal());
        if (ImGui.combo("View", combo, AovView.labels())) {
            AovView a = AovView.values()[combo.get()];
            viewer.updateSettings(x -> x.withAov(a));
        }
    }

    private void cameraControls() {
        ViewSettings s = viewer.settings();
        ViewerScene scene = viewer.scene();
        if (scene != null) {
            combo.set(s.cameraIndex());
            if (ImGui.combo("Scene camera", combo, scene.cameraNames().toArray(new String[0]))) {
                viewer.selectCamera(combo.get());
            }
        }
        if (ImGui.button("Reset to scene camera")) viewer.resetCamera();
        ImGui.sameLine();
        if (ImGui.radioButton("Orbit", !viewer.flyMode())) viewer.setFlyMode(false);
        ImGui.sameLine();
        if (ImGui.radioButton("Fly", viewer.flyMode())) viewer.setFlyMode(true);
        LookAtCamera c = s.camera();
        floatValue[0] = c.yfovDegrees();
        if (ImGui.sliderFloat("Field of view", floatValue, 5f, 150f, "%.1f deg")) {
            float f = floatValue[0];
            viewer.updateSettings(x -> x.withCamera(x.cameraIndex(), x.camera().withFov(f)));
        }
        ImGui.textDisabled("position " + LookAtCamera.format(c.position()));
        ImGui.textDisabled("target   " + LookAtCamera.format(c.target()));
    }

    private void environmentControls() {
        ViewSettings s = viewer.settings();
        floatValue[0] = s.envIntensity();
        if (ImGui.dragFloat("Intensity", floatValue, 0.01f, 0f, 1000f, "%.3f")) {
            float k = Math.max(0, floatValue[0]);
            viewer.updateSettings(x -> x.withEnvironment(k, x.envRotation()));
        }
        floatValue[0] = s.envRotation();
        if (ImGui.sliderFloat("Rotation", floatValue, -180f, 180f, "%.1f deg")) {
            float r = floatValue[0];
            viewer.updateSettings(x -> x.withEnvironment(x.envIntensity(), r));
        }
    }

    private void fileControls() {
        ImGui.inputText("Scene path", openPath);
        ImGui.sameLine();
        if (ImGui.button("Open")) {
            String p = openPath.get().strip();
            if (!p.isEmpty()) viewer.openScene(Path.of(p));
        }
        ImGui.sameLine();
        if (ImGui.button("Browse...")) openDialog();
        ImGui.inputText("Image path", savePath);
        ImGui.sameLine();
        if (ImGui.button("Save")) save(savePath.get().strip());
        ImGui.sameLine();
        if (ImGui.button("Save as...")) saveDialog();
        if (ImGui.button("Copy render command")) viewer.copyRenderCommand();
        String cmd = viewer.renderCommand();
        if (cmd != null) {
            ImGui.pushTextWrapPos(480);
            ImGui.textDisabled(cmd);
            ImGui.popTextWrapPos();
        }
    }

    void openDialog() {
        FileDialogs.open(openPath.get(), p -> viewer.runOnUiThread(() -> {
            openPath.set(p.toString());
            viewer.openScene(p);
        }));
    }

    void saveDialog() {
        FileDialogs.save(savePath.get(), p -> viewer.runOnUiThread(() -> {
            savePath.set(p.toString());
            save(p.toString());
        }));
    }

    private void save(String path) {
        if (path.isEmpty()) return;
        viewer.save(Path.of(path)).whenComplete((msg, err) -> viewer.runOnUiThread(() ->
                viewer.setUiNotice(err != null ? "save failed: " + ProgressiveRenderer.oneLine(
                        err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                                ? err.getCause() : err) : msg)));
    }

    private static int indexOf(String[] a, String v) {
        for (int i = 0; i < a.length; i++) if (a[i].equalsIgnoreCase(v)) return i;
        return -1;
    }
}
