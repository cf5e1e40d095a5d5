package dev.lucent.integrator;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.Hit;
import dev.lucent.compile.HitFilter;
import dev.lucent.compile.Intersector;
import dev.lucent.compile.SceneIntersector;
import dev.lucent.core.Layout;
import dev.lucent.image.PixelFilter;
import dev.lucent.light.EnvironmentLight;
import dev.lucent.light.LightSample;
import dev.lucent.light.LightSampler;
import dev.lucent.material.BsdfEval;
import dev.lucent.material.BsdfSample;
import dev.lucent.material.GltfBsdf;
import dev.lucent.material.MaterialEvaluator;
import dev.lucent.material.MaterialPoint;
import dev.lucent.material.ShadingFrame;
import dev.lucent.sampling.Hashing;
import dev.lucent.sampling.Sampler;
import dev.lucent.sampling.SobolSampler;
import java.util.function.Function;
import org.joml.Vector3f;

/**
 * Unidirectional path tracing with next-event estimation and multiple importance sampling (Veach 1997,
 * chapter 9; the structure of pbrt-v4's PathIntegrator). The CUDA and GLSL ports use the same function names:
 * {@link #Li}, {@link #sampleLight}, {@link #sampleBsdf}, {@link #evalBsdf}, {@link #russianRoulette}.
 *
 * <h2>Estimator</h2>
 * At every surface vertex the path adds
 * <ul>
 * <li>emission hit by the previous BSDF sample (or seen directly by the camera, or after a delta bounce, with
 *     weight 1), MIS-weighted against light sampling by the power heuristic (beta = 2) with the light
 *     sampler's density {@link LightSampler#pdfLight}; the same for environment radiance on escape;
 * <li>one light sample from {@link LightSampler#sampleLight} (area, punctual and environment lights, chosen by
 *     power), weighted by the power heuristic against the BSDF density; punctual (delta) lights get weight 1;
 *     a shadow ray checks visibility.
 * </ul>
 * The path then continues in a direction sampled from the BSDF ({@link GltfBsdf#sampleBsdf}); delta lobes
 * (smooth mirror and refraction) carry no density, so emission they reach is added with weight 1 and the light
 * sample at a purely delta vertex is skipped (its BSDF value is zero).
 *
 * <h2>Termination</h2>
 * A path ends after {@code maxDepth} bounces (emission at the last vertex still counts; no light sample is
 * taken there), on escape, or by Russian roulette: from the {@value #RR_START_DEPTH}rd bounce on, the path
 * survives with probability q = min(1, max component of the throughput beta) and beta is divided by q, which
 * keeps the estimate unbiased and ends paths whose contribution has become small. The BSDF omits the 1/eta^2
 * radiance scaling at refractions (see GltfBsdf), so beta needs no eta correction before the test.
 *
 * <h2>Surfaces</h2>
 * <ul>
 * <li>Sides. Emission of a single-sided material (glTF doubleSided false) leaves only through the front face
 *     (counter-clockwise side, see {@link SurfaceInteraction}); double-sided emitters emit from both faces.
 *     Scattering is the same from both sides for every material: the BSDF treats an opaque material's back side
 *     as a mirror image of its front (as Cycles shades back faces), and a transmissive material's back side as
 *     the inside of the dielectric. So doubleSided affects emission only; nothing is culled.
 * <li>Shading normals. The frame is built from the interpolated normal and the tangent, tilted by the normal
 *     map. When the outgoing direction lies on different sides of the shading and the geometric normal (a
 *     normal map or interpolation bent the normal too far), the geometric normal is used instead. A light or
 *     BSDF sample counts only when the shading frame and the geometric normal agree on whether it is a
 *     reflection or a transmission (pbrt's rule), so shading normals cannot leak light through surfaces.
 * <li>Alpha. MASK cut-outs and BLEND stochastic transparency are decided in the intersector through
 *     {@link AlphaHitFilter}, for camera, extension and shadow rays alike.
 * <li>Ray origins are offset from the surface with {@link RayOffset} along the geometric normal, on the side
 *     the new ray leaves to.
 * </ul>
 *
 * <h2>AOVs</h2>
 * From the first hit of the camera ray (even a specular one): base colour as albedo, the shading normal after
 * normal mapping, the hit distance as depth, and the emission the camera sees there (the part of the radiance
 * that needs no denoising). A miss reports zero albedo and normal, infinite depth, and the environment radiance
 * as emission. With a
 * {@link MotionProjector} ({@link #setMotion}) each sample also gets the first hit's screen-space motion from
 * the previous frame and its camera distance there; without one the motion is 0 and that distance infinite.
 *
 * <h2>Sample dimensions</h2>
 * Camera: 0-1 pixel filter, 2-3 lens. Bounce b uses 4 + 8b onwards: +0 light choice, +1/+2 point on the light,
 * +3 BSDF lobe, +4/+5 BSDF direction, +6 Russian roulette. Fixed dimensions per purpose keep the
 * low-discrepancy pairs aligned across paths.
 *
 * <p>Radiance clamp (off by default): a sample whose largest component exceeds {@code clamp} is scaled down to
 * it. Not thread-safe: one integrator per render thread, all sharing the scene, material evaluator and light
 * sampler. Tracing allocates nothing.
 */
