package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.scene.RenderSettings;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ToneMapperTest {
    private static float[] map(ToneMapper tm, float r, float g, float b) {
        float[] c = {r, g, b};
        tm.map(c, 0);
        return c;
    }

    private static float gray(ToneMapper tm, float x) { return map(tm, x, x, x)[0]; }

    @Test
    void srgbOetfKnownValues() {
        assertEquals(0.0, Srgb.encode(0.0));
        assertEquals(1.0, Srgb.encode(1.0), 1e-15);
        assertEquals(12.92 * 0.002, Srgb.encode(0.002), 1e-15, "linear segment");
        assertEquals(0.7353569830524495, Srgb.encode(0.5), 1e-15);
        assertEquals(0.04045, Srgb.encode(0.0031308), 1e-6, "the two pieces meet");
        for (double x = 0; x <= 1; x += 1.0 / 1024) assertEquals(x, Srgb.decode(Srgb.encode(x)), 1e-12);
        assertEquals(188, Srgb.quantize(Srgb.encode(0.5)));
        assertEquals(118, Srgb.quantize(Srgb.encode(0.18)));
        assertEquals(0, Srgb.quantize(-0.3));
        assertEquals(0, Srgb.quantize(Double.NaN));
        assertEquals(255, Srgb.quantize(1.7));
        assertEquals(128, Srgb.quantize(127.5 / 255), "rounds half up");
    }

    @Test
    void thresholdEncodingEqualsTheFormulaEverywhere() {
        for (int bits = 0; bits <= Float.floatToRawIntBits(1.5f); bits += 193) {
            float v = Float.intBitsToFloat(bits);
            assertEquals(Srgb.quantize(Srgb.encode(v)), Srgb.encode8(v), "v = " + v);
        }
        for (int k = 0; k < 256; k++) { // both sides of every code boundary
            float v = (float) Srgb.decode((k + 0.5) / 255);
            for (float w : new float[] {Math.nextDown(v), v, Math.nextUp(v)}) {
                assertEquals(Srgb.quantize(Srgb.encode(w)), Srgb.encode8(w), "boundary " + k + ", v = " + w);
            }
        }
        assertEquals(0, Srgb.encode8(Float.NaN));
        assertEquals(0, Srgb.encode8(-1f));
        assertEquals(255, Srgb.encode8(Float.POSITIVE_INFINITY));
    }

    @Test
    void clampClips() {
        assertArrayEquals(new float[] {0f, 0.25f, 1f}, map(new ClampToneMapper(), -1f, 0.25f, 3f));
    }

    @Test
    void acesFitKnownValues() {
        ToneMapper aces = new AcesToneMapper();
        assertEquals(0f, gray(aces, 0f));
        assertEquals(2.54 / 3.16, gray(aces, 1f), 1e-6, "f(1) = (2.51 + 0.03) / (2.43 + 0.59 + 0.14)");
        assertEquals(1f, gray(aces, 1000f), "saturates at 1");
        float prev = -1;
        for (float x = 0; x < 20; x += 0.01f) {
            float y = gray(aces, x);
            assertTrue(y >= prev, "monotonic at " + x);
            prev = y;
        }
    }

    @Test
    void neutralIsIdentityMinusOffsetBelowCompression() {
        ToneMapper n = new NeutralToneMapper();
        // smallest component >= 0.08 gives offset 0.04; largest - 0.04 <= 0.76 stays uncompressed
        float[] out = map(n, 0.3f, 0.5f, 0.8f);
        assertArrayEquals(new float[] {0.26f, 0.46f, 0.76f}, out, 1e-6f);
        for (float x = 0.08f; x <= 0.8f; x += 0.01f) assertEquals(x - 0.04f, gray(n, x), 1e-6f, "gray " + x);
        // toe: x - x^2/(4 F90) offset, so a gray maps to x^2 / 0.16 = 6.25 x^2
        for (float x = 0f; x < 0.08f; x += 0.005f) assertEquals(6.25 * x * x, gray(n, x), 1e-7, "toe " + x);
    }

    @Test
    void neutralCompressesMonotonicallyTowardsOne() {
        ToneMapper n = new NeutralToneMapper();
        float prev = -1;
        for (double x = 0; x < 1e4; x = x < 2 ? x + 0.001 : x * 1.01) {
            float y = gray(n, (float) x);
            assertTrue(y >= prev, "monotonic at " + x);
            assertTrue(y <= 1f, "max 1 at " + x);
            prev = y;
        }
        assertTrue(gray(n, 1e4f) > 0.999f, "approaches 1");
        assertEquals(0.76f, gray(n, 0.8f), 1e-6f, "continuous at the compression start");
        assertEquals(0.7601f, gray(n, 0.8001f), 1e-6f, "slope 1 where compression starts (C1 join)");
        // saturated highlight: compressed below 1 and desaturated towards white
        float[] hot = map(n, 8f, 1f, 0.2f);
        assertTrue(hot[0] <= 1f && hot[0] > 0.9f, Arrays.toString(hot));
        assertTrue(hot[2] / hot[0] > 0.2f / 8f, "desaturated: " + Arrays.toString(hot));
    }

    @Test
    void neutralMatchesSpecFormulaAboveCompression() {
        // Worked by hand from the spec for c = (2, 1, 0.5): f = 0.04, p = 1.96,
        // pn = 1 - 0.0576 / (1.96 + 1 - 1.52) = 0.96, g = 1 / (0.15 * 1.0 + 1).
        double p = 1.96, pn = 1 - 0.24 * 0.24 / (p + 1 - 1.52), g = 1 / (0.15 * (p - pn) + 1);
        float[] out = map(new NeutralToneMapper(), 2f, 1f, 0.5f);
        assertEquals((2 - 0.04) * pn / p * g + pn * (1 - g), out[0], 1e-6);
        assertEquals((1 - 0.04) * pn / p * g + pn * (1 - g), out[1], 1e-6);
        assertEquals((0.5 - 0.04) * pn / p * g + pn * (1 - g), out[2], 1e-6);
    }

    @Test
    void namesResolve() {
        assertEquals("aces", ToneMapper.named("ACES").name());
        assertEquals("neutral", ToneMapper.named(RenderSettings.defaults().toneMap).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToneMapper.named("filmic"));
        assertTrue(e.getMessage().contains("neutral, aces, agx, clamp"), e.getMessage());
    }

    @Test
    void displayTransformAppliesExposureCurveOetfAndRounding() {
        DisplayTransform t = new DisplayTransform(1.0, new ClampToneMapper(), false);
        float[] rgb = {0.25f, Float.NaN, -2f, Float.POSITIVE_INFINITY, 0.09f, 0f};
        LdrImage img = t.apply(2, 1, rgb);
        assertEquals(188, img.get(0, 0, 0), "0.25 * 2^1 = 0.5 linear -> 188");
        assertEquals(0, img.get(0, 0, 1), "NaN -> 0");
        assertEquals(0, img.get(0, 0, 2), "negative -> 0");
        assertEquals(255, img.get(1, 0, 0), "+inf -> white");
        assertEquals(118, img.get(1, 0, 1), "0.09 * 2 = 0.18 -> 118");

        DisplayTransform neutral = DisplayTransform.of(RenderSettings.defaults());
        assertEquals(0.0, neutral.exposureStops());
        assertEquals("neutral", neutral.toneMapper().name());
    }

    @Test
    void ditherIsDeterministicAndUnbiased() {
        int w = 64, h = 64;
        double target = 100.3;                       // 8-bit code value we want on average
        float linear = (float) Srgb.decode(target / 255);
        float[] rgb = new float[w * h * 3];
        Arrays.fill(rgb, linear);
        LdrImage plain = new DisplayTransform(0, new ClampToneMapper(), false).apply(w, h, rgb.clone());
        DisplayTransform dithered = new DisplayTransform(0, new ClampToneMapper(), true);
        LdrImage d1 = dithered.apply(w, h, rgb.clone());
        LdrImage d2 = dithered.apply(w, h, rgb.clone());
        assertArrayEquals(d1.pixels(), d2.pixels(), "same input, same bytes");
        double sum = 0;
        for (int i = 0; i < plain.pixels().length; i++) {
            assertEquals(100, plain.pixels()[i] & 0xff);
            int v = d1.pixels()[i] & 0xff;
            assertTrue(v >= 99 && v <= 101, "dither stays within 1 LSB: " + v);
            sum += v;
        }
        assertEquals(target, sum / d1.pixels().length, 0.03, "dithered mean preserves the fraction");
        LdrImage black = dithered.apply(w, h, new float[w * h * 3]);
        for (byte b : black.pixels()) assertEquals(0, b, "black is not dithered");
    }

    @Test
    void parallelApplyEqualsPixelByPixelEncoding() {
        int w = 53, h = 41;
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] rgb = new float[w * h * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (float) (r.nextDouble() * r.nextDouble() * 6);
        DisplayTransform t = new DisplayTransform(-0.5, new NeutralToneMapper(), true);
        LdrImage img = t.apply(w, h, rgb);
        byte[] expected = new byte[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                t.encodePixel(new float[] {rgb[i], rgb[i + 1], rgb[i + 2]}, x, y, expected, i);
            }
        }
        assertArrayEquals(expected, img.pixels());
    }

    @Test
    void agxIsMonotonicNeutralForGrayAndBounded() {
        ToneMapper agx = ToneMapper.named("agx");
        assertEquals(0f, gray(agx, 0f), "below the EV floor the sigmoid is clamped to black");
        float prev = -1;
        for (double x = 1e-5; x < 1e3; x *= 1.05) {
            float[] c = map(agx, (float) x, (float) x, (float) x);
            assertEquals(c[0], c[1], 2e-3f, "gray stays gray at " + x);
            assertEquals(c[0], c[2], 2e-3f, "gray stays gray at " + x);
            assertTrue(c[0] >= prev && c[0] <= 1f, "monotonic and bounded at " + x);
            prev = c[0];
        }
        assertTrue(gray(agx, 1e3f) > 0.99f, "the curve's top (16 EV) maps to white");
        // middle grey: log2(0.18) normalised is 0.606; the polynomial gives 0.497 display-encoded, 0.215 linear
        double x = (Math.log(0.18 * 1.0001363) / Math.log(2) - AgxToneMapper.MIN_EV)
                / (AgxToneMapper.MAX_EV - AgxToneMapper.MIN_EV);
        double x2 = x * x, x4 = x2 * x2;
        double encoded = 15.5 * x4 * x2 - 40.14 * x4 * x + 31.96 * x4 - 6.868 * x2 * x + 0.4298 * x2
                + 0.1191 * x - 0.00232;
        assertEquals(Math.pow(encoded * 0.99983, 2.2), gray(agx, 0.18f), 1e-4);
    }
}
