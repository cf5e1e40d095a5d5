package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.TestPaths;
import dev.lucent.image.Film;
import dev.lucent.integrator.MotionProjector;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import org.joml.Matrix4f;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CUDA backend's temporal AOVs against the CPU integrator's: first-hit emission (scaled by the clamp),
 * motion from the previous frame and the previous camera distance, on scenes/animated.json from frame 0 to
 * frame 1 (the camera orbits) with the Spot instance also moved 0.3 units along x between the frames, so both
 * camera and instance motion enter. The frames go through the backends as a batch does: prepare at frame 0,
 * {@link CompiledScene#updateInstances} to frame 1, prepare again (the CUDA backend re-uploads instances), then
 * {@link dev.lucent.backend.RenderBackend#setMotion} with the snapshot of frame 0, then render.
 *
 * <p>Both backends trace the same camera rays (bit-identical film offsets) and the AOVs come from the first hit
 * alone, so per pixel they agree to float rounding except where a sample lands within rounding of a silhouette
 * and the two traversals hit different surfaces. Tolerances, per pixel: motion within 0.01 pixels (each
 * component), previous depth within 1e-4 relative (or both +infinity), emission within 1e-4 relative (absolute
 * below 1); at least 99% of the pixels must meet each. With a clamp the emission is scaled by the path's clamp
 * factor; this scene shows emission only on the sky, where the radiance is the environment alone, so the factor
 * is the same on both backends and the same per-pixel tolerance holds (a clamp of 0.2 lowers the sky's
 * emission by about a quarter, measured on the CPU). Run on both schedules.
 * Tagged "gpu"; skipped with the reason where CUDA cannot run.
 */
@Tag("gpu")
class CudaAovGpuTest {
    static final int W = 96, H = 54, SPP = 8;
    static final float FPS = 24, MOVE_X = 0.3f;

    @BeforeAll
    static void check() {
        CudaTestDevice.assumeAvailable();
    }

    /** Frame 1 of the batch (camera and Spot moved) rendered by {@code backend}, with motion from frame 0. */
    private static Film renderFrameOne(dev.lucent.backend.RenderBackend backend, float clamp) {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes/animated.json"));
        RenderOptions options = new RenderOptions(4, clamp, 5, 0, null);
        CompileOptions co = CompileOptions.fromSettings(scene.settings).withSize(W, H).withTime(0);
        try (CompiledScene cs = SceneCompiler.compile(scene, co)) {
            backend.prepare(cs, options);
            backend.render(new Film(W, H), 0, 1, null); // frame 0: the backend's scene is now on the device
            MotionProjector.Snapshot frame0 = MotionProjector.snapshot(cs, W, H);
            float[] before = translationsX(cs);
            moveSpot(scene);
            cs.updateInstances(scene, 1 / FPS);
            float[] after = translationsX(cs);
            int moved = 0;
            for (int i = 0; i < before.length; i++) if (Math.abs(after[i] - before[i] - MOVE_X) < 1e-4f) moved++;
            assertTrue(moved >= 1, "the Spot instance moved between the frames");
            backend.prepare(cs, options);
            assertTrue(backend.setMotion(frame0.towards(cs)), backend.name() + " computes motion");
            Film film = new Film(W, H);
            backend.render(film, 0, SPP, null);
            return film;
        }
    }

    /** The x translation of every instance's objectToWorld, world units. */
    private static float[] translationsX(CompiledScene cs) {
        float[] x = new float[cs.instanceCount];
        for (int i = 0; i < x.length; i++) {
            x[i] = cs.instances.getFloat((long) i * LcInstance.BYTES + LcInstance.OBJECT_TO_WORLD0 + 12);
        }
        return x;
    }

    private static void moveSpot(Scene scene) {
        for (Node n : scene.nodes) {
            if (!"spot".equals(n.name)) continue;
            if (n.matrix != null) n.matrix = new Matrix4f().translation(MOVE_X, 0, 0).mul(n.matrix);
            else n.translation.x += MOVE_X;
            return;
        }
        throw new AssertionError("no node named spot");
    }

    private static Film cuda(String schedule, float clamp) {
        String old = System.getProperty(CudaSchedule.PROPERTY);
        System.setProperty(CudaSchedule.PROPERTY, schedule);
        try (CudaBackend b = new CudaBackend("0")) {
            return renderFrameOne(b, clamp);
        } finally {
            if (old == null) System.clearProperty(CudaSchedule.PROPERTY);
            else System.setProperty(CudaSchedule.PROPERTY, old);
        }
    }

    private static Film cpu(float clamp) {
        try (CpuBackend b = new CpuBackend()) {
            return renderFrameOne(b, clamp);
        }
    }

    @ParameterizedTest
    @CsvSource({"megakernel", "wavefront"})
    void motionPreviousDepthAndEmissionMatchTheCpu(String schedule) {
        Film cpu = cpu(0), gpu = cuda(schedule, 0);
        int n = W * H, motionOk = 0, depthOk = 0, emissionOk = 0, misses = 0;
        float[] pdCpu = cpu.previousDepths(), pdGpu = gpu.previousDepths();
        double maxMotion = 0;
        for (int p = 0; p < n; p++) {
            assertEquals(SPP, gpu.sampleCount(p));
            float dx = Math.abs(cpu.motion(p, 0) - gpu.motion(p, 0)), dy = Math.abs(cpu.motion(p, 1) - gpu.motion(p, 1));
            if (dx <= 0.01f && dy <= 0.01f) motionOk++;
            maxMotion = Math.max(maxMotion, Math.hypot(cpu.motion(p, 0), cpu.motion(p, 1)));
            float a = pdCpu[p], b = pdGpu[p];
            if (a == b || (Float.isFinite(a) && Float.isFinite(b) && Math.abs(a - b) <= 1e-4f * a)) depthOk++;
            if (cpu.depthHits(p) == 0) misses++;
            boolean e = true;
            for (int c = 0; c < 3; c++) {
                float x = cpu.emission(p, c), y = gpu.emission(p, c);
                e &= Math.abs(x - y) <= 1e-4f * Math.max(1f, Math.abs(x));
            }
            if (e) emissionOk++;
        }
        System.out.printf("AOVs %s vs CPU, %dx%d, %d spp: motion %d, previous depth %d, emission %d of %d pixels "
                + "agree; largest CPU motion %.2f px; %d sky pixels%n", schedule, W, H, SPP, motionOk, depthOk,
                emissionOk, n, maxMotion, misses);
        assertTrue(maxMotion > 1, "the orbiting camera moves the image by more than a pixel");
        assertTrue(misses > 0 && misses < n, "frame 1 shows sky and surfaces");
        assertTrue(motionOk >= 0.99 * n, motionOk + " of " + n + " motion vectors agree");
        assertTrue(depthOk >= 0.99 * n, depthOk + " of " + n + " previous depths agree");
        assertTrue(emissionOk >= 0.99 * n, emissionOk + " of " + n + " emission values agree");
        double skyEmission = 0;
        for (int p = 0; p < n; p++) if (cpu.depthHits(p) == 0) skyEmission += gpu.emission(p, 0);
        assertTrue(skyEmission > 0, "the sky is seen as emission");
    }

    @ParameterizedTest
    @CsvSource({"megakernel", "wavefront"})
    void clampScalesTheEmissionLikeTheCpu(String schedule) {
        float clamp = 0.2f;
        Film cpu = cpu(clamp), gpu = cuda(schedule, clamp), gpuOpen = cuda(schedule, 0);
        double sumCpu = 0, sumGpu = 0, sumOpen = 0;
        int n = W * H, agree = 0;
        for (int p = 0; p < n; p++) {
            boolean e = true;
            for (int c = 0; c < 3; c++) {
                float x = cpu.emission(p, c), y = gpu.emission(p, c);
                sumCpu += x;
                sumGpu += y;
                sumOpen += gpuOpen.emission(p, c);
                e &= Math.abs(x - y) <= 1e-4f * Math.max(1f, Math.abs(x));
                assertTrue(y <= gpuOpen.emission(p, c) * 1.0001f + 1e-6f, "the clamp raised pixel " + p);
            }
            if (e) agree++;
        }
        System.out.printf("clamped emission %s: CPU %.4f, CUDA %.4f, CUDA unclamped %.4f; %d of %d pixels agree%n",
                schedule, sumCpu, sumGpu, sumOpen, agree, n);
        assertTrue(sumGpu < 0.9 * sumOpen, "a clamp of " + clamp + " lowers the sky's emission");
        assertTrue(agree >= 0.99 * n, agree + " of " + n + " clamped emission values agree");
    }

    @Test
    void withoutMotionTheAovsAreZeroAndUnknown() {
        try (CudaBackend b = new CudaBackend("0")) {
            Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes/animated.json"));
            try (CompiledScene cs = SceneCompiler.compile(scene,
                    CompileOptions.fromSettings(scene.settings).withSize(W, H))) {
                RenderOptions options = new RenderOptions(2, 0, 5, 0, null);
                b.prepare(cs, options);
                // The same frame as its own previous frame: motion 0, previous depth = depth.
                b.setMotion(MotionProjector.snapshot(cs, W, H).towards(cs));
                Film still = new Film(W, H);
                b.render(still, 0, 2, null);
                float[] pd = still.previousDepths(), depth = still.depths();
                int hits = 0;
                for (int p = 0; p < W * H; p++) {
                    assertEquals(0, still.motion(p, 0), 1e-4, "still motion x, pixel " + p);
                    assertEquals(0, still.motion(p, 1), 1e-4, "still motion y, pixel " + p);
                    if (still.depthHits(p) > 0) {
                        hits++;
                        assertEquals(depth[p], pd[p], 1e-4 * depth[p], "previous depth of a still pixel " + p);
                    } else {
                        assertEquals(Float.POSITIVE_INFINITY, pd[p]);
                    }
                }
                assertTrue(hits > 0);
                // No projector: motion 0 and every previous depth unknown, as PathIntegrator without one.
                b.setMotion(null);
                Film none = new Film(W, H);
                b.render(none, 0, 2, null);
                for (int p = 0; p < W * H; p++) {
                    assertEquals(0f, none.motion(p, 0));
                    assertEquals(0f, none.motion(p, 1));
                    assertEquals(Float.POSITIVE_INFINITY, none.previousDepths()[p]);
                    assertEquals(still.mean(p, 0), none.mean(p, 0), 0.0, "motion does not change the image");
                }
                assertNotEquals(0f, sumEmission(none), "emission is there without motion too");
            }
        }
    }

    private static float sumEmission(Film f) {
        float s = 0;
        for (int p = 0; p < f.pixelCount(); p++) s += f.emission(p, 0) + f.emission(p, 1) + f.emission(p, 2);
        return s;
    }
}
