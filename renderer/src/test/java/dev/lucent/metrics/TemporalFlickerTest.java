package dev.lucent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** TemporalFlicker on images whose motion is known exactly. */
class TemporalFlickerTest {
    private static final int W = 20, H = 10, N = W * H;

    /** A ramp in x (value 0.04 x in every channel) shifted right by {@code shift} pixels. */
    private static RgbImage ramp(float shift) {
        float[] rgb = new float[3 * N];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) Arrays.fill(rgb, 3 * (y * W + x), 3 * (y * W + x) + 3, 0.04f * (x - shift));
        }
        return new RgbImage(W, H, rgb);
    }

    private static float[] depth(float z) {
        float[] d = new float[N];
        Arrays.fill(d, z);
        return d;
    }

    private static float[] motion(float mx) {
        float[] m = new float[2 * N];
        for (int p = 0; p < N; p++) m[2 * p] = mx;
        return m;
    }

    @Test
    void motionCompensatedDifferenceOfAMovingRampIsZero() {
        TemporalFlicker.FrameDifference d = TemporalFlicker.frameDifference(ramp(0), depth(3), ramp(1.5f), depth(3),
                motion(1.5f));
        assertEquals(0, d.meanAbsoluteDifference(), 1e-6);
        // Pixels x = 0 and 1 look back outside the image (x - 1.5 < 0): 18 columns of 10 rows count.
        assertEquals(18 * H, d.pixels());
    }

    @Test
    void ignoringTheMotionShowsTheShiftAndNoiseShowsAsItsMeanAbsoluteValue() {
        TemporalFlicker.FrameDifference still = TemporalFlicker.frameDifference(ramp(0), depth(3), ramp(1.5f),
                depth(3), motion(0));
        assertEquals(0.04 * 1.5, still.meanAbsoluteDifference(), 1e-6);
        assertEquals(N, still.pixels());
        RgbImage flicker = ramp(0);
        float[] rgb = flicker.rgb().clone();
        for (int i = 0; i < rgb.length; i++) rgb[i] += (i / 3) % 2 == 0 ? 0.01f : -0.01f;
        TemporalFlicker.FrameDifference noisy = TemporalFlicker.frameDifference(ramp(0), depth(3),
                new RgbImage(W, H, rgb), depth(3), motion(0));
        assertEquals(0.01, noisy.meanAbsoluteDifference(), 1e-6);
    }

    @Test
    void disocclusionsAreLeftOut() {
        float[] previousDepth = depth(3);
        for (int y = 0; y < H; y++) previousDepth[y * W + 10] = 9;     // a column that was another surface
        previousDepth[0] = Float.POSITIVE_INFINITY;                   // a pixel that was background
        TemporalFlicker.FrameDifference d = TemporalFlicker.frameDifference(ramp(0), previousDepth, ramp(0),
                depth(3), motion(0));
        assertEquals(N - H - 1, d.pixels());
        assertThrows(IllegalArgumentException.class, () -> TemporalFlicker.frameDifference(ramp(0), depth(3), ramp(0),
                new float[3], motion(0)));
    }
}
