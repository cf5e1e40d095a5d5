package dev.lucent.integrator;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.NativeBuffer;

/**
 * Screen-space motion vectors of first hits: where a point seen in the current frame was on the film of the
 * previous frame. Built from a snapshot of the previous frame's selected camera and instance transforms (taken
 * from the compiled scene while it still held that frame) and the current frame's camera; the current instance
 * transforms are read from the scene the integrator renders.
 *
 * <p>A surface point at world position p on instance i is taken to object space with the current
 * worldToObject of i, back to world space with the previous objectToWorld of i, and projected through the
 * previous camera's pinhole (perspective: the film position whose ray direction {@code forward + sx right +
 * sy up} points at it; orthographic: its offsets along right and up); a miss (the environment, at infinity)
 * projects its direction. The current position is the same point projected through the current camera, so a
 * static point under a static camera has motion exactly 0 whatever the pixel filter and lens sample.
 *
 * <p>Motion = current film position - previous film position, in pixels, x right and y down (OptiX's flow
 * convention): the point was at (x - motionX, y - motionY) in the previous frame. With it comes the point's
 * camera distance in the previous frame, which a temporal filter compares with the previous frame's depth AOV
 * to detect disocclusion (the current depth differs from it whenever the camera moves). A point behind the previous
 * camera, or an instance the previous frame did not have, has motion 0 (history there is rejected by its depth
 * and normal). Immutable and thread-safe.
 */
public final class MotionProjector {
    private final Pinhole previous;
    private final Pinhole current;
    /** Previous objectToWorld, 12 floats (3 rows of 4) per instance. */
    private final float[] previousObjectToWorld;

    private MotionProjector(Pinhole previous, Pinhole current, float[] previousObjectToWorld) {
        this.previous = previous;
        this.current = current;
        this.previousObjectToWorld = previousObjectToWorld;
    }

    /**
     * The snapshot of {@code previousFrame} (its selected camera and instance transforms, copied now) for a
     * width x height film; complete it with {@link #towards} once the scene holds the current frame.
     */
    public static Snapshot snapshot(CompiledScene previousFrame, int width, int height) {
        int n = previousFrame.instanceCount;
        float[] m = new float[12 * n];
        NativeBuffer b = previousFrame.instances;
        for (int i = 0; i < n; i++) {
            long o = (long) i * LcInstance.BYTES + LcInstance.OBJECT_TO_WORLD0;
            for (int k = 0; k < 12; k++) m[12 * i + k] = b.getFloat(o + 4L * k);
        }
        return new Snapshot(new Pinhole(previousFrame.cameras, previousFrame.selectedCamera, width, height), m);
    }

    /** The previous frame's state, waiting for the current camera. */
    public static final class Snapshot {
        private final Pinhole camera;
        private final float[] objectToWorld;

        private Snapshot(Pinhole camera, float[] objectToWorld) {
            this.camera = camera;
            this.objectToWorld = objectToWorld;
        }

        /** Motion from this snapshot to the frame {@code currentFrame} now holds, for the same film size. */
        public MotionProjector towards(CompiledScene currentFrame) {
            return new MotionProjector(camera, new Pinhole(currentFrame.cameras, currentFrame.selectedCamera,
                    camera.width, camera.height), objectToWorld);
        }
    }

    /** Film width in pixels the motion is measured on. */
    public int width() { return previous.width; }

    /** Film height in pixels. */
    public int height() { return previous.height; }

    /** Instances the previous frame had; instances at or above this index get motion 0. */
    public int previousInstanceCount() { return previousObjectToWorld.length / 12; }

    /**
     * Writes the previous frame's objectToWorld rows, 12 floats (3 rows of 4, as LcInstance.objectToWorld0..2)
     * per instance, {@link #previousInstanceCount} instances from byte {@code offset} of {@code out}: what a GPU
     * backend uploads to compute the same motion.
     */
    public void putPreviousObjectToWorld(NativeBuffer out, long offset) {
        for (int k = 0; k < previousObjectToWorld.length; k++) out.putFloat(offset + 4L * k, previousObjectToWorld[k]);
    }

    /**
     * Writes the previous frame's camera as an LcCamera record (position, right, up, forward, type; lens
     * fields 0: the projection is the pinhole's) at byte {@code offset} of {@code out}.
     */
    public void putPreviousCamera(NativeBuffer out, long offset) { previous.put(out, offset); }

    /** Writes the current frame's camera as {@link #putPreviousCamera} does. */
    public void putCurrentCamera(NativeBuffer out, long offset) { current.put(out, offset); }

