package dev.lucent.denoise;

/** {@code --denoise none}: returns a copy of the noisy beauty. */
public final class IdentityDenoiser implements Denoiser {
    public static final String NAME = "none";

    @Override
    public String name() { return NAME; }

    @Override
    public float[] denoise(DenoiseInput in) {
        return in.color().clone();
    }
}
