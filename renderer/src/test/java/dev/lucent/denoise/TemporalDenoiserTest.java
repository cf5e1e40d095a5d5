package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * TemporalDenoiser around the identity (so every effect seen is the temporal blend's): accumulation of a static
 * sequence, reprojection along the motion, rejection by depth, the colour clamp, and history from a file.
 */
class TemporalDenoiserTest {
    private static final int W = 24, H = 16, N = W * H;

    /** A frame: colour from {@code rgb} (3 per pixel), normal +z, depth {@code depth}, the given motion. */
    private static DenoiseInput frame(float[] rgb, float depth, float[] motion) {
        float[] normal = new float[3 * N];
        for (int p = 0; p < N; p++) normal[3 * p + 2] = 1f;
        float[] z = new float[N];
        Arrays.fill(z, depth);
        float[] albedo = new float[3 * N];
        Arrays.fill(albedo, 0.5f);
        return new DenoiseInput(W, H, rgb, albedo, normal, z, new float[3 * N], 16, new float[3 * N], motion,
                motion == null ? null : z);
    }

    private static float[] constantPlusNoise(float value, float sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[3 * N];
        for (int i = 0; i < c.length; i++) c[i] = value + (float) (sigma * r.nextGaussian());
        return c;
    }

    private static double rmsError(float[] a, float value) {
        double s = 0;
        for (float v : a) s += (v - value) * (v - value);
        return Math.sqrt(s / a.length);
    }

    @Test
    void staticSequenceAveragesFramesAndFirstFrameIsSpatialOnly() {
        float[] still = new float[2 * N];
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            float[] first = constantPlusNoise(1f, 0.1f, 1);
            assertArrayEquals(first, t.denoise(frame(first, 5f, still)), 0f, "no history yet: the spatial result");
            double singleFrame = rmsError(first, 1f);
            float[] out = null;
            for (int f = 2; f <= 8; f++) out = t.denoise(frame(constantPlusNoise(1f, 0.1f, f), 5f, still));
            // An exponential moving average with weight 1/2 keeps a variance of (1/2) / (2 - 1/2) = 1/3 of one
            // frame's: the noise falls to about 0.58 of a frame's (a little less where the colour clamp bites).
            assertTrue(rmsError(out, 1f) < 0.65 * singleFrame, rmsError(out, 1f) + " vs " + singleFrame);
        }
    }

    @Test
    void historyIsFetchedAlongTheMotion() {
        // A horizontal ramp that moves 2 pixels to the right per frame; motion (2, 0) everywhere.
        float[] before = new float[3 * N], after = new float[3 * N];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    before[3 * (y * W + x) + c] = 0.1f * x;
                    after[3 * (y * W + x) + c] = 0.1f * (x - 2);
                }
            }
        }
        float[] motion = new float[2 * N];
        for (int p = 0; p < N; p++) motion[2 * p] = 2f;
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            t.denoise(frame(before, 5f, new float[2 * N]));
            float[] out = t.denoise(frame(after, 5f, motion));
            for (int y = 0; y < H; y++) {
                for (int x = 2; x < W; x++) {
                    int i = 3 * (y * W + x);
                    assertEquals(after[i], out[i], 1e-5f, "reprojected history matches at (" + x + ", " + y + ")");
                }
            }
        }
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            t.denoise(frame(before, 5f, new float[2 * N]));
            float[] out = t.denoise(frame(after, 5f, new float[2 * N]));
            int i = 3 * (5 * W + 10);
            assertTrue(Math.abs(out[i] - after[i]) > 0.03f, "without the motion the stale history shows: " + out[i]);
        }
    }

    @Test
    void depthChangeRejectsHistory() {
        float[] still = new float[2 * N];
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            t.denoise(frame(constantPlusNoise(1f, 0.1f, 1), 5f, still));
            float[] second = constantPlusNoise(1f, 0.1f, 2);
            assertArrayEquals(second, t.denoise(frame(second, 8f, still)), 0f, "a disocclusion restarts");
        }
    }

    @Test
    void changedLightingIsClampedToTheCurrentNeighbourhood() {
        float[] still = new float[2 * N];
        float[] dark = new float[3 * N];
        float[] lit = new float[3 * N];
        Arrays.fill(lit, 2f);
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            t.denoise(frame(dark, 5f, still));
            // The current neighbourhood is flat at 2: the box has width 0, so the old 0 cannot ghost.
            assertArrayEquals(lit, t.denoise(frame(lit, 5f, still)), 0f);
        }
    }

    @Test
    void historyFromAPreviousFrameFileContinuesTheSequence() {
        float[] still = new float[2 * N];
        float[] a = constantPlusNoise(1f, 0.1f, 1), b = constantPlusNoise(1f, 0.1f, 2);
        float[] continued;
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            t.denoise(frame(a, 5f, still));
            continued = t.denoise(frame(b, 5f, still));
        }
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            assertFalse(t.hasHistory());
            t.setHistory(frame(a, 5f, still), a);
            assertTrue(t.hasHistory());
            assertArrayEquals(continued, t.denoise(frame(b, 5f, still)), 0f);
            t.clearHistory();
            assertArrayEquals(b, t.denoise(frame(b, 5f, still)), 0f, "cleared: spatial only");
        }
    }

    @Test
    void frameWithoutMotionIsSpatialOnly() {
        try (TemporalDenoiser t = new TemporalDenoiser(new IdentityDenoiser())) {
            t.denoise(frame(constantPlusNoise(1f, 0.1f, 1), 5f, new float[2 * N]));
            float[] b = constantPlusNoise(1f, 0.1f, 2);
            assertArrayEquals(b, t.denoise(frame(b, 5f, null)), 0f);
        }
    }
}
