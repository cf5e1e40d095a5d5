package dev.lucent.sampling;

/**
 * Maps from the unit square [0,1)^2 to other domains, with the density each map produces (pbrt-v4 chapter
 * A.5 names). Directions are unit vectors in a local frame whose +z is the pole (the shading normal or the
 * cone axis); densities are per unit solid angle (directions) or per unit area (disk, triangle). Results go
 * to a caller-owned {@code float[]} so hot loops allocate nothing.
 */
public final class Warps {
    private Warps() {}

    private static final float PI = (float) Math.PI;
    private static final float INV_PI = (float) (1 / Math.PI);

    /**
     * Shirley-Chiu concentric map onto the unit disk (Shirley and Chiu 1997, "A Low Distortion Map Between Disk
     * and Square"): concentric squares go to concentric circles. Writes (x, y) to out[0..1]; density 1/pi.
     */
    public static void sampleConcentricDisk(float u0, float u1, float[] out) {
        float a = 2 * u0 - 1, b = 2 * u1 - 1;
        if (a == 0 && b == 0) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        float r, phi;
        if (Math.abs(a) > Math.abs(b)) {
            r = a;
            phi = (PI / 4) * (b / a);
        } else {
            r = b;
            phi = PI / 2 - (PI / 4) * (a / b);
        }
        out[0] = r * (float) Math.cos(phi);
        out[1] = r * (float) Math.sin(phi);
    }

    /**
     * Cosine-weighted hemisphere about +z (Malley's method: concentric disk point lifted to the hemisphere).
     * Writes (x, y, z) to out[0..2], z >= 0; density {@link #cosineHemispherePdf}.
     */
    public static void sampleCosineHemisphere(float u0, float u1, float[] out) {
        sampleConcentricDisk(u0, u1, out);
        float x = out[0], y = out[1];
        out[2] = (float) Math.sqrt(Math.max(0, 1 - x * x - y * y));
    }

    /** Density of {@link #sampleCosineHemisphere}: cos(theta)/pi for cos(theta) > 0, else 0. */
    public static float cosineHemispherePdf(float cosTheta) {
        return cosTheta > 0 ? cosTheta * INV_PI : 0;
    }

    /** Uniform direction on the unit sphere. Writes (x, y, z) to out[0..2]; density 1/(4 pi). */
    public static void sampleUniformSphere(float u0, float u1, float[] out) {
        float z = 1 - 2 * u0;
        float r = (float) Math.sqrt(Math.max(0, 1 - z * z));
        float phi = 2 * PI * u1;
        out[0] = r * (float) Math.cos(phi);
        out[1] = r * (float) Math.sin(phi);
        out[2] = z;
    }

    /** Density of {@link #sampleUniformSphere}. */
    public static float uniformSpherePdf() {
        return 1 / (4 * PI);
    }

    /** Uniform direction on the hemisphere z >= 0. Writes (x, y, z) to out[0..2]; density 1/(2 pi). */
    public static void sampleUniformHemisphere(float u0, float u1, float[] out) {
        float z = u0;
        float r = (float) Math.sqrt(Math.max(0, 1 - z * z));
        float phi = 2 * PI * u1;
        out[0] = r * (float) Math.cos(phi);
        out[1] = r * (float) Math.sin(phi);
        out[2] = z;
    }

    /** Density of {@link #sampleUniformHemisphere}. */
    public static float uniformHemispherePdf() {
        return 1 / (2 * PI);
    }

    /**
     * Uniform direction inside the cone about +z of half-angle acos(cosThetaMax), cosThetaMax in [-1, 1).
     * Writes (x, y, z) to out[0..2]; density {@link #uniformConePdf}.
     */
    public static void sampleUniformCone(float u0, float u1, float cosThetaMax, float[] out) {
        float z = 1 - u0 * (1 - cosThetaMax);
        float r = (float) Math.sqrt(Math.max(0, 1 - z * z));
        float phi = 2 * PI * u1;
        out[0] = r * (float) Math.cos(phi);
        out[1] = r * (float) Math.sin(phi);
        out[2] = z;
    }

    /** Density of {@link #sampleUniformCone}: 1 / (2 pi (1 - cosThetaMax)). */
    public static float uniformConePdf(float cosThetaMax) {
        return 1 / (2 * PI * (1 - cosThetaMax));
    }

    /**
     * Uniform point on a triangle as barycentrics (b0, b1, b2) written to out[0..2], by Heitz's low-distortion
     * map (Heitz 2019, "A Low-Distortion Map Between Triangle and Square"): the square's diagonal halves are
     * sheared onto the triangle, so nearby square points stay nearby. The point is b0 p0 + b1 p1 + b2 p2;
     * density 1/area.
     */
    public static void sampleUniformTriangle(float u0, float u1, float[] out) {
        float b0, b1;
        if (u0 < u1) {
            b0 = u0 / 2;
            b1 = u1 - b0;
        } else {
            b1 = u1 / 2;
            b0 = u0 - b1;
        }
        out[0] = b0;
        out[1] = b1;
        out[2] = 1 - b0 - b1;
    }
}
