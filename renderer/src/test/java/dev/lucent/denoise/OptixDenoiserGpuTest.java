package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OptiX denoiser on a real GPU (tag "gpu"; skipped with OptixAvailability's reason elsewhere). Inputs are a
 * synthetic scene with known ground truth: coloured rectangles with their own normals over a shaded background,
 * radiance = albedo x smooth lighting, and per-channel multiplicative noise of standard deviation 0.5 standing in
 * for Monte Carlo noise. Figures printed with the prefix "OPTIX-BENCH" go to docs/benchmarks.md.
 */
@Tag("gpu")
class OptixDenoiserGpuTest {
    /** The bridge opens (driver, GPU, OptiX table); the denoiser itself is checked per test. */
    /** The ABI the bridge opened with (the newest the driver hands out, or the one lucent.optix.abi names). */
    private static int abi;

    @BeforeAll
    static void requireBridge() {
        OptixAvailability a = OptixAvailability.check();
        boolean open;
        try {
            OptixNativeLibrary.require();
            abi = OptixAvailability.openNewest();
            open = true;
        } catch (RuntimeException e) {
            open = false;
        }
        assumeTrue(open, a.reason());
        System.out.println("OPTIX-BENCH device " + OptixBridge.deviceName() + ", OptiX ABI " + OptixBridge.abiVersion()
                + ", availability: " + (a.available() ? "available" : a.reason()));
    }

    private static void requireDenoiser() {
        OptixAvailability a = OptixAvailability.check();
        assumeTrue(a.available(), a.reason());
    }

    @Test
    void devicePlumbingRoundTrips() {
        float[] data = new float[1000];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.5f - 7;
        long p = OptixBridge.memAlloc(4L * data.length);
        long e0 = OptixBridge.eventCreate(), e1 = OptixBridge.eventCreate();
        try {
            OptixBridge.eventRecord(e0, 0);
            OptixBridge.upload(p, data, data.length);
            OptixBridge.eventRecord(e1, 0);
            assertTrue(OptixBridge.eventElapsedMs(e0, e1) >= 0);
            float[] back = new float[data.length];
            OptixBridge.download(back, p, back.length);
            assertTrue(Arrays.equals(data, back));
        } finally {
            OptixBridge.eventDestroy(e0);
            OptixBridge.eventDestroy(e1);
            OptixBridge.memFree(p);
        }
    }

    /** Ground truth, noisy colour, albedo and normal for a width x height image; deterministic in seed. */
    record Scene(int w, int h, float[] truth, float[] noisy, float[] albedo, float[] normal) {
        static Scene make(int w, int h, long seed) {
            int n = w * h;
            float[] truth = new float[3 * n], noisy = new float[3 * n], albedo = new float[3 * n], normal = new float[3 * n];
            Random rnd = new Random(seed);
            float[][] colours = {{0.8f, 0.2f, 0.1f}, {0.1f, 0.7f, 0.2f}, {0.2f, 0.3f, 0.9f}, {0.9f, 0.9f, 0.2f}};
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = 3 * (y * w + x);
                    float u = x / (float) w, v = y / (float) h;
                    int region = -1;
                    for (int r = 0; r < 4; r++) {
                        float cx = 0.2f + 0.2f * r, cy = 0.3f + 0.12f * r;
                        if (Math.abs(u - cx) < 0.08f && Math.abs(v - cy) < 0.15f) region = r;
                    }
                    float[] a = region < 0 ? new float[] {0.5f, 0.5f, 0.5f} : colours[region];
                    float[] nrm = region < 0 ? new float[] {0, 1, 0} : new float[] {0, 0, 1};
                    float light = 0.3f + 1.7f * (0.5f + 0.5f * (float) Math.sin(3 * u + 2 * v));
                    for (int c = 0; c < 3; c++) {
                        truth[i + c] = a[c] * light;
                        noisy[i + c] = (float) (truth[i + c] * Math.max(0, 1 + 0.5 * rnd.nextGaussian()));
                        albedo[i + c] = a[c];
                        normal[i + c] = nrm[c];
                    }
                }
            }
            return new Scene(w, h, truth, noisy, albedo, normal);
        }
    }

    static double rmse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return Math.sqrt(s / a.length);
    }

    static double rms(float[] a) {
        return rmse(a, new float[a.length]);
    }

    @Test
    void noisyImageErrorDrops() {
        requireDenoiser();
        Scene s = Scene.make(256, 192, 1);
        try (OptixDenoiser d = OptixDenoiser.open()) {
            float[] out = d.denoise(new DenoiseInput(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(),
                    new float[s.w() * s.h()], new float[3 * s.w() * s.h()], 1));
            double before = rmse(s.noisy(), s.truth()), after = rmse(out, s.truth());
            System.out.printf("OPTIX-BENCH quality 256x192: RMSE noisy %.4f, denoised %.4f%n", before, after);
            assertTrue(Arrays.stream(toDouble(out)).allMatch(Double::isFinite));
            assertTrue(after < 0.4 * before, "denoised RMSE " + after + " vs noisy " + before);
        }
    }

    @Test
    void albedoAndNormalGuidesAreRead() {
        requireDenoiser();
        Scene s = Scene.make(256, 192, 2);
        float[] flatAlbedo = new float[s.albedo().length], flatNormal = new float[s.normal().length];
        Arrays.fill(flatAlbedo, 0.5f);
        for (int i = 2; i < flatNormal.length; i += 3) flatNormal[i] = 1;
        try (OptixDenoiser d = OptixDenoiser.open()) {
            float[] both = d.denoise(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(), null);
            float[] noAlbedo = d.denoise(s.w(), s.h(), s.noisy(), flatAlbedo, s.normal(), null);
            float[] noNormal = d.denoise(s.w(), s.h(), s.noisy(), s.albedo(), flatNormal, null);
            double scale = rms(both);
            double dAlbedo = rmse(both, noAlbedo) / scale, dNormal = rmse(both, noNormal) / scale;
            System.out.printf("OPTIX-BENCH guides: relative change with flat albedo %.4f, flat normal %.4f; "
                    + "RMSE with guides %.4f, flat albedo %.4f, flat normal %.4f%n", dAlbedo, dNormal,
                    rmse(both, s.truth()), rmse(noAlbedo, s.truth()), rmse(noNormal, s.truth()));
            assertTrue(dAlbedo > 1e-3, "the albedo guide changes the result: " + dAlbedo);
            assertTrue(dNormal > 1e-4, "the normal guide changes the result: " + dNormal);
            assertTrue(rmse(both, s.truth()) <= rmse(noAlbedo, s.truth()) * 1.05, "the true albedo does not hurt");
        }
    }

    @Test
    void wrongAbiVersionIsRefusedCleanly() {
        OptixCallException bogus = assertThrows(OptixCallException.class, () -> OptixBridge.open(9999));
        System.out.println("OPTIX-BENCH ABI 9999: " + bogus.getMessage());
        assertTrue(bogus.getMessage().startsWith("optixQueryFunctionTable(ABI 9999"), bogus.getMessage());
        // ABI 68 (OptiX 7.6) is known to driver 580 with a 47-entry table; the bridge has no declarations for it
        OptixCallException other = assertThrows(OptixCallException.class, () -> OptixBridge.open(68));
        System.out.println("OPTIX-BENCH ABI 68: " + other.getMessage());
        assertTrue(other.getMessage().contains("68"), other.getMessage());
        assertEquals(abi, OptixBridge.abiVersion(), "a refused open leaves the bridge on its ABI");
        OptixBridge.open(abi);
        OptixBridge.memFree(OptixBridge.memAlloc(64));
        if (!OptixAvailability.check().available()) return; // the denoiser part is covered by the skip reason
        Scene s = Scene.make(64, 48, 3);
        try (OptixDenoiser d = OptixDenoiser.open()) {
            float[] out = d.denoise(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(), null);
            assertTrue(rmse(out, s.truth()) < rmse(s.noisy(), s.truth()), "still denoises after the refusals");
        }
    }

    /**
     * Every ABI the bridge declares is accepted by this driver and denoises (AOV model), and denoisers of two ABIs
     * coexist; the newest is the one taken by default. Prints how far the ABIs' AOV outputs are apart.
     */
    @Test
    void eachDeclaredAbiDenoises() {
        requireDenoiser();
        assertArrayEquals(OptixBridge.ABIS, OptixBridge.supportedAbis(), "Java and C agree on the ABIs");
        System.out.println("OPTIX-BENCH ABI in use: " + abi);
        Scene s = Scene.make(160, 120, 11);
        float[] first = null;
        try (OptixDenoiser keep = OptixDenoiser.open()) {
            assertEquals(abi, keep.abi());
            first = keep.denoise(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(), null);
            for (int other : OptixBridge.ABIS) {
                OptixBridge.open(other);
                try (OptixDenoiser d = OptixDenoiser.open()) {
                    assertEquals(other, d.abi());
                    float[] out = d.denoise(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(), null);
                    System.out.printf(Locale.ROOT, "OPTIX-BENCH ABI %d AOV: RMSE %.4f (noisy %.4f), relative RMS "
                            + "difference to ABI %d %.2e; temporal model sizes %s%n", other, rmse(out, s.truth()),
                            rmse(s.noisy(), s.truth()), abi, rmse(out, first) / rms(first), temporalSizes(160, 120));
                    assertTrue(rmse(out, s.truth()) < 0.5 * rmse(s.noisy(), s.truth()), "ABI " + other + " denoises");
                }
            }
            OptixBridge.open(abi);
            float[] again = keep.denoise(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(), null);
            assertArrayEquals(first, again, "the first denoiser still runs on its own ABI's structs");
        } finally {
            OptixBridge.open(abi);
        }
    }

    private static String temporalSizes(int w, int h) {
        try (OptixDenoiser t = OptixDenoiser.open(true, true, true)) {
            return t.model() + " " + t.memorySizes(w, h);
        }
    }

    /**
     * The temporal model under ABI 87+: OptiX asks for internal guide layers, a sequence's first frame is a known
     * answer (after {@link OptixDenoiser#resetSequence} and after a resize the same input gives the same output, so
     * the guide layers and previous-layer flag are reset), later frames use the history (they differ from a fresh
     * start), and tiles are refused with the reason.
     */
    @Test
    void temporalModelCarriesInternalGuideLayers() {
        requireDenoiser();
        assumeTrue(abi >= 87, "ABI " + abi + " has no internal guide layers");
        int w = 128, h = 96;
        Scene[] frames = {Scene.make(w, h, 21), Scene.make(w, h, 22), Scene.make(w, h, 23), Scene.make(w, h, 24)};
        float[] zeroFlow = new float[2 * w * h];
        try (OptixDenoiser d = OptixDenoiser.open(true, true, true)) {
            OptixDenoiserSizes sizes = d.memorySizes(w, h);
            System.out.println("OPTIX-BENCH temporal model " + d.model() + " ABI " + d.abi() + ": " + sizes);
            assertTrue(sizes.internalGuideLayerPixelBytes() > 0, "the temporal model has internal guide layers");
            float[][] out = new float[frames.length][];
            StringBuilder line = new StringBuilder("OPTIX-BENCH temporal static sequence RMSE (noisy "
                    + String.format(Locale.ROOT, "%.4f", rmse(frames[0].noisy(), frames[0].truth())) + "):");
            for (int f = 0; f < frames.length; f++) {
                Scene s = frames[f];
                out[f] = d.denoise(w, h, s.noisy(), s.albedo(), s.normal(), zeroFlow);
                line.append(String.format(Locale.ROOT, " %.4f", rmse(out[f], s.truth())));
                assertTrue(rmse(out[f], s.truth()) < 0.6 * rmse(s.noisy(), s.truth()), "frame " + f + " denoised");
            }
            System.out.println(line);
            Scene last = frames[frames.length - 1];
            d.resetSequence();
            float[] fresh = d.denoise(w, h, last.noisy(), last.albedo(), last.normal(), zeroFlow);
            d.resetSequence();
            float[] first = d.denoise(w, h, frames[0].noisy(), frames[0].albedo(), frames[0].normal(), zeroFlow);
            assertTrue(rmse(first, out[0]) <= 1e-6 * rms(out[0]), "a new sequence starts like the first: "
                    + rmse(first, out[0]));
            double historyEffect = rmse(fresh, out[frames.length - 1]) / rms(fresh);
            System.out.printf(Locale.ROOT, "OPTIX-BENCH temporal: frame %d with history against a fresh start: "
                    + "relative RMS difference %.2e, RMSE %.4f against %.4f fresh%n", frames.length - 1, historyEffect,
                    rmse(out[frames.length - 1], last.truth()), rmse(fresh, last.truth()));
            assertTrue(historyEffect > 1e-4, "the history changes the output");
            Scene small = Scene.make(64, 48, 25);
            d.denoise(64, 48, small.noisy(), small.albedo(), small.normal(), new float[2 * 64 * 48]);
            float[] afterResize = d.denoise(w, h, frames[0].noisy(), frames[0].albedo(), frames[0].normal(),
                    zeroFlow);
            assertTrue(rmse(afterResize, out[0]) <= 1e-6 * rms(out[0]), "a resize starts a new sequence");
            d.tileSize(64, 48);
            OptixCallException tiled = assertThrows(OptixCallException.class,
                    () -> d.denoise(w, h, frames[0].noisy(), frames[0].albedo(), frames[0].normal(), zeroFlow));
            assertTrue(tiled.getMessage().contains("untiled only"), tiled.getMessage());
        }
    }

    @Test
    void tiledInvocationMatchesUntiled() {
        requireDenoiser();
        Scene s = Scene.make(320, 200, 4);
        try (OptixDenoiser d = OptixDenoiser.open()) {
            float[] whole = d.denoise(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(), null);
            OptixDenoiserSizes sizes = d.memorySizes(64, 48);
            float[] tiled = d.tileSize(64, 48).denoise(s.w(), s.h(), s.noisy(), s.albedo(), s.normal(), null);
            double rel = rmse(whole, tiled) / rms(whole);
            double maxDiff = 0;
            for (int i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(whole[i] - tiled[i]));
            System.out.printf("OPTIX-BENCH tiled 320x200 in 64x48 tiles (overlap %d px): relative RMS difference %.2e, "
                    + "max abs difference %.3e (image RMS %.3f)%n", sizes.overlapPixels(), rel, maxDiff, rms(whole));
            assertTrue(sizes.overlapPixels() > 0, "OptiX asks for an overlap");
            assertTrue(rel < 0.01, "tiled result within 1% RMS of untiled: " + rel);
        }
    }

    @Test
    void temporalSequenceRuns() {
        requireDenoiser();
        Scene a = Scene.make(128, 96, 5), b = Scene.make(128, 96, 6);
        float[] zeroFlow = new float[2 * 128 * 96];
        try (OptixDenoiser d = OptixDenoiser.open(true, true, true)) {
            float[] f0 = d.denoise(128, 96, a.noisy(), a.albedo(), a.normal(), zeroFlow);
            float[] f1 = d.denoise(128, 96, b.noisy(), b.albedo(), b.normal(), zeroFlow);
            System.out.printf("OPTIX-BENCH temporal (model %s): RMSE frame0 %.4f frame1 %.4f (noisy %.4f)%n",
                    d.model(), rmse(f0, a.truth()), rmse(f1, b.truth()), rmse(b.noisy(), b.truth()));
            assertTrue(rmse(f1, b.truth()) < 0.6 * rmse(b.noisy(), b.truth()));
            assertThrows(IllegalArgumentException.class, () -> d.denoise(128, 96, a.noisy(), a.albedo(), a.normal(), null));
        }
    }

    /**
     * The device path on an interleaved record like the CUDA backend's accumulation (96-byte LcPixelState: colour
     * at byte 4, albedo at 28, normal at 40) into a packed output gives the host path's result.
     */
    @Test
    void devicePathReadsAnInterleavedAccumulation() {
        requireDenoiser();
        Scene s = Scene.make(96, 64, 7);
        int w = s.w(), h = s.h(), n = w * h, stride = 96, words = stride / 4;
        float[] record = new float[n * words];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                record[p * words + 1 + c] = s.noisy()[3 * p + c];
                record[p * words + 7 + c] = s.albedo()[3 * p + c];
                record[p * words + 10 + c] = s.normal()[3 * p + c];
            }
        }
        long state = OptixBridge.memAlloc(4L * record.length), out = OptixBridge.memAlloc(12L * n);
        try (OptixDenoiser d = OptixDenoiser.open()) {
            OptixBridge.upload(state, record, record.length);
            DeviceDenoiseInput in = new DeviceDenoiseInput(w, h, state + 4, state + 28, state + 40, 0,
                    OptixPixelFormat.FLOAT3, stride, stride * w);
            d.denoiseDevice(0, in, 0, out, 12, 12 * w);
            OptixBridge.synchronize();
            float[] device = new float[3 * n];
            OptixBridge.download(device, out, 3 * n);
            float[] host = d.denoise(w, h, s.noisy(), s.albedo(), s.normal(), null);
            System.out.printf("OPTIX-BENCH device path (interleaved 96-byte records): relative RMS difference to the "
                    + "host path %.2e%n", rmse(device, host) / rms(host));
            assertTrue(rmse(device, host) < 1e-3 * rms(host), "same result as the host path");
        } finally {
            OptixBridge.memFree(state);
            OptixBridge.memFree(out);
        }
    }

    @Test
    void temporalDenoiserTakesTheMotionAov() {
        requireDenoiser();
        Scene a = Scene.make(128, 96, 8), b = Scene.make(128, 96, 9);
        int n = 128 * 96;
        try (SequenceDenoiser d = Denoisers.sequence("optix", 1)) {
            DenoiseInput fa = new DenoiseInput(128, 96, a.noisy(), a.albedo(), a.normal(), new float[n],
                    new float[3 * n], 16, new float[3 * n], new float[2 * n], new float[n]);
            DenoiseInput fb = new DenoiseInput(128, 96, b.noisy(), b.albedo(), b.normal(), new float[n],
                    new float[3 * n], 16, new float[3 * n], new float[2 * n], new float[n]);
            float[] f0 = d.denoise(fa);
            assertTrue(d.hasHistory());
            float[] f1 = d.denoise(fb);
            d.clearHistory();
            d.setHistory(fa, f0);
            if (((OptixDenoiser) d).abi() == OptixBridge.ABI_FALLBACK) {
                float[] again = d.denoise(fb);
                assertTrue(rmse(f1, again) < 1e-3 * rms(f1), "history from the host equals the kept history");
            } else {
                // the internal guide layers are not in an image: the history is cleared, fb starts a sequence
                assertFalse(d.hasHistory(), "no history from an image under ABI " + ((OptixDenoiser) d).abi());
                float[] again = d.denoise(fb);
                d.clearHistory();
                float[] start = d.denoise(fb);
                assertTrue(rmse(start, again) <= 1e-6 * rms(start), "denoised as a sequence's first frame");
                assertTrue(rmse(f1, again) > 1e-4 * rms(f1), "the kept history (with its guide layers) differs");
            }
        }
    }

    /**
     * 1920x1080 with albedo and normal on device buffers: GPU time between CUDA events around one denoiseDevice
     * (intensity, average colour, invoke), the CPU time of the call itself (bridge overhead: JNI, argument checks,
     * queuing), and the host path's time with its copies. Two input layouts: packed FLOAT3 images, and the CUDA
     * backend's interleaved 96-byte LcPixelState records (colour at byte 4, albedo 28, normal 40) read in place.
     * Figures only; no timed assertion.
     */
    @Test
    void timing1080p() {
        requireDenoiser();
        int w = 1920, h = 1080, pixels = w * h, n = 3 * pixels, words = 24;
        Scene s = Scene.make(w, h, 7);
        float[] record = new float[pixels * words];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                record[p * words + 1 + c] = s.noisy()[3 * p + c];
                record[p * words + 7 + c] = s.albedo()[3 * p + c];
                record[p * words + 10 + c] = s.normal()[3 * p + c];
            }
        }
        try (OptixDenoiser d = OptixDenoiser.open()) {
            long color = OptixBridge.memAlloc(4L * n), albedo = OptixBridge.memAlloc(4L * n);
            long normal = OptixBridge.memAlloc(4L * n), out = OptixBridge.memAlloc(4L * n);
            long state = OptixBridge.memAlloc(4L * record.length);
            long e0 = OptixBridge.eventCreate(), e1 = OptixBridge.eventCreate();
            try {
                OptixBridge.upload(color, s.noisy(), n);
                OptixBridge.upload(albedo, s.albedo(), n);
                OptixBridge.upload(normal, s.normal(), n);
                OptixBridge.upload(state, record, record.length);
                long color4 = OptixBridge.memAlloc(16L * pixels), albedo4 = OptixBridge.memAlloc(16L * pixels);
                long normal4 = OptixBridge.memAlloc(16L * pixels), out4 = OptixBridge.memAlloc(16L * pixels);
                OptixBridge.upload(color4, rgba(s.noisy()), 4 * pixels);
                OptixBridge.upload(albedo4, rgba(s.albedo()), 4 * pixels);
                OptixBridge.upload(normal4, rgba(s.normal()), 4 * pixels);
                long[] half = new long[8]; // HALF3 colour, albedo, normal, output; HALF4 the same
                for (int k = 0; k < 2; k++) {
                    int c = 3 + k;
                    for (int layer = 0; layer < 3; layer++) {
                        float[] src = layer == 0 ? s.noisy() : layer == 1 ? s.albedo() : s.normal();
                        byte[] b = halves(src, c);
                        half[4 * k + layer] = OptixBridge.memAlloc(b.length);
                        OptixBridge.uploadBytes(half[4 * k + layer], b, b.length);
                    }
                    half[4 * k + 3] = OptixBridge.memAlloc(2L * c * pixels);
                }
                String[] variants = {"packed FLOAT3", "interleaved 96-byte records (CUDA backend layout)",
                    "packed FLOAT4", "packed FLOAT3, invocation alone (statistics reused)",
                    "packed FLOAT3, HDR intensity computed and passed too", "packed HALF3", "packed HALF4",
                    "packed HALF4, invocation alone (statistics reused)"};
                int none = OptixBridge.NO_INTENSITY;
                int[] flags = {none, none, none, none | OptixBridge.REUSE_STATISTICS, 0, none, none,
                    none | OptixBridge.REUSE_STATISTICS};
                float[] device = null;
                try {
                    for (int v = 0; v < variants.length; v++) {
                        d.flags(flags[v]);
                        int runs = 30;
                        double[] gpu = new double[runs], call = new double[runs], wall = new double[runs];
                        for (int r = -5; r < runs; r++) {
                            OptixBridge.synchronize();
                            long t0 = System.nanoTime();
                            OptixBridge.eventRecord(e0, 0);
                            if (v == 1) {
                                d.denoiseDevice(0, new DeviceDenoiseInput(w, h, state + 4, state + 28, state + 40, 0,
                                        OptixPixelFormat.FLOAT3, 96, 96 * w), 0, out, 12, 12 * w);
                            } else if (v == 2) {
                                d.denoiseDevice(0, w, h, color4, albedo4, normal4, 0, 0, out4, OptixPixelFormat.FLOAT4,
                                        16, 16 * w);
                            } else if (v >= 5) {
                                int k = v == 5 ? 0 : 1, c = 3 + k;
                                d.denoiseDevice(0, w, h, half[4 * k], half[4 * k + 1], half[4 * k + 2], 0, 0,
                                        half[4 * k + 3], k == 0 ? OptixPixelFormat.HALF3 : OptixPixelFormat.HALF4,
                                        2 * c, 2 * c * w);
                            } else {
                                d.denoiseDevice(0, w, h, color, albedo, normal, 0, 0, out, OptixPixelFormat.FLOAT3, 12,
                                        12 * w);
                            }
                            OptixBridge.eventRecord(e1, 0);
                            long t1 = System.nanoTime();
                            float ms = OptixBridge.eventElapsedMs(e0, e1);
                            long t2 = System.nanoTime();
                            if (r >= 0) {
                                gpu[r] = ms;
                                call[r] = (t1 - t0) / 1e6;
                                wall[r] = (t2 - t0) / 1e6;
                            }
                        }
                        float[] got = new float[n];
                        if (v == 2) {
                            float[] g4 = new float[4 * pixels];
                            OptixBridge.download(g4, out4, g4.length);
                            for (int p = 0; p < pixels; p++) System.arraycopy(g4, 4 * p, got, 3 * p, 3);
                        } else if (v >= 5) {
                            int k = v == 5 ? 0 : 1, c = 3 + k;
                            byte[] b = new byte[2 * c * pixels];
                            OptixBridge.downloadBytes(b, half[4 * k + 3], b.length);
                            got = floats(b, c);
                        } else {
                            OptixBridge.download(got, out, n);
                        }
                        if (device == null) device = got;
                        System.out.printf("OPTIX-BENCH 1920x1080 albedo+normal, model %s ABI %d, %s, %d runs: GPU "
                                + "time median %.3f ms "
                                + "(min %.3f, max %.3f); bridge call (CPU, queuing) median %.3f ms; call+wait wall "
                                + "median %.3f ms, wall-GPU median %.3f ms; RMSE to truth %.5f (noisy %.5f), relative "
                                + "difference to packed FLOAT3 %.2e%n", d.model(), d.abi(), variants[v], runs,
                                median(gpu),
                                Arrays.stream(gpu).min().getAsDouble(), Arrays.stream(gpu).max().getAsDouble(),
                                median(call), median(wall), median(diff(wall, gpu)), rmse(got, s.truth()),
                                rmse(s.noisy(), s.truth()), rmse(got, device) / rms(device));
                        if (v == 1) assertEquals(0, rmse(device, got), 1e-3 * rms(device), "packed and interleaved agree");
                    }
                } finally {
                    d.flags(none);
                    for (long p : new long[] {color4, albedo4, normal4, out4}) OptixBridge.memFree(p);
                    for (long p : half) OptixBridge.memFree(p);
                }
                double hostMs = Double.MAX_VALUE;
                float[] hostOut = null;
                for (int r = 0; r < 3; r++) {
                    long t0 = System.nanoTime();
                    hostOut = d.denoise(w, h, s.noisy(), s.albedo(), s.normal(), null);
                    hostMs = Math.min(hostMs, (System.nanoTime() - t0) / 1e6);
                }
                System.out.printf("OPTIX-BENCH 1920x1080 model %s ABI %d, host path with copies (upload 3 layers, "
                        + "denoise, download) best of 3: %.1f ms%n", d.model(), d.abi(), hostMs);
                assertEquals(0, rmse(device, hostOut), 1e-3 * rms(device), "device and host paths agree");
                assertTrue(rmse(device, s.truth()) < 0.5 * rmse(s.noisy(), s.truth()));
            } finally {
                OptixBridge.eventDestroy(e0);
                OptixBridge.eventDestroy(e1);
                for (long p : new long[] {color, albedo, normal, out, state}) OptixBridge.memFree(p);
            }
        }
    }

    /** RGB floats as little-endian IEEE half floats, {@code channels} (3 or 4, alpha 1) per pixel. */
    private static byte[] halves(float[] rgb, int channels) {
        int pixels = rgb.length / 3;
        ByteBuffer b = ByteBuffer.allocate(2 * channels * pixels).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < channels; c++) b.putShort(toHalf(c < 3 ? rgb[3 * p + c] : 1f));
        }
        return b.array();
    }

    /** RGB floats from little-endian half floats, {@code channels} per pixel. */
    private static float[] floats(byte[] halves, int channels) {
        ByteBuffer b = ByteBuffer.wrap(halves).order(ByteOrder.LITTLE_ENDIAN);
        int pixels = halves.length / (2 * channels);
        float[] out = new float[3 * pixels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < channels; c++) {
                float v = fromHalf(b.getShort());
                if (c < 3) out[3 * p + c] = v;
            }
        }
        return out;
    }

    /** Float to IEEE half, round to nearest; magnitudes below the normal range flush to zero, above saturate. */
    static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f), sign = (bits >>> 16) & 0x8000;
        float a = Math.abs(f);
        if (a < 6.1035156e-5f) return (short) sign;
        if (a >= 65504f) return (short) (sign | 0x7bff);
        int exp = Math.getExponent(a), mant = Math.round((a / (float) Math.scalb(1.0, exp) - 1f) * 1024f);
        if (mant == 1024) {
            mant = 0;
            exp++;
        }
        return (short) (sign | ((exp + 15) << 10) | mant);
    }

    static float fromHalf(short h) {
        int exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        float v = exp == 0 ? mant * 0x1p-24f : (float) Math.scalb(1 + mant / 1024.0, exp - 15);
        return (h & 0x8000) != 0 ? -v : v;
    }

    private static float[] rgba(float[] rgb) {
        float[] out = new float[rgb.length / 3 * 4];
        for (int p = 0; p < rgb.length / 3; p++) {
            System.arraycopy(rgb, 3 * p, out, 4 * p, 3);
            out[4 * p + 3] = 1;
        }
        return out;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