public final class PathIntegrator {
    /** First bounce at which Russian roulette may end a path. */
    public static final int RR_START_DEPTH = 3;
    /** Shadow rays stop this fraction short of a sampled light point, so they do not hit the light itself. */
    static final float SHADOW_EPSILON = 1e-4f;
    static final int CAMERA_DIMENSIONS = 4, DIMENSIONS_PER_BOUNCE = 8;

    private final CompiledScene scene;
    private final Intersector intersector;
    private final AlphaHitFilter alphaFilter;
    private final MaterialEvaluator materials;
    private final LightSampler lights;
    private final EnvironmentLight environment;
    private final CameraRayGenerator camera;
    private final IntegratorSettings settings;
    private final PixelFilter filter;
    private final Sampler sampler = new SobolSampler();
    private final GltfBsdf bsdf = new GltfBsdf();

    private final Hit hit = new Hit();
    private final SurfaceInteraction si = new SurfaceInteraction();
    private final MaterialPoint mp = new MaterialPoint();
    private final ShadingFrame frame = new ShadingFrame();
    private final LightSample lightSample = new LightSample();
    private final BsdfSample bsdfSample = new BsdfSample();
    private final BsdfEval bsdfEval = new BsdfEval();
    private final Vector3f woLocal = new Vector3f(), wiLocal = new Vector3f(), scratch = new Vector3f();
    private final Vector3f tangent = new Vector3f(), normal = new Vector3f();
    private final float[] u2 = new float[2], rgb = new float[3], ray = new float[6], lens = new float[2];

    // Path state shared by Li and its steps.
    private float betaR, betaG, betaB, lR, lG, lB;
    private float woX, woY, woZ;
    /** Instance of the camera ray's first hit, -1 for a miss; set by {@link #Li}. */
    private int firstInstance;
    private final float[] motion = new float[5];
    private MotionProjector motionProjector;

    /** Rays traced by this integrator since construction. */
    public long cameraRays, extensionRays, shadowRays;

    /**
     * @param lights built over the same scene with a {@link SceneEmissionSource} of {@code materials}
     * @param camera primary rays for the film being rendered
     */
    public PathIntegrator(CompiledScene scene, MaterialEvaluator materials, LightSampler lights,
            CameraRayGenerator camera, IntegratorSettings settings) {
        this(scene, materials, lights, camera, settings, filter -> new SceneIntersector(scene, filter));
    }

    /**
     * As above, tracing rays through the intersector {@code intersectors} makes for this integrator's alpha
     * filter (an intersector over a layout derived from {@code scene}, which must report the same hits as
     * {@link SceneIntersector}).
     */
    public PathIntegrator(CompiledScene scene, MaterialEvaluator materials, LightSampler lights,
            CameraRayGenerator camera, IntegratorSettings settings, Function<HitFilter, Intersector> intersectors) {
        this.scene = scene;
        this.materials = materials;
        this.lights = lights;
        this.environment = lights.environment();
        this.camera = camera;
        this.settings = settings;
        this.filter = settings.filter();
        this.alphaFilter = new AlphaHitFilter(scene, materials);
        this.intersector = intersectors.apply(alphaFilter);
    }

