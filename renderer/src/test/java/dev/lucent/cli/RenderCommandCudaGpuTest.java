package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.cuda.CudaTestDevice;
import dev.lucent.denoise.OptixAvailability;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.FilmIo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lucent render --backend cuda} end to end: the motion and previous-depth layers of a batch frame as the
 * CPU backend writes them, and {@code --denoise optix} through the device path. Tagged "gpu"; skipped with the
 * reason where CUDA (or, for the denoiser, OptiX) cannot run.
 */
@Tag("gpu")
class RenderCommandCudaGpuTest {
    @TempDir
    Path dir;
    Path scene;

    @BeforeAll
    static void check() {
        CudaTestDevice.assumeAvailable();
    }

    /** A floor, a ball, an emissive lamp, a point light, a sky colour and a camera path of one second (24 fps). */
    @BeforeEach
    void writeScene() throws Exception {
        scene = dir.resolve("scene.json");
        Files.writeString(scene, """
                {
                  "materials": {"floor": {"baseColor": [0.6, 0.6, 0.6]}, "ball": {"baseColor": [0.8, 0.2, 0.1]},
                                "lamp": {"baseColor": [0, 0, 0], "emissive": [4, 4, 4]}},
                  "shapes": [
                    {"type": "quad", "size": 10, "material": "floor"},
                    {"type": "sphere", "radius": 0.5, "segments": 24, "material": "ball", "translate": [0, 0.5, 0]},
                    {"type": "sphere", "radius": 0.2, "segments": 16, "material": "lamp", "translate": [-1, 1.2, 0]}
                  ],
                  "lights": [{"type": "point", "position": [1, 3, 1], "intensity": 20}],
                  "environment": {"color": [0.3, 0.4, 0.5]},
                  "cameras": [{"name": "orbit", "fov": 40, "path": [
                    {"time": 0, "position": [0, 1, 4], "lookAt": [0, 0.5, 0]},
                    {"time": 1, "position": [4, 1, 0], "lookAt": [0, 0.5, 0]}
                  ]}],
                  "render": {"width": 48, "height": 32, "spp": 4, "maxDepth": 3}
                }
                """);
    }

    private CliRun render(String... args) {
        return CliRun.render(scene, args);
    }

    @Test
    void cudaBatchWritesTheCpusMotionEmissionAndPreviousDepth() {
        CliRun cpu = render("-o", dir.resolve("cpu_##.exr").toString(), "--frames", "0-1", "--backend", "cpu");
        assertEquals(0, cpu.exitCode(), cpu.err());
        CliRun cuda = render("-o", dir.resolve("cuda_##.exr").toString(), "--frames", "0-1", "--backend", "cuda");
        assertEquals(0, cuda.exitCode(), cuda.err());
        ExrImage a = ExrReader.read(dir.resolve("cpu_01.exr")), b = ExrReader.read(dir.resolve("cuda_01.exr"));
        float[] ma = a.layer(FilmIo.MOTION, FilmIo.XY), mb = b.layer(FilmIo.MOTION, FilmIo.XY);
        float[] pa = a.channel(FilmIo.PREVIOUS_DEPTH), pb = b.channel(FilmIo.PREVIOUS_DEPTH);
        float[] ea = a.layer(FilmIo.EMISSION, ExrImage.RGB), eb = b.layer(FilmIo.EMISSION, ExrImage.RGB);
        int n = pa.length, motionOk = 0, depthOk = 0, emissionOk = 0;
        double largest = 0;
        for (int p = 0; p < n; p++) {
            largest = Math.max(largest, Math.hypot(ma[2 * p], ma[2 * p + 1]));
            if (Math.abs(ma[2 * p] - mb[2 * p]) <= 0.01f && Math.abs(ma[2 * p + 1] - mb[2 * p + 1]) <= 0.01f) motionOk++;
            if (pa[p] == pb[p] || Math.abs(pa[p] - pb[p]) <= 1e-4f * pa[p]) depthOk++;
            boolean e = true;
            for (int c = 0; c < 3; c++) e &= Math.abs(ea[3 * p + c] - eb[3 * p + c]) <= 1e-4f * Math.max(1f, ea[3 * p + c]);
            if (e) emissionOk++;
        }
        assertTrue(largest > 0.5, "frame 1's camera moved: largest motion " + largest);
        assertTrue(motionOk >= 0.99 * n, motionOk + " of " + n + " motion vectors agree");
        assertTrue(depthOk >= 0.99 * n, depthOk + " of " + n + " previous depths agree");
        assertTrue(emissionOk >= 0.99 * n, emissionOk + " of " + n + " emission values agree");
    }

    @Test
    void optixDenoisesTheDeviceAccumulationInPlace() {
        OptixAvailability optix = OptixAvailability.check();
        Assumptions.assumeTrue(optix.available(), optix.reason());
        Path device = dir.resolve("device.exr"), host = dir.resolve("host.exr");
        CliRun r = render("-o", device.toString(), "--backend", "cuda", "--devices", "0", "--denoise", "optix");
        assertEquals(0, r.exitCode(), r.err());
        ExrImage img = ExrReader.read(device);
        assertEquals("device", img.attributes().get(RenderCommand.DENOISE_PATH_KEY));
        // The host path on the same film: `lucent denoise` of the written EXR.
        CliRun d = CliRun.lucent("denoise", device.toString(), "-o", host.toString(), "--denoiser", "optix");
        assertEquals(0, d.exitCode(), d.err());
        float[] x = img.layer("denoised", ExrImage.RGB), y = ExrReader.read(host).layer("denoised", ExrImage.RGB);
        double diff = 0, ref = 0;
        for (int i = 0; i < x.length; i++) {
            diff += (x[i] - y[i]) * (double) (x[i] - y[i]);
            ref += y[i] * (double) y[i];
        }
        // Inputs differ only by the float (device) versus double (film) running mean of the colour.
        assertTrue(diff <= 1e-4 * ref, "device vs host denoised relative MSE " + diff / ref);
    }
}
