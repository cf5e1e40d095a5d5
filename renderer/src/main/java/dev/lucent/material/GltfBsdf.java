package dev.lucent.material;

import org.joml.Vector3f;
import org.joml.Vector3fc;

/**
 * The glTF 2.0 metallic-roughness BSDF with KHR_materials_transmission and KHR_materials_ior (glTF 2.0
 * specification, Appendix B), in the local shading frame (+z = shading normal). The CUDA and GLSL ports
 * implement the same three functions with the same names: {@link #evalBsdf}, {@link #sampleBsdf},
 * {@link #pdfBsdf}.
 *
 * <h2>Model</h2>
 * <pre>
 *   material   = mix(dielectric, metal, metallic)
 *   metal      = SchlickFresnel(F0 = baseColor, wo.h) * specular_brdf
 *   dielectric = F(wo.h) * specular_brdf                                      (white layer)
 *              + (1 - transmission) * baseColor * diffuse_brdf * W(wo, wi)    (base, reflection)
 *              + transmission * baseColor * (1 - F(wo.h)) * specular_btdf     (base, transmission)
 * </pre>
 * F is the exact dielectric Fresnel for ior (not Schlick), so a smooth transmissive surface reflects F and
 * transmits 1 - F exactly, with total internal reflection. specular_brdf / specular_btdf are GGX with
 * height-correlated Smith G2 ({@link SpecularBrdf}, {@link SpecularBtdf}); alpha = roughness^2, and below
 * {@link GgxDistribution#DELTA_ALPHA} both specular lobes are perfect mirror/refraction deltas.
 *
 * <p>Diffuse weight. glTF's fresnel_mix weights the diffuse base by 1 - F(wo.h), which is not energy
 * conserving at grazing angles (diffuse and specular together exceed 1). Lucent uses the reciprocal
 * W = (1 - F(cos theta_o)) (1 - F(cos theta_i)) / (1 - Fbar), Fbar = {@link Fresnel#diffuseReflectance}(ior):
 * seen from outside, the diffuse base then returns exactly the 1 - F(cos theta_o) a smooth coat transmits,
 * so a smooth dielectric is exactly energy conserving. For a rough coat F is replaced by the coat reflection's
 * directional albedo E_reflection and Fbar by its hemispherical average (both from {@link GgxAlbedoTable}), which
 * keeps that property.
 *
 * <h2>Energy compensation</h2>
 * GGX with Smith shadowing models single scattering only and loses up to about half the energy at roughness 1
 * (Heitz et al. 2016). Rough lobes are compensated with tabulated single-scattering albedos at cos theta_o
 * ({@link GgxAlbedoTable}): the metal lobe by Turquin 2019's factor 1 + F0 (1 - E) / E per channel, the dielectric
 * interface (reflection and transmission) by 1 / E_interface in proportion to transmission, and the opaque
 * dielectric by the coat-albedo weighting of the diffuse base above. A white conductor, a white opaque dielectric
 * and white rough glass (from either side) then have albedo 1 up to the tables' interpolation error, and no
 * material exceeds it. The compensation changes evaluation only: sampling and {@link #pdfBsdf} are those of the
 * single-scattering lobes. The metal and interface scales depend on cos theta_o alone, so those lobes are not
 * reciprocal (as in Turquin 2019); the opaque dielectric stays reciprocal.
 *
 * <h2>Sides</h2>
 * wo.z < 0 means the path is on the back side. For a transmissive material (transmission > 0) that is the
 * inside of the dielectric: the frame is mirrored (z flipped) and eta becomes 1/ior, so leaving rays see total
 * internal reflection; the diffuse base keeps its outside normaliser, so seen from inside it returns
 * (1 - F(cos theta_o)) / ior^2. For an opaque material the back side is mirrored with the same ior (a
 * two-sided surface). The BTDF omits the 1/eta^2 radiance scaling (see {@link SpecularBtdf}).
 *
 * <h2>Sampling</h2>
 * Three lobes are chosen with probabilities proportional to albedo estimates at wo: metal (Schlick at
 * cos theta_o, max channel, floored at 0.04 so a black metal is still sampled), dielectric interface
 * (F(cos theta_o) + transmission (1 - F) max(baseColor)), and diffuse ((1 - transmission)(1 - F) max(baseColor)).
 * The dielectric lobe draws a visible normal h and then reflects with probability
 * F(wo.h) / (F(wo.h) + transmission max(baseColor) (1 - F(wo.h))), else refracts (Walter et al. 2007).
 * {@link #pdfBsdf} is the exact mixture density of this procedure (delta lobes excluded), and non-delta sample
 * weights are f |cos| / pdf with both from {@link #evalBsdf}.
 *
 * <p>Parameters are clamped to their valid ranges (colour and fractions to [0, 1], ior to >= 1.01: at ior 1
 * the refraction half vector is undefined). Instances hold scratch vectors: one per thread, no allocation per
 * call.
 */
