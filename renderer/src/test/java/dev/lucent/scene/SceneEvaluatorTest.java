package dev.lucent.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.joml.Matrix4f;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

class SceneEvaluatorTest {
    static final float EPS = 1e-5f;

    static Scene scene() {
        return new Scene(Path.of("test.gltf"));
    }

    static Vector3f apply(Matrix4f m, float x, float y, float z) {
        return m.transformPosition(new Vector3f(x, y, z));
    }

    static void assertVec(float x, float y, float z, Vector3f v) {
        assertEquals(x, v.x, EPS, "x of " + v);
        assertEquals(y, v.y, EPS, "y of " + v);
        assertEquals(z, v.z, EPS, "z of " + v);
    }

    static Animation animate(Scene s, int node, Animation.Path path, Animation.Interpolation interp, float[] times,
            float[] values) {
        Animation a = new Animation("a");
        a.channels.add(new Animation.Channel(node, path, interp, times, values));
        s.animations.add(a);
        return a;
    }

    @Test
    void hierarchyComposesParentThenChild() {
        Scene s = scene();
        Node parent = new Node("parent");
        parent.translation.set(1, 0, 0);
        parent.scale.set(2, 2, 2);
        Node child = new Node("child");
        child.parent = 0;
        child.translation.set(0, 0, 1);
        child.rotation.rotationY((float) Math.PI / 2);
        s.addNode(parent);
        s.addNode(child);
        Matrix4f[] w = SceneEvaluator.worldMatrices(s, 0);
        // Child origin: parent scales (0,0,1) to (0,0,2) and translates by (1,0,0).
        assertVec(1, 0, 2, apply(w[1], 0, 0, 0));
        // Child +x: rotated 90 deg about +y to -z, scaled by 2, then offset.
        assertVec(1, 0, 0, apply(w[1], 1, 0, 0));
    }

    @Test
    void linearTranslationInterpolatesAndClamps() {
        Scene s = scene();
        Node n = new Node("n");
        n.translation.set(9, 9, 9);
        s.addNode(n);
        animate(s, 0, Animation.Path.TRANSLATION, Animation.Interpolation.LINEAR, new float[] {1, 3},
                new float[] {0, 0, 0, 4, 2, 0});
        assertVec(1, 0.5f, 0, apply(SceneEvaluator.worldMatrices(s, 1.5f)[0], 0, 0, 0));
        assertVec(0, 0, 0, apply(SceneEvaluator.worldMatrices(s, -10)[0], 0, 0, 0));
        assertVec(4, 2, 0, apply(SceneEvaluator.worldMatrices(s, 10)[0], 0, 0, 0));
        assertVec(9, 9, 9, n.translation);
    }

    @Test
    void stepHoldsPreviousKey() {
        Scene s = scene();
        s.addNode(new Node("n"));
        animate(s, 0, Animation.Path.SCALE, Animation.Interpolation.STEP, new float[] {0, 1, 2},
                new float[] {1, 1, 1, 2, 2, 2, 3, 3, 3});
        assertVec(1, 0, 0, apply(SceneEvaluator.worldMatrices(s, 0.99f)[0], 1, 0, 0));
        assertVec(2, 0, 0, apply(SceneEvaluator.worldMatrices(s, 1f)[0], 1, 0, 0));
        assertVec(2, 0, 0, apply(SceneEvaluator.worldMatrices(s, 1.5f)[0], 1, 0, 0));
        assertVec(3, 0, 0, apply(SceneEvaluator.worldMatrices(s, 7f)[0], 1, 0, 0));
    }

    @Test
    void rotationSlerpsAlongShortestArc() {
        float h = (float) Math.sqrt(0.5);
        for (float sign : new float[] {1, -1}) {
            Scene s = scene();
            s.addNode(new Node("n"));
            // identity, then 90 deg about +y (given as q or -q: the same rotation).
            animate(s, 0, Animation.Path.ROTATION, Animation.Interpolation.LINEAR, new float[] {0, 1},
                    new float[] {0, 0, 0, 1, 0, sign * h, 0, sign * h});
            float c = (float) Math.cos(Math.PI / 4);
            assertVec(c, 0, -c, apply(SceneEvaluator.worldMatrices(s, 0.5f)[0], 1, 0, 0));
            float c3 = (float) Math.cos(Math.PI / 8 * 3), s3 = (float) Math.sin(Math.PI / 8 * 3);
            assertVec(c3, 0, -s3, apply(SceneEvaluator.worldMatrices(s, 0.75f)[0], 1, 0, 0));
        }
    }

    @Test
    void cubicSplineUsesHermiteBasisWithScaledTangents() {
        Scene s = scene();
        s.addNode(new Node("n"));
        // Per key: in-tangent, value, out-tangent (3 floats each). Key 0 at t=0: value 0, out-tangent (1,0,0).
        // Key 1 at t=2: value 0, zero tangents. Interval 2, so m0 = 2. At u = 0.5: h10 = 1/8 -> x = 0.25.
        // y: value 0 -> 1 with zero tangents: h01(0.5) = 0.5; h01(0.25) = 0.15625.
        animate(s, 0, Animation.Path.TRANSLATION, Animation.Interpolation.CUBICSPLINE, new float[] {0, 2},
                new float[] {0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
        assertVec(0.25f, 0.5f, 0, apply(SceneEvaluator.worldMatrices(s, 1)[0], 0, 0, 0));
        float h10 = 0.25f * 0.25f * 0.25f - 2 * 0.25f * 0.25f + 0.25f;
        assertVec(h10 * 2, 0.15625f, 0, apply(SceneEvaluator.worldMatrices(s, 0.5f)[0], 0, 0, 0));
        // Outside the range the key value (not a tangent) is held.
        assertVec(0, 1, 0, apply(SceneEvaluator.worldMatrices(s, 3)[0], 0, 0, 0));
        assertVec(0, 0, 0, apply(SceneEvaluator.worldMatrices(s, -1)[0], 0, 0, 0));
    }

    @Test
    void badChannelsAreSceneExceptions() {
        Scene s = scene();
        s.addNode(new Node("n"));
        animate(s, 3, Animation.Path.TRANSLATION, Animation.Interpolation.LINEAR, new float[] {0},
                new float[] {0, 0, 0});
        assertThrows(SceneException.class, () -> SceneEvaluator.worldMatrices(s, 0));
        Scene s2 = scene();
        s2.addNode(new Node("n"));
        animate(s2, 0, Animation.Path.ROTATION, Animation.Interpolation.LINEAR, new float[] {0, 1},
                new float[] {0, 0, 0, 1});
        assertThrows(SceneException.class, () -> SceneEvaluator.worldMatrices(s2, 0));
        Scene s3 = scene();
        Node orphan = new Node("n");
        orphan.parent = 0;
        s3.addNode(orphan);
        assertThrows(SceneException.class, () -> SceneEvaluator.worldMatrices(s3, 0));
    }
}
