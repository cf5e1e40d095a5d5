package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.Backends;
import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompiledScene;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.Film;
import dev.lucent.integrator.MotionProjector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lucent render --frames --multi-gpu}: whole frames per device give the same files as split frames, on a
 * two-"device" backend whose devices are CPU backends (the scheduling needs no GPU).
 */
class RenderMultiGpuTest {
    @TempDir
    Path dir;
    Path scene;

    /** Threads that rendered a frame, per device index (-1: the two-device backend itself, split mode). */
    static final ConcurrentHashMap<Integer, Set<String>> RENDERS = new ConcurrentHashMap<>();

    /** Two devices, each a one-thread CPU backend; as a whole it renders every frame on one CPU backend. */
    static final class TwinBackend implements RenderBackend {
        final int device;
        final CpuBackend cpu = new CpuBackend();

        TwinBackend(int device) {
            this.device = device;
        }

        @Override public String name() { return "twin"; }
        @Override public String deviceName() { return device < 0 ? "2 twin devices" : "twin device " + device; }
        @Override public int deviceCount() { return device < 0 ? 2 : 1; }
        @Override public RenderBackend forDevice(int index) { return new TwinBackend(index); }
        @Override public void prepare(CompiledScene s, RenderOptions o) { cpu.prepare(s, o); }
        @Override public boolean setMotion(MotionProjector p) { return cpu.setMotion(p); }
        @Override public RenderStats render(Film film, int first, int count, RenderProgress progress) {
            RENDERS.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            return cpu.render(film, first, count, progress);
        }
        @Override public void close() { cpu.close(); }
    }

    @BeforeEach
    void setUp() throws Exception {
        RENDERS.clear();
        Backends.register("twin", () -> new TwinBackend(-1));
        scene = OrbitTestScene.write(dir);
    }

    @AfterEach
    void tearDown() {
        Backends.unregister("twin");
    }

    private CliRun render(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--backend";
        all[1] = "twin";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.render(scene, all);
    }

    @Test
    void wholeFramesPerDeviceWriteTheSplitRendersFiles() throws Exception {
        CliRun split = render("-o", dir.resolve("split/f_##.exr").toString(), "--frames", "0-7",
                "--multi-gpu", "split");
        assertEquals(0, split.exitCode(), split.err());
        assertEquals(Set.of(-1), RENDERS.keySet(), "split: the two-device backend rendered every frame");
        RENDERS.clear();
        // auto: 8 frames on 2 devices -> whole frames per device.
        CliRun frames = render("-o", dir.resolve("frames/f_##.exr").toString(), "--frames", "0-7");
        assertEquals(0, frames.exitCode(), frames.err());
        assertEquals(Set.of(0, 1), RENDERS.keySet(), "frames: both devices rendered, the whole backend none");
        assertTrue(!RENDERS.get(0).equals(RENDERS.get(1)), "each device on its own thread");
        int lineAt = -1;
        for (int f = 0; f <= 7; f++) {
            String name = String.format("f_%02d.exr", f);
            ExrImage a = ExrReader.read(dir.resolve("split").resolve(name));
            ExrImage b = ExrReader.read(dir.resolve("frames").resolve(name));
            assertEquals(a.channelNames(), b.channelNames());
            for (String c : a.channelNames()) {
                if (a.pixelType(c) == dev.lucent.image.ExrPixelType.UINT) {
                    assertArrayEquals(a.uintChannel(c), b.uintChannel(c), name + " " + c);
                } else {
                    assertArrayEquals(a.channel(c), b.channel(c), name + " " + c); // bit for bit
                }
            }
            // Frame lines in frame order.
            int at = frames.out().indexOf("frame " + f + " -> ");
            assertTrue(at > lineAt, "frame " + f + " reported in order:\n" + frames.out());
            lineAt = at;
        }
        assertTrue(frames.out().contains("Rendered 8 of 8 frames"), frames.out());
    }

    @Test
    void autoSplitsWhenFewerFramesThanDevicesRemainAndSkippedFramesDoNotCount() throws Exception {
        String pattern = dir.resolve("seq/f_#.png").toString();
        assertEquals(0, render("-o", pattern, "--frames", "1-3", "--multi-gpu", "split").exitCode());
        Files.delete(dir.resolve("seq/f_2.png"));
        RENDERS.clear();
        CliRun again = render("-o", pattern, "--frames", "1-3");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(Set.of(-1), RENDERS.keySet(), "one frame left on two devices: split");
        assertTrue(again.out().contains("Rendered 1 of 3 frames (2 skipped"), again.out());
        RENDERS.clear();
        CliRun forced = render("-o", pattern, "--frames", "1-3", "--overwrite", "--multi-gpu", "frames");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(Set.of(0, 1), RENDERS.keySet());
    }

    @Test
    void badModesAreOneLineUsageErrors() {
        CliRun bad = render("-o", dir.resolve("x_#.png").toString(), "--frames", "1-2", "--multi-gpu", "tiles");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("lucent: error: --multi-gpu: 'tiles' is not a mode (auto, frames, split)"),
                bad.err());
        CliRun single = render("-o", dir.resolve("x.png").toString(), "--multi-gpu", "frames");
        assertEquals(2, single.exitCode());
        assertTrue(single.err().startsWith("lucent: error: --multi-gpu frames needs --frames"), single.err());
        CliRun cpu = CliRun.lucent("render", scene.toString(), "-o", dir.resolve("c_#.png").toString(), "--frames",
                "1-2", "--multi-gpu", "frames");
        assertEquals(2, cpu.exitCode());
        assertTrue(cpu.err().startsWith("lucent: error: --multi-gpu frames: the cpu backend renders on one device"),
                cpu.err());
        assertTrue(!Files.exists(dir.resolve("c_1.png")));
    }
}
