package dev.lucent.viewer;

import static org.lwjgl.opengl.GL33C.glFinish;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cuda.CudaAvailability;
import dev.lucent.backend.cuda.CudaBackend;
import dev.lucent.backend.cuda.CudaDeviceFilmBackend;
import dev.lucent.backend.cuda.CudaDisplayBuffer;
import dev.lucent.backend.cuda.CudaTestDevice;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Display overhead of the viewer on the GPU machine with the CUDA backend at 1920x1080 (figures for
 * docs/benchmarks.md "## Viewer"; tagged slow and gpu): (1) each display path in isolation, each step followed by
 * glFinish or a device synchronisation: the host path (pass merged into the host film, film to floats, PBO
 * upload) against interop (resolve kernel, map, device copy, texture fill); (2) the live window (1920x1080
 * framebuffer, Cornell box, passes growing to 64 spp) for each path: UI frame rate and frame times while
 * passes run, pass time, and the UI thread's upload time per new image.
 */
@Tag("slow")
@Tag("gpu")
class ViewerGpuBenchmark {
    static final int W = 1920, H = 1080;

    @Test
    void displayPathsAt1080p() throws Exception {
        CudaAvailability a = CudaTestDevice.assumeAvailable();
        VirtualDisplay.require();
        Path cornell = TestPaths.projectRoot().resolve("scenes/cornell-box.json");
        RenderSettings o = new RenderSettings();
        o.spp = 100_000;
        try (Viewer v = new Viewer(new ViewerOptions(cornell, "cuda", o, W, H, "none", true))) {
            System.out.println("GPU viewer benchmark: OpenGL " + v.glRenderer() + "; CUDA device " + a.deviceName()
                    + "; display path " + v.displayPath());
            isolated(v, cornell);
            for (boolean interop : new boolean[] {true, false}) live(v, interop);
        }
    }

    /** The two display paths step by step, outside the live loop. */
    void isolated(Viewer v, Path cornell) {
        // The viewer's own render stops at 1 spp so the two paths are timed on an idle GPU.
        while (v.settings() == null) v.frame();
        v.updateSettings(s -> s.withSpp(1));
        while (v.status().rendering() || v.status().spp() != 1) v.frame();
        Scene scene = SceneLoader.load(cornell);
        RenderOptions opts = new RenderOptions(8, 0, 3, 0, PixelFilter.defaultFilter());
        int n = 15;
        double[] hostPass = new double[n], devicePass = new double[n], extract = new double[n], pbo = new double[n];
        double[] resolve = new double[n], interopUpload = new double[n], sync = new double[3];
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings));
                CudaBackend host = new CudaBackend("0");
                CudaDeviceFilmBackend device = new CudaDeviceFilmBackend()) {
            cs.setLookAtCamera(cs.selectedCamera, cs.lookAtCamera(cs.selectedCamera), W / (float) H);
            host.prepare(cs, opts);
            device.prepare(cs, opts);
            Film film = new Film(W, H);
            host.render(film, 0, 1, null);
            device.render(new Film(W, H), 0, 1, null);
            FilmDisplay d = v.display();
            CudaGlFrameUploader gl = null;
            try {
                if (v.displayPath().startsWith("CUDA-OpenGL")) gl = new CudaGlFrameUploader();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    host.render(film, 1 + i, 1, null); // 1 spp pass: launch, download, merge into the film
                    long t1 = System.nanoTime();
                    float[] rgb = AovView.BEAUTY.extract(film, null);
                    long t2 = System.nanoTime();
                    d.upload(new ViewerFrame(i, W, H, rgb, AovView.DisplayMode.TONE_MAPPED, 1));
                    glFinish();
                    long t3 = System.nanoTime();
                    device.render(new Film(W, H), 1 + i, 1, null); // 1 spp pass into the device accumulation
                    long t4 = System.nanoTime();
                    CudaDisplayBuffer buf = device.resolve(0);
                    long t5 = System.nanoTime();
                    if (gl != null) {
                        gl.upload(new ViewerFrame(i, W, H, null, AovView.DisplayMode.TONE_MAPPED, 1, buf), d);
                        glFinish();
                    }
                    long t6 = System.nanoTime();
                    hostPass[i] = (t1 - t0) / 1e6;
                    extract[i] = (t2 - t1) / 1e6;
                    pbo[i] = (t3 - t2) / 1e6;
                    devicePass[i] = (t4 - t3) / 1e6;
                    resolve[i] = (t5 - t4) / 1e6;
                    interopUpload[i] = (t6 - t5) / 1e6;
                }
                for (int i = 0; i < sync.length; i++) {
                    long t0 = System.nanoTime();
                    device.syncFilm(new Film(W, H));
                    sync[i] = (System.nanoTime() - t0) / 1e6;
                }
            } finally {
                if (gl != null) gl.close();
            }
        }
        System.out.printf(Locale.ROOT, "isolated %dx%d, medians of %d: host path: 1-spp pass with merge %.2f ms, "
                + "film to floats %.2f ms, PBO upload + glFinish %.2f ms | device path: 1-spp pass %.2f ms, resolve "
                + "kernel %.3f ms, interop upload + glFinish %.3f ms | host film sync for save/denoise %.1f ms%n",
                W, H, n, median(hostPass), median(extract), median(pbo), median(devicePass), median(resolve),
                median(interopUpload), median(sync));
    }

    /** The live window on one path: 400 frames while passes run. */
    void live(Viewer v, boolean interop) {
        v.setInterop(interop);
        v.updateSettings(s -> s.withSpp(100_000));
        long film = v.status().accumulation();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((v.status().accumulation() <= film || v.status().spp() < 64) && System.nanoTime() < deadline) v.frame();
        int frames = 400;
        double[] ft = new double[frames];
        List<Double> uploads = new ArrayList<>();
        List<Double> passes = new ArrayList<>();
        long serial = v.shownFrameSerial();
        int device = 0, sppStart = v.status().spp();
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            long s = System.nanoTime();
            v.frame();
            ft[i] = (System.nanoTime() - s) / 1e6;
            if (v.shownFrameSerial() != serial) {
                serial = v.shownFrameSerial();
                uploads.add(v.uploadMillis());
                passes.add(v.status().lastPassSeconds() * 1e3);
                if (v.renderFrameOnDevice()) device++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] sorted = ft.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "live %dx%d %s: %.1f UI fps, frame median %.2f ms, p95 %.2f ms, max %.2f ms; "
                + "%d new images (%d from device memory), UI upload median %.3f ms; passes median %.0f ms of %d spp; "
                + "%d spp in %.2f s (%s)%n", v.status().width(), v.status().height(), interop ? "interop" : "host PBO",
                frames / seconds, median(ft), sorted[(int) (0.95 * frames)], sorted[frames - 1], uploads.size(), device,
                median(uploads.stream().mapToDouble(Double::doubleValue).toArray()),
                median(passes.stream().mapToDouble(Double::doubleValue).toArray()), v.status().passSamples(),
                v.status().spp() - sppStart, seconds, v.displayPath());
    }

    static double median(double[] a) {
        if (a.length == 0) return Double.NaN;
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