public final class GltfBsdf {
    /** Smallest ior used; glTF allows 1, where rough refraction is undefined. */
    public static final float MIN_IOR = 1.01f;
    /** Lower bound of the metal lobe's selection weight (per unit metallic). */
    static final float MIN_METAL_WEIGHT = 0.04f;

    // Scratch, reused by every call.
    private final Vector3f wo = new Vector3f(), wi = new Vector3f(), h = new Vector3f();
    private final float[] scratch3 = new float[3];
    private final BsdfEval evalScratch = new BsdfEval();

    // Lobe state of the current (params, wo), set by setup().
    private float metallic, transmission, alpha, eta, maxBase, cosO, fresnelO;
    private float baseR, baseG, baseB;
    private boolean delta, flipped;
    private float pMetal, pDielectric, pDiffuse;
    private float diffuseScale; // (1 - metallic)(1 - transmission) / (pi (1 - coat albedo average))
    // Energy compensation of rough lobes (GgxAlbedoTable), 0 or 1 for delta lobes.
    private float metalMs;        // (1 - E_c(cos theta_o)) / E_c: the metal lobe is scaled by 1 + F0 metalMs
    private float reflectScale;   // dielectric reflection: 1 - transmission + transmission / E_interface
    private float transmitScale;  // dielectric transmission: 1 / E_interface(cos theta_o)
    private float coatAlbedoO;    // coat reflection albedo at wo: F(cos theta_o) smooth, E_reflection rough
    private int coatRow;          // E_reflection table row of (side, ior, roughness) for look-ups at wi
    private float coatFIor, coatFRoughness;

    // 1 / (1 - Fbar) depends only on ior: cached.
    private float cachedIor = Float.NaN, cachedDiffuseNorm;

