package dev.lucent.compile;

import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.NativeBuffer;

/** Small typed writes and reads shared by the pool writers (byte offsets, 64-bit). */
final class PoolIo {
    private PoolIo() {}

    static void putVec4(NativeBuffer b, long offset, float x, float y, float z, float w) {
        b.putFloat(offset, x);
        b.putFloat(offset + 4, y);
        b.putFloat(offset + 8, z);
        b.putFloat(offset + 12, w);
    }

    /** Writes an LcBvhNode. */
    static void putNode(NativeBuffer b, long offset, float[] box, int leftFirst, int count) {
        b.putFloat(offset + LcBvhNode.MIN_X, box[0]);
        b.putFloat(offset + LcBvhNode.MIN_Y, box[1]);
        b.putFloat(offset + LcBvhNode.MIN_Z, box[2]);
        b.putInt(offset + LcBvhNode.LEFT_FIRST, leftFirst);
        b.putFloat(offset + LcBvhNode.MAX_X, box[3]);
        b.putFloat(offset + LcBvhNode.MAX_Y, box[4]);
        b.putFloat(offset + LcBvhNode.MAX_Z, box[5]);
        b.putInt(offset + LcBvhNode.COUNT, count);
    }

    /** Reads the box of the LcBvhNode at {@code offset} into {@code out} as {min xyz, max xyz}. */
    static void getBox(NativeBuffer b, long offset, float[] out) {
        out[0] = b.getFloat(offset + LcBvhNode.MIN_X);
        out[1] = b.getFloat(offset + LcBvhNode.MIN_Y);
        out[2] = b.getFloat(offset + LcBvhNode.MIN_Z);
        out[3] = b.getFloat(offset + LcBvhNode.MAX_X);
        out[4] = b.getFloat(offset + LcBvhNode.MAX_Y);
        out[5] = b.getFloat(offset + LcBvhNode.MAX_Z);
    }

    /** An allocation for {@code count} records of {@code bytes} each (at least one record, never empty). */
    static NativeBuffer table(long count, int bytes) {
        return NativeBuffer.allocate(Math.max(1, count) * bytes);
    }

    /** Rec. 709 luminance of linear RGB. */
    static double luminance(double r, double g, double b) {
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }
}
