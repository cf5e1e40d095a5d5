package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.Film;
import java.nio.ByteBuffer;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** {@link BandMerge}: the bulk row merge gives the per-record reference's bits, on every plan row. */
class BandMergeTest {
    @Test
    void bulkMergeOfInterleavedBandsEqualsPerRecordMerge() {
        int width = 24, height = 36;
        CudaBandPlan plan = CudaBandPlan.interleaved(height, 2, CudaBandPlan.TILE_ROWS, 3);
        Film bulk = new Film(width, height), perRecord = new Film(width, height);
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            // Two merges of every band: the second onto pixels holding the first's samples.
            for (int pass = 0; pass < 2; pass++) {
                for (int b = 0; b < plan.bandCount(); b++) {
                    ByteBuffer host = BandMerge.syntheticRecords(plan.rowCount(b) * width, 31L * pass + b);
                    BandMerge.merge(bulk, host, plan, b, pool, false);
                    BandMerge.merge(perRecord, host, plan, b, null, true);
                }
            }
        } finally {
            pool.shutdown();
        }
        for (int p = 0; p < width * height; p++) {
            assertEquals(512, bulk.sampleCount(p), "every pixel merged twice, in exactly one band");
            assertEquals(perRecord.depthHits(p), bulk.depthHits(p));
            assertEquals(Float.floatToRawIntBits(perRecord.depth(p)), Float.floatToRawIntBits(bulk.depth(p)));
            for (int c = 0; c < 3; c++) {
                assertEquals(Double.doubleToRawLongBits(perRecord.mean(p, c)), Double.doubleToRawLongBits(bulk.mean(p, c)));
                assertEquals(Double.doubleToRawLongBits(perRecord.m2(p, c)), Double.doubleToRawLongBits(bulk.m2(p, c)));
                assertEquals(Float.floatToRawIntBits(perRecord.albedo(p, c)), Float.floatToRawIntBits(bulk.albedo(p, c)));
                assertEquals(Float.floatToRawIntBits(perRecord.normal(p, c)), Float.floatToRawIntBits(bulk.normal(p, c)));
                assertEquals(Float.floatToRawIntBits(perRecord.emission(p, c)),
                        Float.floatToRawIntBits(bulk.emission(p, c)));
            }
        }
        assertTrue(bulk.mean(5, 0) > 0);
    }
}