    /**
     * Reads params and wo (local frame), mirrors to the wo.z > 0 side, and sets the lobe probabilities.
     * Returns false when wo lies in the tangent plane (no scattering).
     */
    private boolean setup(BsdfParams p, Vector3fc woIn) {
        if (!(Math.abs(woIn.z()) > 0)) return false; // also rejects NaN
        flipped = woIn.z() < 0;
        wo.set(woIn.x(), woIn.y(), flipped ? -woIn.z() : woIn.z());
        cosO = wo.z;
        metallic = clamp01(p.metallic);
        transmission = clamp01(p.transmission);
        baseR = clamp01(p.baseColor.x);
        baseG = clamp01(p.baseColor.y);
        baseB = clamp01(p.baseColor.z);
        maxBase = Math.max(baseR, Math.max(baseG, baseB));
        float ior = Math.max(p.ior, MIN_IOR);
        if (!(ior < Float.POSITIVE_INFINITY)) ior = 1.5f;
        eta = flipped && transmission > 0 ? 1 / ior : ior;
        alpha = GgxDistribution.alpha(p.roughness);
        delta = GgxDistribution.isDelta(alpha);
        fresnelO = Fresnel.dielectric(cosO, eta);

        metalMs = 0;
        reflectScale = 1;
        transmitScale = 1;
        coatAlbedoO = fresnelO;
        if (delta) {
            if (ior != cachedIor) {
                cachedIor = ior;
                cachedDiffuseNorm = (float) (1 / (1 - Fresnel.diffuseReflectance(ior)));
            }
            diffuseScale = (1 - metallic) * (1 - transmission) * DiffuseBrdf.INV_PI * cachedDiffuseNorm;
        } else {
            setupCompensation(p.roughness, ior);
        }

        float wMetal = metallic * Math.max(Fresnel.schlick(cosO, maxBase), MIN_METAL_WEIGHT);
        float wDielectric = (1 - metallic) * (fresnelO + transmission * maxBase * (1 - fresnelO));
        // Diffuse albedo: (1 - F_o) * (1 - Fbar(eta)) / (1 - Fbar(ior)); the last ratio is 1 outside, 1/ior^2 inside.
        float wDiffuse = (1 - metallic) * (1 - transmission) * maxBase * (1 - fresnelO)
                * (eta < 1 ? eta * eta : 1);
        float sum = wMetal + wDielectric + wDiffuse;
        pMetal = wMetal / sum;
        pDielectric = wDielectric / sum;
        pDiffuse = wDiffuse / sum;
        return true;
    }

    /**
     * Energy compensation of the rough lobes from the single-scattering albedos E (GgxAlbedoTable at
     * cos theta_o). Metal: Turquin 2019's scale 1 + F0 (1 - E) / E per channel (albedo exactly 1 at F0 = 1, at
     * most 1 otherwise). Dielectric: the interface (reflection and transmission) is scaled by 1 / E_interface so
     * a rough glass surface returns all light from either side; the reflection also serves the opaque part
     * (1 - transmission) unscaled, whose lost energy goes to the diffuse base instead: the base is weighted by
     * (1 - E_reflection(cos theta_o)) (1 - E_reflection(cos theta_i)) / (1 - average), the rough analogue of the
     * smooth coat's Fresnel weighting, so a white opaque dielectric returns exactly 1 and stays reciprocal.
     */
    private void setupCompensation(float roughness, float ior) {
        if (metallic > 0) {
            float e = GgxAlbedoTable.conductor(cosO, roughness);
            metalMs = (1 - e) / e;
        }
        if (metallic < 1) {
            float pr = GgxAlbedoTable.roughnessPosition(roughness), pi = GgxAlbedoTable.iorPosition(ior);
            int r = GgxAlbedoTable.lowerNode(pr, GgxAlbedoTable.ROUGHNESS_SIZE);
            int i = GgxAlbedoTable.lowerNode(pi, GgxAlbedoTable.IOR_SIZE);
            coatFRoughness = pr - r;
            coatFIor = pi - i;
            coatRow = GgxAlbedoTable.dielectricRow(GgxAlbedoTable.REFLECTION, eta < 1 ? 1 : 0, i, r);
            coatAlbedoO = GgxAlbedoTable.dielectric(coatRow, coatFIor, coatFRoughness, cosO);
            if (transmission > 0) {
                transmitScale = 1 / GgxAlbedoTable.dielectric(coatRow + (GgxAlbedoTable.INTERFACE
                        - GgxAlbedoTable.REFLECTION), coatFIor, coatFRoughness, cosO);
                reflectScale = 1 - transmission + transmission * transmitScale;
            }
            float average = GgxAlbedoTable.reflectionAverage(i, r, coatFIor, coatFRoughness);
            diffuseScale = (1 - metallic) * (1 - transmission) * DiffuseBrdf.INV_PI / (1 - average);
        } else {
            diffuseScale = 0;
        }
    }