    /** Motion vectors from the previous frame for the samples that follow; null turns them off (motion 0). */
    public void setMotion(MotionProjector projector) {
        this.motionProjector = projector;
    }

    /** Total rays traced: camera, extension and shadow rays. */
    public long rays() {
        return cameraRays + extensionRays + shadowRays;
    }

    /**
     * Sample {@code sampleIndex} of pixel (x, y): a film position by filter importance sampling around the
     * pixel centre, a camera ray, and {@link #Li} along it.
     */
    public void samplePixel(int x, int y, int sampleIndex, PathSample out) {
        long seed = settings.seed();
        sampler.startPixelSample(x, y, sampleIndex, seed);
        sampler.get2D(u2);
        float dx = u2[0], dy = u2[1];
        sampler.get2D(lens);
        filter.sample(dx, dy, u2);
        camera.generate(x + 0.5f + u2[0], y + 0.5f + u2[1], lens[0], lens[1], ray, u2);
        alphaFilter.setPath(Hashing.hash(x, y, sampleIndex, (int) seed ^ (int) (seed >>> 32)));
        Li(ray[0], ray[1], ray[2], ray[3], ray[4], ray[5], sampler, out);
        if (motionProjector == null) {
            out.motionX = out.motionY = 0;
            out.previousDepth = Float.POSITIVE_INFINITY;
        } else {
            if (firstInstance < 0) {
                motionProjector.motion(scene, -1, ray[3], ray[4], ray[5], motion);
            } else {
                float t = out.depth;
                motionProjector.motion(scene, firstInstance, ray[0] + t * ray[3], ray[1] + t * ray[4],
                        ray[2] + t * ray[5], motion);
            }
            out.motionX = motion[0];
            out.motionY = motion[1];
            out.previousDepth = motion[2];
        }
    }

