package dev.lucent.denoise;

/**
 * Parameters of {@link CpuDenoiser}. Every edge-stopping term adds to the exponent of the tap weight
 * {@code h(i) h(j) exp(-(colour + normal + albedo + depth))}:
 * <ul>
 *   <li>{@code levels}: a-trous passes; pass k uses a 5x5 kernel with holes of 2^k pixels, so 5 levels reach
 *       62 pixels from the centre;</li>
 *   <li>{@code colourSigma}: colour term
 *       {@code mean_c (u_q,c - u_p,c)^2 / (colourSigma^2 * 2 min(var_p,c, var_q,c))}, the squared difference of
 *       demodulated colour in units of the noise expected of the less noisy of the two pixels (variance of the
 *       mean, smoothed and carried through the passes);</li>
 *   <li>{@code normalSigma}: normal term {@code |n_q - n_p|^2 / normalSigma^2} (unit normals: 0.2 gives 1 at
 *       about 11.5 degrees);</li>
 *   <li>{@code albedoSigma}: albedo term {@code |a_q - a_p|^2 / albedoSigma^2};</li>
 *   <li>{@code depthSigma}: depth term {@code |z_q - z_p| / (depthSigma (|dz/dx| |dx| + |dz/dy| |dy|) +
 *       0.01 z_p)}: the depth change in units of what the centre's screen-space depth gradient predicts
 *       over the tap offset (Schied et al. 2017), plus a 1% tolerance;</li>
 *   <li>{@code fireflyRatio}: a pixel whose demodulated luminance exceeds this many times that of each of
 *       its 8 neighbours is clamped to the brightest neighbour before filtering; 0 turns the clamp off.</li>
 *   <li>{@code outlierRatio}: before everything else, {@link OutlierFilter} with this ratio takes out, per
 *       channel, pixels whose standard error exceeds this many times their neighbours' median (rare bright
 *       samples); 0 turns it off.</li>
 * </ul>
 */
public record CpuDenoiserSettings(int levels, float colourSigma, float normalSigma, float albedoSigma,
                                  float depthSigma, float fireflyRatio, float outlierRatio) {
    public CpuDenoiserSettings {
        if (levels < 1 || levels > 12) throw new IllegalArgumentException("levels " + levels);
        if (!(colourSigma > 0 && normalSigma > 0 && albedoSigma > 0 && depthSigma > 0)) {
            throw new IllegalArgumentException("sigmas must be positive");
        }
        if (!(fireflyRatio == 0 || fireflyRatio >= 1)) {
            throw new IllegalArgumentException("firefly ratio must be 0 (off) or at least 1: " + fireflyRatio);
        }
        if (!(outlierRatio == 0 || outlierRatio >= 1)) {
            throw new IllegalArgumentException("outlier ratio must be 0 (off) or at least 1: " + outlierRatio);
        }
    }

    /** These settings without the outlier pass ({@code outlierRatio} 0). */
    public CpuDenoiserSettings(int levels, float colourSigma, float normalSigma, float albedoSigma,
                               float depthSigma, float fireflyRatio) {
        this(levels, colourSigma, normalSigma, albedoSigma, depthSigma, fireflyRatio, 0f);
    }

    /** The settings {@code --denoise cpu} uses. */
    public static CpuDenoiserSettings defaults() {
        return new CpuDenoiserSettings(5, 2.5f, 0.2f, 0.15f, 1.0f, 2.0f, OutlierFilter.DEFAULT_RATIO);
    }
}
