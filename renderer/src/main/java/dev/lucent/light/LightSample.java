package dev.lucent.light;

/**
 * One light sample for next-event estimation, written by {@link LightSampler#sampleLight} (and by the
 * per-light {@code sample*} methods). Reused by the caller; each thread owns its own instance.
 *
 * <p>Contract: the contribution of the sample to reflected radiance at the shading point is
 * {@code f(wo, wi) * Le * |cos(n, wi)| / pdf}, unoccluded along the segment of length {@link #distance}.
 */
public final class LightSample {
    /** Unit direction from the shading point towards the light, world space. */
    public float wiX, wiY, wiZ;
    /** Distance to the sampled point on the light in metres (shadow-ray length); +inf for the environment and
     * directional lights. The caller shortens the shadow ray by its own epsilon. */
    public float distance;
    /** Radiance arriving along -wi, linear RGB, W/(m^2 sr). For delta lights it is the term that takes its
     * place in the contribution above: intensity x attenuation / d^2 for point and spot lights, the irradiance
     * normal to wi for directional lights (both W/m^2). */
    public float leR, leG, leB;
    /** For area and environment lights: solid-angle density of wi times the light-selection probability.
     * For delta lights: the selection probability alone. 0 when the sample is invalid. */
    public float pdf;
    /** True for point, spot and directional lights: no BSDF sample can hit them, so MIS gives them weight 1. */
    public boolean isDelta;

    /** Scratch for environment sampling; lets one LightSample per thread make sampling thread-safe. */
    final Distribution2D.Sample envScratch = new Distribution2D.Sample();
    /** Scratch colour for emission look-ups. */
    final float[] rgb = new float[3];

    void setDirection(float x, float y, float z) {
        wiX = x;
        wiY = y;
        wiZ = z;
    }

    void setRadiance(float r, float g, float b) {
        leR = r;
        leG = g;
        leB = b;
    }

    /** Marks the sample invalid: zero radiance and pdf. */
    void clear() {
        leR = leG = leB = 0f;
        pdf = 0f;
        isDelta = false;
        distance = 0f;
    }
}
