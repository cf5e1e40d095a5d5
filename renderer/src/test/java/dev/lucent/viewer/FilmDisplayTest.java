package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

import dev.lucent.image.DisplayTransform;
import dev.lucent.image.LdrImage;
import dev.lucent.image.Srgb;
import dev.lucent.image.ToneMapper;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lwjgl.BufferUtils;
import org.lwjgl.opengl.GL;

/**
 * The display shader against the Java display transform: an HDR test image (a log ramp over 1e-4..1e4 per
 * channel, with zeros, negatives and huge values) drawn 1:1 into a window under X (Xvfb + Mesa when there is no
 * display) and read back with glReadPixels must give the bytes of {@link DisplayTransform} to within one 8-bit
 * code, for every tone mapper and several exposures; the albedo and data modes likewise against the sRGB OETF
 * and plain clamping.
 */
class FilmDisplayTest {
    static final int W = 128, H = 64;
    static long window;
    static FilmDisplay display;

    @BeforeAll
    static void open() {
        VirtualDisplay.require();
        assertTrue(GlfwSession.init(), "glfwInit: " + GlfwSession.lastError());
        window = GlfwSession.openWindow(W, H, true, false);
        assertTrue(window != 0, "window with OpenGL 3.3 core");
        if (glfwGetCurrentContext() != window) glfwMakeContextCurrent(window);
        GL.createCapabilities();
        display = new FilmDisplay();
    }

    @AfterAll
    static void close() {
        if (display != null) display.close();
        if (window != 0) GlfwSession.closeWindow(window, false);
    }

    /** Linear HDR test pattern: per pixel a different log-spaced value per channel, plus edge cases. */
    static float[] pattern() {
        float[] rgb = new float[W * H * 3];
        for (int p = 0; p < W * H; p++) {
            for (int c = 0; c < 3; c++) {
                double t = ((p * 7 + c * 131) % (W * H)) / (double) (W * H - 1);
                rgb[3 * p + c] = (float) Math.pow(10, -4 + 8 * t);
            }
        }
        float[][] special = {{0, 0, 0}, {-1, 0.5f, 2}, {1e30f, 1e30f, 1e30f}, {1, 1, 1}, {0.18f, 0.18f, 0.18f},
            {0.0031308f, 0.04f, 0.08f}, {5, 0.01f, 0.3f}, {0.76f, 0.5f, 0.9f}};
        for (int i = 0; i < special.length; i++) System.arraycopy(special[i], 0, rgb, 3 * i, 3);
        return rgb;
    }

    LdrImage drawAndRead(float[] rgb, AovView.DisplayMode mode, float exposure, String toneMap) {
        display.upload(new ViewerFrame(1, W, H, rgb, mode, 1));
        display.draw(0, 0, W, H, exposure, FilmDisplay.toneMapIndex(toneMap), true);
        ByteBuffer buf = BufferUtils.createByteBuffer(W * H * 3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, W, H, GL_RGB, GL_UNSIGNED_BYTE, buf);
        byte[] out = new byte[W * H * 3];
        for (int y = 0; y < H; y++) buf.get((H - 1 - y) * W * 3, out, y * W * 3, W * 3);
        glfwSwapBuffers(window);
        return new LdrImage(W, H, 3, out);
    }

    static int maxDifference(LdrImage a, LdrImage b) {
        int max = 0;
        for (int i = 0; i < a.pixels().length; i++) max = Math.max(max, Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff)));
        return max;
    }

    @Test
    void toneMappedMatchesTheJavaDisplayTransformWithinOneCode() {
        float[] rgb = pattern();
        for (String tm : ToneMapper.names()) {
            for (float exposure : new float[] {0f, 1.5f, -2.25f}) {
                LdrImage gpu = drawAndRead(rgb, AovView.DisplayMode.TONE_MAPPED, exposure, tm);
                LdrImage java = new DisplayTransform(exposure, ToneMapper.named(tm), false).apply(W, H, rgb);
                int d = maxDifference(gpu, java);
                assertTrue(d <= 1, tm + " at exposure " + exposure + ": largest difference " + d + " codes");
            }
        }
    }

    @Test
    void directUploadShowsTheSameBytesAsThePixelBuffer() {
        float[] rgb = pattern();
        LdrImage viaPbo = drawAndRead(rgb, AovView.DisplayMode.TONE_MAPPED, 0.5f, "agx");
        assertEquals("pixel buffer", display.uploadPath());
        FilmDisplay shared = display;
        try (FilmDisplay direct = new FilmDisplay(false)) {
            display = direct;
            LdrImage viaArray = drawAndRead(rgb, AovView.DisplayMode.TONE_MAPPED, 0.5f, "agx");
            assertEquals(0, maxDifference(viaPbo, viaArray), "direct upload vs pixel buffer");
            assertTrue(direct.uploadPath().startsWith("direct ("), direct.uploadPath());
        } finally {
            display = shared;
        }
    }

    @Test
    void linearModeIsTheSrgbOetfAndDataModeIsAClamp() {
        float[] rgb = new float[W * H * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (i % 300) / 256f - 0.1f; // -0.1 .. 1.07
        LdrImage linear = drawAndRead(rgb, AovView.DisplayMode.LINEAR, 3f, "aces"); // exposure and tone map ignored
        LdrImage data = drawAndRead(rgb, AovView.DisplayMode.DATA, 3f, "aces");
        int worstLinear = 0, worstData = 0;
        for (int i = 0; i < rgb.length; i++) {
            float v = Math.min(1, Math.max(0, rgb[i]));
            worstLinear = Math.max(worstLinear, Math.abs((linear.pixels()[i] & 0xff) - Srgb.quantize(Srgb.encode(v))));
            worstData = Math.max(worstData, Math.abs((data.pixels()[i] & 0xff) - Srgb.quantize(v)));
        }
        assertTrue(worstLinear <= 1, "linear mode off by " + worstLinear);
        assertTrue(worstData <= 1, "data mode off by " + worstData);
        assertEquals(0, data.get(0, 0, 0), "negative data shows as 0");
    }
}
