package dev.lucent.light;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.NativeBuffer;

/**
 * Chooses a light for next-event estimation and reports the density MIS needs for the same choice.
 *
 * <h2>Selection</h2>
 * Two stages, both by estimated power (luminance-weighted watts):
 * <ol>
 * <li>a group, with probability proportional to its power: punctual lights (sum of
 *     {@link PunctualLight#power}), emissive triangles (the sum of LcEmitter.power,
 *     {@code luminance(emission) x area x pi}) and the environment ({@link EnvironmentLight#power}:
 *     {@code average luminance x pi x 4 pi R^2});
 * <li>a light inside the group: punctual lights in proportion to their power, emitters through the stored
 *     emitter CDF ({@link TriangleLight}), the environment by its own importance sampling.
 * </ol>
 * R is the radius of the scene's bounding sphere (half the diagonal of LcSceneGlobals bboxMin..bboxMax,
 * at least {@value #MIN_SCENE_RADIUS} m); it sizes the environment's and directional lights' power.
 * A group of zero estimated power is never chosen, and then {@link #pdfLight} returns 0 for it too.
 *
 * <p>{@code u0} chooses the group and, remapped, the light within it; {@code u1, u2} choose the point on the
 * light. Thread-safe: the sampler is immutable, each thread passes its own {@link LightSample}.
 */
public final class LightSampler {
    public static final int GROUP_PUNCTUAL = 0, GROUP_EMITTERS = 1, GROUP_ENVIRONMENT = 2;
    /** Floor on the bounding-sphere radius, metres, so an empty or flat scene still gives power estimates. */
    public static final float MIN_SCENE_RADIUS = 1e-3f;

    private final PunctualLight[] punctual;
    private final Distribution1D punctualDistribution;
    private final TriangleLight emitters;
    private final EnvironmentLight environment;
    private final float sceneRadius;
    private final float[] groupPower = new float[3];
    private final float[] groupPmf = new float[3];
    private final float groupCdf1, groupCdf2;
    private final float totalPower;

    /**
     * Builds the sampler for a compiled scene: its lights, emitters (with emission from {@code emission}) and
     * environment. The scene's pools must stay open while the sampler is used (the environment map is read
     * in place).
     */
    public LightSampler(CompiledScene scene, EmissionSource emission) {
        this(punctualLights(scene.lights, scene.lightCount), TriangleLight.fromScene(scene, emission),
                EnvironmentLight.fromScene(scene), sceneRadius(scene.globals));
    }

    /**
     * As {@link #LightSampler(CompiledScene, EmissionSource)} with the scene's environment already read ({@link
     * EnvironmentLight#fromScene}), so a caller that also needs it builds its distribution once.
     */
    public LightSampler(CompiledScene scene, EmissionSource emission, EnvironmentLight environment) {
        this(punctualLights(scene.lights, scene.lightCount), TriangleLight.fromScene(scene, emission), environment,
                sceneRadius(scene.globals));
    }

    /** Builds the sampler from already-read lights (any may be empty); sceneRadius in metres. */
    public LightSampler(PunctualLight[] punctual, TriangleLight emitters, EnvironmentLight environment,
            float sceneRadius) {
        this.punctual = punctual.clone();
        this.emitters = emitters;
        this.environment = environment;
        this.sceneRadius = Math.max(MIN_SCENE_RADIUS, Float.isFinite(sceneRadius) ? sceneRadius : 0f);
        float[] powers = new float[Math.max(1, punctual.length)];
        double sum = 0;
        for (int i = 0; i < punctual.length; i++) {
            powers[i] = punctual[i].power(this.sceneRadius);
            sum += powers[i];
        }
        punctualDistribution = new Distribution1D(powers);
        groupPower[GROUP_PUNCTUAL] = (float) sum;
        groupPower[GROUP_EMITTERS] = emitters != null ? emitters.totalPower() : 0f;
        groupPower[GROUP_ENVIRONMENT] = environment != null ? environment.power(this.sceneRadius) : 0f;
        double total = 0;
        for (float p : groupPower) total += Math.max(0f, p);
        totalPower = (float) total;
        for (int g = 0; g < 3; g++) groupPmf[g] = total > 0 ? (float) (Math.max(0f, groupPower[g]) / total) : 0f;
        groupCdf1 = groupPmf[0];
        groupCdf2 = groupPmf[0] + groupPmf[1];
    }

    private static PunctualLight[] punctualLights(NativeBuffer lights, int count) {
        PunctualLight[] result = new PunctualLight[count];
        for (int i = 0; i < count; i++) result[i] = new PunctualLight(lights, i);
        return result;
    }

