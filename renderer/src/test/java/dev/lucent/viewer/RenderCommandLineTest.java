package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.LookAtCamera;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderCommandLineTest {
    static ViewSettings settings() {
        LookAtCamera c = new LookAtCamera(new float[] {0.1f, -2.5e-7f, 3}, new float[] {1f / 3, 0, 0},
                new float[] {0, 1, 0}, 39.3f, 0.01f, 2.75f);
        return new ViewSettings("cpu", 128, 6, 42, 10, 0, 320, 200, 0.5f, 0, c, 1.5f, 90, "cpu", -1, "agx",
                AovView.NORMAL);
    }

    @Test
    void floatsParseBackToTheSameBits() {
        List<String> a = RenderCommandLine.arguments(Path.of("/s/scene.json"), "front", settings(), "out.png");
        String pos = a.get(a.indexOf("--camera-pos") + 1), at = a.get(a.indexOf("--look-at") + 1);
        float[] p = LookAtCamera.parseVec3(pos, "pos"), t = LookAtCamera.parseVec3(at, "at");
        assertEquals(Float.floatToIntBits(-2.5e-7f), Float.floatToIntBits(p[1]));
        assertEquals(Float.floatToIntBits(1f / 3), Float.floatToIntBits(t[0]));
        assertEquals("320", a.get(a.indexOf("--width") + 1));
        assertEquals("agx", a.get(a.indexOf("--tonemap") + 1));
        assertEquals("cpu", a.get(a.indexOf("--denoise") + 1));
        assertEquals("/s/scene.json", a.get(1));
    }

    @Test
    void shellQuoting() {
        assertEquals("plain/path.json", RenderCommandLine.quote("plain/path.json"));
        assertEquals("'my scene.json'", RenderCommandLine.quote("my scene.json"));
        assertEquals("'it'\\''s'", RenderCommandLine.quote("it's"));
        String line = RenderCommandLine.of(Path.of("/tmp/a b/scene.json"), "cam 1", settings(), "o.png");
        assertTrue(line.startsWith("lucent render '/tmp/a b/scene.json' -o o.png"), line);
        assertTrue(line.contains("--camera 'cam 1'"), line);
    }
}
