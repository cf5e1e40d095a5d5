package dev.lucent.material;

import dev.lucent.core.Layout;
import org.joml.Vector3f;

/**
 * Output of {@code sampleBsdf}. For a non-delta sample {@code weight = f(wo, wi) |cos theta_i| / pdf} with f and
 * pdf exactly what {@code evalBsdf}/{@code pdfBsdf} return for (wo, wi). For a {@link #DELTA} sample, pdf is
 * the discrete probability of choosing that lobe and weight the lobe's reflectance or transmittance divided by
 * it.
 */
public final class BsdfSample {
    public static final int REFLECTION = Layout.LC_BSDF_REFLECTION;
    public static final int TRANSMISSION = Layout.LC_BSDF_TRANSMISSION;
    public static final int DIFFUSE = Layout.LC_BSDF_DIFFUSE;
    public static final int GLOSSY = Layout.LC_BSDF_GLOSSY;
    public static final int DELTA = Layout.LC_BSDF_DELTA;

    /** Sampled incident direction, unit, in the same frame as wo. */
    public final Vector3f wi = new Vector3f();
    /** Throughput factor f |cos theta_i| / pdf per colour channel. */
    public final Vector3f weight = new Vector3f();
    /** Density of wi (1/sr), or the lobe probability for delta samples. */
    public float pdf;
    /** {@link #REFLECTION} or {@link #TRANSMISSION}, with one of {@link #DIFFUSE}, {@link #GLOSSY}, {@link #DELTA}. */
    public int flags;
    /**
     * Relative index of refraction crossed: n(side of wi) / n(side of wo) for transmission, 1 for reflection
     * (path tracers use it to undo radiance scaling in Russian roulette).
     */
    public float eta = 1;

    public boolean isDelta() { return (flags & DELTA) != 0; }
    public boolean isTransmission() { return (flags & TRANSMISSION) != 0; }

    void setNone() {
        wi.zero();
        weight.zero();
        pdf = 0;
        flags = 0;
        eta = 1;
    }
}
