package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
