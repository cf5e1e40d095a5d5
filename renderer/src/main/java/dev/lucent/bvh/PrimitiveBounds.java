package dev.lucent.bvh;

/**
 * The primitives a BVH is built over, seen only through their axis-aligned bounds. {@link BvhBuilder} calls
 * {@link #bounds} concurrently from its worker threads, once per primitive; implementations must allow that
 * (reading shared arrays does).
 */
public interface PrimitiveBounds {
    int count();

    /** Writes {minX, minY, minZ, maxX, maxY, maxZ} of primitive {@code prim} into {@code out[0..5]}. */
    void bounds(int prim, float[] out);
}
