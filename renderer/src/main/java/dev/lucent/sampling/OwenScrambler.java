package dev.lucent.sampling;

/**
 * Hash-based base-2 Owen scrambling (Burley 2020, "Practical Hash-based Owen Scrambling", JCGT 9(4)).
 *
 * <p>A 32-bit value is read as a binary fraction, bit 31 being the most significant digit (1/2). Owen
 * scrambling flips each digit by a random function of the digits above it. In bit-reversed order that is a
 * "Laine-Karras permutation": a bijection in which each output bit depends only on the input bits below it,
 * which xor-with-even-multiply, add and odd-multiply steps all satisfy. The permutation used here is Nathan
 * Vegdahl's improved LK hash ("Building a Better LK Hash", psychopath.io, 2021, final version).
 *
 * <p>Applied to a sample index instead of a value, the same scramble is Burley's shuffle: the first 2^k
 * indices map one-to-one onto an aligned block of 2^k indices, so a (0,2)-sequence keeps its net property
 * for every power-of-two prefix.
 */
public final class OwenScrambler {
    private OwenScrambler() {}

    /** The LK-style permutation in bit-reversed order: output bit i depends on input bits 0..i only. */
    public static int laineKarrasPermutation(int x, int seed) {
        x ^= x * 0x3d20adea;
        x += seed;
        x *= (seed >>> 16) | 1;
        x ^= x * 0x05526c56;
        x ^= x * 0x53a22864;
        return x;
    }

    /** Owen scramble of a binary fraction {@code x} (bit 31 most significant) with scramble {@code seed}. */
    public static int scramble(int x, int seed) {
        return Integer.reverse(laineKarrasPermutation(Integer.reverse(x), seed));
    }
}
