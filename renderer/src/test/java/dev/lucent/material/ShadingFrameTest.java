package dev.lucent.material;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.joml.Vector3f;
import org.junit.jupiter.api.Test;

class ShadingFrameTest {
    static void assertOrthonormalRightHanded(ShadingFrame f, float handedness, String what) {
        assertEquals(1, f.t.length(), 1e-5, what);
        assertEquals(1, f.b.length(), 1e-5, what);
        assertEquals(1, f.n.length(), 1e-5, what);
        assertEquals(0, f.t.dot(f.b), 1e-5, what);
        assertEquals(0, f.t.dot(f.n), 1e-5, what);
        assertEquals(0, f.b.dot(f.n), 1e-5, what);
        assertEquals(handedness, f.t.cross(f.b, new Vector3f()).dot(f.n), 1e-5, what);
    }

    @Test
    void normalOnlyFrameIsOrthonormalEverywhere() {
        ShadingFrame f = new ShadingFrame();
        SplittableRandom rng = new SplittableRandom(1);
        Vector3f[] special = {new Vector3f(0, 0, 1), new Vector3f(0, 0, -1), new Vector3f(1, 0, 0),
            new Vector3f(0, -1, 0), new Vector3f(1e-4f, 0, -1).normalize(), new Vector3f(0, 1e-7f, -1).normalize()};
        for (Vector3f n : special) {
            f.fromNormal(n);
            assertOrthonormalRightHanded(f, 1, n.toString());
            assertEquals(n.z, f.n.z, 0);
        }
        for (int i = 0; i < 10_000; i++) {
            Vector3f n = new Vector3f((float) rng.nextGaussian(), (float) rng.nextGaussian(),
                    (float) rng.nextGaussian()).normalize();
            f.fromNormal(n);
            assertOrthonormalRightHanded(f, 1, n.toString());
        }
    }

    @Test
    void localAndWorldAreInverse() {
        ShadingFrame f = new ShadingFrame().fromNormal(new Vector3f(0.3f, -0.5f, 0.8f).normalize());
        Vector3f v = new Vector3f(0.2f, 0.7f, -0.1f), local = f.toLocal(v, new Vector3f());
        assertEquals(v.dot(f.n), local.z, 1e-6);
        Vector3f back = f.toWorld(local, new Vector3f());
        assertEquals(v.x, back.x, 1e-6);
        assertEquals(v.y, back.y, 1e-6);
        assertEquals(v.z, back.z, 1e-6);
        Vector3f alias = new Vector3f(v);
        f.toWorld(f.toLocal(alias, alias), alias);
        assertEquals(v.y, alias.y, 1e-6);
        // The normal is local +z.
        Vector3f z = f.toLocal(f.n, new Vector3f());
        assertEquals(1, z.z, 1e-6);
    }

    @Test
    void tangentIsOrthogonalisedAndBitangentSignRespected() {
        ShadingFrame f = new ShadingFrame();
        Vector3f n = new Vector3f(0, 0, 1);
        f.fromNormalTangent(n, new Vector3f(1, 0, 0.5f), 1);
        assertEquals(1, f.t.x, 1e-6); // projected onto the tangent plane
        assertEquals(1, f.b.y, 1e-6); // cross(n, t) = +y
        assertOrthonormalRightHanded(f, 1, "w=+1");
        f.fromNormalTangent(n, new Vector3f(1, 0, 0), -1);
        assertEquals(-1, f.b.y, 1e-6);
        assertOrthonormalRightHanded(f, -1, "w=-1");
        // Degenerate tangents fall back to the normal-only frame.
        f.fromNormalTangent(n, new Vector3f(0, 0, 0), 1);
        assertOrthonormalRightHanded(f, 1, "zero tangent");
        f.fromNormalTangent(n, new Vector3f(0, 0, 2), 1);
        assertOrthonormalRightHanded(f, 1, "parallel tangent");
    }

    @Test
    void normalMapTiltsTowardTangent() {
        ShadingFrame f = new ShadingFrame().fromNormalTangent(new Vector3f(0, 0, 1), new Vector3f(1, 0, 0), 1);
        f.applyNormalMap(new Vector3f(0, 0, 1));
        assertEquals(1, f.n.z, 1e-6); // flat normal map: unchanged
        float s = (float) Math.sqrt(0.5);
        f.applyNormalMap(new Vector3f(s, 0, s)); // 45 degrees toward +t
        assertEquals(s, f.n.x, 1e-6);
        assertEquals(s, f.n.z, 1e-6);
        assertOrthonormalRightHanded(f, 1, "tilted");
        // A left-handed (mirrored UV) frame stays left-handed; tangent-space y follows the bitangent.
        f.fromNormalTangent(new Vector3f(0, 0, 1), new Vector3f(1, 0, 0), -1);
        f.applyNormalMap(new Vector3f(0, s, s));
        assertEquals(-s, f.n.y, 1e-6);
        assertOrthonormalRightHanded(f, -1, "mirrored");
    }
}
