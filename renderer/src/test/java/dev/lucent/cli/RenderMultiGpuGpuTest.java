package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.cuda.CudaTestDevice;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrPixelType;
import dev.lucent.image.ExrReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lucent render --backend cuda --devices all --frames}: whole frames per device write the same EXRs, bit
 * for bit, as every frame split over all devices (640x360 in the default plan: interleaved 4-row groups on two
 * devices; on one GPU the per-device path against the one renderer). Every EXR channel the render writes is
 * compared.
 * Tagged "gpu"; skipped with the reason where CUDA cannot run.
 */
@Tag("gpu")
class RenderMultiGpuGpuTest {
    @TempDir
    Path dir;

    @Test
    void wholeFramesPerDeviceGiveTheSplitFramesBits() throws Exception {
        CudaTestDevice.assumeAvailable();
        Path scene = dir.resolve("scene.json");
        Files.writeString(scene, """
                {
                  "materials": {"floor": {"baseColor": [0.6, 0.6, 0.6]}, "ball": {"baseColor": [0.8, 0.2, 0.1]},
                                "glass": {"transmission": 1, "ior": 1.5, "roughness": 0}},
                  "shapes": [
                    {"type": "quad", "size": 10, "material": "floor"},
                    {"type": "sphere", "radius": 0.5, "segments": 32, "material": "ball", "translate": [0, 0.5, 0]},
                    {"type": "sphere", "radius": 0.3, "segments": 32, "material": "glass", "translate": [0.8, 0.3, 0.5]}
                  ],
                  "lights": [{"type": "point", "position": [1, 3, 1], "intensity": 20}],
                  "environment": {"color": [0.3, 0.4, 0.6]},
                  "cameras": [{"name": "orbit", "fov": 40, "path": [
                    {"time": 0, "position": [0, 1, 4], "lookAt": [0, 0.5, 0]},
                    {"time": 1, "position": [4, 1, 0], "lookAt": [0, 0.5, 0]}
                  ]}],
                  "render": {"width": 640, "height": 360, "spp": 4, "maxDepth": 6}
                }
                """);
        for (String mode : new String[] {"split", "frames"}) {
            CliRun r = CliRun.lucent("render", scene.toString(), "--backend", "cuda", "--devices", "all", "--frames",
                    "0-3", "--multi-gpu", mode, "-o", dir.resolve(mode + "/f_#.exr").toString());
            assertEquals(0, r.exitCode(), mode + ": " + r.err());
            assertTrue(r.out().contains("Rendered 4 of 4 frames"), r.out());
        }
        for (int f = 0; f <= 3; f++) {
            ExrImage s = ExrReader.read(dir.resolve("split/f_" + f + ".exr"));
            ExrImage w = ExrReader.read(dir.resolve("frames/f_" + f + ".exr"));
            assertEquals(s.channelNames(), w.channelNames());
            for (String c : s.channelNames()) {
                if (s.pixelType(c) == ExrPixelType.UINT) {
                    assertArrayEquals(s.uintChannel(c), w.uintChannel(c), "frame " + f + " " + c);
                } else {
                    assertArrayEquals(s.channel(c), w.channel(c), "frame " + f + " " + c);
                }
            }
        }
    }
}
