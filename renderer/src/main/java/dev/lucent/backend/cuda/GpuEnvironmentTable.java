package dev.lucent.backend.cuda;

import dev.lucent.compile.CompiledScene;
import dev.lucent.light.Distribution1D;
import dev.lucent.light.Distribution2D;
import dev.lucent.light.EnvironmentLight;

/**
 * The environment map's importance-sampling distribution flattened for the GPU (layout in
 * shaders/common/lc_lights.h): the Java {@link EnvironmentLight}'s own {@link Distribution2D}, so both backends
 * sample the same texels with the same probabilities and report the same densities. Floats: [0] width W, [1]
 * height H (both 0 without a map), the marginal CDF over rows (H + 1), the conditional CDF of each row
 * (H x (W + 1)), and Distribution2D.pdfCell of each texel (W x H, row-major).
 */
public final class GpuEnvironmentTable {
    private GpuEnvironmentTable() {}

    public static float[] of(CompiledScene scene) {
        return of(EnvironmentLight.fromScene(scene));
    }

    public static float[] of(EnvironmentLight env) {
        if (!env.hasImage()) return new float[] {0, 0};
        Distribution2D d = env.distribution();
        int w = d.width(), h = d.height();
        long n = 2L + (h + 1) + (long) h * (w + 1) + (long) w * h;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("environment map " + w + "x" + h + " too large");
        float[] t = new float[(int) n];
        t[0] = w;
        t[1] = h;
        int k = 2;
        float[] marginal = d.marginal().cdf();
        System.arraycopy(marginal, 0, t, k, h + 1);
        k += h + 1;
        for (int v = 0; v < h; v++) {
            Distribution1D row = d.conditional(v);
            System.arraycopy(row.cdf(), 0, t, k, w + 1);
            k += w + 1;
        }
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) t[k++] = d.pdfCell(u, v);
        }
        return t;
    }
}
