package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lucent render --camera-pos/--look-at/--up/--fov/--lens-radius/--focus-distance/--env-intensity/
 * --env-rotation}: the flags the viewer's "copy render command" writes.
 */
class RenderViewFlagsTest {
    @TempDir
    Path dir;
    Path scene;

    /** A grey floor under a uniform grey sky, seen by a camera at (0, 1, 4) looking at (0, 0.5, 0), fov 40. */
    @BeforeEach
    void writeScene() throws Exception {
        scene = dir.resolve("scene.json");
        Files.writeString(scene, """
                {
                  "materials": {"floor": {"baseColor": [0.6, 0.6, 0.6]}},
                  "shapes": [{"type": "quad", "size": 4, "material": "floor"}],
                  "environment": {"color": [0.5, 0.5, 0.5]},
                  "cameras": [{"name": "cam", "fov": 40, "position": [0, 1, 4], "lookAt": [0, 0.5, 0]}],
                  "render": {"width": 16, "height": 12, "spp": 2, "maxDepth": 2}
                }
                """);
    }

    Film render(String name, String... flags) {
        Path out = dir.resolve(name + ".exr");
        String[] args = new String[flags.length + 4];
        args[0] = "render";
        args[1] = scene.toString();
        args[2] = "-o";
        args[3] = out.toString();
        System.arraycopy(flags, 0, args, 4, flags.length);
        CliRun r = CliRun.lucent(args);
        assertEquals(0, r.exitCode(), r.err());
        return FilmIo.load(out);
    }

    static double meanAbsDifference(Film a, Film b) {
        float[] x = a.beautyRgb(), y = b.beautyRgb();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]);
        return s / x.length;
    }

    @Test
    void theSceneCameraGivenAsFlagsRendersTheSameView() {
        Film scenes = render("scene");
        Film flags = render("flags", "--camera-pos", "0,1,4", "--look-at", "0,0.5,0", "--up", "0,1,0", "--fov", "40");
        assertTrue(meanAbsDifference(scenes, flags) < 1e-3, "same camera: " + meanAbsDifference(scenes, flags));
        Film moved = render("moved", "--camera-pos", "2,1,4", "--look-at", "0,0.5,0");
        assertTrue(meanAbsDifference(scenes, moved) > 1e-2, "moved camera: " + meanAbsDifference(scenes, moved));
        Film wide = render("wide", "--fov", "80");
        assertTrue(meanAbsDifference(scenes, wide) > 1e-2, "wider field of view");
    }

    @Test
    void environmentIntensityScalesTheSky() {
        Film sky = render("sky");
        Film dark = render("dark", "--env-intensity", "0");
        Film bright = render("bright", "--env-intensity", "2");
        int corner = 0; // top-left pixel sees only the sky
        assertEquals(0.5, sky.mean(corner, 0), 1e-6);
        assertEquals(0.0, dark.mean(corner, 0), 0);
        assertEquals(1.0, bright.mean(corner, 0), 1e-6);
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRun r = CliRun.lucent("render", scene.toString(), "-o", dir.resolve("x.png").toString(), "--camera-pos", "1,2,3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--camera-pos and --look-at go together"), r.err());
        r = CliRun.lucent("render", scene.toString(), "-o", dir.resolve("x.png").toString(), "--camera-pos", "1,2",
                "--look-at", "0,0,0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--camera-pos needs x,y,z"), r.err());
        r = CliRun.lucent("render", scene.toString(), "-o", dir.resolve("x.png").toString(), "--fov", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("field of view"), r.err());
    }

    @Test
    void resumeRefusesAnotherView() {
        render("r", "--camera-pos", "0,1,4", "--look-at", "0,0.5,0");
        CliRun r = CliRun.lucent("render", scene.toString(), "-o", dir.resolve("r.exr").toString(), "--resume",
                "--spp", "4", "--camera-pos", "1,1,4", "--look-at", "0,0.5,0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("cannot resume"), r.err());
    }
}
