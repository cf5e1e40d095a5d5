package dev.lucent.compile;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import java.util.ArrayList;
import java.util.List;
import org.joml.Matrix4f;
import org.joml.Vector3f;

/**
 * Writes {@code cameras}: one LcCamera per node that carries a camera, in node order, in world space (glTF
 * cameras look down their node's -z with +y up). forward = normalise(M (0,0,-1,0)); up is M (0,1,0,0) made
 * orthogonal to forward; right = forward x up. The image's aspect (width/height from the compile options)
 * decides the horizontal extent, so pixels stay square whatever aspectRatio the file states: perspective
 * right = tan(yfov/2) * aspect, up = tan(yfov/2); orthographic right = ymag * aspect, up = ymag. Thin lens:
 * lensRadius = aperture radius (metres), focusDistance as given.
 *
 * <p>A scene without cameras gets one camera named "default" looking down -z from +z at the centre of the
 * world bounds, at the distance where the bounding sphere fills a 40 degree field of view.
 */
final class CameraWriter {
    private CameraWriter() {}

    static final float DEFAULT_FOV = (float) Math.toRadians(40);

    static void allocate(CompiledScene cs, Scene scene) {
        int n = Math.max(1, cs.cameraNodes.length);
        cs.cameraCount = n;
        cs.cameras = PoolIo.table(n, LcCamera.BYTES);
        List<String> names = new ArrayList<>();
        for (int node : cs.cameraNodes) names.add(name(scene, node));
        if (names.isEmpty()) names.add("default");
        cs.cameraNames = List.copyOf(names);
    }

    static String name(Scene scene, int node) {
        Node n = scene.nodes.get(node);
        Camera c = scene.cameras.get(n.camera);
        if (c.name != null && !c.name.isEmpty()) return c.name;
        return n.name != null && !n.name.isEmpty() ? n.name : "camera" + n.camera;
    }

    /** Writes the scene's cameras (nothing when the scene has none: the default camera stays as written). */
    static void write(CompiledScene cs, Scene scene, Matrix4f[] world, float aspect) {
        Vector3f p = new Vector3f(), f = new Vector3f(), u = new Vector3f(), r = new Vector3f();
        for (int i = 0; i < cs.cameraNodes.length; i++) {
            int node = cs.cameraNodes[i];
            Camera c = scene.cameras.get(scene.nodes.get(node).camera);
            Matrix4f m = world[node];
            m.transformPosition(p.set(0, 0, 0));
            m.transformDirection(f.set(0, 0, -1));
            m.transformDirection(u.set(0, 1, 0));
            basis(f, u, r);
            boolean ortho = c.type == Camera.Type.ORTHOGRAPHIC;
            float halfUp = ortho ? c.ymag : (float) Math.tan(c.yfov / 2);
            put(cs, i, p, f, r.mul(halfUp * aspect), u.mul(halfUp),
                    ortho ? Layout.LC_CAMERA_ORTHOGRAPHIC : Layout.LC_CAMERA_PERSPECTIVE, c.apertureRadius,
                    c.focusDistance);
        }
    }

    /**
     * Writes camera {@code index} as the perspective look-at camera {@code c} for an image of aspect
     * width/height {@code aspect}: forward = normalise(target - position), the same basis and extents as
     * {@link #write}.
     */
    static void writeLookAt(CompiledScene cs, int index, LookAtCamera c, float aspect) {
        float[] p = c.position(), t = c.target(), up = c.up();
        Vector3f f = new Vector3f(t[0] - p[0], t[1] - p[1], t[2] - p[2]);
        Vector3f u = new Vector3f(up[0], up[1], up[2]), r = new Vector3f();
        basis(f, u, r);
        float halfUp = (float) Math.tan(Math.toRadians(c.yfovDegrees()) / 2);
        put(cs, index, new Vector3f(p[0], p[1], p[2]), f, r.mul(halfUp * aspect), u.mul(halfUp),
                Layout.LC_CAMERA_PERSPECTIVE, c.lensRadius(), c.focusDistance());
    }

