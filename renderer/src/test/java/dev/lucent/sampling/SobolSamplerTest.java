package dev.lucent.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class SobolSamplerTest {
    /** Sobol dimension 1 by its definition: direction numbers m_k = 2 m_{k-1} xor m_{k-1}, v_k = m_k << (32 - k). */
    static int sobol1ByDirectionNumbers(int index) {
        int x = 0, m = 1;
        for (int k = 1; k <= 32; k++) {
            if (k > 1) m = (m << 1) ^ m;
            if ((index >>> (k - 1) & 1) != 0) x ^= m << (32 - k);
        }
        return x;
    }

    @Test
    void sobolDimension1MatchesItsDirectionNumbers() {
        // Indices 0..7 without Gray code: exact binary fractions.
        float[] expected = {0f, 0.5f, 0.75f, 0.25f, 0.625f, 0.125f, 0.375f, 0.875f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (SobolSampler.sobol1(i) >>> 8) * 0x1p-24f, "index " + i);
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int k = 0; k < 100_000; k++) {
            int i = k < 1000 ? k : rng.nextInt();
            assertEquals(sobol1ByDirectionNumbers(i), SobolSampler.sobol1(i), "index " + i);
        }
        assertEquals(0xffffffff, SobolSampler.sobol1(0x80000000)); // m_32 = 2^32 - 1: row 31 of Pascal mod 2
    }

    @Test
    void fastScrambledCoordinatesEqualTheDefinition() {
        // get2D's shortcut reverse(LK(.)) must equal OwenScrambler.scramble of the Sobol points.
        SobolSampler s = new SobolSampler();
        float[] p = new float[2];
        for (int i = 0; i < 64; i++) {
            s.startPixelSample(3, 4, i, 5L);
            s.setDimension(6);
            s.get2D(p);
            int h = Hashing.hash(Hashing.hash(3, 4, 5, 0), 6);
            int index = OwenScrambler.scramble(i, Hashing.mix(h ^ SobolSampler.SALT_SHUFFLE));
            assertEquals(Hashing.toUnitFloat(OwenScrambler.scramble(SobolSampler.sobol0(index), Hashing.mix(h ^ SobolSampler.SALT_X))), p[0]);
            assertEquals(Hashing.toUnitFloat(OwenScrambler.scramble(SobolSampler.sobol1(index), Hashing.mix(h ^ SobolSampler.SALT_Y))), p[1]);
        }
    }

    @Test
    void valuesLieInUnitInterval() {
        SobolSampler s = new SobolSampler();
        float[] p = new float[2];
        for (int px = 0; px < 16; px++) {
            for (int i = 0; i < 256; i++) {
                s.startPixelSample(px, 3 * px, i * 977 + (i == 255 ? -1 - 977 * 255 : 0), 42L);
                for (int d = 0; d < 20; d++) {
                    float v = s.get1D();
                    assertTrue(v >= 0 && v < 1, "get1D " + v);
                    s.get2D(p);
                    assertTrue(p[0] >= 0 && p[0] < 1 && p[1] >= 0 && p[1] < 1, "get2D " + p[0] + "," + p[1]);
                }
            }
        }
    }

    @Test
    void sequenceDependsOnlyOnPixelSampleDimensionAndSeed() {
        // Render order must not matter: evaluate (pixel, sample) pairs in two different orders, two instances.
        List<int[]> jobs = new ArrayList<>();
        for (int py = 0; py < 4; py++) for (int px = 0; px < 4; px++) for (int i = 0; i < 8; i++) jobs.add(new int[] {px, py, i});
        float[][] first = run(jobs, new SobolSampler());
        List<int[]> shuffled = new ArrayList<>(jobs);
        Collections.shuffle(shuffled, new Random(7));
        float[][] second = run(shuffled, new SobolSampler());
        for (int j = 0; j < jobs.size(); j++) {
            assertArrayEquals(first[j], second[shuffled.indexOf(jobs.get(j))], "job " + j);
        }
        // Resuming at sample k equals the k-th sample of a full run; setDimension reaches the same values.
        SobolSampler s = new SobolSampler();
        s.startPixelSample(5, 9, 1000, 3L);
        s.get1D();
        float[] p = new float[2];
        s.get2D(p);
        float d3 = s.get1D();
        s.startPixelSample(5, 9, 1000, 3L);
        s.setDimension(3);
        assertEquals(d3, s.get1D());
        // The seed and the pixel change the sequence.
        s.startPixelSample(5, 9, 1000, 4L);
        s.setDimension(3);
        assertNotEquals(d3, s.get1D());
        s.startPixelSample(6, 9, 1000, 3L);
        s.setDimension(3);
        assertNotEquals(d3, s.get1D());
    }

    private static float[][] run(List<int[]> jobs, Sampler s) {
        float[][] out = new float[jobs.size()][];
        float[] p = new float[2];
        for (int j = 0; j < jobs.size(); j++) {
            int[] job = jobs.get(j);
            s.startPixelSample(job[0], job[1], job[2], 0x1234_5678_9abcL);
            float[] v = new float[12];
            for (int d = 0; d < 12; d += 3) {
                v[d] = s.get1D();
                s.get2D(p);
                v[d + 1] = p[0];
                v[d + 2] = p[1];
            }
            out[j] = v;
        }
        return out;
    }

    @Test
    void powerOfTwoPrefixesOfA2DPairAreZeroNets() {
        SobolSampler s = new SobolSampler();
        float[] p = new float[2];
        for (int pixel = 0; pixel < 6; pixel++) {
            for (int dim : new int[] {0, 2, 7, 30}) {
                for (int k = 0; k <= 12; k++) {
                    int n = 1 << k;
                    float[] xs = new float[n], ys = new float[n];
                    for (int i = 0; i < n; i++) {
                        s.startPixelSample(pixel * 13, pixel * 7 + 1, i, 99L + pixel);
                        s.setDimension(dim);
                        s.get2D(p);
                        xs[i] = p[0];
                        ys[i] = p[1];
                    }
                    // Every elementary interval of area 2^-k (2^a columns x 2^(k-a) rows) holds exactly one point.
                    for (int a = 0; a <= k; a++) {
                        boolean[] hit = new boolean[n];
                        for (int i = 0; i < n; i++) {
                            int cx = (int) (xs[i] * (1 << a)), cy = (int) (ys[i] * (1 << (k - a)));
                            int cell = (cy << a) | cx;
                            assertTrue(!hit[cell], "pixel " + pixel + " dim " + dim + " k " + k + " a " + a
                                    + ": two points in cell " + cell);
                            hit[cell] = true;
                        }
                    }
                }
            }
        }
    }

    @Test
    void powerOfTwoPrefixesOf1DAreStratified() {
        SobolSampler s = new SobolSampler();
        for (int pixel = 0; pixel < 6; pixel++) {
            for (int dim : new int[] {0, 1, 5}) {
                int k = 10, n = 1 << k;
                boolean[] hit = new boolean[n];
                for (int i = 0; i < n; i++) {
                    s.startPixelSample(pixel, 2 * pixel, i, 5L);
                    s.setDimension(dim);
                    int cell = (int) (s.get1D() * n);
                    assertTrue(!hit[cell], "pixel " + pixel + " dim " + dim + " cell " + cell);
                    hit[cell] = true;
                }
            }
        }
    }

    /** Variance over pixels of the n-sample estimate of the integral of f over [0,1]^2, using dimension pair 2. */
    private static double estimatorVariance(Sampler s, int n, int pixels, DoubleBinaryOperator f, double exact) {
        float[] p = new float[2];
        double sumSq = 0;
        for (int px = 0; px < pixels; px++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                s.startPixelSample(px, 17, i, 11L);
                s.setDimension(2);
                s.get2D(p);
                sum += f.applyAsDouble(p[0], p[1]);
            }
            double err = sum / n - exact;
            sumSq += err * err;
        }
        return sumSq / pixels;
    }

    @Test
    void estimatesConvergeFasterThanIndependentSamples() {
        DoubleBinaryOperator smooth = (x, y) -> Math.exp(-x - 2 * y);
        double smoothExact = (1 - Math.exp(-1)) * (1 - Math.exp(-2)) / 2;
        DoubleBinaryOperator disk = (x, y) -> x * x + y * y < 1 ? 1 : 0; // quarter disk: discontinuous
        double diskExact = Math.PI / 4;
        int pixels = 400;

        double sobolSmooth = estimatorVariance(new SobolSampler(), 256, pixels, smooth, smoothExact);
        double indepSmooth = estimatorVariance(new IndependentSampler(), 256, pixels, smooth, smoothExact);
        double sobolDisk = estimatorVariance(new SobolSampler(), 256, pixels, disk, diskExact);
        double indepDisk = estimatorVariance(new IndependentSampler(), 256, pixels, disk, diskExact);
        // Owen-scrambled nets: O(n^-3) variance for smooth integrands, O(n^-1.5) with a discontinuity, versus
        // O(n^-1); at n = 256 the ratios are ~1e-4 and ~1/16 in expectation.
        assertTrue(sobolSmooth < 0.01 * indepSmooth, "smooth: sobol " + sobolSmooth + " vs " + indepSmooth);
        assertTrue(sobolDisk < 0.25 * indepDisk, "disk: sobol " + sobolDisk + " vs " + indepDisk);

        // Convergence rate: 16x more samples cut the smooth-integrand variance by far more than 16x.
        double sobolSmall = estimatorVariance(new SobolSampler(), 16, pixels, smooth, smoothExact);
        double indepSmall = estimatorVariance(new IndependentSampler(), 16, pixels, smooth, smoothExact);
        assertTrue(sobolSmooth < sobolSmall / 300, "sobol rate " + sobolSmall + " -> " + sobolSmooth);
        assertTrue(indepSmooth > indepSmall / 40, "independent rate " + indepSmall + " -> " + indepSmooth);
    }

    @Test
    void paddedDimensionsAreIndependentOfEachOther() {
        // E[x_d * x_e] = 1/4 across different dimensions; correlated padding would bias the product.
        SobolSampler s = new SobolSampler();
        float[] a = new float[2], b = new float[2];
        int pixels = 256, n = 64;
        double sum = 0, sumSq = 0;
        for (int px = 0; px < pixels; px++) {
            double est = 0;
            for (int i = 0; i < n; i++) {
                s.startPixelSample(px, 0, i, 1L);
                s.get2D(a);
                s.get2D(b);
                float c = s.get1D();
                est += a[0] * b[0] + a[1] * b[1] + a[0] * c + a[1] * b[0];
            }
            est /= n;
            sum += est;
            sumSq += est * est;
        }
        double mean = sum / pixels, sd = Math.sqrt((sumSq / pixels - mean * mean) / pixels);
        assertEquals(1.0, mean, Math.max(4 * sd, 1e-4), "sum of four products of independent uniforms");
    }
}
