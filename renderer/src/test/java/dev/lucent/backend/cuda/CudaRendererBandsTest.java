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
}
