package dev.lucent.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProceduralMeshesTest {
    @Test
    void hitsTargetCountAndIsDeterministic() {
        Mesh a = ProceduralMeshes.blobs(100_000, 7), b = ProceduralMeshes.blobs(100_000, 7);
        assertTrue(Math.abs(a.triangleCount() - 100_000) <= ProceduralMeshes.BLOB_TRIANGLES,
                "got " + a.triangleCount());
        assertArrayEquals(a.positions, b.positions);
        assertArrayEquals(a.indices, b.indices);
        for (int i : a.indices) assertTrue(i >= 0 && i < a.vertexCount());
        for (float p : a.positions) assertTrue(Float.isFinite(p));
        assertEquals(a.triangleCount(), a.materials.length);
    }
}
