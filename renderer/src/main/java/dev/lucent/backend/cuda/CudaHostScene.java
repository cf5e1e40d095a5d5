package dev.lucent.backend.cuda;

import dev.lucent.bvh.gpu.BlasLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.compile.CompiledScene;
import dev.lucent.light.EnvironmentLight;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link CudaPathTracer} uploads of a compiled scene that the host computes: the BVH2 traversal layout
 * ({@link GpuSceneLayout}, BLAS layout BVH2), the light-selection table ({@link GpuLightTable}) and the
 * environment sampling table ({@link GpuEnvironmentTable}). Computed once and read by every device's tracer
 * (read-only, from several threads at once), so several devices do not each repeat the host work. Owns the
 * layout's native memory; close it after the tracers are built.
 */
public final class CudaHostScene implements AutoCloseable {
    private final CompiledScene scene;
    private final GpuSceneLayout layout;
    private final float[] lightTable, environmentTable;

    /**
     * Computes the tables of {@code scene} (its emitters must be sorted, {@link GpuLightTable#requireSortedEmitters}):
     * the environment's distribution once for both tables, and the two tables on a pool thread while this thread
     * builds the layout (all three only read the scene).
     */
    public CudaHostScene(CompiledScene scene) {
        GpuLightTable.requireSortedEmitters(scene);
        this.scene = scene;
        CompletableFuture<float[][]> tables = CompletableFuture.supplyAsync(() -> {
            EnvironmentLight env = EnvironmentLight.fromScene(scene);
            return new float[][] {GpuLightTable.of(scene, env), GpuEnvironmentTable.of(env)};
        });
        GpuSceneLayout built = GpuSceneLayout.fromCompiledScene(scene, BlasLayout.BVH2);
        float[][] t;
        try {
            t = CudaDeviceWorkers.join(tables);
        } catch (RuntimeException | Error e) {
            built.close();
            throw e;
        }
        this.layout = built;
        this.lightTable = t[0];
        this.environmentTable = t[1];
    }

    public CompiledScene scene() { return scene; }
    public GpuSceneLayout layout() { return layout; }
    /** The light-selection table; callers must not modify it. */
    public float[] lightTable() { return lightTable; }
    /** The environment sampling table; callers must not modify it. */
    public float[] environmentTable() { return environmentTable; }

    @Override
    public void close() {
        layout.close();
    }
}
