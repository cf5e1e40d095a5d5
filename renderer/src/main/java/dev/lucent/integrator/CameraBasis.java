package dev.lucent.integrator;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.NativeBuffer;

/**
 * One LcCamera's position and screen basis, read once from the compiled scene's camera pool (world space, as
 * {@code lucent_layout.h} defines them): a film point with screen coordinates (sx, sy) in [-1, 1] (y up) looks
 * along {@code forward + sx right + sy up} from {@code position} (perspective), or along {@code forward} from
 * {@code position + sx right + sy up} (orthographic). right, up and forward are not unit length: their lengths
 * carry the field of view (perspective) or the half extents (orthographic). The shared reader of
 * {@link CameraRayGenerator} (film to ray) and {@link MotionProjector} (world to film). Immutable.
 */
final class CameraBasis {
    /** Position. */
    final float px, py, pz;
    /** Right: screen x = 1 is {@code forward + right} (perspective) or {@code position + right}. */
    final float rx, ry, rz;
    /** Up: screen y = 1, like right. */
    final float ux, uy, uz;
    /** Forward: the view direction; screen centre of a perspective camera. */
    final float fx, fy, fz;
    /** LC_CAMERA_ORTHOGRAPHIC, else perspective. */
    final boolean orthographic;

    /** Camera {@code camera} of the LcCamera pool {@code cameras}. */
    CameraBasis(NativeBuffer cameras, int camera) {
        long o = (long) camera * LcCamera.BYTES;
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
    }
}
