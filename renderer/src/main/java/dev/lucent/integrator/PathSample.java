package dev.lucent.integrator;

/**
 * What {@link PathIntegrator} returns for one camera sample: radiance and the first hit's AOVs. Mutable and
 * reused per thread.
 */
public final class PathSample {
    /** Radiance along the camera ray, linear Rec.709, W/(sr m^2). */
    public float r, g, b;
    /** First hit's base colour (after textures), linear; 0 for a miss. */
    public float albedoR, albedoG, albedoB;
    /** First hit's shading normal (after normal mapping), unit, world space; 0 for a miss. */
    public float normalX, normalY, normalZ;
    /** Distance from the ray origin to the first hit, world units; +infinity for a miss. */
    public float depth;
    /**
     * Emission of the first hit as the camera sees it (radiance leaving the surface towards the camera, linear,
     * after the radiance clamp's scaling); 0 for a miss. Part of {@link #r}, {@link #g}, {@link #b}.
     */
    public float emissionR, emissionG, emissionB;
    /**
     * Screen-space motion of the first hit from the previous frame to this one, in pixels (x right, y down):
     * the point was at film position (current - motion) in the previous frame. 0 without a previous frame.
     */
    public float motionX, motionY;
    /**
     * The first hit's camera distance in the previous frame (world units, as {@link #depth}), +infinity for a
     * miss, without a previous frame, or where the point has no previous position.
     */
    public float previousDepth;
    /**
     * The first hit's perceptual roughness (glTF {@code roughnessFactor} times its texture, 0 smooth to 1 rough)
     * as the material evaluates it; 0 for a miss. A feature for the denoisers.
     */
    public float roughness;
}
