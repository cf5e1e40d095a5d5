package dev.lucent.scene;

import java.util.ArrayList;
import java.util.List;

/** glTF animation: keyframed node translation, rotation and scale (and camera paths from the scene file). */
public final class Animation {
    public enum Path { TRANSLATION, ROTATION, SCALE }
    public enum Interpolation { LINEAR, STEP, CUBICSPLINE }

    /** One keyframed property of one node. Values hold 3 (T, S) or 4 (R, quaternion xyzw) floats per key
     * (times 3 for CUBICSPLINE: in-tangent, value, out-tangent). Times are seconds, ascending. */
    public static final class Channel {
        public final int node;
        public final Path path;
        public final Interpolation interpolation;
        public final float[] times;
        public final float[] values;

        public Channel(int node, Path path, Interpolation interpolation, float[] times, float[] values) {
            this.node = node;
            this.path = path;
            this.interpolation = interpolation;
            this.times = times;
            this.values = values;
        }
    }

    public String name;
    public final List<Channel> channels = new ArrayList<>();

    public Animation(String name) { this.name = name; }

    public float duration() {
        float d = 0;
        for (Channel c : channels) if (c.times.length > 0) d = Math.max(d, c.times[c.times.length - 1]);
        return d;
    }
}
