package dev.lucent.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * One pitched copy of a band's pixel states from the device accumulation (image rows, {@code rowBytes} per row)
 * to a host buffer that holds the band's launch rows packed (launch row r at byte r x rowBytes): {@code rows}
 * blocks of {@code widthBytes} bytes, block k from source byte srcOffset + k x srcPitch to destination byte
 * dstOffset + k x dstPitch (cuMemcpy2D's parameters). {@link #of} gives the copies of a band, so that after them
 * host launch row r holds image row {@link CudaBandPlan#row}(band, r).
 */
record BandCopy(long srcOffset, long srcPitch, long dstOffset, long dstPitch, long widthBytes, int rows) {
    /** Whether the blocks are back to back on both sides (one linear copy of rows x widthBytes). */
    boolean linear() {
        return rows == 1 || (srcPitch == widthBytes && dstPitch == widthBytes);
    }

    /**
     * The copies of band {@code band}: one linear copy for consecutive rows, else one pitched copy of the whole
     * groups (source pitch the row stride, destination pitch the group) and one linear copy of a last partial
     * group.
     */
    static List<BandCopy> of(CudaBandPlan plan, int band, long rowBytes) {
        int r0 = plan.rowBegin(band), count = plan.rowCount(band);
        List<BandCopy> out = new ArrayList<>(2);
        if (plan.consecutive(band)) {
            out.add(new BandCopy(r0 * rowBytes, count * rowBytes, 0, count * rowBytes, count * rowBytes, 1));
            return out;
        }
        int group = plan.rowGroup(band), stride = plan.rowStride(band);
        int whole = count / group, rest = count % group;
        if (whole > 0) {
            out.add(new BandCopy(r0 * rowBytes, stride * rowBytes, 0, group * rowBytes, group * rowBytes, whole));
        }
        if (rest > 0) {
            long src = ((long) r0 + (long) whole * stride) * rowBytes, dst = (long) whole * group * rowBytes;
            out.add(new BandCopy(src, rest * rowBytes, dst, rest * rowBytes, rest * rowBytes, 1));
        }
        return out;
    }
}
