package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** How many samples per pixel one wavefront wave traces (CudaPathTracer.samplesPerWave; no GPU needed). */
class WavefrontSamplesPerWaveTest {
    /** Path slots of one sample over {@code rows} launch rows of a 1920-pixel-wide frame (8x4 tiles, 32 slots). */
    private static int slots(int rows) {
        return 240 * ((rows + 3) / 4) * 32;
    }

    @Test
    void theWholeFrameTracesOneSamplePerWave() {
        long full = CudaRayCaster.primaryRayCount(1920, 1080);
        assertEquals(slots(1080), full);
        assertEquals(1, CudaPathTracer.samplesPerWave(full, slots(1080), 256));
    }

    @Test
    void aDevicesShareOfTheFrameTracesSeveralSamplesPerWave() {
        long full = CudaRayCaster.primaryRayCount(1920, 1080);
        // Two devices, two interleaved bands each: 270 rows per band, 68 tile rows (272 rows of slots) -> 4 samples
        // per wave, 0.7% over one sample of the whole frame.
        assertEquals(4, CudaPathTracer.samplesPerWave(full, slots(270), 256));
        // Two devices, one band each: 540 rows -> 2.
        assertEquals(2, CudaPathTracer.samplesPerWave(full, slots(540), 256));
        // A band of 0.4 of the frame: 2 samples (3 would be 1.2x the target).
        assertEquals(2, CudaPathTracer.samplesPerWave(1000, 400, 256));
        assertEquals(2, CudaPathTracer.samplesPerWave(1000, 500, 256));
        assertEquals(2, CudaPathTracer.samplesPerWave(1000, 525, 256), "5% over the target is allowed");
        assertEquals(1, CudaPathTracer.samplesPerWave(1000, 526, 256));
    }

    @Test
    void theSamplesAreEvenedOutOverTheWaves() {
        // 34 samples fit (5% over the target); 256 samples then need 8 waves: 8 of 32, not 7 of 34 and one of 18.
        assertEquals(32, CudaPathTracer.samplesPerWave(33_000, 1000, 256));
        assertEquals(33, CudaPathTracer.samplesPerWave(33_000, 1000, 264));
        // 10 samples fit, 11 asked for: 2 waves of 6 and 5, not 10 and 1.
        assertEquals(6, CudaPathTracer.samplesPerWave(10_000, 1000, 11));
    }

    @Test
    void theDefaultTargetIsFourSamplesOfA1080pFrame() {
        long full = CudaRayCaster.primaryRayCount(1920, 1080);
        assertEquals(4, CudaPathTracer.samplesPerWave(CudaPathTracer.WAVEFRONT_WAVE_PATHS, (int) full, 256));
        assertEquals(1, CudaPathTracer.samplesPerWave(CudaPathTracer.WAVEFRONT_WAVE_PATHS,
                CudaRayCaster.primaryRayCount(3840, 2160), 256), "a 4K frame fills a wave with one sample");
    }

    @Test
    void neverMoreSamplesThanTheCallAsksFor() {
        assertEquals(1, CudaPathTracer.samplesPerWave(1_000_000, 1000, 1), "a progressive pass stays one sample");
        assertEquals(3, CudaPathTracer.samplesPerWave(1_000_000, 1000, 3));
        assertEquals(1, CudaPathTracer.samplesPerWave(1, 1000, 64), "target 1: one sample per wave");
        assertThrows(IllegalArgumentException.class, () -> CudaPathTracer.samplesPerWave(1000, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> CudaPathTracer.samplesPerWave(1000, 10, 0));
    }
}