    /** Coat reflection albedo at cos theta_i on the setup() side: F when smooth, E_reflection when rough. */
    private float coatAlbedo(float cosI) {
        return delta ? Fresnel.dielectric(cosI, eta)
                : GgxAlbedoTable.dielectric(coatRow, coatFIor, coatFRoughness, cosI);
    }

    private static float clamp01(float x) {
        return x > 0 ? (x < 1 ? x : 1) : 0; // NaN -> 0
    }

    /** Probability that the dielectric lobe reflects at a microfacet with Fresnel reflectance f. */
    private float reflectProbability(float f) {
        float t = transmission * maxBase * (1 - f);
        return f + t > 0 ? f / (f + t) : 1;
    }

    /** Mirrors a vector into the setup() frame (z flipped when wo was below the surface). */
    private Vector3f toSetupFrame(Vector3fc v, Vector3f out) {
        return out.set(v.x(), v.y(), flipped ? -v.z() : v.z());
    }

    /**
     * BSDF value f(wo, wi) and sampling density pdf(wi | wo), both excluding delta lobes. wo and wi are unit
     * vectors in the local shading frame, pointing away from the surface.
     */
    public void evalBsdf(BsdfParams p, Vector3fc woLocal, Vector3fc wiLocal, BsdfEval out) {
        out.setZero();
        if (!setup(p, woLocal)) return;
        evalSetup(wiLocal, out);
    }

    /** evalBsdf after setup(); wi in the caller's frame. */
    private void evalSetup(Vector3fc wiLocal, BsdfEval out) {
        out.setZero();
        toSetupFrame(wiLocal, wi);
        float cosI = wi.z;
        if (cosI > 0) {
            if (pDiffuse > 0) {
                float w = diffuseScale * (1 - coatAlbedoO) * (1 - coatAlbedo(cosI));
                out.f.set(w * baseR, w * baseG, w * baseB);
                out.pdf += pDiffuse * DiffuseBrdf.pdf(wo, wi);
            }
            if (!delta && SpecularBrdf.halfVector(wo, wi, h)) {
                float spec = SpecularBrdf.eval(wo, wi, h, alpha);
                float woh = wo.dot(h);
                float fd = Fresnel.dielectric(woh, eta);
                float white = (1 - metallic) * fd * spec * reflectScale;
                float m = metallic * spec;
                out.f.add(white + m * Fresnel.schlick(woh, baseR) * (1 + baseR * metalMs),
                        white + m * Fresnel.schlick(woh, baseG) * (1 + baseG * metalMs),
                        white + m * Fresnel.schlick(woh, baseB) * (1 + baseB * metalMs));
                out.pdf += (pMetal + pDielectric * reflectProbability(fd)) * SpecularBrdf.pdf(wo, h, alpha);
            }
        } else if (cosI < 0) {
            if (!delta && pDielectric > 0 && transmission > 0 && SpecularBtdf.halfVector(wo, wi, eta, h)) {
                float fd = Fresnel.dielectric(wo.dot(h), eta);
                float w = (1 - metallic) * transmission * (1 - fd) * SpecularBtdf.eval(wo, wi, h, alpha, eta)
                        * transmitScale;
                out.f.set(w * baseR, w * baseG, w * baseB);
                out.pdf = pDielectric * (1 - reflectProbability(fd)) * SpecularBtdf.pdf(wo, wi, h, alpha, eta);
            }
        }
    }

    /** Density with which {@link #sampleBsdf} produces wi given wo (1/sr), excluding delta lobes. */
    public float pdfBsdf(BsdfParams p, Vector3fc woLocal, Vector3fc wiLocal) {
        evalBsdf(p, woLocal, wiLocal, evalScratch);
        return evalScratch.pdf;
    }