    /** Half the diagonal of LcSceneGlobals bboxMin..bboxMax (0 for an empty or invalid box). */
    public static float sceneRadius(NativeBuffer globals) {
        double d2 = 0;
        for (int a = 0; a < 3; a++) {
            double e = globals.getFloat(LcSceneGlobals.BBOX_MAX + 4 * a) - globals.getFloat(LcSceneGlobals.BBOX_MIN + 4 * a);
            if (!(e >= 0)) return 0f;
            d2 += e * e;
        }
        return (float) (0.5 * Math.sqrt(d2));
    }

    public EnvironmentLight environment() { return environment; }
    public TriangleLight emitters() { return emitters; }
    public int punctualCount() { return punctual.length; }
    public PunctualLight punctual(int i) { return punctual[i]; }
    public float sceneRadiusUsed() { return sceneRadius; }

    /** Estimated power of a group (GROUP_*). */
    public float groupPower(int group) { return groupPower[group]; }

    /** Probability of choosing a group (GROUP_*); the three sum to 1, or are all 0 when the scene is dark. */
    public float groupPmf(int group) { return groupPmf[group]; }

    /** Probability of choosing punctual light {@code i} (group and light). */
    public float punctualPmf(int i) {
        if (punctual.length == 0) return 0f;
        return groupPmf[GROUP_PUNCTUAL] * punctualDistribution.pmf(i);
    }

    /**
     * Samples one light as seen from world point (px,py,pz) with uniform variates u0 (choice of light) and
     * u1, u2 (point on it). Fills {@code out} (see {@link LightSample}); pdf includes the selection
     * probability. Returns false, with pdf 0, when the scene has no light or the chosen light sends nothing
     * to this point (back of a one-sided emitter, outside a spot cone or range, zero-density direction).
     */
    public boolean sampleLight(float px, float py, float pz, float u0, float u1, float u2, LightSample out) {
        if (!(totalPower > 0f)) {
            out.clear();
            return false;
        }
        float u = Math.min(Math.max(u0, 0f), Math.nextDown(1f));
        int group;
        float remapped;
        if (u < groupCdf1) {
            group = GROUP_PUNCTUAL;
            remapped = u / groupCdf1;
        } else if (u < groupCdf2 || groupPmf[GROUP_ENVIRONMENT] == 0f) {
            group = GROUP_EMITTERS;
            remapped = groupCdf2 > groupCdf1 ? (u - groupCdf1) / (groupCdf2 - groupCdf1) : 0f;
        } else {
            group = GROUP_ENVIRONMENT;
            remapped = (u - groupCdf2) / (1f - groupCdf2);
        }
        remapped = Math.min(Math.max(remapped, 0f), Math.nextDown(1f));
        boolean ok;
        float pmf;
        switch (group) {
            case GROUP_PUNCTUAL: {
                int i = punctualDistribution.sampleDiscrete(remapped);
                pmf = groupPmf[GROUP_PUNCTUAL] * punctualDistribution.pmf(i);
                ok = punctual[i].sampleLi(px, py, pz, out);
                break;
            }
            case GROUP_EMITTERS: {
                int e = emitters.sampleEmitter(remapped);
                pmf = groupPmf[GROUP_EMITTERS] * emitters.pmf(e);
                ok = e >= 0 && emitters.sampleLi(e, px, py, pz, u1, u2, out);
                break;
            }
            default:
                pmf = groupPmf[GROUP_ENVIRONMENT];
                ok = environment.sampleEnvironment(u1, u2, out);
                break;
        }
        if (!ok || !(pmf > 0f)) {
            out.clear();
            return false;
        }
        out.pdf *= pmf;
        return true;
    }

    /**
     * Density, in the measure of {@link #sampleLight}'s pdf (solid angle x selection probability), with which
     * sampleLight from world point (px,py,pz) picks the point (hx,hy,hz) on triangle {@code triangle} (global
     * index) of {@code instance}, hit by a BSDF-sampled ray. (nx,ny,nz) is the triangle's geometric normal at
     * the hit, either orientation. 0 if the triangle is not an emitter.
     */
    public float pdfLight(float px, float py, float pz, int instance, int triangle, float hx, float hy, float hz,
            float nx, float ny, float nz) {
        if (emitters == null || !(groupPmf[GROUP_EMITTERS] > 0f)) return 0f;
        int e = emitters.emitterOf(instance, triangle);
        if (e < 0) return 0f;
        return groupPmf[GROUP_EMITTERS] * emitters.pmf(e) * emitters.pdfLi(e, px, py, pz, hx, hy, hz, nx, ny, nz);
    }

    /** Density, as {@link #sampleLight} reports it, of world direction (dx,dy,dz) escaping to the environment. */
    public float pdfLight(float dx, float dy, float dz) {
        if (environment == null || !(groupPmf[GROUP_ENVIRONMENT] > 0f)) return 0f;
        return groupPmf[GROUP_ENVIRONMENT] * environment.pdfEnvironment(dx, dy, dz);
    }
}
