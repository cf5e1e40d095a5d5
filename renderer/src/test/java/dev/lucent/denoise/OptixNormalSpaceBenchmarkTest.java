package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lucent.compile.LookAtCamera;
import org.junit.jupiter.api.Test;

/** The benchmark's world-to-camera rotation of normals on cameras whose answers are known. */
class OptixNormalSpaceBenchmarkTest {
    @Test
    void cameraLookingDownMinusZKeepsTheAxes() {
        LookAtCamera cam = new LookAtCamera(new float[] {0, 0, 5}, new float[] {0, 0, 0}, new float[] {0, 1, 0}, 40, 0,
                1);
        float[] n = {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0};
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0},
                OptixNormalSpaceBenchmark.toCamera(n, cam), 1e-6f);
    }

    @Test
    void cameraLookingAlongPlusXTurnsTheNormals() {
        LookAtCamera cam = new LookAtCamera(new float[] {-3, 1, 0}, new float[] {0, 1, 0}, new float[] {0, 1, 0}, 40,
                0, 1);
        // facing the camera (-x) -> +z; the camera's right is +z in the world; world up stays up
        float[] n = {-1, 0, 0, 0, 0, 1, 0, 1, 0};
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, OptixNormalSpaceBenchmark.toCamera(n, cam), 1e-6f);
    }
}
