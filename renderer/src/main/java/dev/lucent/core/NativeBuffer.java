package dev.lucent.core;

import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryUtil;

/**
 * Owned, zero-initialised off-heap memory with 64-bit byte offsets, so one buffer can exceed both a Java
 * array (2^31 elements) and a {@link ByteBuffer} (2 GB). The compiled scene stores every pool in these.
 * Accessors take byte offsets and do no bounds checks (hot paths read through them); {@link #slice}
 * exposes a window of at most 1 GiB as a ByteBuffer for GPU uploads and file I/O.
 */
public final class NativeBuffer implements AutoCloseable {
    /** Largest window {@link #slice} hands out. */
    public static final int MAX_SLICE = 1 << 30;

    private long address;
    private final long size;

    private NativeBuffer(long address, long size) {
        this.address = address;
        this.size = size;
    }

    /** Allocates {@code bytes} zeroed bytes. Throws OutOfMemoryError naming the size if malloc fails. */
    public static NativeBuffer allocate(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative size " + bytes);
        long a = MemoryUtil.nmemCalloc(1, Math.max(bytes, 1));
        if (a == 0) throw new OutOfMemoryError("cannot allocate " + bytes + " bytes off-heap");
        return new NativeBuffer(a, bytes);
    }

    public long address() { return address; }
    public long size() { return size; }

    public float getFloat(long offset) { return MemoryUtil.memGetFloat(address + offset); }
    public void putFloat(long offset, float v) { MemoryUtil.memPutFloat(address + offset, v); }
    public int getInt(long offset) { return MemoryUtil.memGetInt(address + offset); }
    public void putInt(long offset, int v) { MemoryUtil.memPutInt(address + offset, v); }

    /** Copies {@code count} floats from {@code src[srcIndex..]} to this buffer at byte {@code offset}. */
    public void putFloats(long offset, float[] src, int srcIndex, int count) {
        MemoryUtil.memFloatBuffer(address + offset, count).put(src, srcIndex, count);
    }

    /** Copies {@code count} ints from {@code src[srcIndex..]} to this buffer at byte {@code offset}. */
    public void putInts(long offset, int[] src, int srcIndex, int count) {
        MemoryUtil.memIntBuffer(address + offset, count).put(src, srcIndex, count);
    }

    /** A ByteBuffer view of [offset, offset+length) in native byte order; valid until {@link #close}. */
    public ByteBuffer slice(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("slice " + offset + "+" + length + " of " + size);
        }
        return MemoryUtil.memByteBuffer(address + offset, length);
    }

    @Override
    public void close() {
        if (address != 0) {
            MemoryUtil.nmemFree(address);
            address = 0;
        }
    }
}
