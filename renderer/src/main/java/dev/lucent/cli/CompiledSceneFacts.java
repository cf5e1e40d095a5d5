package dev.lucent.cli;

import dev.lucent.compile.CompileStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.NativeBuffer;
import java.util.List;

/**
 * The numbers {@code info} reads from a {@link CompiledScene}, copied out so a report can be built (and
 * tested) without compiling. Bounds are the world-space box of LcSceneGlobals, in scene units.
 */
public record CompiledSceneFacts(int meshes, int instances, long vertices, long triangles, long instancedTriangles,
        int materials, int images, int lights, int emitters, float totalEmitterPower, List<String> cameraNames,
        float[] boundsMin, float[] boundsMax, CompileStats stats) {

    public static CompiledSceneFacts of(CompiledScene c) {
        return new CompiledSceneFacts(c.meshCount, c.instanceCount, c.vertexCount, c.triangleCount,
                c.instancedTriangleCount, c.materialCount, c.imageCount, c.lightCount, c.emitterCount,
                c.totalEmitterPower, c.cameraNames, readVec3(c.globals, LcSceneGlobals.BBOX_MIN),
                readVec3(c.globals, LcSceneGlobals.BBOX_MAX), c.stats);
    }

    /** The xyz of an lc_vec4 at byte {@code offset}. */
    static float[] readVec3(NativeBuffer b, long offset) {
        return new float[] {b.getFloat(offset), b.getFloat(offset + 4), b.getFloat(offset + 8)};
    }
}
