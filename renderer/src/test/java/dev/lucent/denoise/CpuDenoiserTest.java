package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CpuDenoiserTest {
    private static final float[] UP = {0, 1, 0};
    private static final float[] RIGHT = {1, 0, 0};
    private static final float[] RED = {0.8f, 0.2f, 0.2f};
    private static final float[] BLUE = {0.2f, 0.25f, 0.7f};
    private static final int W = 96, H = 64;

    private static float[] denoise(DenoiseInput in, int threads) {
        return new CpuDenoiser(CpuDenoiserSettings.defaults(), threads).denoise(in);
    }

    private static double gainDb(SyntheticRender scene, DenoiseInput in, float[] out) {
        return 10 * Math.log10(scene.mse(in.color()) / scene.mse(out));
    }

    /** Left half red facing up, right half blue facing right; edge between columns 47 and 48. */
    private static SyntheticRender twoSurfaces() {
        SyntheticRender s = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) s.set(x, y, x < W / 2 ? RED : BLUE, x < W / 2 ? UP : RIGHT, 1f);
        }
        return s;
    }

    @Test
    void piecewiseConstantImageGetsCleanAndItsEdgeStaysSharp() {
        SyntheticRender scene = twoSurfaces();
        DenoiseInput in = scene.noisy(0.3, 1);
        float[] out = denoise(in, 2);
        double gain = gainDb(scene, in, out);
        assertTrue(gain > 10, "PSNR gain " + gain + " dB");
        // The step in red (0.8 to 0.2) between the two columns beside the edge keeps > 90% of its height.
        double step = SyntheticRender.columnMean(out, W, H, W / 2 - 1, 0)
                - SyntheticRender.columnMean(out, W, H, W / 2, 0);
        assertTrue(step > 0.9 * 0.6, "step " + step);
    }

    @Test
    void albedoTextureSurvivesThroughDemodulation() {
        // One flat surface, lit uniformly, with a 1-pixel checker texture in the albedo: the noisy beauty's
        // texture is finer than the noise, a blur would erase it, demodulation keeps it.
        SyntheticRender scene = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) scene.set(x, y, ((x + y) & 1) == 0 ? RED : BLUE, UP, 2f);
        }
        DenoiseInput in = scene.noisy(0.3, 2);
        float[] out = denoise(in, 2);
        double gain = gainDb(scene, in, out);
        assertTrue(gain > 10, "PSNR gain " + gain + " dB");
        // Texture contrast of the red channel: 2 * (0.8 - 0.2) = 1.2 between neighbouring pixels.
        double contrast = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x + 1 < W; x++) {
                int p = y * W + x;
                contrast += Math.abs(out[3 * p] - out[3 * (p + 1)]);
            }
        }
        contrast /= H * (W - 1);
        assertEquals(1.2, contrast, 0.06);
    }

    @Test
    void resolvedEmissionBypassesTheFilter() {
        // A flat grey surface, uniformly lit (noisy), with an emissive 1-pixel stripe texture that no albedo,
        // normal or depth edge reveals, of contrast about one noise sigma: blurred away without the emission
        // AOV, kept exactly with it (its variance is the surface's, small against the emission's square).
        SyntheticRender scene = new SyntheticRender(W, H);
        float[] grey = {0.5f, 0.5f, 0.5f};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) scene.set(x, y, grey, UP, 2f);
        }
        DenoiseInput lit = scene.noisy(0.3, 4);
        float[] emission = new float[3 * W * H];
        float[] colour = lit.color().clone();
        float[] truth = scene.truth();
        for (int p = 0; p < W * H; p++) {
            float e = (p % W) % 2 == 0 ? 1.2f : 0f;
            for (int c = 0; c < 3; c++) {
                emission[3 * p + c] = e;
                colour[3 * p + c] += e;
                truth[3 * p + c] += e;
            }
        }
        DenoiseInput with = new DenoiseInput(W, H, colour, lit.albedo(), lit.normal(), lit.depth(), lit.variance(),
                16, emission, null, null);
        DenoiseInput without = new DenoiseInput(W, H, colour, lit.albedo(), lit.normal(), lit.depth(),
                lit.variance(), 16);
        double errWith = mse(denoise(with, 2), truth), errWithout = mse(denoise(without, 2), truth);
        double errRaw = mse(colour, truth);
        assertTrue(errWith < 0.05 * errRaw, "with emission: " + errWith + " vs raw " + errRaw);
        assertTrue(errWith < 0.2 * errWithout, "with emission " + errWith + ", without " + errWithout);
    }

    private static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s / a.length;
    }

    @Test
    void shadowBoundaryWithoutFeatureEdgeSurvives() {
        // One surface, one albedo and normal; the irradiance drops from 1 to 0.25 at column 48 (a hard
        // shadow): only the variance-guided colour term can keep this edge.
        SyntheticRender scene = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) scene.set(x, y, RED, UP, x < W / 2 ? 1f : 0.25f);
        }
        DenoiseInput in = scene.noisy(0.3, 3);
        float[] out = denoise(in, 2);
        double gain = gainDb(scene, in, out);
        assertTrue(gain > 8, "PSNR gain " + gain + " dB");
        double step = SyntheticRender.columnMean(out, W, H, W / 2 - 1, 0)
                - SyntheticRender.columnMean(out, W, H, W / 2, 0);
        double height = 0.8 * (1 - 0.25);
        assertTrue(step > 0.8 * height, "step " + step + " of " + height);
    }

    @Test
    void isolatedFireflyIsRemovedNotSpread() {
        SyntheticRender scene = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) scene.set(x, y, RED, UP, 1f);
        }
        DenoiseInput in = scene.noisy(0.2, 11);
        // One of 16 samples 800 times too bright: the mean is about 50 times the value and its standard error
        // about as large as the mean.
        int spike = 3 * (30 * W + 40);
        for (int c = 0; c < 3; c++) {
            in.color()[spike + c] *= 50;
            in.variance()[spike + c] = in.color()[spike + c] * in.color()[spike + c];
        }
        float[] out = denoise(in, 2);
        float max = 0;
        for (int i = 0; i < out.length; i += 3) max = Math.max(max, out[i]);
        // Red is 0.8 everywhere: no pixel, the spike's included, ends up far above it.
        assertTrue(max < 0.8 * 1.15, "brightest red " + max);
        CpuDenoiserSettings d = CpuDenoiserSettings.defaults();
        CpuDenoiserSettings off = new CpuDenoiserSettings(d.levels(), d.colourSigma(), d.normalSigma(),
                d.albedoSigma(), d.depthSigma(), 0f);
        float[] unclamped = new CpuDenoiser(off, 2).denoise(in);
        assertTrue(unclamped[spike] > 5, "without the clamp the spike stays: " + unclamped[spike]);
    }

    @Test
    void convergedOnePixelHighlightIsKept() {
        SyntheticRender scene = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) scene.set(x, y, RED, UP, 1f);
        }
        DenoiseInput in = scene.noisy(0.2, 12);
        // An emissive dot 20 times brighter than its surroundings, seen by every sample: small standard error.
        int dot = 3 * (30 * W + 40);
        for (int c = 0; c < 3; c++) {
            in.color()[dot + c] = 20 * 0.8f;
            in.variance()[dot + c] = 1e-4f;
        }
        float[] out = denoise(in, 2);
        assertEquals(16f, out[dot], 0.5f);
    }

    @Test
    void constantImageStaysConstant() {
        SyntheticRender scene = new SyntheticRender(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) scene.set(x, y, RED, UP, 1.5f);
        }
        DenoiseInput in = scene.noisy(0.0, 4);
        // Noise-free input but a non-zero variance estimate, so the filter does average.
        Arrays.fill(in.variance(), 0.01f);
        float[] out = denoise(in, 2);
        float[] truth = scene.truth();
        for (int i = 0; i < out.length; i++) assertEquals(truth[i], out[i], 1e-5f * truth[i]);
    }

    @Test
    void outputIsBitIdenticalForAnyThreadCount() {
        DenoiseInput in = twoSurfaces().noisy(0.5, 5);
        float[] one = denoise(in, 1);
        assertArrayEquals(one, denoise(in, 2));
        assertArrayEquals(one, denoise(in, 3));
        assertArrayEquals(one, denoise(in, 7));
    }

    @Test
    void inputIsNotModified() {
        DenoiseInput in = twoSurfaces().noisy(0.5, 6);
        float[] colour = in.color().clone();
        float[] variance = in.variance().clone();
        denoise(in, 2);
        assertArrayEquals(colour, in.color());
        assertArrayEquals(variance, in.variance());
    }

    @Test
    void zeroVarianceMeansNoFiltering() {
        DenoiseInput noisy = twoSurfaces().noisy(0.3, 7);
        DenoiseInput in = new DenoiseInput(W, H, noisy.color(), noisy.albedo(), noisy.normal(), noisy.depth(),
                new float[3 * W * H], 1);
        float[] out = denoise(in, 2);
        for (int i = 0; i < out.length; i++) assertEquals(in.color()[i], out[i], 1e-6f * Math.abs(in.color()[i]));
    }

    @Test
    void missedPixelsAndSurfacesDoNotMix() {
        // Left half: a bright environment (depth +inf, albedo and normal 0); right half: a dark surface with
        // the same albedo-free look. The depth layer alone separates them.
        SyntheticRender scene = new SyntheticRender(W, H);
        float[] black = {0, 0, 0};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                scene.set(x, y, black, black, 0f);
                if (x < W / 2) scene.depth[y * W + x] = Float.POSITIVE_INFINITY;
            }
        }
        DenoiseInput clean = scene.noisy(0, 8);
        float[] colour = clean.color();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W / 2; x++) Arrays.fill(colour, 3 * (y * W + x), 3 * (y * W + x) + 3, 5f);
        }
        Arrays.fill(clean.variance(), 100f); // noise estimate far above the 5-unit step
        float[] out = denoise(clean, 2);
        for (int y = 0; y < H; y++) {
            assertEquals(5f, out[3 * (y * W + W / 2 - 1)], 1e-4f);
            assertEquals(0f, out[3 * (y * W + W / 2)], 1e-6f);
        }
    }

    @Test
    void nonFiniteInputsDoNotPoisonTheImage() {
        DenoiseInput in = twoSurfaces().noisy(0.3, 9);
        in.color()[3 * (10 * W + 10)] = Float.NaN;
        in.color()[3 * (20 * W + 20) + 1] = Float.POSITIVE_INFINITY;
        in.variance()[3 * (30 * W + 30)] = Float.NaN;
        for (float v : denoise(in, 2)) assertTrue(Float.isFinite(v));
    }

    @Test
    void fastExponentialMatchesMathExp() {
        for (float x = 0; x < CpuDenoiser.EXPONENT_CUTOFF; x += 0.001f) {
            double expected = Math.exp(-x);
            assertEquals(expected, CpuDenoiser.expNeg(x), 2e-4 * expected, "x = " + x);
        }
    }
}
