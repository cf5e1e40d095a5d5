package dev.lucent.integrator;

import dev.lucent.compile.CompiledScene;
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
    private final CameraBasis c;
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
        c = new CameraBasis(cameras, camera);
        lensRadius = cameras.getFloat(o + LcCamera.LENS_RADIUS);
        focusDistance = cameras.getFloat(o + LcCamera.FOCUS_DISTANCE);
        float rl = length(c.rx, c.ry, c.rz), ul = length(c.ux, c.uy, c.uz);
        rux = rl > 0 ? c.rx / rl : 1;
        ruy = rl > 0 ? c.ry / rl : 0;
        ruz = rl > 0 ? c.rz / rl : 0;
        uux = ul > 0 ? c.ux / ul : 0;
        uuy = ul > 0 ? c.uy / ul : 1;
        uuz = ul > 0 ? c.uz / ul : 0;
    }

    public float positionX() { return c.px; }
    public float positionY() { return c.py; }
    public float positionZ() { return c.pz; }

    /**
     * The ray through film position (filmX, filmY) (pixels) with lens sample (lensU, lensV) in [0,1)^2, written
     * to {@code ray} as origin xyz then unit direction xyz.
     */
    public void generate(float filmX, float filmY, float lensU, float lensV, float[] ray, float[] scratch) {
        float sx = 2 * filmX / width - 1, sy = 1 - 2 * filmY / height;
        if (c.orthographic) {
            ray[0] = c.px + sx * c.rx + sy * c.ux;
            ray[1] = c.py + sx * c.ry + sy * c.uy;
            ray[2] = c.pz + sx * c.rz + sy * c.uz;
            ray[3] = c.fx;
            ray[4] = c.fy;
            ray[5] = c.fz;
            return;
        }
        float dx = c.fx + sx * c.rx + sy * c.ux, dy = c.fy + sx * c.ry + sy * c.uy, dz = c.fz + sx * c.rz + sy * c.uz;
        float ox = c.px, oy = c.py, oz = c.pz;
        if (lensRadius > 0) {
            // Point on the plane of focus that the pinhole ray reaches, then aim at it from the lens sample.
            float k = focusDistance / (dx * c.fx + dy * c.fy + dz * c.fz);
            float qx = c.px + dx * k, qy = c.py + dy * k, qz = c.pz + dz * k;
            Warps.sampleConcentricDisk(lensU, lensV, scratch);
            float lx = scratch[0] * lensRadius, ly = scratch[1] * lensRadius;
            ox = c.px + lx * rux + ly * uux;
            oy = c.py + lx * ruy + ly * uuy;
            oz = c.pz + lx * ruz + ly * uuz;
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
