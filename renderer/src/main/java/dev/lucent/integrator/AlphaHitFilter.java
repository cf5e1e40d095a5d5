package dev.lucent.integrator;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.HitFilter;
import dev.lucent.core.Layout;
import dev.lucent.material.MaterialEvaluator;
import dev.lucent.sampling.Hashing;

/**
 * Alpha for the intersector ({@link dev.lucent.compile.SceneIntersector} consults it only for materials with
 * alpha MASK or BLEND). Alpha is the base colour factor's alpha times the base colour texture's alpha at the
 * hit's texture coordinate.
 * <ul>
 * <li>MASK: the surface is there where alpha &gt;= alphaCutoff (glTF 2.0, 3.9.4).
 * <li>BLEND: stochastic transparency (Enderton et al. 2010): the surface is there with probability alpha,
 *     decided by a hash of (path key, ray key, instance, triangle) rather than by the sampler, so the
 *     decision is a pure function of (pixel, sample, seed, bounce, ray kind, triangle) and images stay
 *     deterministic. Every ray of one path segment asks the same question about the same triangle, so
 *     an extension ray and its shadow rays disagree only through the ray kind.
 * </ul>
 * One per thread (it carries the current path and ray keys and scratch).
 */
public final class AlphaHitFilter implements HitFilter {
    /** Ray kinds mixed into the BLEND hash. */
    public static final int CAMERA_OR_EXTENSION = 0, SHADOW = 1;

    private final CompiledScene scene;
    private final MaterialEvaluator materials;
    private final float[] texel = new float[4], uv = new float[2];
    private int pathKey, rayKey;

    public AlphaHitFilter(CompiledScene scene, MaterialEvaluator materials) {
        this.scene = scene;
        this.materials = materials;
    }

    /** Sets the key of the current path, a hash of pixel, sample index and seed. */
    public void setPath(int pathKey) {
        this.pathKey = pathKey;
    }

    /** Sets the current ray: the bounce it leaves from (0 = camera ray) and its kind. */
    public void setRay(int depth, int kind) {
        this.rayKey = depth * 2 + kind;
    }

    @Override
    public boolean accept(int instance, int triangle, float u, float v) {
        int material = SurfaceInteraction.material(scene, instance, triangle);
        int flags = materials.flags(material);
        SurfaceInteraction.uv(scene, instance, triangle, u, v, uv);
        float alpha = materials.alpha(material, uv[0], uv[1], texel);
        if ((flags & Layout.LC_MATERIAL_ALPHA_MASK) != 0) return alpha >= materials.alphaCutoff(material);
        if (alpha >= 1) return true;
        if (alpha <= 0) return false;
        int h = Hashing.hash(pathKey, rayKey, instance, triangle);
        return Hashing.toUnitFloat(h) < alpha;
    }
}
