package dev.lucent.light;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcLight;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.SceneException;

/**
 * One LcLight (KHR_lights_punctual point, spot or directional light), world space, read once from the lights
 * pool. All three are delta lights: {@link #sampleLi} has one answer per shading point and no BSDF-sampled ray
 * can hit them.
 *
 * <ul>
 * <li>Point: {@code Le = I / d^2 * window(d)}; I = LcLight.radiance (W/sr).
 * <li>Spot: the point light times the extension's angular attenuation (KHR_lights_punctual, "Inner and Outer
 *     Cone Angles"): {@code t = saturate(cd * scale + offset)}, {@code attenuation = t^2}, with
 *     {@code scale = 1 / max(0.001, cosInner - cosOuter)}, {@code offset = -cosOuter * scale} and
 *     {@code cd = dot(direction, normalize(shadingPoint - position))}. So 1 inside the inner cone, 0 outside
 *     the outer cone, and the square of the linear ramp in cos between.
 * <li>Directional: {@code Le = E} (irradiance on a surface facing the light, W/m^2) from {@code wi = -direction},
 *     at infinite distance.
 * </ul>
 * Range (point and spot; 0 = infinite) uses the extension's recommended window
 * {@code window(d) = clamp(1 - (d / range)^4, 0, 1)} times the inverse square law, which reaches 0 at the
 * range as the extension requires. Directional lights ignore range.
 */
public final class PunctualLight {
    public final int type;
    /** World position (point, spot). */
    public final float px, py, pz;
    /** Unit direction the light travels (spot, directional). */
    public final float dx, dy, dz;
    /** Intensity (W/sr, point and spot) or irradiance (W/m^2, directional), linear RGB. */
    public final float r, g, b;
    public final float cosInner, cosOuter, range;
    private final float angleScale, angleOffset;

    /** Reads LcLight {@code index} from {@code lights}; throws SceneException for an unknown type. */
    public PunctualLight(NativeBuffer lights, int index) {
        long o = (long) index * LcLight.BYTES;
        type = lights.getInt(o + LcLight.TYPE);
        if (type != Layout.LC_LIGHT_POINT && type != Layout.LC_LIGHT_SPOT && type != Layout.LC_LIGHT_DIRECTIONAL) {
            throw new SceneException(null, "light " + index + " has unknown type " + type);
        }
        px = lights.getFloat(o + LcLight.POSITION);
        py = lights.getFloat(o + LcLight.POSITION + 4);
        pz = lights.getFloat(o + LcLight.POSITION + 8);
        float ddx = lights.getFloat(o + LcLight.DIRECTION);
        float ddy = lights.getFloat(o + LcLight.DIRECTION + 4);
        float ddz = lights.getFloat(o + LcLight.DIRECTION + 8);
        float len = (float) Math.sqrt(ddx * ddx + ddy * ddy + ddz * ddz);
        if (len > 0f) {
            dx = ddx / len;
            dy = ddy / len;
            dz = ddz / len;
        } else {
            dx = 0f;
            dy = 0f;
            dz = -1f;
        }
        r = lights.getFloat(o + LcLight.RADIANCE);
        g = lights.getFloat(o + LcLight.RADIANCE + 4);
        b = lights.getFloat(o + LcLight.RADIANCE + 8);
        cosInner = lights.getFloat(o + LcLight.COS_INNER);
        cosOuter = lights.getFloat(o + LcLight.COS_OUTER);
        range = lights.getFloat(o + LcLight.RANGE);
        angleScale = 1f / Math.max(0.001f, cosInner - cosOuter);
        angleOffset = -cosOuter * angleScale;
    }

    /**
     * Light arriving at world point (x,y,z): fills wi (towards the light), distance, Le and isDelta = true;
     * pdf is set to 1 (the caller multiplies in its selection probability). Returns false if no light
     * arrives (outside the cone or range, or at the light's position).
     */
    public boolean sampleLi(float x, float y, float z, LightSample out) {
        out.isDelta = true;
        out.pdf = 1f;
        if (type == Layout.LC_LIGHT_DIRECTIONAL) {
            out.setDirection(-dx, -dy, -dz);
            out.distance = Float.POSITIVE_INFINITY;
            out.setRadiance(r, g, b);
            return r != 0f || g != 0f || b != 0f;
        }
        float wx = px - x, wy = py - y, wz = pz - z;
        float d2 = wx * wx + wy * wy + wz * wz;
        if (!(d2 > 0f)) {
            out.clear();
            return false;
        }
        float d = (float) Math.sqrt(d2);
        wx /= d;
        wy /= d;
        wz /= d;
        float scale = rangeWindow(d, range) / d2;
        if (type == Layout.LC_LIGHT_SPOT) scale *= spotAttenuation(-(dx * wx + dy * wy + dz * wz));
        out.setDirection(wx, wy, wz);
        out.distance = d;
        out.setRadiance(r * scale, g * scale, b * scale);
        if (scale > 0f) return true;
        out.pdf = 0f;
        return false;
    }

    /** KHR_lights_punctual angular attenuation for cd = cos(angle between the spot axis and the emitted ray). */
    public float spotAttenuation(float cd) {
        float t = Math.min(1f, Math.max(0f, cd * angleScale + angleOffset));
        return t * t;
    }

    /** The extension's recommended range window clamp(1 - (d / range)^4, 0, 1); 1 when range is 0 (infinite). */
    public static float rangeWindow(float d, float range) {
        if (!(range > 0f)) return 1f;
        float q = d / range;
        q *= q;
        return Math.min(1f, Math.max(0f, 1f - q * q));
    }

    /**
     * Estimated emitted power in luminance-weighted watts, for light selection (range ignored):
     * point {@code 4 pi Y(I)}; spot {@code 2 pi Y(I) * integral of attenuation over cos}; directional
     * {@code pi R^2 Y(E)}, the flux through the scene's bounding sphere of radius {@code sceneRadius}.
     */
    public float power(float sceneRadius) {
        float lum = Math.max(0f, Luminance.of(r, g, b));
        switch (type) {
            case Layout.LC_LIGHT_POINT:
                return (float) (4.0 * Math.PI * lum);
            case Layout.LC_LIGHT_SPOT: {
                // attenuation ((c - cosOuter) * scale)^2 rises from cosOuter to c1 = cosOuter + 1/scale, then 1
                double c1 = Math.min(1.0, cosOuter + 1.0 / angleScale);
                double ramp = Math.max(0.0, c1 - cosOuter);
                double solid = (double) angleScale * angleScale * ramp * ramp * ramp / 3.0 + (1.0 - c1);
                return (float) (2.0 * Math.PI * lum * solid);
            }
            default:
                return (float) (Math.PI * sceneRadius * sceneRadius * lum);
        }
    }
}
