package dev.lucent.integrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.NativeBuffer;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Shapes;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

/**
 * Motion vectors with closed-form answers: a unit box 5 units in front of a camera with a 40 degree vertical
 * field of view on a square film, moved 0.5 units to the right between frames. Its front face is 4.5 units
 * along the view axis, so a point on it moves 0.5 / (4.5 tan 20deg) of the half-width: 0.30527 * W / 2 pixels
 * to the right and not at all vertically.
 */
class MotionProjectorTest {
    private static final int SIZE = 32;
    private static final double EXPECTED_X = 0.5 / (4.5 * Math.tan(Math.toRadians(20))) * SIZE / 2;

    private static Scene boxAt(float x) {
        Scene s = IntegratorTestScenes.empty();
        int m = IntegratorTestScenes.add(s, IntegratorTestScenes.material("grey", 0.5f, 0.5f, 0.5f, 0, 1, 0, 1.5f));
        IntegratorTestScenes.add(s, Shapes.box(1, 1, 1), m, x, 0, 0);
        IntegratorTestScenes.camera(s, 40, new Vector3f(0, 0, 5), new Vector3f(0, 0, 0));
        return s;
    }

    private static CompiledScene compile(Scene s) {
        return SceneCompiler.compile(s, CompileOptions.defaults().withSize(SIZE, SIZE));
    }

    @Test
    void movedInstanceGivesTheProjectedDisplacement() {
        float[] out = new float[5];
        try (CompiledScene before = compile(boxAt(0)); CompiledScene now = compile(boxAt(0.5f))) {
            MotionProjector m = MotionProjector.snapshot(before, SIZE, SIZE).towards(now);
            m.motion(now, 0, 0.5f, 0.1f, 0.5f, out);           // a point of the moved box's front face
            assertEquals(EXPECTED_X, out[0], 1e-4);
            assertEquals(0, out[1], 1e-4);
            assertEquals(Math.sqrt(0.1 * 0.1 + 4.5 * 4.5), out[2], 1e-5, "distance of (0, 0.1, 0.5) from the camera");
            m.motion(now, -1, 0f, 0f, -1f, out);               // the background: directions ignore translation
            assertEquals(0, out[0], 0f);
            assertEquals(0, out[1], 0f);
            assertEquals(Float.POSITIVE_INFINITY, out[2]);
            MotionProjector still = MotionProjector.snapshot(now, SIZE, SIZE).towards(now);
            still.motion(now, 0, 0.3f, -0.2f, 0.5f, out);
            assertEquals(0, out[0], 1e-5);
            assertEquals(0, out[1], 1e-5);
        }
    }

    @Test
    void cpuRenderWritesTheMotionAov() {
        try (CompiledScene before = compile(boxAt(0)); CompiledScene now = compile(boxAt(0.5f));
                CpuBackend backend = new CpuBackend()) {
            backend.prepare(now, new RenderOptions(1, 0, 1, 2, new BoxFilter()));
            Film withMotion = new Film(SIZE, SIZE);
            backend.setMotion(MotionProjector.snapshot(before, SIZE, SIZE).towards(now));
            backend.render(withMotion, 0, 2, null);
            int centre = withMotion.pixelIndex(SIZE / 2 + 2, SIZE / 2);
            assertEquals(EXPECTED_X, withMotion.motion(centre, 0), 1e-3);
            assertEquals(0, withMotion.motion(centre, 1), 1e-3);
            assertEquals(0, withMotion.motion(withMotion.pixelIndex(0, 0), 0), 0f, "background");

            Film without = new Film(SIZE, SIZE);
            backend.setMotion(null);
            backend.render(without, 0, 2, null);
            assertEquals(0, without.motion(centre, 0), 0f);
            assertEquals(withMotion.mean(centre, 0), without.mean(centre, 0), 0.0, "motion does not change the image");
        }
    }

    @Test
    void gpuRecordsCarryTheSnapshotCamerasAndTransforms() {
        try (CompiledScene before = compile(boxAt(0)); CompiledScene now = compile(boxAt(0.5f));
                NativeBuffer cams = NativeBuffer.allocate(2L * LcCamera.BYTES);
                NativeBuffer rows = NativeBuffer.allocate(48L * before.instanceCount)) {
            MotionProjector m = MotionProjector.snapshot(before, SIZE, SIZE).towards(now);
            assertEquals(SIZE, m.width());
            assertEquals(SIZE, m.height());
            assertEquals(before.instanceCount, m.previousInstanceCount());
            m.putPreviousCamera(cams, 0);
            m.putCurrentCamera(cams, LcCamera.BYTES);
            long o = (long) before.selectedCamera * LcCamera.BYTES;
            for (int f : new int[] {LcCamera.POSITION, LcCamera.RIGHT, LcCamera.UP, LcCamera.FORWARD}) {
                for (int k = 0; k < 12; k += 4) {
                    assertEquals(before.cameras.getFloat(o + f + k), cams.getFloat(f + k), 0f);
                    assertEquals(now.cameras.getFloat(o + f + k), cams.getFloat(LcCamera.BYTES + f + k), 0f);
                }
            }
            assertEquals(before.cameras.getInt(o + LcCamera.TYPE), cams.getInt(LcCamera.TYPE));
            m.putPreviousObjectToWorld(rows, 0);
            for (int i = 0; i < before.instanceCount; i++) {
                for (int k = 0; k < 12; k++) {
                    assertEquals(before.instances.getFloat((long) i * LcInstance.BYTES + LcInstance.OBJECT_TO_WORLD0 + 4 * k),
                            rows.getFloat(48L * i + 4 * k), 0f);
                }
            }
            // The box moved 0.5 along x: the current frame's translation differs from the uploaded previous one.
            assertEquals(0.5f, now.instances.getFloat(LcInstance.OBJECT_TO_WORLD0 + 12) - rows.getFloat(12), 1e-6f);
        }
    }
}
