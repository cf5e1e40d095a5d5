package dev.lucent.material;

import org.joml.Vector3f;

/** Output of {@code evalBsdf}: the BSDF value and the density with which {@code sampleBsdf} picks that direction. */
public final class BsdfEval {
    /** BSDF value f(wo, wi) per colour channel (x = r, y = g, z = b), 1/sr; excludes delta lobes. */
    public final Vector3f f = new Vector3f();
    /** Solid-angle density of sampling wi given wo, 1/sr; excludes delta lobes. */
    public float pdf;

    void setZero() {
        f.zero();
        pdf = 0;
    }
}
