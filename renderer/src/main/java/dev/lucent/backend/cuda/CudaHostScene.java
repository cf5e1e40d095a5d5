package dev.lucent.backend.cuda;

import dev.lucent.bvh.gpu.BlasLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.compile.CompiledScene;

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

    /** Computes the tables of {@code scene} (its emitters must be sorted, {@link GpuLightTable#requireSortedEmitters}). */
    public CudaHostScene(CompiledScene scene) {
        GpuLightTable.requireSortedEmitters(scene);
        this.scene = scene;
        this.lightTable = GpuLightTable.of(scene);
        this.environmentTable = GpuEnvironmentTable.of(scene);
        this.layout = GpuSceneLayout.fromCompiledScene(scene, BlasLayout.BVH2);
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
