package dev.lucent.denoise;

/**
 * A denoiser Lucent knows by name but cannot run here (not built, no GPU, no driver library). The message is
 * one line, "denoiser 'NAME' not available: REASON", fit to print as is.
 */
public final class DenoiserUnavailableException extends RuntimeException {
    private final String denoiser;

    public DenoiserUnavailableException(String denoiser, String reason) {
        super("denoiser '" + denoiser + "' not available: " + reason);
        this.denoiser = denoiser;
    }

    /** The name that was asked for. */
    public String denoiser() { return denoiser; }
}
