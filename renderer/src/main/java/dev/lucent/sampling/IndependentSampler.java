package dev.lucent.sampling;

/**
 * Independent uniform values: each is a hash of (pixel, seed, sample index, dimension). Deterministic like
 * {@link SobolSampler} but with no stratification; the reference that convergence tests and debugging
 * compare the low-discrepancy sampler against. Integer-only, same {@link Hashing} as the GPU ports.
 */
public final class IndependentSampler implements Sampler {
    private int pixelHash;
    private int sampleIndex;
    private int dimension;

    @Override
    public void startPixelSample(int px, int py, int sampleIndex, long seed) {
        this.pixelHash = Hashing.hash(px, py, (int) seed, (int) (seed >>> 32));
        this.sampleIndex = sampleIndex;
        this.dimension = 0;
    }

    @Override
    public float get1D() {
        return Hashing.toUnitFloat(Hashing.hash(pixelHash, sampleIndex, dimension++));
    }

    @Override
    public void get2D(float[] out) {
        out[0] = get1D();
        out[1] = get1D();
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
