package dev.lucent.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Distribution2DTest {
    /** 6 x 4 grid with a zero row (row 2) and scattered zero cells. */
    static float[] weights() {
        float[] w = new float[6 * 4];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < w.length; i++) w[i] = rng.nextDouble() < 0.2 ? 0f : (float) rng.nextDouble(0.1, 4);
        for (int u = 0; u < 6; u++) w[2 * 6 + u] = 0f;
        return w;
    }

    @Test
    void pdfIntegratesToOneAndIsProportionalToWeights() {
        float[] w = weights();
        Distribution2D d = new Distribution2D(w, 6, 4);
        double integral = 0, sum = 0;
        for (float x : w) sum += x;
        for (int v = 0; v < 4; v++) {
            for (int u = 0; u < 6; u++) {
                integral += d.pdfCell(u, v) / 24.0;
                assertEquals(w[v * 6 + u] / (sum / 24), d.pdfCell(u, v), 1e-5, "cell " + u + "," + v);
            }
        }
        assertEquals(1.0, integral, 1e-5);
        for (int u = 0; u < 6; u++) assertEquals(0f, d.pdfCell(u, 2));
    }

    @Test
    void samplesFollowPdf() {
        Distribution2D d = new Distribution2D(weights(), 6, 4);
        int n = 200_000, sub = 2, bu = 6 * sub, bv = 4 * sub;
        long[] observed = new long[bu * bv];
        double[] expected = new double[bu * bv];
        for (int v = 0; v < bv; v++) {
            for (int u = 0; u < bu; u++) expected[v * bu + u] = n * d.pdfCell(u / sub, v / sub) / (bu * bv);
        }
        SplittableRandom rng = new SplittableRandom(6);
        Distribution2D.Sample s = new Distribution2D.Sample();
        for (int i = 0; i < n; i++) {
            d.sample((float) rng.nextDouble(), (float) rng.nextDouble(), s);
            assertTrue(s.u >= 0 && s.u < 1 && s.v >= 0 && s.v < 1);
            assertEquals(d.pdf(s.u, s.v), s.pdf, 0f);
            assertTrue(s.pdf > 0);
            assertEquals(s.iu, Math.min((int) (s.u * 6), 5));
            assertEquals(s.iv, Math.min((int) (s.v * 4), 3));
            observed[Math.min((int) (s.v * bv), bv - 1) * bu + Math.min((int) (s.u * bu), bu - 1)]++;
        }
        ChiSquare.assertFits(observed, expected, "2D samples");
    }

    @Test
    void allZeroIsUniform() {
        Distribution2D d = new Distribution2D(new float[12], 4, 3);
        Distribution2D.Sample s = new Distribution2D.Sample();
        d.sample(0.3f, 0.9f, s);
        assertEquals(1f, s.pdf, 1e-6);
        assertEquals(0.3f, s.u, 1e-6);
        assertEquals(0.9f, s.v, 1e-6);
        assertEquals(1f, d.pdf(0.1f, 0.1f), 1e-6);
    }
}
