package dev.lucent.sampling;

/**
 * Owen-scrambled, per-pixel shuffled Sobol sampler, padded by dimension (Burley 2020, "Practical Hash-based
 * Owen Scrambling", sections 3-4). Lucent's default {@link Sampler}.
 *
 * <p>Every {@link #get2D} draws the first two Sobol dimensions (a (0,2)-sequence: the van der Corput radical
 * inverse and the Pascal-matrix dimension) at a shuffled index, then Owen-scrambles each coordinate.
 * {@link #get1D} draws the van der Corput dimension the same way. The shuffle and the scrambles are seeded
 * by hash(pixel, seed, dimension), so dimensions are decorrelated by hashing ("padding") rather than by higher
 * Sobol dimensions: the only table is the 32 direction numbers of Sobol dimension 1.
 *
 * <p>Guarantees: for any pixel, seed and dimension, the first 2^k samples of a {@code get2D} pair are a
 * (0,k,2)-net (exactly one point in every elementary interval of area 2^-k), and the first 2^k values of a
 * {@code get1D} dimension hit each interval [i/2^k, (i+1)/2^k) once (k <= 24, the float resolution).
 *
 * <p>Integer-only (32-bit wrap-around arithmetic, unsigned shifts); the CUDA/GLSL ports use the same
 * constants and {@link Hashing}/{@link OwenScrambler} steps and produce the same bits.
 */
public final class SobolSampler implements Sampler {
    /**
     * Direction numbers of Sobol dimension 1 (primitive polynomial x + 1, m_1 = 1): m_k = 2 m_{k-1} xor m_{k-1},
     * v_k = m_k << (32 - k). The generator matrix is Pascal's triangle mod 2. Entry b multiplies index bit b.
     */
    static final int[] SOBOL_DIM1 = sobolDimension1();

    /* Seed salts separating the index shuffle and the two coordinate scrambles of one dimension. */
    private static final int SALT_SHUFFLE = 0x2b7e1516, SALT_X = 0x68e31da4, SALT_Y = 0x1b873593;

    private int pixelHash;
    private int sampleIndex;
    private int dimension;

    private static int[] sobolDimension1() {
        int[] v = new int[32];
        int m = 1;
        for (int k = 1; k <= 32; k++) {
            if (k > 1) m = (m << 1) ^ m;
            v[k - 1] = m << (32 - k);
        }
        return v;
    }

    /** Sobol dimension 0 (van der Corput) of {@code index} as a 32-bit binary fraction. */
    static int sobol0(int index) {
        return Integer.reverse(index);
    }

    /** Sobol dimension 1 of {@code index} as a 32-bit binary fraction. */
    static int sobol1(int index) {
        int x = 0;
        for (int bit = 0; index != 0; bit++, index >>>= 1) {
            if ((index & 1) != 0) x ^= SOBOL_DIM1[bit];
        }
        return x;
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

    @Override
    public float get1D() {
        int h = Hashing.hash(pixelHash, dimension);
        dimension += 1;
        int index = shuffledIndex(h);
        return Hashing.toUnitFloat(OwenScrambler.scramble(sobol0(index), Hashing.mix(h ^ SALT_X)));
    }

    @Override
    public void get2D(float[] out) {
        int h = Hashing.hash(pixelHash, dimension);
        dimension += 2;
        int index = shuffledIndex(h);
        out[0] = Hashing.toUnitFloat(OwenScrambler.scramble(sobol0(index), Hashing.mix(h ^ SALT_X)));
        out[1] = Hashing.toUnitFloat(OwenScrambler.scramble(sobol1(index), Hashing.mix(h ^ SALT_Y)));
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
