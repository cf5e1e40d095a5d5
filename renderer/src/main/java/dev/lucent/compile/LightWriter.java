package dev.lucent.compile;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcLight;
import dev.lucent.scene.Light;
import dev.lucent.scene.Scene;
import org.joml.Matrix4f;
import org.joml.Vector3f;

/**
 * Writes {@code lights}: one LcLight per node that carries a punctual light, in node order, in world space.
 * A light sits at its node's origin and shines down its node's -z: position = M (0,0,0,1), direction =
 * normalise(M (0,0,-1,0)). Radiance = colour * intensity (KHR_lights_punctual units read as W/sr or W/m^2).
 */
final class LightWriter {
    private LightWriter() {}

    static void allocate(CompiledScene cs) {
        cs.lightCount = cs.lightNodes.length;
        cs.lights = PoolIo.table(cs.lightCount, LcLight.BYTES);
    }

    static void write(CompiledScene cs, Scene scene, Matrix4f[] world) {
        Vector3f p = new Vector3f(), d = new Vector3f();
        for (int i = 0; i < cs.lightNodes.length; i++) {
            int node = cs.lightNodes[i];
            Light l = scene.lights.get(scene.nodes.get(node).light);
            world[node].transformPosition(p.set(0, 0, 0));
            world[node].transformDirection(d.set(0, 0, -1));
            if (d.lengthSquared() > 0) d.normalize();
            else d.set(0, 0, -1);
            long o = (long) i * LcLight.BYTES;
            PoolIo.putVec4(cs.lights, o + LcLight.POSITION, p.x, p.y, p.z, 0);
            PoolIo.putVec4(cs.lights, o + LcLight.DIRECTION, d.x, d.y, d.z, 0);
            PoolIo.putVec4(cs.lights, o + LcLight.RADIANCE, l.color[0] * l.intensity, l.color[1] * l.intensity,
                    l.color[2] * l.intensity, 0);
            cs.lights.putInt(o + LcLight.TYPE, switch (l.type) {
                case POINT -> Layout.LC_LIGHT_POINT;
                case SPOT -> Layout.LC_LIGHT_SPOT;
                case DIRECTIONAL -> Layout.LC_LIGHT_DIRECTIONAL;
            });
            cs.lights.putFloat(o + LcLight.COS_INNER, (float) Math.cos(l.innerConeAngle));
            cs.lights.putFloat(o + LcLight.COS_OUTER, (float) Math.cos(l.outerConeAngle));
            cs.lights.putFloat(o + LcLight.RANGE, l.range);
        }
    }
}
