package dev.lucent.viewer;

import static org.lwjgl.opengl.GL33C.glFinish;

import dev.lucent.core.TestPaths;
import dev.lucent.scene.RenderSettings;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Display overhead of the viewer (figures for docs/benchmarks.md "## Viewer"; tagged slow, so the default build
 * skips it): (1) upload (PBO map, copy, unmap, glTexSubImage2D) and tone-map draw per frame at three image
 * sizes, each followed by glFinish so the driver's work is counted; (2) UI frame times while the CPU backend
 * renders 1-spp passes of about a second (Cornell box, 640x480).
 * Run: mvn -o test -Dtest=ViewerBenchmark -Dlucent.excludedGroups=gpu -Dsurefire.failIfNoSpecifiedTests=false
 */
@Tag("slow")
class ViewerBenchmark {
    @Test
    void displayOverheadAndUiRate() throws Exception {
        VirtualDisplay.require();
        RenderSettings o = new RenderSettings();
        o.width = 640;
        o.height = 480;
        o.spp = 100_000;
        try (Viewer v = new Viewer(new ViewerOptions(TestPaths.projectRoot().resolve("scenes/cornell-box.json"), "cpu",
                o, 1280, 800, "none", true))) {
            FilmDisplay d = v.display();
            for (int[] size : new int[][] {{640, 480}, {1280, 720}, {1920, 1080}}) {
                float[] rgb = new float[size[0] * size[1] * 3];
                Arrays.fill(rgb, 0.5f);
                int n = 30;
                double[] upload = new double[n], draw = new double[n], blit = new double[n];
                for (int i = 0; i < n + 5; i++) {
                    long t0 = System.nanoTime();
                    d.upload(new ViewerFrame(i, size[0], size[1], rgb, AovView.DisplayMode.TONE_MAPPED, 1));
                    glFinish();
                    long t1 = System.nanoTime();
                    d.draw(0, 0, 1280, 800, 0, 0, false); // tone map into the display image, then blit
                    glFinish();
                    long t2 = System.nanoTime();
                    d.draw(0, 0, 1280, 800, 0, 0, false); // unchanged: blit only (every other UI frame)
                    glFinish();
                    long t3 = System.nanoTime();
                    if (i >= 5) {
                        upload[i - 5] = (t1 - t0) / 1e6;
                        draw[i - 5] = (t2 - t1) / 1e6;
                        blit[i - 5] = (t3 - t2) / 1e6;
                    }
                }
                System.out.printf(Locale.ROOT, "display %dx%d: upload median %.2f ms, tone map + blit to 1280x800 "
                        + "median %.2f ms, blit only median %.2f ms%n", size[0], size[1], median(upload), median(draw),
                        median(blit));
            }
            // UI rate while long passes run: wait for the first image, then time 300 frames.
            while (v.status().spp() < 1) v.frame();
            int frames = 300;
            double[] ft = new double[frames];
            int sppStart = v.status().spp();
            long t0 = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                long a = System.nanoTime();
                v.frame();
                ft[i] = (System.nanoTime() - a) / 1e6;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] sorted = ft.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "UI while rendering 640x480 (pass %.2f s, %d passes in the window): %.1f fps, "
                    + "frame median %.1f ms, p95 %.1f ms, max %.1f ms%n", v.status().lastPassSeconds(),
                    v.status().spp() - sppStart, frames / seconds, median(ft), sorted[(int) (0.95 * frames)],
                    sorted[frames - 1]);
        }
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
