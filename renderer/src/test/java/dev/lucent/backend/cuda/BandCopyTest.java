package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The download layout of bands: host launch row r must hold image row {@link CudaBandPlan#row}(band, r). */
class BandCopyTest {
    /** cuMemcpy2D's rule on byte arrays: block k of widthBytes from src + k srcPitch to dst + k dstPitch. */
    static void apply(BandCopy c, byte[] device, byte[] host) {
        for (int k = 0; k < c.rows(); k++) {
            System.arraycopy(device, (int) (c.srcOffset() + k * c.srcPitch()), host, (int) (c.dstOffset() + k * c.dstPitch()),
                    (int) c.widthBytes());
        }
    }

    @Test
    void copiesPutEveryLaunchRowWhereTheMergeReadsIt() {
        int height = 43, rowBytes = 12;
        byte[] device = new byte[height * rowBytes];
        for (int y = 0; y < height; y++) {
            for (int k = 0; k < rowBytes; k++) device[y * rowBytes + k] = (byte) (y * 7 + k);
        }
        for (CudaBandPlan p : new CudaBandPlan[] {CudaBandPlan.interleaved(height, 2, 4, 2),
            CudaBandPlan.interleaved(height, 3, 8, 1), CudaBandPlan.interleaved(height, 5, 4, 3),
            CudaBandPlan.equal(height, 10), CudaBandPlan.guided(64, height, 2, 256)}) {
            for (int b = 0; b < p.bandCount(); b++) {
                byte[] host = new byte[p.rowCount(b) * rowBytes];
                java.util.Arrays.fill(host, (byte) -1);
                var copies = BandCopy.of(p, b, rowBytes);
                assertTrue(copies.size() <= 2, "at most one pitched and one linear copy");
                for (BandCopy c : copies) {
                    assertTrue(c.srcPitch() >= c.widthBytes() && c.dstPitch() >= c.widthBytes());
                    apply(c, device, host);
                }
                for (int r = 0; r < p.rowCount(b); r++) {
                    int y = p.row(b, r);
                    for (int k = 0; k < rowBytes; k++) {
                        assertEquals(device[y * rowBytes + k], host[r * rowBytes + k], p + " band " + b + " row " + r);
                    }
                }
            }
        }
    }

    @Test
    void interleavedBandOfTenEightyIsOnePitchedCopy() {
        long rowBytes = 1920L * CudaPathTracer.PIXEL_STATE_BYTES;
        CudaBandPlan p = CudaBandPlan.interleaved(1080, 2, 4, 2);
        var copies = BandCopy.of(p, 1, rowBytes);
        assertEquals(1, copies.size());
        BandCopy c = copies.get(0);
        assertEquals(4 * rowBytes, c.srcOffset());
        assertEquals(8 * rowBytes, c.srcPitch());
        assertEquals(4 * rowBytes, c.widthBytes());
        assertEquals(67, c.rows());
        assertTrue(!c.linear());
        assertTrue(BandCopy.of(CudaBandPlan.equal(1080, 272), 1, rowBytes).get(0).linear());
    }
}
