package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelFilterTest {
    private static final int SAMPLES = 200_000;
    private static final int BINS = 40;
    /** Chi-square critical value for 39 degrees of freedom at p = 0.001. */
    private static final double CHI2_CRITICAL = 72.05;

    private static List<PixelFilter> all() {
        return List.of(new BoxFilter(), new TentFilter(), new GaussianFilter(), new BlackmanHarrisFilter());
    }

    /** Integral of the profile over [a, b] by composite Simpson with 200 intervals. */
    private static double integrate(PixelFilter f, double a, double b) {
        int n = 200;
        double h = (b - a) / n, s = f.profile(a) + f.profile(b);
        for (int i = 1; i < n; i++) s += f.profile(a + i * h) * (i % 2 == 1 ? 4 : 2);
        return s * h / 3;
    }

    private static double chiSquare(PixelFilter f, int axis, long seed) {
        double r = f.radius();
        long[] observed = new long[BINS];
        SplittableRandom rng = new SplittableRandom(seed);
        float[] d = new float[2];
        for (int i = 0; i < SAMPLES; i++) {
            f.sample(rng.nextFloat(), rng.nextFloat(), d);
            assertTrue(Math.abs(d[0]) <= r && Math.abs(d[1]) <= r, f.name() + " sample outside support");
            int bin = (int) Math.floor((d[axis] + r) / (2 * r) * BINS);
            observed[Math.min(bin, BINS - 1)]++;
        }
        double total = integrate(f, -r, r);
        double chi2 = 0;
        for (int b = 0; b < BINS; b++) {
            double lo = -r + 2 * r * b / BINS, hi = -r + 2 * r * (b + 1) / BINS;
            double expected = SAMPLES * integrate(f, lo, hi) / total;
            chi2 += (observed[b] - expected) * (observed[b] - expected) / expected;
        }
        return chi2;
    }

    @Test
    void sampleDistributionMatchesFilterChiSquare() {
        for (PixelFilter f : all()) {
            for (int axis = 0; axis < 2; axis++) {
                double chi2 = chiSquare(f, axis, 1234 + axis);
                assertTrue(chi2 < CHI2_CRITICAL, f.name() + " axis " + axis + " chi2 = " + chi2);
            }
        }
    }

    /** The test has power: samples from the wrong filter are rejected. */
    @Test
    void chiSquareRejectsAMismatchedSampler() {
        PixelFilter gaussianSampledAsTent = new PixelFilter() {
            final GaussianFilter g = new GaussianFilter(1.0, 0.5);
            final TentFilter t = new TentFilter(1.0);
            public String name() { return "mismatch"; }
            public double radius() { return 1.0; }
            public double profile(double x) { return g.profile(x); }
            public void sample(float u0, float u1, float[] dxy) { t.sample(u0, u1, dxy); }
        };
        assertTrue(chiSquare(gaussianSampledAsTent, 0, 99) > CHI2_CRITICAL);
    }

    @Test
    void secondMomentsMatchClosedForms() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] d = new float[2];
        double[][] cases = {{0.5, 0.25 / 3}, {1.0, 1.0 / 6}}; // box: r^2/3, tent: r^2/6
        PixelFilter[] filters = {new BoxFilter(), new TentFilter()};
        for (int k = 0; k < 2; k++) {
            double sum = 0, sumSq = 0;
            for (int i = 0; i < SAMPLES; i++) {
                filters[k].sample(rng.nextFloat(), rng.nextFloat(), d);
                sum += d[0];
                sumSq += d[0] * d[0];
            }
            assertEquals(0.0, sum / SAMPLES, 0.005, filters[k].name() + " mean");
            assertEquals(cases[k][1], sumSq / SAMPLES, 0.01 * cases[k][1] + 0.001, filters[k].name() + " E[x^2]");
        }
    }

    @Test
    void gaussianVarianceIsThatOfTheTruncatedProfile() {
        PixelFilter g = new GaussianFilter();
        double total = integrate(g, -1.5, 1.5);
        double m2 = 0;
        int n = 3000;
        for (int i = 0; i < n; i++) {
            double x = -1.5 + 3.0 * (i + 0.5) / n;
            m2 += x * x * g.profile(x) * 3.0 / n;
        }
        double expected = m2 / total;
        SplittableRandom rng = new SplittableRandom(11);
        float[] d = new float[2];
        double sumSq = 0;
        for (int i = 0; i < SAMPLES; i++) {
            g.sample(rng.nextFloat(), rng.nextFloat(), d);
            sumSq += d[1] * d[1];
        }
        assertEquals(expected, sumSq / SAMPLES, 0.01 * expected);
        assertTrue(expected < 0.25, "truncation and the edge subtraction make it narrower than sigma^2");
    }

    @Test
    void samplingIsMonotonicInU() {
        for (PixelFilter f : all()) {
            float[] d = new float[2];
            float prev = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < 10_000; i++) {
                float u = i / 10_000f;
                f.sample(u, 0.5f, d);
                assertTrue(d[0] >= prev, f.name() + " at u = " + u);
                prev = d[0];
            }
            f.sample(0.5f, 0.5f, d);
            assertEquals(0f, d[0], 1e-3f, f.name() + " median at the centre");
        }
    }

    @Test
    void profilesHaveDocumentedShape() {
        assertEquals(1.0, new BlackmanHarrisFilter().profile(0), 1e-12);
        assertEquals(6e-5, new BlackmanHarrisFilter().profile(2.0), 1e-5);
        assertEquals(0.0, new GaussianFilter().profile(1.5));
        assertEquals(1.0 - Math.exp(-4.5), new GaussianFilter().profile(0), 1e-12);
        assertEquals(0.5, new TentFilter().profile(0.5), 1e-12);
        assertEquals("gaussian", PixelFilter.defaultFilter().name());
        assertEquals(1.5, PixelFilter.defaultFilter().radius());
        assertEquals("blackman-harris", PixelFilter.named("Blackman-Harris").name());
        assertThrows(IllegalArgumentException.class, () -> PixelFilter.named("mitchell"));
    }
}
