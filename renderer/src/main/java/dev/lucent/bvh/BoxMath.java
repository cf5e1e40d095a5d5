package dev.lucent.bvh;

/** Axis-aligned boxes as 6 floats {minX, minY, minZ, maxX, maxY, maxZ}; empty = +inf mins, -inf maxes. */
final class BoxMath {
    private BoxMath() {}

    static float[] empty() {
        float inf = Float.POSITIVE_INFINITY;
        return new float[] {inf, inf, inf, -inf, -inf, -inf};
    }

    static void setEmpty(float[] b) {
        float inf = Float.POSITIVE_INFINITY;
        b[0] = b[1] = b[2] = inf;
        b[3] = b[4] = b[5] = -inf;
    }

    /** Grows {@code into} by {@code b}. */
    static void union(float[] into, float[] b) {
        for (int k = 0; k < 3; k++) {
            if (b[k] < into[k]) into[k] = b[k];
            if (b[k + 3] > into[k + 3]) into[k + 3] = b[k + 3];
        }
    }

    /** Half the surface area (dx dy + dy dz + dz dx), in double; 0 for an empty or degenerate box. */
    /**
     * Order-preserving int image of a float: for non-NaN floats other than -0, {@code key(a) < key(b)} exactly
     * when {@code a < b}, so int min/max of keys (branch-free conditional moves) equals float min/max.
     */
    static int key(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Inverse of {@link #key}. */
    static float fromKey(int k) {
        return Float.intBitsToFloat(k ^ ((k >> 31) & 0x7fffffff));
    }

    static double halfArea(float[] b) {
        return halfArea(b[0], b[1], b[2], b[3], b[4], b[5]);
    }

    static double halfArea(float x0, float y0, float z0, float x1, float y1, float z1) {
        double dx = (double) x1 - x0, dy = (double) y1 - y0, dz = (double) z1 - z0;
        if (!(dx >= 0 && dy >= 0 && dz >= 0)) return 0;
        return dx * dy + dy * dz + dz * dx;
    }
}