    /**
     * Motion of the first hit at world (px, py, pz) on {@code instance} of {@code scene} (the current frame),
     * into out[0..1], and the point's camera distance in the previous frame into out[2] (+infinity for a miss
     * or an unknown point); out needs 5 floats, out[3..4] is scratch. For a miss pass instance -1 and the unit
     * ray direction as (px, py, pz). Allocates nothing.
     */
    public void motion(CompiledScene scene, int instance, float px, float py, float pz, float[] out) {
        boolean ok;
        float previousDepth = Float.POSITIVE_INFINITY;
        if (instance < 0) {
            ok = current.projectDirection(px, py, pz, out, 3) && previous.projectDirection(px, py, pz, out, 0);
        } else if (instance >= previousObjectToWorld.length / 12) {
            ok = false;
        } else {
            NativeBuffer b = scene.instances;
            long o = (long) instance * LcInstance.BYTES + LcInstance.WORLD_TO_OBJECT0;
            float ox = b.getFloat(o) * px + b.getFloat(o + 4) * py + b.getFloat(o + 8) * pz + b.getFloat(o + 12);
            float oy = b.getFloat(o + 16) * px + b.getFloat(o + 20) * py + b.getFloat(o + 24) * pz + b.getFloat(o + 28);
            float oz = b.getFloat(o + 32) * px + b.getFloat(o + 36) * py + b.getFloat(o + 40) * pz + b.getFloat(o + 44);
            float[] m = previousObjectToWorld;
            int k = 12 * instance;
            float qx = m[k] * ox + m[k + 1] * oy + m[k + 2] * oz + m[k + 3];
            float qy = m[k + 4] * ox + m[k + 5] * oy + m[k + 6] * oz + m[k + 7];
            float qz = m[k + 8] * ox + m[k + 9] * oy + m[k + 10] * oz + m[k + 11];
            ok = current.projectPoint(px, py, pz, out, 3) && previous.projectPoint(qx, qy, qz, out, 0);
            if (ok) previousDepth = previous.distance(qx, qy, qz);
        }
        out[0] = ok ? out[3] - out[0] : 0f;
        out[1] = ok ? out[4] - out[1] : 0f;
        out[2] = previousDepth;
    }

    /** A camera's projection onto the film, the inverse of {@link CameraRayGenerator}'s pinhole ray. */
    private static final class Pinhole {
        final int width, height;
        final CameraBasis c;
        /** Squared lengths of right, up and forward. */
        final float rr, uu, ff;

        Pinhole(NativeBuffer cameras, int camera, int width, int height) {
            this.width = width;
            this.height = height;
            c = new CameraBasis(cameras, camera);
            rr = c.rx * c.rx + c.ry * c.ry + c.rz * c.rz;
            uu = c.ux * c.ux + c.uy * c.uy + c.uz * c.uz;
            ff = c.fx * c.fx + c.fy * c.fy + c.fz * c.fz;
        }

        /** This camera as an LcCamera record at {@code offset}, lens fields 0. */
        void put(NativeBuffer out, long offset) {
            float[][] v = {{c.px, c.py, c.pz}, {c.rx, c.ry, c.rz}, {c.ux, c.uy, c.uz}, {c.fx, c.fy, c.fz}};
            int[] at = {LcCamera.POSITION, LcCamera.RIGHT, LcCamera.UP, LcCamera.FORWARD};
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 3; k++) out.putFloat(offset + at[i] + 4L * k, v[i][k]);
                out.putFloat(offset + at[i] + 12, 0f);
            }
            out.putInt(offset + LcCamera.TYPE, c.orthographic ? Layout.LC_CAMERA_ORTHOGRAPHIC : Layout.LC_CAMERA_PERSPECTIVE);
            out.putFloat(offset + LcCamera.LENS_RADIUS, 0f);
            out.putFloat(offset + LcCamera.FOCUS_DISTANCE, 0f);
            out.putFloat(offset + LcCamera.PAD0, 0f);
        }

        /**
         * Camera distance of world point q as the depth AOV measures it: from the pinhole (perspective), along
         * forward (c.orthographic).
         */
        float distance(float qx, float qy, float qz) {
            float vx = qx - c.px, vy = qy - c.py, vz = qz - c.pz;
            if (c.orthographic) return Math.abs(vx * c.fx + vy * c.fy + vz * c.fz) / (float) Math.sqrt(ff);
            return (float) Math.sqrt(vx * vx + vy * vy + vz * vz);
        }

        /** Film position (pixels) of world point q, into out[at..at+1]; false if it is behind a perspective camera. */
        boolean projectPoint(float qx, float qy, float qz, float[] out, int at) {
            float vx = qx - c.px, vy = qy - c.py, vz = qz - c.pz;
            if (c.orthographic) {
                return film((vx * c.rx + vy * c.ry + vz * c.rz) / rr, (vx * c.ux + vy * c.uy + vz * c.uz) / uu,
                        out, at);
            }
            return projectDirection(vx, vy, vz, out, at);
        }

        /** Film position of the direction (dx, dy, dz) seen from the pinhole; false if it points backwards. */
        boolean projectDirection(float dx, float dy, float dz, float[] out, int at) {
            if (c.orthographic) {
                out[at] = 0.5f * width;
                out[at + 1] = 0.5f * height;
                return true;
            }
            float t = (dx * c.fx + dy * c.fy + dz * c.fz) / ff;
            if (!(t > 0)) return false;
            return film((dx * c.rx + dy * c.ry + dz * c.rz) / (t * rr), (dx * c.ux + dy * c.uy + dz * c.uz) / (t * uu),
                    out, at);
        }

        private boolean film(float sx, float sy, float[] out, int at) {
            out[at] = (sx + 1) * 0.5f * width;
            out[at + 1] = (1 - sy) * 0.5f * height;
            return Float.isFinite(out[at]) && Float.isFinite(out[at + 1]);
        }
    }
}
