package dev.lucent.bvh;

/**
 * Builder settings.
 *
 * @param maxLeafSize largest number of primitives in a leaf (SAH may stop earlier)
 * @param bins SAH bins per axis
 * @param threads worker threads (0 = all available processors)
 */
public record BvhOptions(int maxLeafSize, int bins, int threads) {
    public static BvhOptions defaults() {
        return new BvhOptions(4, 16, 0);
    }
}
