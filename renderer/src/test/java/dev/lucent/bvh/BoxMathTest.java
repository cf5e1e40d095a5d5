package dev.lucent.bvh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxMathTest {
    @Test
    void keysOrderLikeFloatsAndRoundTrip() {
        float[] v = {Float.NEGATIVE_INFINITY, -1e30f, -3.5f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE, 1f, 2.25f, 1e30f,
                Float.POSITIVE_INFINITY};
        for (float a : v) {
            assertEquals(Float.floatToRawIntBits(a), Float.floatToRawIntBits(BoxMath.fromKey(BoxMath.key(a))));
            for (float b : v) {
                assertEquals(Float.compare(a, b), Integer.compare(BoxMath.key(a), BoxMath.key(b)), a + " vs " + b);
            }
        }
        Random r = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            float a = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6)) + 0.0f;
            float b = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6)) + 0.0f;
            assertEquals(Math.min(a, b), BoxMath.fromKey(Math.min(BoxMath.key(a), BoxMath.key(b))));
            assertEquals(Math.max(a, b), BoxMath.fromKey(Math.max(BoxMath.key(a), BoxMath.key(b))));
        }
    }

    @Test
    void halfAreaOfKnownBoxes() {
        assertEquals(2 * 3 + 3 * 4 + 4 * 2, BoxMath.halfArea(new float[] {0, 0, 0, 2, 3, 4}), 0);
        assertEquals(0, BoxMath.halfArea(BoxMath.empty()), 0);
    }
}
