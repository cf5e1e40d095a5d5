package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How CudaRenderer cuts a frame into bands for its devices (no GPU needed). */
class CudaRendererBandsTest {
    @Test
    void oneDeviceRendersTheWholeFrameAsOneBand() {
        assertEquals(1080, CudaRenderer.balancedBandRows(1080, 1, CudaRenderer.BANDS_PER_DEVICE));
        assertEquals(7, CudaRenderer.balancedBandRows(7, 1, 4));
    }

    @Test
    void severalDevicesGetEqualBandsOfWholeTiles() {
        // 1080 rows / 4 bands = 270, rounded up to 272 (4-row tiles): bands of 272, 272, 272, 264 rows.
        assertEquals(272, CudaRenderer.balancedBandRows(1080, 2, 2));
        assertEquals(540, CudaRenderer.balancedBandRows(1080, 2, 1));
        assertEquals(136, CudaRenderer.balancedBandRows(1080, 2, 4));
        assertEquals(92, CudaRenderer.balancedBandRows(1080, 3, 4)); // 90 -> 92: 12 bands, the last 68 rows
        assertEquals(4, CudaRenderer.balancedBandRows(10, 2, 4), "never below one tile");
    }

    @Test
    void theDefaultPlanInterleavesRowGroupsOverSeveralDevices() {
        assertEquals("1 bands [1080]", CudaRenderer.defaultPlan(1080, 1, false).toString());
        CudaBandPlan mega = CudaRenderer.defaultPlan(1080, 2, false), wave = CudaRenderer.defaultPlan(1080, 2, true);
        assertEquals(2 * CudaRenderer.CHUNKS_PER_DEVICE, mega.bandCount());
        assertEquals(2 * CudaRenderer.WAVEFRONT_CHUNKS_PER_DEVICE, wave.bandCount());
        for (CudaBandPlan p : new CudaBandPlan[] {mega, wave}) {
            assertEquals(CudaRenderer.INTERLEAVE_ROWS, p.rowGroup(0));
            assertEquals(2 * CudaRenderer.INTERLEAVE_ROWS, p.rowStride(0));
            assertEquals(0, p.owner(0));
            assertEquals(1, p.owner(1));
        }
    }

    @Test
    void bandsOfLargeFramesFitOneHostBuffer() {
        // 7680 x 4320 on one device: the whole frame's records (3.18 GB) exceed one buffer's 2^31 - 1 bytes, so the
        // frame is cut into equal bands of at most maxBandRows rows (2912 for 7680 pixels: 2.15e9 / 737,280).
        int maxRows = CudaRenderer.maxBandRows(7680);
        assertEquals(2912, maxRows);
        assertTrue((long) maxRows * 7680 * CudaPathTracer.PIXEL_STATE_BYTES <= Integer.MAX_VALUE);
        CudaBandPlan one = CudaRenderer.defaultPlan(7680, 4320, 1, CudaRenderer.CHUNKS_PER_DEVICE);
        assertEquals("2 bands [2912, 1408]", one.toString());
        assertEquals("1 bands [1080]", CudaRenderer.defaultPlan(1920, 1080, 1, CudaRenderer.CHUNKS_PER_DEVICE).toString());
        // 16384 x 16384 on two devices: 4 chunks per device would give bands of 2048 rows (3.2 GB); more chunks.
        CudaBandPlan two = CudaRenderer.defaultPlan(16384, 16384, 2, CudaRenderer.CHUNKS_PER_DEVICE);
        assertTrue(two.maxRows() <= CudaRenderer.maxBandRows(16384), two.toString());
        assertEquals(16384, java.util.Arrays.stream(two.bandRows()).sum());
        // A frame that fits keeps the plan it had.
        assertEquals(CudaRenderer.defaultPlan(1080, 2, true).toString(),
                CudaRenderer.defaultPlan(1920, 1080, 2, CudaRenderer.WAVEFRONT_CHUNKS_PER_DEVICE).toString());
    }
}
