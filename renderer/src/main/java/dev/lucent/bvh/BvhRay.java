package dev.lucent.bvh;

/**
 * A ray prepared for BVH traversal: origin, direction (any length, not zero), the valid parametric interval
 * [tMin, tMax] (distances in units of the direction's length), and what the slab test and the watertight
 * triangle test (Woop, Benthin, Wald 2013, "Watertight ray/triangle intersection", JCGT 2(1)) precompute per
 * ray. All in the space of the tree being traversed. Fields are public for hot loops; change them only
 * through {@link #set}, which recomputes the derived values.
 */
public final class BvhRay {
    public float ox, oy, oz, dx, dy, dz, tMin, tMax;
    /** 1 / direction per axis (+-inf for a zero component, sign following the zero's sign). */
    public float invX, invY, invZ;
    /** Woop: kz = axis of the largest |direction| component; kx, ky the others, swapped to keep winding. */
    public int kx, ky, kz;
    /** Woop: shear constants Sx = d[kx]/d[kz], Sy = d[ky]/d[kz], Sz = 1/d[kz]. */
    public float sx, sy, sz;

    public BvhRay() {}

    public BvhRay(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax) {
        set(ox, oy, oz, dx, dy, dz, tMin, tMax);
    }

    /** Sets the ray; throws IllegalArgumentException for a zero or non-finite direction or a NaN origin/interval. */
    public BvhRay set(float ox, float oy, float oz, float dx, float dy, float dz, float tMin, float tMax) {
        if (!(Float.isFinite(dx) && Float.isFinite(dy) && Float.isFinite(dz)) || (dx == 0 && dy == 0 && dz == 0)) {
            throw new IllegalArgumentException("ray direction must be finite and non-zero: " + dx + ", " + dy + ", " + dz);
        }
        if (Float.isNaN(ox) || Float.isNaN(oy) || Float.isNaN(oz) || Float.isNaN(tMin) || Float.isNaN(tMax)) {
            throw new IllegalArgumentException("ray origin and interval must not be NaN");
        }
        this.ox = ox;
        this.oy = oy;
        this.oz = oz;
        this.dx = dx;
        this.dy = dy;
        this.dz = dz;
        this.tMin = tMin;
        this.tMax = tMax;
        invX = 1f / dx;
        invY = 1f / dy;
        invZ = 1f / dz;
        float ax = Math.abs(dx), ay = Math.abs(dy), az = Math.abs(dz);
        kz = ax >= ay ? (ax >= az ? 0 : 2) : (ay >= az ? 1 : 2);
        kx = kz == 2 ? 0 : kz + 1;
        ky = kx == 2 ? 0 : kx + 1;
        if (component(kz) < 0) {
            int t = kx;
            kx = ky;
            ky = t;
        }
        float dkz = component(kz);
        sx = component(kx) / dkz;
        sy = component(ky) / dkz;
        sz = 1f / dkz;
        return this;
    }

    /** Direction component k (0 = x, 1 = y, 2 = z). */
    public float component(int k) {
        return k == 0 ? dx : k == 1 ? dy : dz;
    }
}
