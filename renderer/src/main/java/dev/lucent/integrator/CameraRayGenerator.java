package dev.lucent.integrator;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.NativeBuffer;
import dev.lucent.sampling.Warps;

/**
 * Primary rays of one LcCamera for a film of width x height pixels. Film position (fx, fy) is in pixels, x to
 * the right and y down from the top-left corner (the pixel (i, j) covers [i, i+1) x [j, j+1)); it maps to the
 * camera's screen coordinates sx = 2 fx / width - 1, sy = 1 - 2 fy / height in [-1, 1] (y up), as
 * {@code lucent_layout.h} defines:
 * <ul>
 * <li>perspective: direction normalize(forward + sx right + sy up) from the camera position; with a thin lens
 *     (lensRadius &gt; 0) the origin moves to a point of the lens disk (radius lensRadius, spanned by the unit
 *     right and up vectors, concentric mapping) and the direction aims at the point where the pinhole ray
 *     meets the plane of focus, focusDistance along forward (pbrt's thin lens);
 * <li>orthographic: origin position + sx right + sy up, direction forward.
 * </ul>
 * Rays are world space with unit directions. Reads the camera once; immutable and thread-safe.
 */
public final class CameraRayGenerator {
    private final int width, height;
    private final boolean orthographic;
    private final float px, py, pz, rx, ry, rz, ux, uy, uz, fx, fy, fz;
    private final float lensRadius, focusDistance;
    private final float rux, ruy, ruz, uux, uuy, uuz;

    /** The camera {@code scene.selectedCamera} for a width x height film. */
    public static CameraRayGenerator of(CompiledScene scene, int width, int height) {
        return new CameraRayGenerator(scene.cameras, scene.selectedCamera, width, height);
    }

    public CameraRayGenerator(NativeBuffer cameras, int camera, int width, int height) {
        long o = (long) camera * LcCamera.BYTES;
        this.width = width;
        this.height = height;
        px = cameras.getFloat(o + LcCamera.POSITION);
        py = cameras.getFloat(o + LcCamera.POSITION + 4);
        pz = cameras.getFloat(o + LcCamera.POSITION + 8);
        rx = cameras.getFloat(o + LcCamera.RIGHT);
        ry = cameras.getFloat(o + LcCamera.RIGHT + 4);
        rz = cameras.getFloat(o + LcCamera.RIGHT + 8);
        ux = cameras.getFloat(o + LcCamera.UP);
        uy = cameras.getFloat(o + LcCamera.UP + 4);
        uz = cameras.getFloat(o + LcCamera.UP + 8);
        fx = cameras.getFloat(o + LcCamera.FORWARD);
        fy = cameras.getFloat(o + LcCamera.FORWARD + 4);
        fz = cameras.getFloat(o + LcCamera.FORWARD + 8);
        orthographic = cameras.getInt(o + LcCamera.TYPE) == Layout.LC_CAMERA_ORTHOGRAPHIC;
        lensRadius = cameras.getFloat(o + LcCamera.LENS_RADIUS);
        focusDistance = cameras.getFloat(o + LcCamera.FOCUS_DISTANCE);
        float rl = length(rx, ry, rz), ul = length(ux, uy, uz);
        rux = rl > 0 ? rx / rl : 1;
        ruy = rl > 0 ? ry / rl : 0;
        ruz = rl > 0 ? rz / rl : 0;
        uux = ul > 0 ? ux / ul : 0;
        uuy = ul > 0 ? uy / ul : 1;
        uuz = ul > 0 ? uz / ul : 0;
    }

    public float positionX() { return px; }
    public float positionY() { return py; }
    public float positionZ() { return pz; }

    /**
     * The ray through film position (filmX, filmY) (pixels) with lens sample (lensU, lensV) in [0,1)^2, written
     * to {@code ray} as origin xyz then unit direction xyz.
     */
    public void generate(float filmX, float filmY, float lensU, float lensV, float[] ray, float[] scratch) {
        float sx = 2 * filmX / width - 1, sy = 1 - 2 * filmY / height;
        if (orthographic) {
            ray[0] = px + sx * rx + sy * ux;
            ray[1] = py + sx * ry + sy * uy;
            ray[2] = pz + sx * rz + sy * uz;
            ray[3] = fx;
            ray[4] = fy;
            ray[5] = fz;
            return;
        }
        float dx = fx + sx * rx + sy * ux, dy = fy + sx * ry + sy * uy, dz = fz + sx * rz + sy * uz;
        float ox = px, oy = py, oz = pz;
        if (lensRadius > 0) {
            // Point on the plane of focus that the pinhole ray reaches, then aim at it from the lens sample.
            float k = focusDistance / (dx * fx + dy * fy + dz * fz);
            float qx = px + dx * k, qy = py + dy * k, qz = pz + dz * k;
            Warps.sampleConcentricDisk(lensU, lensV, scratch);
            float lx = scratch[0] * lensRadius, ly = scratch[1] * lensRadius;
            ox = px + lx * rux + ly * uux;
            oy = py + lx * ruy + ly * uuy;
            oz = pz + lx * ruz + ly * uuz;
            dx = qx - ox;
            dy = qy - oy;
            dz = qz - oz;
        }
        float inv = 1 / length(dx, dy, dz);
        ray[0] = ox;
        ray[1] = oy;
        ray[2] = oz;
        ray[3] = dx * inv;
        ray[4] = dy * inv;
        ray[5] = dz * inv;
    }

    private static float length(float x, float y, float z) {
        return (float) Math.sqrt(x * x + y * y + z * z);
    }
}
