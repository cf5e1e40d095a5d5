package dev.lucent.metrics;

/**
 * Do two independent noisy renders of the same scene agree within their noise? For every pixel and channel
 * {@code z = (a - b) / sqrt(var_a + var_b)}, with var the estimated variance of each pixel mean (the
 * {@code variance} layer). If both renders converge to the same image, z is close to a standard normal:
 * {@code rmsZ} near 1, {@code meanZ} near 0 and about 0.27% of values beyond 3. A systematic difference
 * (a bias of one backend) too small to see per pixel shows up in the blocks: over each
 * {@code blockSize x blockSize} block and channel the mean difference divided by its standard deviation
 * {@code sqrt(sum (var_a + var_b)) / N} is again standard normal when the renders agree; {@code maxBlockZ}
 * and the fraction of blocks beyond 3 flag regional bias.
 *
 * <p>Samples with {@code var_a + var_b = 0} carry no noise estimate: equal values are counted in
 * {@code zeroVarianceEqual} and left out, different ones in {@code zeroVarianceDiffer} (a mismatch no noise
 * explains) and left out of the z statistics.
 *
 * <p>The z test is only as good as the variance estimates. Path-traced samples are skewed: at low sample
 * counts most pixels have not yet drawn their rare bright samples, so their variance is underestimated and z
 * has fat tails (Cornell box, 16 against 16384 spp: rms z 2.8, mean -0.85). A quasi-random sampler
 * converges faster than the independent-sample formula var/n assumes, so at high counts z is too narrow
 * (two independent 1024-spp renders: rms z 0.82 for the Cornell box, 0.41 for DamagedHelmet under the sky;
 * blocks stayed below |z| 2.6). Compare renders of a few hundred samples or more,
 * and read rms z against that of two renders known to agree rather than against exactly 1.
 *
 * @param samples              pixel-channel values with a noise estimate
 * @param meanZ                mean of z
 * @param rmsZ                 root mean square of z (about 1 when the renders agree)
 * @param fractionBeyond3      fraction of |z| &gt; 3 (0.0027 expected for agreement)
 * @param zeroVarianceEqual    values equal in both images without a noise estimate
 * @param zeroVarianceDiffer   values that differ but have no noise estimate
 * @param blockSize            block edge in pixels (edge blocks may be smaller)
 * @param blocks               block-channel tests made (blocks with a noise estimate, times channels)
 * @param maxBlockZ            largest |block z|
 * @param fractionBlocksBeyond3 fraction of block-channel tests with |z| &gt; 3
 */
public record ZScoreSummary(long samples, double meanZ, double rmsZ, double fractionBeyond3,
                            long zeroVarianceEqual, long zeroVarianceDiffer, int blockSize, long blocks,
                            double maxBlockZ, double fractionBlocksBeyond3) {
    /** Default block size for the regional bias check. */
    public static final int DEFAULT_BLOCK = 16;

    /** The summary of linear images a and b with their variance-of-the-mean images (3 floats per pixel). */
    public static ZScoreSummary of(RgbImage a, RgbImage varianceA, RgbImage b, RgbImage varianceB, int blockSize) {
        a.requireSameSize(b);
        a.requireSameSize(varianceA);
        b.requireSameSize(varianceB);
        if (blockSize < 1) throw new IllegalArgumentException("block size " + blockSize);
        int w = a.width(), h = a.height();
        float[] pa = a.rgb(), pb = b.rgb(), va = varianceA.rgb(), vb = varianceB.rgb();
        long n = 0, beyond = 0, zeroEqual = 0, zeroDiffer = 0;
        double sumZ = 0, sumZ2 = 0;
        for (int i = 0; i < pa.length; i++) {
            double d = (double) pa[i] - pb[i];
            double v = (double) va[i] + vb[i];
            if (!(v > 0) || !Double.isFinite(v) || !Double.isFinite(d)) {
                if (d == 0) zeroEqual++;
                else zeroDiffer++;
                continue;
            }
            double z = d / Math.sqrt(v);
            n++;
            sumZ += z;
            sumZ2 += z * z;
            if (Math.abs(z) > 3) beyond++;
        }
        long blocks = 0, blocksBeyond = 0;
        double maxBlock = 0;
        for (int by = 0; by < h; by += blockSize) {
            for (int bx = 0; bx < w; bx += blockSize) {
                for (int c = 0; c < 3; c++) {
                    double sumD = 0, sumV = 0;
                    int count = 0;
                    for (int y = by; y < Math.min(h, by + blockSize); y++) {
                        for (int x = bx; x < Math.min(w, bx + blockSize); x++) {
                            int i = 3 * (y * w + x) + c;
                            double d = (double) pa[i] - pb[i];
                            double v = (double) va[i] + vb[i];
                            if (!(v > 0) || !Double.isFinite(v) || !Double.isFinite(d)) continue;
                            sumD += d;
                            sumV += v;
                            count++;
                        }
                    }
                    if (count == 0) continue;
                    double z = sumD / Math.sqrt(sumV); // (sumD / N) / (sqrt(sumV) / N)
                    blocks++;
                    maxBlock = Math.max(maxBlock, Math.abs(z));
                    if (Math.abs(z) > 3) blocksBeyond++;
                }
            }
        }
        return new ZScoreSummary(n, n > 0 ? sumZ / n : 0, n > 0 ? Math.sqrt(sumZ2 / n) : 0,
                n > 0 ? (double) beyond / n : 0, zeroEqual, zeroDiffer, blockSize, blocks, maxBlock,
                blocks > 0 ? (double) blocksBeyond / blocks : 0);
    }
}
