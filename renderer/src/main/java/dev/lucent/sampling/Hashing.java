package dev.lucent.sampling;

/**
 * 32-bit integer hashes shared by the samplers; integer-only so CUDA and GLSL compute the same bits.
 * The mixer is Chris Wellons' "lowbias32" (Prospecting for Hash Functions, 2018): an invertible xor-shift-
 * multiply finaliser with low avalanche bias. Words are combined by hashing each into the running state.
 */
public final class Hashing {
    private Hashing() {}

    /** lowbias32: a bijection on 32-bit words with near-ideal avalanche. */
    public static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    /** Hash of two words; order matters. */
    public static int hash(int a, int b) {
        return mix(b + 0x9e3779b9 * mix(a + 0x632be5ab));
    }

    /** Hash of three words; order matters. */
    public static int hash(int a, int b, int c) {
        return mix(c + 0x9e3779b9 * hash(a, b));
    }

    /** Hash of four words; order matters. */
    public static int hash(int a, int b, int c, int d) {
        return mix(d + 0x9e3779b9 * hash(a, b, c));
    }

    /** The top 24 bits of {@code bits} as a float in [0, 1) (exact: every such float is representable). */
    public static float toUnitFloat(int bits) {
        return (bits >>> 8) * 0x1p-24f;
    }
}