    /**
     * Radiance arriving at world point (ox, oy, oz) from unit direction (dx, dy, dz) (the camera ray), with the
     * first hit's AOVs, into {@code out}. {@code sampler} must have been started for this pixel sample, at
     * dimension {@value #CAMERA_DIMENSIONS} or below.
     */
    public void Li(float ox, float oy, float oz, float dx, float dy, float dz, Sampler sampler, PathSample out) {
        betaR = betaG = betaB = 1;
        lR = lG = lB = 0;
        boolean specular = true;
        float prevPdf = 0, prevX = 0, prevY = 0, prevZ = 0;
        int maxDepth = settings.maxDepth();
        out.albedoR = out.albedoG = out.albedoB = 0;
        out.normalX = out.normalY = out.normalZ = 0;
        out.depth = Float.POSITIVE_INFINITY;
        out.emissionR = out.emissionG = out.emissionB = 0;
        out.roughness = 0;
        firstInstance = -1;

        for (int depth = 0;; depth++) {
            alphaFilter.setRay(depth, AlphaHitFilter.CAMERA_OR_EXTENSION);
            boolean found = intersector.intersect(ox, oy, oz, dx, dy, dz, 0, Float.POSITIVE_INFINITY, hit);
            if (depth == 0) cameraRays++;
            else extensionRays++;

            if (!found) {
                environment.evalEnvironment(dx, dy, dz, rgb);
                if (rgb[0] != 0 || rgb[1] != 0 || rgb[2] != 0) {
                    float w = specular ? 1 : powerHeuristic(prevPdf, lights.pdfLight(dx, dy, dz));
                    addRadiance(rgb[0] * w, rgb[1] * w, rgb[2] * w);
                    if (depth == 0) {
                        out.emissionR = rgb[0];
                        out.emissionG = rgb[1];
                        out.emissionB = rgb[2];
                    }
                }
                break;
            }

            si.compute(scene, hit, dx, dy, dz);
            materials.evaluate(si.material, si.u, si.v, mp);
            woX = -dx;
            woY = -dy;
            woZ = -dz;
            buildShadingFrame();
            if (depth == 0) {
                out.albedoR = mp.bsdf.baseColor.x;
                out.albedoG = mp.bsdf.baseColor.y;
                out.albedoB = mp.bsdf.baseColor.z;
                out.normalX = frame.n.x;
                out.normalY = frame.n.y;
                out.normalZ = frame.n.z;
                out.depth = hit.t;
                out.roughness = mp.bsdf.roughness;
                firstInstance = hit.instance;
            }

            // Emission reaching the previous vertex (or the camera).
            float er = mp.emission.x, eg = mp.emission.y, eb = mp.emission.z;
            if ((er != 0 || eg != 0 || eb != 0)
                    && (si.frontFace || (mp.flags & Layout.LC_MATERIAL_DOUBLE_SIDED) != 0)) {
                float w = 1;
                if (!specular) {
                    float lightPdf = lights.pdfLight(prevX, prevY, prevZ, hit.instance, hit.triangle, si.px, si.py,
                            si.pz, si.fx, si.fy, si.fz);
                    w = powerHeuristic(prevPdf, lightPdf);
                }
                addRadiance(er * w, eg * w, eb * w);
                if (depth == 0) {
                    out.emissionR = er;
                    out.emissionG = eg;
                    out.emissionB = eb;
                }
            }
            if (depth >= maxDepth) break;

            frame.toLocal(scratch.set(woX, woY, woZ), woLocal);
            int base = CAMERA_DIMENSIONS + DIMENSIONS_PER_BOUNCE * depth;
            sampler.setDimension(base);
            sampleLight(sampler, depth);

            sampler.setDimension(base + 3);
            if (!sampleBsdf(sampler)) break;
            specular = bsdfSample.isDelta();
            prevPdf = bsdfSample.pdf;
            prevX = si.px;
            prevY = si.py;
            prevZ = si.pz;
            if (depth + 1 >= RR_START_DEPTH && !russianRoulette(sampler.get1D())) break;

            frame.toWorld(bsdfSample.wi, scratch);
            dx = scratch.x;
            dy = scratch.y;
            dz = scratch.z;
            float side = dx * si.gx + dy * si.gy + dz * si.gz < 0 ? -1 : 1;
            ox = RayOffset.offset(si.px, side * si.gx);
            oy = RayOffset.offset(si.py, side * si.gy);
            oz = RayOffset.offset(si.pz, side * si.gz);
        }

        float clamp = settings.clamp();
        if (clamp > 0) {
            float m = Math.max(lR, Math.max(lG, lB));
            if (m > clamp) {
                float k = clamp / m;
                lR *= k;
                lG *= k;
                lB *= k;
                out.emissionR *= k;
                out.emissionG *= k;
                out.emissionB *= k;
            }
        }
        out.r = lR;
        out.g = lG;
        out.b = lB;
    }

    private void addRadiance(float r, float g, float b) {
        lR += betaR * r;
        lG += betaG * g;
        lB += betaB * b;
    }

    /**
     * The shading frame at the current hit: interpolated normal and tangent, normal map, and the fall-back to
     * the geometric normal when the outgoing direction sees the two normals from different sides.
     */
    private void buildShadingFrame() {
        normal.set(si.sx, si.sy, si.sz);
        if (mp.hasNormalMap) {
            if (si.tw != 0) frame.fromNormalTangent(normal, tangent.set(si.tx, si.ty, si.tz), si.tw);
            else frame.fromNormal(normal);
            frame.applyNormalMap(mp.normalTs);
        } else {
            frame.fromNormal(normal);
        }
        Vector3f n = frame.n;
        float cosShading = woX * n.x + woY * n.y + woZ * n.z;
        float cosGeometric = woX * si.gx + woY * si.gy + woZ * si.gz;
        if (cosShading * cosGeometric <= 0) frame.fromNormal(normal.set(si.gx, si.gy, si.gz));
    }

