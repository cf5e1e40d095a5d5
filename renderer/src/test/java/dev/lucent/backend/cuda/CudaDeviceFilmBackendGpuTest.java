package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lucent.backend.RenderOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.NativeBuffer;
import dev.lucent.core.TestPaths;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.viewer.AovView;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The viewer's device-resident accumulation (GPU machine; tag gpu): passes of 1 + 2 + 4 samples kept on the GPU
 * and synchronised into a host film give the film of one 7-sample batch render on {@link CudaBackend} bit for bit
 * (same launches in the same order, one merge into an empty film), and the resolve kernel's display floats equal
 * {@link AovView#extract} of that film for every layer, up to float rounding of the float accumulation against
 * the film's doubles.
 */
@Tag("gpu")
class CudaDeviceFilmBackendGpuTest {
    static final int W = 96, H = 72;

    @Test
    void passesOnTheDeviceEqualTheBatchFilmAndResolveEqualsTheHostLayers() {
        CudaTestDevice.assumeAvailable();
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes/cornell-box.json"));
        RenderOptions opts = new RenderOptions(6, 0, 11, 0, PixelFilter.defaultFilter());
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings))) {
            cs.setLookAtCamera(cs.selectedCamera, cs.lookAtCamera(cs.selectedCamera), W / (float) H);
            Film batch = new Film(W, H);
            try (CudaBackend cuda = new CudaBackend("0")) {
                cuda.prepare(cs, opts);
                cuda.render(batch, 0, 7, null);
            }
            try (CudaDeviceFilmBackend device = new CudaDeviceFilmBackend()) {
                device.prepare(cs, opts);
                Film untouched = new Film(W, H);
                device.render(untouched, 0, 1, null);
                device.render(untouched, 1, 2, null);
                device.render(untouched, 3, 4, null);
                assertEquals(0, untouched.sampleCount(0), "render leaves the host film alone");
                assertEquals(7, device.deviceSpp());
                assertThrows(IllegalStateException.class, () -> device.render(untouched, 5, 1, null),
                        "continuing from a count the device does not hold");
                device.render(untouched, 0, 1, null); // first sample 0 clears: start again
                device.render(untouched, 1, 2, null);
                device.render(untouched, 3, 4, null);

                Film synced = new Film(W, H);
                device.syncFilm(synced);
                for (int p = 0; p < W * H; p++) {
                    assertEquals(batch.sampleCount(p), synced.sampleCount(p));
                    for (int c = 0; c < 3; c++) {
                        // The batch backend may pick the wavefront schedule, whose float32 running means round
                        // differently from the megakernel's: a few float ulps per sample (1.3e-6 relative seen
                        // on the H200), so both moments are compared to 1e-5 relative.
                        double mean = batch.mean(p, c), m2 = batch.m2(p, c);
                        assertEquals(mean, synced.mean(p, c), 1e-5 * Math.abs(mean) + 1e-12, "mean, pixel " + p);
                        assertEquals(m2, synced.m2(p, c), 1e-5 * Math.abs(m2) + 1e-12, "M2, pixel " + p);
                    }
                    assertEquals(batch.depth(p), synced.depth(p), 0.0f, "depth, pixel " + p);
                }
                for (AovView v : AovView.values()) {
                    CudaDisplayBuffer buffer = device.resolve(v.ordinal());
                    float[] gpu = download(buffer);
                    float[] host = v.extract(synced, null);
                    double worst = 0;
                    for (int i = 0; i < host.length; i++) {
                        worst = Math.max(worst, Math.abs(gpu[i] - host[i]) / Math.max(1e-3, Math.abs(host[i])));
                    }
                    System.out.printf("resolve %s: largest relative difference %.3g%n", v.label, worst);
                    assertEquals(0, worst, 1e-4, v.label + " resolved on the GPU vs the host film's layer");
                }
            }
        }
    }

    static float[] download(CudaDisplayBuffer b) {
        try (NativeBuffer n = NativeBuffer.allocate(b.bytes())) {
            b.floats().download(n, 0, 0, b.bytes());
            float[] f = new float[(int) (b.bytes() / 4)];
            for (int i = 0; i < f.length; i++) f[i] = n.getFloat(4L * i);
            return f;
        }
    }
}
