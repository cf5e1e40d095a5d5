package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.material.BsdfEval;
import dev.lucent.material.BsdfParams;
import dev.lucent.material.BsdfSample;
import dev.lucent.material.GltfBsdf;
import dev.lucent.sampling.SobolSampler;
import java.util.SplittableRandom;
import org.joml.Vector3f;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared GPU headers (shaders/common/lc_sampling.h, lc_bsdf.h) against the Java reference, on a GPU: the
 * sampler bit for bit, the BSDF within 1e-5 relative. Tagged "gpu"; skipped with the reason where CUDA cannot run.
 */
@Tag("gpu")
class SharedShadingGpuTest {
    @RegisterExtension
    static final CudaContextExtension cuda = new CudaContextExtension();
    static ShadingProbe probe;

    @BeforeAll
    static void open() {
        probe = new ShadingProbe(cuda.context());
    }

    @Test
    void gpuSobolValuesEqualJavaBitForBit() {
        int n = 4096;
        SplittableRandom rng = new SplittableRandom(7);
        int[] px = new int[n], py = new int[n], idx = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = rng.nextInt(4096);
            py[i] = rng.nextInt(4096);
            idx[i] = i < 1024 ? i : rng.nextInt(); // the first power-of-two prefix and arbitrary 32-bit indices
        }
        long seed = 0x1234_5678_9abc_def0L;
        float[] gpu = probe.samplerValues(px, py, idx, seed);
        SobolSampler s = new SobolSampler();
        float[] two = new float[2];
        for (int i = 0; i < n; i++) {
            s.startPixelSample(px[i], py[i], idx[i], seed);
            float[] java = new float[8];
            java[0] = s.get1D();
            s.get2D(two);
            java[1] = two[0];
            java[2] = two[1];
            java[3] = s.get1D();
            s.get2D(two);
            java[4] = two[0];
            java[5] = two[1];
            s.get2D(two);
            java[6] = two[0];
            java[7] = two[1];
            for (int d = 0; d < 8; d++) {
                assertEquals(Float.floatToRawIntBits(java[d]), Float.floatToRawIntBits(gpu[8 * i + d]),
                        "pixel (" + px[i] + "," + py[i] + ") index " + idx[i] + " value " + d);
            }
        }
    }

    /** |a - b| relative to max(|a|, |b|, scale), 0 when all are 0. */
    private static float relative(float a, float b, float scale) {
        float d = Math.max(Math.max(Math.abs(a), Math.abs(b)), Math.abs(scale));
        if (Float.isNaN(a) != Float.isNaN(b)) return Float.POSITIVE_INFINITY;
        return d > 0 ? Math.abs(a - b) / d : 0;
    }

    /** Relative difference with a floor so values near zero compare absolutely at 1e-6 of the scale. */
    private static boolean close(float a, float b, float rel, float scale) {
        if (Float.isNaN(a) || Float.isNaN(b)) return Float.isNaN(a) && Float.isNaN(b);
        return Math.abs(a - b) <= rel * Math.max(Math.max(Math.abs(a), Math.abs(b)), scale);
    }

    @Test
    void gpuBsdfAgreesWithJavaOnRandomInputs() {
        int n = 20000;
        SplittableRandom rng = new SplittableRandom(11);
        float[] q = new float[16 * n];
        for (int i = 0; i < n; i++) {
            int o = 16 * i;
            q[o] = (float) rng.nextDouble();
            q[o + 1] = (float) rng.nextDouble();
            q[o + 2] = (float) rng.nextDouble();
            // A third of the cases hit the ends of the ranges (pure metal/dielectric, mirror, full transmission).
            q[o + 3] = rng.nextInt(3) == 0 ? rng.nextInt(2) : (float) rng.nextDouble();
            q[o + 4] = rng.nextInt(5) == 0 ? 0 : 0.05f + 0.95f * (float) rng.nextDouble();
            q[o + 5] = rng.nextInt(3) == 0 ? rng.nextInt(2) : (float) rng.nextDouble();
            q[o + 6] = 1.05f + 1.5f * (float) rng.nextDouble();
            Vector3f wo = randomDirection(rng), wi = randomDirection(rng);
            q[o + 7] = wo.x;
            q[o + 8] = wo.y;
            q[o + 9] = wo.z;
            q[o + 10] = wi.x;
            q[o + 11] = wi.y;
            q[o + 12] = wi.z;
            q[o + 13] = (float) rng.nextDouble();
            q[o + 14] = (float) rng.nextDouble();
            q[o + 15] = (float) rng.nextDouble();
        }
        float[] gpu = probe.bsdf(q);
        GltfBsdf bsdf = new GltfBsdf();
        BsdfParams p = new BsdfParams();
        BsdfEval e = new BsdfEval();
        BsdfSample s = new BsdfSample();
        float[] evalErrors = new float[4 * n];
        int evalErrorCount = 0;
        int evalChecked = 0, sampleChecked = 0, sampleOutcomeDiffers = 0, worst = -1;
        float worstRel = 0;
        for (int i = 0; i < n; i++) {
            int o = 16 * i;
            p.set(q[o], q[o + 1], q[o + 2], q[o + 3], q[o + 4], q[o + 5], q[o + 6]);
            Vector3f wo = new Vector3f(q[o + 7], q[o + 8], q[o + 9]), wi = new Vector3f(q[o + 10], q[o + 11], q[o + 12]);
            bsdf.evalBsdf(p, wo, wi, e);
            float fScale = Math.max(e.f.x, Math.max(e.f.y, e.f.z));
            String what = "case " + i + " " + p + " wo=" + wo + " wi=" + wi;
            // Relative error of each channel against the largest channel, and of the pdf; FMA contraction in
            // nvcc (Java has none) and CUDA's sin/cos/pow (within 2 ulp) make a few ulp of difference that
            // GGX's divisions can grow, so the distribution is tested, and a gross error fails at once.
            float[] javaVals = {e.f.x, e.f.y, e.f.z};
            for (int c = 0; c < 3; c++) {
                float rel = relative(javaVals[c], gpu[o + c], fScale);
                evalErrors[evalErrorCount++] = rel;
                // Gross errors only: values below 1e-7 (1/sr) are where catastrophic cancellation in the BTDF
                // denominator near grazing refraction is allowed to differ.
                assertTrue(rel < 1e-3f || Math.abs(javaVals[c] - gpu[o + c]) < 1e-7f, what + " f[" + c + "] java " + javaVals[c] + " gpu " + gpu[o + c]);
            }
            float relPdf = relative(e.pdf, gpu[o + 3], e.pdf);
            evalErrors[evalErrorCount++] = relPdf;
            assertTrue(relPdf < 1e-3f || Math.abs(e.pdf - gpu[o + 3]) < 1e-7f, what + " pdf java " + e.pdf + " gpu " + gpu[o + 3]);
            assertEquals(gpu[o + 3], gpu[o + 4], what + " pdfBsdf differs from evalBsdf's pdf on the GPU");
            if (e.pdf > 0) evalChecked++;
            boolean ok = bsdf.sampleBsdf(p, wo, q[o + 13], q[o + 14], q[o + 15], s);
            if (ok != (gpu[o + 5] == 1)) {
                // A rounding difference can move a sampled direction across the horizon; count, do not fail.
                sampleOutcomeDiffers++;
                continue;
            }
            if (!ok) continue;
            sampleChecked++;
            assertEquals(s.flags, (int) gpu[o + 13], what + " flags");
            if (Math.abs(s.wi.x - gpu[o + 6]) > 1e-3f || Math.abs(s.wi.y - gpu[o + 7]) > 1e-3f
                    || Math.abs(s.wi.z - gpu[o + 8]) > 1e-3f) {
                // Near grazing, a few ulps in the visible-normal sample move the reflected direction further.
                sampleOutcomeDiffers++;
                continue;
            }
            float wScale = Math.max(s.weight.x, Math.max(s.weight.y, s.weight.z));
            float rel = Math.abs(s.weight.x - gpu[o + 9]) / Math.max(wScale, 1e-6f);
            if (rel > worstRel) {
                worstRel = rel;
                worst = i;
            }
            assertTrue(close(s.pdf, gpu[o + 12], 1e-4f, 1e-5f), what + " sample pdf java " + s.pdf + " gpu " + gpu[o + 12]);
            assertTrue(close(s.eta, gpu[o + 14], 1e-6f, 1), what + " eta");
        }
        System.out.printf("BSDF agreement: %d eval cases with pdf > 0, %d samples compared, %d sample outcomes "
                + "differ, worst sample-weight relative difference %.3g (case %d)%n", evalChecked, sampleChecked,
                sampleOutcomeDiffers, worstRel, worst);
        java.util.Arrays.sort(evalErrors, 0, evalErrorCount);
        float p999 = evalErrors[(int) (0.999 * (evalErrorCount - 1))], p99 = evalErrors[(int) (0.99 * (evalErrorCount - 1))];
        System.out.printf("BSDF eval relative error: median %.3g, 99%% %.3g, 99.9%% %.3g, max %.3g over %d values%n",
                evalErrors[evalErrorCount / 2], p99, p999, evalErrors[evalErrorCount - 1], evalErrorCount);
        assertTrue(p99 <= 1e-5f, "99th percentile of the relative eval error is " + p99);
        assertTrue(evalChecked > n / 4, "too few non-zero evaluations: " + evalChecked);
        assertTrue(sampleChecked > n / 2, "too few samples compared: " + sampleChecked);
        assertTrue(sampleOutcomeDiffers < n / 1000, sampleOutcomeDiffers + " sample outcomes differ");
        assertTrue(worstRel < 1e-3f, "sample weight differs by " + worstRel + " in case " + worst);
    }

    private static Vector3f randomDirection(SplittableRandom rng) {
        double z = 2 * rng.nextDouble() - 1, phi = 2 * Math.PI * rng.nextDouble(), r = Math.sqrt(1 - z * z);
        return new Vector3f((float) (r * Math.cos(phi)), (float) (r * Math.sin(phi)), (float) z);
    }
}
