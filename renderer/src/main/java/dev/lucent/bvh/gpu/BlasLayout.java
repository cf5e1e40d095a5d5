package dev.lucent.bvh.gpu;

/** Node layout of the per-mesh BLASes of a {@link GpuSceneLayout}; the TLAS is always {@link #BVH2}. */
public enum BlasLayout {
    /** {@link Bvh2GpuLayout}: 64-byte Aila-Laine nodes; triangles in pool order. */
    BVH2,
    /** {@link Cwbvh8GpuLayout}: 80-byte compressed 8-wide nodes; triangles reordered per node. */
    CWBVH8
}
