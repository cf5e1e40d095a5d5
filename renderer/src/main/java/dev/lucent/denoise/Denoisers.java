package dev.lucent.denoise;

import java.util.List;
import java.util.Locale;

/** The one place a denoiser is chosen by name ({@code --denoise none|cpu|cpu-regression|optix}). */
public final class Denoisers {
    /** Name of the OptiX AI denoiser (JNI bridge in jni/, available where the driver and a GPU are). */
    public static final String OPTIX = "optix";

    private Denoisers() {}

    /** Every name {@link #byName} knows, available here or not. */
    public static List<String> names() {
        return List.of(IdentityDenoiser.NAME, CpuDenoiser.NAME, RegressionFilter.NAME, OPTIX);
    }

    /**
     * The denoiser called {@code name} (case-insensitive), one thread per available processor. Throws
     * {@link DenoiserUnavailableException} (one line with the reason) for a known denoiser that cannot run
     * here, IllegalArgumentException listing the known names for an unknown one.
     */
    public static Denoiser byName(String name) {
        return byName(name, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #byName(String)} with {@code threads} worker threads for the denoisers that run on the CPU. */
    public static Denoiser byName(String name, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        switch (name.toLowerCase(Locale.ROOT)) {
            case IdentityDenoiser.NAME:
                return new IdentityDenoiser();
            case CpuDenoiser.NAME:
                return new CpuDenoiser(CpuDenoiserSettings.defaults(), threads);
            case RegressionFilter.NAME:
                return RegressionFilter.defaults(threads);
            case OPTIX: {
                OptixAvailability optix = OptixAvailability.check();
                if (!optix.available()) {
                    throw new DenoiserUnavailableException(OPTIX, optix.reason().replaceFirst("^not available: ", ""));
                }
                return OptixDenoiser.open();
            }
            default:
                throw new IllegalArgumentException("unknown denoiser '" + name + "'; known: "
                        + String.join(", ", names()));
        }
    }

    /**
     * The temporal mode of the denoiser called {@code name}, for frame sequences: {@code cpu} is a
     * {@link TemporalDenoiser} around the CPU denoiser, {@code optix} OptiX's temporal AOV model fed the motion
     * AOV as flow. Same exceptions as {@link #byName(String, int)}; {@code none} has no temporal mode
     * (IllegalArgumentException).
     */
    public static SequenceDenoiser sequence(String name, int threads) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals(OPTIX)) {
            OptixAvailability optix = OptixAvailability.check();
            if (!optix.available()) {
                throw new DenoiserUnavailableException(OPTIX, optix.reason().replaceFirst("^not available: ", ""));
            }
            return OptixDenoiser.open(true, true, true);
        }
        if (n.equals(IdentityDenoiser.NAME)) {
            throw new IllegalArgumentException("denoiser 'none' has no temporal mode");
        }
        return new TemporalDenoiser(byName(name, threads));
    }
}
