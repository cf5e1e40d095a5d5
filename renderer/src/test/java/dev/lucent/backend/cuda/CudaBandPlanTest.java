package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bands CudaRenderer hands out (no GPU needed). */
class CudaBandPlanTest {
    @Test
    void guidedBandsAtTenEightyShrinkFromAQuarterOfTheFrameToTheMinimum() {
        // 1080 / (2 x 2) = 270 -> 272; then 808 / 4 = 202 -> 204, ...; at least 65536 / 1920 -> 35 -> 36 rows;
        // with 68 rows left (under two minimum bands, over 1.5) the last two are 36 and 32.
        CudaBandPlan p = CudaBandPlan.guided(1920, 1080, 2);
        assertArrayEquals(new int[] {272, 204, 152, 116, 84, 64, 48, 36, 36, 36, 32}, p.bandRows());
        assertEquals(272, p.maxRows());
    }

    @Test
    void guidedBandsCoverEveryRowOnceOnTileBoundariesAndNeverGrow() {
        for (int devices = 2; devices <= 8; devices++) {
            for (int height : new int[] {1, 3, 4, 37, 480, 1080, 2160, 4321}) {
                for (int width : new int[] {1, 64, 640, 1920, 7680}) {
                    CudaBandPlan p = CudaBandPlan.guided(width, height, devices);
                    assertEquals(0, p.rowBegin(0));
                    assertEquals(height, p.rowEnd(p.bandCount() - 1));
                    for (int b = 0; b < p.bandCount(); b++) {
                        assertTrue(p.rowEnd(b) > p.rowBegin(b), "empty band");
                        assertEquals(0, p.rowBegin(b) % CudaBandPlan.TILE_ROWS, "band start off a tile");
                        if (b > 0) assertEquals(p.rowEnd(b - 1), p.rowBegin(b));
                    }
                    int[] rows = p.bandRows();
                    // Non-increasing, except that a last band may take a remainder of up to 1.5 minimum bands.
                    for (int b = 1; b + 1 < rows.length; b++) assertTrue(rows[b] <= rows[b - 1], p.toString());
                }
            }
        }
    }

    @Test
    void oneDeviceRendersTheWholeFrame() {
        assertArrayEquals(new int[] {1080}, CudaBandPlan.guided(1920, 1080, 1).bandRows());
    }

    @Test
    void smallImagesBecomeOneBandAndTheLastBandsTakeTheRemainder() {
        // 40x40 is 1600 pixels, below one minimum band: a single band.
        assertArrayEquals(new int[] {40}, CudaBandPlan.guided(40, 40, 2).bandRows());
        // Minimum 16 rows (1024 pixels at width 64). 38 rows: 16, then the 22 left (under 1.5 x 16) as one band.
        assertArrayEquals(new int[] {16, 22}, CudaBandPlan.guided(64, 38, 2, 1024).bandRows());
        // 1080 rows, minimum 140 rows (4 waves at 1920: 136.5 -> 140): 272, 204, 152, then 140 twice, and the
        // 172 left (under two minimum bands, not over 1.5) as one band.
        assertArrayEquals(new int[] {272, 204, 152, 140, 140, 172},
                CudaBandPlan.guided(1920, 1080, 2, 4 * 65536).bandRows());
        // 360 rows, minimum 104: 104, then 256 left: 104, then 152 (under 1.5 x 104) as one band.
        assertArrayEquals(new int[] {104, 104, 152}, CudaBandPlan.guided(640, 360, 2).bandRows());
    }

    @Test
    void equalBandsKeepTheOldCut() {
        assertArrayEquals(new int[] {272, 272, 272, 264}, CudaBandPlan.equal(1080, 272).bandRows());
        assertArrayEquals(new int[] {7, 7, 7, 7, 7, 5}, CudaBandPlan.equal(40, 7).bandRows());
    }
}
