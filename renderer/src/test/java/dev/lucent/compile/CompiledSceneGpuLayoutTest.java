package dev.lucent.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.gpu.Bvh2Traversal;
import dev.lucent.bvh.gpu.GpuHit;
import dev.lucent.bvh.gpu.BlasLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.bvh.gpu.InstancedMeshPools;
import dev.lucent.bvh.gpu.InstancedMeshPools.Placement;
import dev.lucent.scene.ProceduralMeshes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GpuSceneLayout#fromCompiledScene} reads the pools where CompiledScene documents them: the same pools
 * handed over through a CompiledScene or directly give the same layout and the same hits.
 */
class CompiledSceneGpuLayoutTest {
    @Test
    void compiledScenePoolsConvertLikeTheDirectCall() {
        try (InstancedMeshPools pools = InstancedMeshPools.build(
                List.of(ProceduralMeshes.blobs(4000, 2), ProceduralMeshes.blobs(1500, 3)),
                List.of(Placement.identity(0), new Placement(1, new float[] {1, 0, 0, 3, 0, 1, 0, 0, 0, 0, 1, -2}),
                        new Placement(0, new float[] {0, 0, 1, -4, 0, 1, 0, 1, -1, 0, 0, 0})),
                BvhOptions.defaults())) {
            CompiledScene cs = new CompiledScene();
            cs.positions = pools.positions;
            cs.triangles = pools.triangles;
            cs.meshes = pools.meshes;
            cs.meshCount = pools.meshCount;
            cs.blasNodes = pools.blasNodes;
            cs.instances = pools.instances;
            cs.instanceCount = pools.instanceCount;
            cs.tlasNodes = pools.tlasNodes;
            cs.tlasInstances = pools.tlasInstances;
            try (GpuSceneLayout viaScene = GpuSceneLayout.fromCompiledScene(cs, BlasLayout.BVH2);
                    GpuSceneLayout direct = pools.toGpuLayout(BlasLayout.BVH2)) {
                assertEquals(direct.blasNodeCount(), viaScene.blasNodeCount());
                assertEquals(direct.triangleCount(), viaScene.triangleCount());
                Bvh2Traversal trav = new Bvh2Traversal();
                GpuHit a = new GpuHit(), b = new GpuHit();
                int hits = 0;
                for (int i = 0; i < 500; i++) {
                    float x = -6 + 12 * (i % 25) / 24f, z = -6 + 12 * (i / 25) / 19f;
                    trav.closestHit(viaScene, x, 20, z, 0.01f, -1, 0.02f, 0, Float.POSITIVE_INFINITY, a);
                    trav.closestHit(direct, x, 20, z, 0.01f, -1, 0.02f, 0, Float.POSITIVE_INFINITY, b);
                    assertEquals(b.isHit(), a.isHit());
                    assertEquals(b.t, a.t, 0f);
                    assertEquals(b.instance, a.instance);
                    if (a.isHit()) hits++;
                }
                assertTrue(hits > 50, hits + " hits");
            }
        }
    }
}
