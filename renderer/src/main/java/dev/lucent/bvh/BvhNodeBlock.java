package dev.lucent.bvh;

import java.util.Arrays;

/**
 * Growable on-heap storage for the nodes of one subtree, in the {@code LcBvhNode} word layout (8 ints per
 * node: minX, minY, minZ as float bits, leftFirst, maxX, maxY, maxZ as float bits, count).
 *
 * <p>Local layout: node 0 is the subtree root; children are allocated in pairs ({@link #addPair}) in
 * depth-first order, so an interior node's children are {@code leftFirst} and {@code leftFirst + 1} (local
 * indices), and the nodes after the root form one contiguous block. {@link BvhSubtree} relies on this to
 * place the block anywhere in the final node buffer by adding one offset. Leaf {@code leftFirst} values are
 * global primitive slots and are never relocated.
 */
final class BvhNodeBlock {
    static final int WORDS = 8;
    private static final int LEFT_FIRST = 3, COUNT = 7;
    private static final long MAX_WORDS = Integer.MAX_VALUE - 16;

    int[] words;
    int size;

    BvhNodeBlock(int expectedNodes) {
        words = new int[(int) Math.min(MAX_WORDS, (long) Math.max(1, expectedNodes) * WORDS)];
    }

    /** Appends one node with box {@code box[0..5]} (min xyz, max xyz); returns its local index. */
    int add(float[] box) {
        ensure(size + 1);
        int n = size++;
        putBox(n, box);
        return n;
    }

    /** Appends two sibling nodes with the given boxes; returns the local index of the first (left). */
    int addPair(float[] leftBox, float[] rightBox) {
        ensure(size + 2);
        int n = size;
        size += 2;
        putBox(n, leftBox);
        putBox(n + 1, rightBox);
        return n;
    }

    void setLeaf(int node, int firstSlot, int count) {
        words[node * WORDS + LEFT_FIRST] = firstSlot;
        words[node * WORDS + COUNT] = count;
    }

    void setInterior(int node, int leftChild) {
        words[node * WORDS + LEFT_FIRST] = leftChild;
        words[node * WORDS + COUNT] = 0;
    }

    int leftFirst(int node) { return words[node * WORDS + LEFT_FIRST]; }
    int count(int node) { return words[node * WORDS + COUNT]; }
    float bound(int node, int k) { return Float.intBitsToFloat(words[node * WORDS + (k < 3 ? k : k + 1)]); }

    /**
     * Rewrites interior nodes' local child indices to global ones for a placement whose non-root nodes start
     * at global slot {@code restStart}: local node j >= 1 lands at {@code restStart + j - 1}.
     */
    void relocate(int restStart) {
        for (int n = 0; n < size; n++) {
            int o = n * WORDS;
            if (words[o + COUNT] == 0) words[o + LEFT_FIRST] = restStart + words[o + LEFT_FIRST] - 1;
        }
    }

    private void putBox(int n, float[] box) {
        int o = n * WORDS;
        words[o] = Float.floatToRawIntBits(box[0]);
        words[o + 1] = Float.floatToRawIntBits(box[1]);
        words[o + 2] = Float.floatToRawIntBits(box[2]);
        words[o + 4] = Float.floatToRawIntBits(box[3]);
        words[o + 5] = Float.floatToRawIntBits(box[4]);
        words[o + 6] = Float.floatToRawIntBits(box[5]);
    }

    private void ensure(int nodes) {
        if ((long) nodes * WORDS > words.length) {
            long grown = Math.max((long) nodes * WORDS, (long) words.length + (words.length >> 1));
            if ((long) nodes * WORDS > MAX_WORDS) throw new IllegalStateException("node block exceeds 2^31 words");
            words = Arrays.copyOf(words, (int) Math.min(MAX_WORDS, grown));
        }
    }
}
