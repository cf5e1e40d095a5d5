package dev.lucent.sampling;

/**
 * Owen-scrambled, per-pixel shuffled Sobol sampler, padded by dimension (Burley 2020, "Practical Hash-based
 * Owen Scrambling", sections 3-4). Lucent's default {@link Sampler}.
 *
 * <p>Every {@link #get2D} draws the first two Sobol dimensions (a (0,2)-sequence: the van der Corput radical
 * inverse and the Pascal-matrix dimension) at a shuffled index, then Owen-scrambles each coordinate.
 * {@link #get1D} draws the van der Corput dimension the same way. The shuffle and the scrambles are seeded
 * by hash(pixel, seed, dimension), so dimensions are decorrelated by hashing ("padding") rather than by higher
 * Sobol dimensions. No tables: dimension 0 is a bit reversal, dimension 1 five shift-xor steps.
 *
 * <p>Guarantees: for any pixel, seed and dimension, the first 2^k samples of a {@code get2D} pair are a
 * (0,k,2)-net (exactly one point in every elementary interval of area 2^-k), and the first 2^k values of a
 * {@code get1D} dimension hit each interval [i/2^k, (i+1)/2^k) once (k <= 24, the float resolution).
 *
 * <p>Integer-only (32-bit wrap-around arithmetic, unsigned shifts); the CUDA/GLSL ports use the same
 * constants and {@link Hashing}/{@link OwenScrambler} steps and produce the same bits.
 */
public final class SobolSampler implements Sampler {
    /* Seed salts separating the index shuffle and the two coordinate scrambles of one dimension. */
    static final int SALT_SHUFFLE = 0x2b7e1516, SALT_X = 0x68e31da4, SALT_Y = 0x1b873593;

    private int pixelHash;
    private int sampleIndex;
    private int dimension;

    /** Sobol dimension 0 (van der Corput radical inverse) of {@code index} as a 32-bit binary fraction. */
    static int sobol0(int index) {
        return Integer.reverse(index);
    }

    /**
     * Sobol dimension 1 (primitive polynomial x + 1, m_k = 1, 3, 5, 15, 17, ...) of {@code index}, bit-reversed
     * (bit p is the fraction digit of weight 2^-(p+1)). Its generator matrix is Pascal's triangle mod 2, so by
     * Lucas' theorem digit p is the xor of the index bits b with p a bit-subset of b: a superset-sum transform
     * over the 5 bits of the position, computed in five shift-mask-xor steps instead of a 32-entry table.
     */
    static int sobol1Reversed(int index) {
        int x = index;
        x ^= (x >>> 1) & 0x55555555;
        x ^= (x >>> 2) & 0x33333333;
        x ^= (x >>> 4) & 0x0f0f0f0f;
        x ^= (x >>> 8) & 0x00ff00ff;
        x ^= (x >>> 16) & 0x0000ffff;
        return x;
    }

    /** Sobol dimension 1 of {@code index} as a 32-bit binary fraction (bit 31 most significant). */
    static int sobol1(int index) {
        return Integer.reverse(sobol1Reversed(index));
    }

    @Override
    public void startPixelSample(int px, int py, int sampleIndex, long seed) {
        this.pixelHash = Hashing.hash(px, py, (int) seed, (int) (seed >>> 32));
        this.sampleIndex = sampleIndex;
        this.dimension = 0;
    }

    /** Burley's shuffle: the sample index Owen-scrambled as a bit-reversed fraction, seeded per dimension. */
    private int shuffledIndex(int dimensionHash) {
        return OwenScrambler.scramble(sampleIndex, Hashing.mix(dimensionHash ^ SALT_SHUFFLE));
    }

    /*
     * Owen scrambling is reverse(LK(reverse(value))) and both Sobol dimensions are cheapest in reversed form,
     * so the coordinates are reverse(LK(index)) (dimension 0) and reverse(LK(sobol1Reversed(index))) (dimension 1):
     * the same bits as OwenScrambler.scramble(sobol0/sobol1(index)), two reversals fewer.
     */

    @Override
    public float get1D() {
        int h = Hashing.hash(pixelHash, dimension);
        dimension += 1;
        int index = shuffledIndex(h);
        return Hashing.toUnitFloat(Integer.reverse(OwenScrambler.laineKarrasPermutation(index, Hashing.mix(h ^ SALT_X))));
    }

    @Override
    public void get2D(float[] out) {
        int h = Hashing.hash(pixelHash, dimension);
        dimension += 2;
        int index = shuffledIndex(h);
        out[0] = Hashing.toUnitFloat(Integer.reverse(OwenScrambler.laineKarrasPermutation(index, Hashing.mix(h ^ SALT_X))));
        out[1] = Hashing.toUnitFloat(
                Integer.reverse(OwenScrambler.laineKarrasPermutation(sobol1Reversed(index), Hashing.mix(h ^ SALT_Y))));
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void setDimension(int d) {
        if (d < 0) throw new IllegalArgumentException("negative sampler dimension " + d);
        dimension = d;
    }
}
