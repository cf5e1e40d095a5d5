package dev.lucent.bvh.gpu;

import dev.lucent.core.Layout;

/**
 * One ray's hit as {@code LcHit} states it: t along the world-space ray (in units of its direction), barycentric
 * weights u, v of v1 and v2, global triangle index and LcInstance index; a miss has triangle = instance =
 * {@code LC_NONE} and t = the ray's tMax. Mutable, reused per ray.
 */
public final class GpuHit {
    public float t, u, v;
    public int triangle = Layout.LC_NONE, instance = Layout.LC_NONE;

    void miss(float tMax) {
        t = tMax;
        u = 0f;
        v = 0f;
        triangle = Layout.LC_NONE;
        instance = Layout.LC_NONE;
    }

    public boolean isHit() { return triangle != Layout.LC_NONE; }

    @Override
    public String toString() {
        return isHit() ? "hit t=" + t + " u=" + u + " v=" + v + " triangle=" + triangle + " instance=" + instance
                : "miss";
    }
}
