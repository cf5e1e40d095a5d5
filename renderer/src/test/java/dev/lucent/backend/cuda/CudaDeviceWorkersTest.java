package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Runs everywhere: a device that cannot open (no CUDA here, or no device of that index there) fails every task
 * handed to it with the opening's own exception, {@link CudaDeviceWorkers#awaitOpen} throws it, a renderer on
 * such workers fails to construct with it, and closing afterwards is safe.
 */
class CudaDeviceWorkersTest {
    /** A device index no machine has. */
    private static final int NO_DEVICE = 4096;

    @Test
    void aDeviceThatCannotOpenFailsItsTasksWithTheOpeningsException() {
        try (CudaDeviceWorkers w = new CudaDeviceWorkers(new int[] {NO_DEVICE, NO_DEVICE + 1}, "wavefront")) {
            assertEquals(2, w.count());
            assertEquals(NO_DEVICE + 1, w.device(1));
            RuntimeException opening = assertThrows(RuntimeException.class, w::awaitOpen);
            assertTrue(opening instanceof IllegalStateException || opening instanceof IllegalArgumentException,
                    opening.toString());
            boolean[] ran = {false};
            Future<Integer> task = w.submit(0, ctx -> {
                ran[0] = true;
                return 1;
            });
            RuntimeException failed = assertThrows(RuntimeException.class, () -> CudaDeviceWorkers.join(task));
            assertSame(opening, failed, "the task fails with the opening's exception");
            assertTrue(!ran[0], "no task runs without a context");
        }
    }

    @Test
    void aRendererOnWorkersThatCannotOpenFailsWithTheOpeningsException() {
        dev.lucent.scene.Scene s = new dev.lucent.scene.Scene(java.nio.file.Path.of("workers-test.json"));
        s.materials.add(new dev.lucent.scene.Material("grey"));
        dev.lucent.scene.Mesh mesh = dev.lucent.scene.Shapes.sphere(1, 8);
        mesh.materials = new int[mesh.triangleCount()];
        s.meshes.add(mesh);
        dev.lucent.scene.Node n = new dev.lucent.scene.Node("sphere");
        n.mesh = 0;
        s.addNode(n);
        CudaDeviceWorkers w = new CudaDeviceWorkers(new int[] {NO_DEVICE});
        try (dev.lucent.compile.CompiledScene cs = dev.lucent.compile.SceneCompiler.compile(s,
                dev.lucent.compile.CompileOptions.defaults().withSize(8, 8))) {
            RuntimeException opening = assertThrows(RuntimeException.class, w::awaitOpen);
            RuntimeException e = assertThrows(RuntimeException.class, () -> new CudaRenderer(w, false, cs, 8, 8, 1,
                    0, 0, dev.lucent.image.PixelFilter.defaultFilter()));
            assertSame(opening, e);
        } finally {
            w.close();
            w.close(); // idempotent
        }
    }

    @Test
    void noDevicesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CudaDeviceWorkers(new int[0]));
    }
}