    /**
     * Camera {@code index} as a look-at camera: its position, target one unit along forward, unit up, and the
     * vertical field of view 2 atan(|up|) in degrees (for orthographic cameras 40 degrees stands in).
     */
    static LookAtCamera readLookAt(CompiledScene cs, int index) {
        long o = (long) index * LcCamera.BYTES;
        float[] p = vec(cs, o + LcCamera.POSITION), f = vec(cs, o + LcCamera.FORWARD), u = vec(cs, o + LcCamera.UP);
        float upLength = (float) Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        boolean ortho = cs.cameras.getInt(o + LcCamera.TYPE) == Layout.LC_CAMERA_ORTHOGRAPHIC;
        float fov = ortho || !(upLength > 0) ? (float) Math.toDegrees(DEFAULT_FOV)
                : (float) Math.toDegrees(2 * Math.atan(upLength));
        float[] unitUp = upLength > 0 ? new float[] {u[0] / upLength, u[1] / upLength, u[2] / upLength}
                : new float[] {0, 1, 0};
        float focus = cs.cameras.getFloat(o + LcCamera.FOCUS_DISTANCE);
        return new LookAtCamera(p, new float[] {p[0] + f[0], p[1] + f[1], p[2] + f[2]}, unitUp, fov,
                cs.cameras.getFloat(o + LcCamera.LENS_RADIUS), focus > 0 ? focus : 1);
    }

    private static float[] vec(CompiledScene cs, long offset) {
        return new float[] {cs.cameras.getFloat(offset), cs.cameras.getFloat(offset + 4),
            cs.cameras.getFloat(offset + 8)};
    }

    /** The default camera framing the world box {@code b} (min xyz, max xyz). */
    static void writeDefault(CompiledScene cs, float[] b, float aspect) {
        float cx = (b[0] + b[3]) / 2, cy = (b[1] + b[4]) / 2, cz = (b[2] + b[5]) / 2;
        float dx = b[3] - b[0], dy = b[4] - b[1], dz = b[5] - b[2];
        float radius = (float) Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
        if (!(radius > 0)) radius = 1;
        float tanY = (float) Math.tan(DEFAULT_FOV / 2);
        double halfMin = Math.min(DEFAULT_FOV / 2, Math.atan(tanY * aspect));
        float distance = (float) (radius / Math.sin(halfMin));
        put(cs, 0, new Vector3f(cx, cy, cz + distance), new Vector3f(0, 0, -1), new Vector3f(tanY * aspect, 0, 0),
                new Vector3f(0, tanY, 0), Layout.LC_CAMERA_PERSPECTIVE, 0, distance);
    }

    /** Orthonormalises: f becomes unit, u unit and orthogonal to f, r = f x u. Degenerate input gets -z, +y. */
    private static void basis(Vector3f f, Vector3f u, Vector3f r) {
        if (!(f.lengthSquared() > 0)) f.set(0, 0, -1);
        f.normalize();
        u.fma(-u.dot(f), f);
        if (!(u.lengthSquared() > 1e-12f)) {
            u.set(Math.abs(f.y) < 0.9f ? 0 : 1, Math.abs(f.y) < 0.9f ? 1 : 0, 0);
            u.fma(-u.dot(f), f);
        }
        u.normalize();
        f.cross(u, r).normalize();
    }

    private static void put(CompiledScene cs, int i, Vector3f p, Vector3f f, Vector3f right, Vector3f up, int type,
            float lensRadius, float focusDistance) {
        long o = (long) i * LcCamera.BYTES;
        PoolIo.putVec4(cs.cameras, o + LcCamera.POSITION, p.x, p.y, p.z, 0);
        PoolIo.putVec4(cs.cameras, o + LcCamera.RIGHT, right.x, right.y, right.z, 0);
        PoolIo.putVec4(cs.cameras, o + LcCamera.UP, up.x, up.y, up.z, 0);
        PoolIo.putVec4(cs.cameras, o + LcCamera.FORWARD, f.x, f.y, f.z, 0);
        cs.cameras.putInt(o + LcCamera.TYPE, type);
        cs.cameras.putFloat(o + LcCamera.LENS_RADIUS, lensRadius);
        cs.cameras.putFloat(o + LcCamera.FOCUS_DISTANCE, focusDistance);
        cs.cameras.putFloat(o + LcCamera.PAD0, 0);
    }
}
