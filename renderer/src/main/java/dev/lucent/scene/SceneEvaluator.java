package dev.lucent.scene;

import java.util.List;
import org.joml.Matrix4f;
import org.joml.Quaternionf;
import org.joml.Vector3f;

/**
 * Evaluates the node hierarchy at a point in time: every node's world matrix (object-to-world, y up,
 * metres) with the scene's animations applied to a copy of each node's TRS. The Scene is never modified.
 *
 * <p>Animation sampling follows glTF 2.0 section 3.11 (Animations) and appendix C (interpolation): STEP holds
 * the key at or before t; LINEAR interpolates translation and scale linearly and rotation by quaternion slerp
 * (shortest arc); CUBICSPLINE is the cubic Hermite spline whose tangents are the stored in/out tangents
 * multiplied by the key interval, rotations renormalised afterwards. Outside the key range the first or last
 * value is held. Every animation of the scene is applied at the same time t; when two channels target the
 * same node property, the later one in list order wins. Nodes with an explicit matrix are not animated
 * (glTF forbids animating them).
 */
public final class SceneEvaluator {
    private SceneEvaluator() {}

    /** World matrices of every node of {@code scene} at {@code timeSeconds}, indexed like {@link Scene#nodes}. */
    public static Matrix4f[] worldMatrices(Scene scene, float timeSeconds) {
        List<Node> nodes = scene.nodes;
        int n = nodes.size();
        Vector3f[] t = new Vector3f[n];
        Quaternionf[] r = new Quaternionf[n];
        Vector3f[] s = new Vector3f[n];
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            t[i] = new Vector3f(node.translation);
            r[i] = new Quaternionf(node.rotation);
            s[i] = new Vector3f(node.scale);
        }
        float[] value = new float[4];
        for (Animation a : scene.animations) {
            for (Animation.Channel c : a.channels) {
                validate(scene, a, c);
                if (c.times.length == 0 || nodes.get(c.node).matrix != null) continue;
                sample(c, timeSeconds, value);
                switch (c.path) {
                    case TRANSLATION -> t[c.node].set(value[0], value[1], value[2]);
                    case SCALE -> s[c.node].set(value[0], value[1], value[2]);
                    case ROTATION -> r[c.node].set(value[0], value[1], value[2], value[3]).normalize();
                }
            }
        }
        Matrix4f[] world = new Matrix4f[n];
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            Matrix4f local = node.matrix != null ? new Matrix4f(node.matrix)
                    : new Matrix4f().translationRotateScale(t[i], r[i], s[i]);
            int p = node.parent;
            if (p >= i || p < -1) {
                throw new SceneException(scene.source,
                        "node " + i + " (" + node.name + ") has parent " + p + "; parents must precede children");
            }
            world[i] = p < 0 ? local : new Matrix4f(world[p]).mul(local);
        }
        return world;
    }

    /**
     * Samples channel {@code c} at time {@code time} into {@code out} (3 floats for translation and scale,
     * 4 for a unit quaternion xyzw). The channel must have at least one key.
     */
    public static void sample(Animation.Channel c, float time, float[] out) {
        int w = c.path == Animation.Path.ROTATION ? 4 : 3;
        boolean cubic = c.interpolation == Animation.Interpolation.CUBICSPLINE;
        int keys = c.times.length;
        // Element stride per key, and where the key's value sits inside it (cubic: in-tangent, value, out-tangent).
        int stride = cubic ? 3 * w : w, valueAt = cubic ? w : 0;
        if (keys == 1 || time <= c.times[0]) {
            System.arraycopy(c.values, valueAt, out, 0, w);
            return;
        }
        if (time >= c.times[keys - 1]) {
            System.arraycopy(c.values, (keys - 1) * stride + valueAt, out, 0, w);
            return;
        }
        int k = keyBefore(c.times, time);
        float t0 = c.times[k], t1 = c.times[k + 1], dt = t1 - t0;
        float u = dt > 0 ? (time - t0) / dt : 0;
        int a = k * stride, b = (k + 1) * stride;
        switch (c.interpolation) {
            case STEP -> System.arraycopy(c.values, a, out, 0, w);
            case LINEAR -> {
                if (w == 4) {
                    slerp(c.values, a, b, u, out);
                } else {
                    for (int i = 0; i < 3; i++) out[i] = c.values[a + i] + u * (c.values[b + i] - c.values[a + i]);
                }
            }
            case CUBICSPLINE -> {
                float u2 = u * u, u3 = u2 * u;
                float h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u, h01 = -2 * u3 + 3 * u2, h11 = u3 - u2;
                for (int i = 0; i < w; i++) {
                    float p0 = c.values[a + w + i], m0 = c.values[a + 2 * w + i] * dt;
                    float p1 = c.values[b + w + i], m1 = c.values[b + i] * dt;
                    out[i] = h00 * p0 + h10 * m0 + h01 * p1 + h11 * m1;
                }
                if (w == 4) normalize4(out);
            }
        }
    }

    /** Largest k with times[k] <= time, given times[0] < time < times[last]. */
    private static int keyBefore(float[] times, float time) {
        int lo = 0, hi = times.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= time) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /** Shortest-arc spherical interpolation of the quaternions at values[a..a+3] and values[b..b+3]. */
    private static void slerp(float[] v, int a, int b, float u, float[] out) {
        double ax = v[a], ay = v[a + 1], az = v[a + 2], aw = v[a + 3];
        double bx = v[b], by = v[b + 1], bz = v[b + 2], bw = v[b + 3];
        double dot = ax * bx + ay * by + az * bz + aw * bw;
        if (dot < 0) {
            dot = -dot;
            bx = -bx;
            by = -by;
            bz = -bz;
            bw = -bw;
        }
        double wa, wb;
        if (dot > 0.9995) {
            wa = 1 - u;
            wb = u;
        } else {
            double theta = Math.acos(Math.min(1, dot)), sin = Math.sin(theta);
            wa = Math.sin((1 - u) * theta) / sin;
            wb = Math.sin(u * theta) / sin;
        }
        out[0] = (float) (wa * ax + wb * bx);
        out[1] = (float) (wa * ay + wb * by);
        out[2] = (float) (wa * az + wb * bz);
        out[3] = (float) (wa * aw + wb * bw);
        normalize4(out);
    }

    private static void normalize4(float[] q) {
        double len = Math.sqrt((double) q[0] * q[0] + (double) q[1] * q[1] + (double) q[2] * q[2]
                + (double) q[3] * q[3]);
        if (len == 0) {
            q[0] = q[1] = q[2] = 0;
            q[3] = 1;
            return;
        }
        for (int i = 0; i < 4; i++) q[i] = (float) (q[i] / len);
    }

    private static void validate(Scene scene, Animation a, Animation.Channel c) {
        String where = "animation '" + a.name + "' channel on node " + c.node;
        if (c.node < 0 || c.node >= scene.nodes.size()) {
            throw new SceneException(scene.source, where + ": no such node (scene has " + scene.nodes.size() + ")");
        }
        int w = c.path == Animation.Path.ROTATION ? 4 : 3;
        int perKey = c.interpolation == Animation.Interpolation.CUBICSPLINE ? 3 * w : w;
        int keys = c.times == null ? 0 : c.times.length;
        if (c.times == null || c.values == null || c.values.length != keys * perKey) {
            throw new SceneException(scene.source, where + ": expected " + perKey + " values per key for "
                    + keys + " keys, got " + (c.values == null ? 0 : c.values.length));
        }
        for (int k = 1; k < c.times.length; k++) {
            if (!(c.times[k] >= c.times[k - 1])) {
                throw new SceneException(scene.source, where + ": key times must ascend (key " + k + ")");
            }
        }
    }
}
