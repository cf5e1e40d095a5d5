package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

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

    @Test
    void interleavedGroupsAtTenEightyOnTwoDevices() {
        // 270 groups of 4 rows; device 0 owns the even groups, device 1 the odd ones, 135 each, cut into chunks of
        // 67 and 68 groups: chunk 0 of each device first, then chunk 1.
        CudaBandPlan p = CudaBandPlan.interleaved(1080, 2, 4, 2);
        assertArrayEquals(new int[] {268, 268, 272, 272}, p.bandRows());
        assertArrayEquals(new int[] {0, 4, 536, 540}, new int[] {p.rowBegin(0), p.rowBegin(1), p.rowBegin(2), p.rowBegin(3)});
        assertArrayEquals(new int[] {0, 2}, p.bandsOf(0));
        assertArrayEquals(new int[] {1, 3}, p.bandsOf(1));
        assertEquals(8, p.rowStride(0));
        assertEquals(4, p.rowGroup(0));
        assertTrue(p.owned());
        // Launch rows 0..7 of device 1's first band: rows 4-7, then 12-15.
        int[] rows = new int[8];
        for (int r = 0; r < 8; r++) rows[r] = p.row(1, r);
        assertArrayEquals(new int[] {4, 5, 6, 7, 12, 13, 14, 15}, rows);
        assertEquals(1080, p.rowEnd(3));
        assertEquals(272, p.maxRows());
    }

    @Test
    void aShortLastGroupEndsItsDevicesLastBand() {
        // 10 rows, groups of 4: rows 0-3 (device 0), 4-7 (device 1), 8-9 (device 0).
        CudaBandPlan p = CudaBandPlan.interleaved(10, 2, 4, 1);
        assertArrayEquals(new int[] {6, 4}, p.bandRows());
        int[] rows = new int[6];
        for (int r = 0; r < 6; r++) rows[r] = p.row(0, r);
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 9}, rows);
        assertEquals(10, p.rowEnd(0));
        assertFalse(p.consecutive(0));
        assertTrue(p.consecutive(1), "a single group is consecutive rows");
    }

    @Test
    void devicesWithoutAGroupGetNoBand() {
        CudaBandPlan p = CudaBandPlan.interleaved(8, 3, 4, 2);
        assertArrayEquals(new int[] {4, 4}, p.bandRows());
        assertArrayEquals(new int[0], p.bandsOf(2));
        assertArrayEquals(new int[] {0}, p.bandsOf(0));
    }

    @Test
    void oneDeviceInterleavesIntoConsecutiveBands() {
        CudaBandPlan p = CudaBandPlan.interleaved(1080, 1, 4, 2);
        assertArrayEquals(new int[] {540, 540}, p.bandRows());
        assertTrue(p.consecutive(0) && p.consecutive(1));
        assertEquals(540, p.rowBegin(1));
    }

    @Test
    void interleavedPlansCoverEveryRowOnceAndBalanceTheDevices() {
        for (int devices = 1; devices <= 5; devices++) {
            for (int height : new int[] {1, 3, 4, 10, 37, 360, 1080, 2161}) {
                for (int group : new int[] {4, 8, 16}) {
                    for (int chunks = 1; chunks <= 4; chunks++) {
                        CudaBandPlan p = CudaBandPlan.interleaved(height, devices, group, chunks);
                        String what = height + " rows, " + devices + " devices, " + group + "-row groups, " + chunks
                                + " chunks: " + p;
                        int[] seen = new int[height];
                        int[] perDevice = new int[devices];
                        for (int b = 0; b < p.bandCount(); b++) {
                            assertTrue(p.owner(b) >= 0 && p.owner(b) < devices, what);
                            assertTrue(p.rowCount(b) > 0, what);
                            assertEquals(0, p.rowBegin(b) % CudaBandPlan.TILE_ROWS, what);
                            int last = -1;
                            for (int r = 0; r < p.rowCount(b); r++) {
                                int y = p.row(b, r);
                                assertTrue(y > last && y < height, what);
                                // The row's group belongs to the band's device.
                                assertEquals(p.owner(b), (y / group) % devices, what);
                                seen[y]++;
                                last = y;
                            }
                            assertEquals(last + 1, p.rowEnd(b), what);
                            perDevice[p.owner(b)] += p.rowCount(b);
                            assertTrue(p.bandsOf(p.owner(b)).length <= chunks, what);
                        }
                        for (int y = 0; y < height; y++) assertEquals(1, seen[y], what + ": row " + y);
                        int min = Integer.MAX_VALUE, max = 0;
                        for (int d = 0; d < devices; d++) {
                            min = Math.min(min, perDevice[d]);
                            max = Math.max(max, perDevice[d]);
                        }
                        assertTrue(max - min <= group, what + ": rows per device " + Arrays.toString(perDevice));
                    }
                }
            }
        }
    }

    @Test
    void groupsMustBeWholeTiles() {
        assertThrows(IllegalArgumentException.class, () -> CudaBandPlan.interleaved(1080, 2, 6, 2));
        assertThrows(IllegalArgumentException.class, () -> CudaBandPlan.interleaved(1080, 2, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> CudaBandPlan.interleaved(1080, 0, 4, 2));
    }

    @Test
    void theKernelsLaunchGridCoversEachBandPixelOnce() {
        // The index arithmetic of pathtracePass and wfGenerate (shaders/cuda): thread i -> tile i / 32 of 8x4
        // pixels, tile t -> column t % tilesX, launch-row tile t / tilesX; launch row r -> lcLaunchRow.
        int width = 37;
        for (CudaBandPlan p : new CudaBandPlan[] {CudaBandPlan.interleaved(43, 3, 8, 2),
            CudaBandPlan.interleaved(43, 2, 4, 1), CudaBandPlan.equal(43, 10)}) {
            int[] hits = new int[width * 43];
            for (int b = 0; b < p.bandCount(); b++) {
                int tilesX = (width + 7) / 8, tilesY = (p.rowCount(b) + 3) / 4;
                for (int i = 0; i < tilesX * tilesY * 32; i++) {
                    int tile = i >> 5, lane = i & 31;
                    int px = (tile % tilesX) * 8 + (lane % 8), r = (tile / tilesX) * 4 + (lane / 8);
                    if (px >= width || r >= p.rowCount(b)) continue;
                    int g = p.rowGroup(b), py = p.rowBegin(b) + (r / g) * p.rowStride(b) + r % g;
                    if (py >= 43) continue;
                    assertEquals(p.row(b, r), py);
                    hits[py * width + px]++;
                }
            }
            for (int k = 0; k < hits.length; k++) assertEquals(1, hits[k], p + ": pixel " + k);
        }
    }
}