    /**
     * Next-event estimation at the current hit: one light sample (dimensions +0..+2 of the bounce), MIS-weighted
     * against the BSDF, added to the path radiance if the shadow ray reaches the light.
     */
    private void sampleLight(Sampler sampler, int depth) {
        float uLight = sampler.get1D();
        sampler.get2D(u2);
        LightSample ls = lightSample;
        if (!lights.sampleLight(si.px, si.py, si.pz, uLight, u2[0], u2[1], ls)) return;
        frame.toLocal(scratch.set(ls.wiX, ls.wiY, ls.wiZ), wiLocal);
        if (!evalBsdf(ls.wiX, ls.wiY, ls.wiZ)) return;
        BsdfEval f = bsdfEval;
        float cos = Math.abs(wiLocal.z);
        float w = ls.isDelta ? 1 : powerHeuristic(ls.pdf, f.pdf);
        float k = cos * w / ls.pdf;
        float cr = betaR * f.f.x * ls.leR * k, cg = betaG * f.f.y * ls.leG * k, cb = betaB * f.f.z * ls.leB * k;
        if (!(cr > 0 || cg > 0 || cb > 0)) return;
        float side = ls.wiX * si.gx + ls.wiY * si.gy + ls.wiZ * si.gz < 0 ? -1 : 1;
        float ox = RayOffset.offset(si.px, side * si.gx);
        float oy = RayOffset.offset(si.py, side * si.gy);
        float oz = RayOffset.offset(si.pz, side * si.gz);
        float tMax = ls.distance < Float.POSITIVE_INFINITY ? ls.distance * (1 - SHADOW_EPSILON)
                : Float.POSITIVE_INFINITY;
        alphaFilter.setRay(depth, AlphaHitFilter.SHADOW);
        shadowRays++;
        if (intersector.occluded(ox, oy, oz, ls.wiX, ls.wiY, ls.wiZ, 0, tMax)) return;
        lR += cr;
        lG += cg;
        lB += cb;
    }

    /**
     * BSDF value and density for the world direction (wx, wy, wz) (already in {@code wiLocal}) into
     * {@code bsdfEval}. False when the value is zero or the shading frame and the geometric normal disagree on
     * reflection versus transmission.
     */
    private boolean evalBsdf(float wx, float wy, float wz) {
        boolean shadingReflect = woLocal.z * wiLocal.z > 0;
        float cosGo = woX * si.gx + woY * si.gy + woZ * si.gz, cosGi = wx * si.gx + wy * si.gy + wz * si.gz;
        if (shadingReflect != (cosGo * cosGi > 0)) return false;
        bsdf.evalBsdf(mp.bsdf, woLocal, wiLocal, bsdfEval);
        Vector3f f = bsdfEval.f;
        return f.x > 0 || f.y > 0 || f.z > 0;
    }

    /**
     * Samples the next direction from the BSDF (dimensions +3..+5 of the bounce) into {@code bsdfSample} and
     * multiplies the throughput by its weight. False ends the path: no sample, or one the geometric normal
     * contradicts (see the class comment), or zero weight.
     */
    private boolean sampleBsdf(Sampler sampler) {
        float uLobe = sampler.get1D();
        sampler.get2D(u2);
        BsdfSample bs = bsdfSample;
        if (!bsdf.sampleBsdf(mp.bsdf, woLocal, uLobe, u2[0], u2[1], bs)) return false;
        frame.toWorld(bs.wi, scratch);
        float cosGo = woX * si.gx + woY * si.gy + woZ * si.gz;
        float cosGi = scratch.x * si.gx + scratch.y * si.gy + scratch.z * si.gz;
        if ((cosGo * cosGi > 0) == bs.isTransmission()) return false;
        betaR *= bs.weight.x;
        betaG *= bs.weight.y;
        betaB *= bs.weight.z;
        return betaR > 0 || betaG > 0 || betaB > 0;
    }

    /**
     * Russian roulette with uniform {@code u}: survival probability q = min(1, max component of beta); on
     * survival beta is divided by q. Returns false when the path ends.
     */
    private boolean russianRoulette(float u) {
        float q = Math.max(betaR, Math.max(betaG, betaB));
        if (q >= 1) return true;
        if (u >= q) return false;
        float inv = 1 / q;
        betaR *= inv;
        betaG *= inv;
        betaB *= inv;
        return true;
    }

    /** Veach's power heuristic with exponent 2 for the strategy of density {@code a} against {@code b}. */
    static float powerHeuristic(float a, float b) {
        double a2 = (double) a * a, b2 = (double) b * b;
        if (!(a2 + b2 > 0)) return 0;
        if (a2 == Double.POSITIVE_INFINITY) return b2 == Double.POSITIVE_INFINITY ? 0.5f : 1;
        return (float) (a2 / (a2 + b2));
    }
}