    /**
     * Samples an incident direction for wo (local frame) from three uniform numbers in [0, 1): u0 picks the
     * lobe (and, rescaled, reflection versus refraction), (u1, u2) the direction. Returns false, with
     * {@code out} zeroed, when no direction results (wo in the tangent plane, or a microfacet reflection or
     * refraction that ends on the wrong side).
     */
    public boolean sampleBsdf(BsdfParams p, Vector3fc woLocal, float u0, float u1, float u2, BsdfSample out) {
        out.setNone();
        if (!setup(p, woLocal)) return false;
        int flags;
        if (u0 < pDiffuse) {
            if (!DiffuseBrdf.sample(u1, u2, scratch3, wi)) return false;
            flags = BsdfSample.REFLECTION | BsdfSample.DIFFUSE;
        } else if (u0 < pDiffuse + pMetal || !(pDielectric > 0)) {
            if (delta) return sampleMirror(out);
            if (!SpecularBrdf.sample(wo, alpha, u1, u2, h, wi)) return false;
            flags = BsdfSample.REFLECTION | BsdfSample.GLOSSY;
        } else {
            float uChoice = Math.min((u0 - pDiffuse - pMetal) / pDielectric, 0x1.fffffep-1f);
            if (delta) {
                if (uChoice < reflectProbability(fresnelO)) return sampleMirror(out);
                return sampleRefraction(out);
            }
            GgxDistribution.sampleVisibleNormal(wo, alpha, u1, u2, h);
            float fd = Fresnel.dielectric(wo.dot(h), eta);
            if (uChoice < reflectProbability(fd)) {
                Fresnel.reflect(wo, h, wi);
                if (wi.z <= 0) return false;
                flags = BsdfSample.REFLECTION | BsdfSample.GLOSSY;
            } else {
                if (!SpecularBtdf.refractThrough(wo, h, eta, wi)) return false;
                flags = BsdfSample.TRANSMISSION | BsdfSample.GLOSSY;
                out.eta = eta;
            }
        }
        // Non-delta: weight and pdf from the full mixture, exactly what evalBsdf/pdfBsdf report.
        toSetupFrame(wi, out.wi); // mirror back to the caller's frame (an involution)
        evalSetup(out.wi, evalScratch);
        float pdf = evalScratch.pdf;
        if (!(pdf > 0)) {
            out.setNone();
            return false;
        }
        out.pdf = pdf;
        out.weight.set(evalScratch.f).mul(Math.abs(wi.z) / pdf);
        out.flags = flags;
        return true;
    }

    /** Delta reflection: metal and dielectric mirrors share the direction, so they form one lobe. */
    private boolean sampleMirror(BsdfSample out) {
        float prob = pMetal + pDielectric * reflectProbability(fresnelO);
        float white = (1 - metallic) * fresnelO;
        out.weight.set(white + metallic * Fresnel.schlick(cosO, baseR),
                white + metallic * Fresnel.schlick(cosO, baseG),
                white + metallic * Fresnel.schlick(cosO, baseB)).div(prob);
        out.wi.set(-wo.x, -wo.y, flipped ? -wo.z : wo.z);
        out.pdf = prob;
        out.flags = BsdfSample.REFLECTION | BsdfSample.DELTA;
        out.eta = 1;
        return true;
    }

    /** Delta refraction through the macro surface (Snell), weighted by transmission (1 - F) baseColor. */
    private boolean sampleRefraction(BsdfSample out) {
        h.set(0, 0, 1);
        if (!Fresnel.refract(wo, h, eta, wi)) return false; // unreachable: TIR gives F = 1, always mirror
        float prob = pDielectric * (1 - reflectProbability(fresnelO));
        float w = (1 - metallic) * transmission * (1 - fresnelO) / prob;
        out.weight.set(w * baseR, w * baseG, w * baseB);
        toSetupFrame(wi, out.wi);
        out.pdf = prob;
        out.flags = BsdfSample.TRANSMISSION | BsdfSample.DELTA;
        out.eta = eta;
        return true;
    }
}
