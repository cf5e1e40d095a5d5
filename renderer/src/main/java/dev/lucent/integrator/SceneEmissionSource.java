package dev.lucent.integrator;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.light.EmissionSource;
import dev.lucent.material.MaterialEvaluator;

/**
 * Emission of a compiled scene's triangles for the light sampler: the material the instance draws the triangle
 * with (override included), evaluated at the barycentric point's texture coordinate (emissive factor times the
 * sRGB-decoded emissive texture, as {@link MaterialEvaluator} defines it). Thread-safe: scratch for the texture
 * look-up is per thread, and only textured emitters touch it.
 */
public final class SceneEmissionSource implements EmissionSource {
    private final CompiledScene scene;
    private final MaterialEvaluator materials;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[6]);

    public SceneEmissionSource(CompiledScene scene, MaterialEvaluator materials) {
        this.scene = scene;
        this.materials = materials;
    }

    @Override
    public void emission(int instance, int triangle, float b1, float b2, float[] rgbOut) {
        int material = SurfaceInteraction.material(scene, instance, triangle);
        if (!materials.hasEmissiveTexture(material)) {
            materials.evaluateEmission(material, 0, 0, null, rgbOut);
            return;
        }
        float[] s = scratch.get();
        SurfaceInteraction.uv(scene, instance, triangle, b1, b2, s);
        float u = s[0], v = s[1];
        materials.evaluateEmission(material, u, v, s, rgbOut);
    }

    @Override
    public boolean doubleSided(int instance, int triangle) {
        return (materials.flags(SurfaceInteraction.material(scene, instance, triangle))
                & Layout.LC_MATERIAL_DOUBLE_SIDED) != 0;
    }
}
