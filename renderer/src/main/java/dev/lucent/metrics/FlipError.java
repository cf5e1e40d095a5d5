package dev.lucent.metrics;

import dev.lucent.image.Srgb;

/**
 * LDR-FLIP (Andersson, Nilsson, Akenine-Moller, Oskarsson, Astrom, Fairchild 2020, "FLIP: A Difference
 * Evaluator for Alternating Images", HPG 2020), written from the paper's description and its published
 * constants, on the <b>display signals</b> of {@link DisplayEncoding} (sRGB in [0,1]). The mean of the
 * per-pixel error, in [0,1], 0 for identical images, is returned. It has not been checked value for value
 * against NVIDIA's reference implementation, so figures are Lucent's FLIP, close to but not guaranteed equal
 * to the reference tool's.
 *
 * <p>Per pixel, for a viewer at {@code ppd} pixels per degree (default 67.02: a 0.7 m wide 3840-pixel
 * monitor seen from 0.7 m):
 * <ol>
 *   <li><b>Colour.</b> sRGB to linear to CIE XYZ (D65) to the opponent space YCxCz
 *       ({@code Y = 116 y - 16, Cx = 500 (x - y), Cz = 200 (y - z)}, xyz relative to white). Each channel is
 *       convolved with its contrast sensitivity function, a sum of Gaussians in visual degrees,
 *       {@code a1 sqrt(pi / b1) exp(-pi^2 d^2 / b1) + a2 sqrt(pi / b2) exp(-pi^2 d^2 / b2)}, normalised to
 *       sum 1: achromatic (1, 0.0047, 0, 1e-5), red-green (1, 0.0053, 0, 1e-5), blue-yellow
 *       (34.1, 0.04, 13.5, 0.025); radius {@code ceil(3 sqrt(0.04 / (2 pi^2)) ppd)}, replicated borders. The
 *       result goes back to linear RGB, is clamped to [0,1], converted to CIE L*a*b* and Hunt-adjusted
 *       ({@code a, b} times {@code 0.01 L}). The HyAB distance {@code |dL| + sqrt(da^2 + db^2)} raised to
 *       q_c = 0.7 is mapped to [0,1] piecewise linearly: [0, 0.4 c_max] to [0, 0.95] and the rest to
 *       [0.95, 1], c_max being the same distance between pure green and pure blue.</li>
 *   <li><b>Features.</b> On the unfiltered relative luminance y, edges (first derivative of a Gaussian) and
 *       points (second derivative) per axis with {@code sigma = 0.5 * 0.082 ppd} pixels, radius
 *       {@code ceil(3 sigma)}, positive and negative weights each normalised to sum 1 and -1. The feature
 *       difference is {@code (max(| |edge_r| - |edge_t| |, | |point_r| - |point_t| |) / sqrt 2)^0.5}.</li>
 *   <li>The pixel's error is {@code colour ^ (1 - feature)}.</li>
 * </ol>
 */
public final class FlipError {
    /** Pixels per degree of a 0.7 m wide 4K monitor viewed from 0.7 m, FLIP's default observer. */
    public static final double DEFAULT_PPD = 0.7 * 3840 / 0.7 * Math.PI / 180;

    static final double QC = 0.7;
    static final double QF = 0.5;
    static final double PC = 0.4;
    static final double PT = 0.95;
    /** Peak-to-trough width of the human edge detector, in degrees. */
    static final double EDGE_WIDTH = 0.082;

    /** Linear sRGB to XYZ (D65), rows X, Y, Z: the exact rational form of the IEC 61966-2-1 matrix. */
    static final double[][] RGB_TO_XYZ = {
        {10135552.0 / 24577794, 8788810.0 / 24577794, 4435075.0 / 24577794},
        {2613072.0 / 12288897, 8788810.0 / 12288897, 887015.0 / 12288897},
        {1425312.0 / 73733382, 8788810.0 / 73733382, 70074185.0 / 73733382},
    };
    static final double[][] XYZ_TO_RGB = invert(RGB_TO_XYZ);
    /** XYZ of linear RGB white (1, 1, 1): the D65 reference white of the conversions. */
    static final double[] WHITE = {rowSum(RGB_TO_XYZ[0]), rowSum(RGB_TO_XYZ[1]), rowSum(RGB_TO_XYZ[2])};

    private final double ppd;
    private final double cmax;

    public FlipError() {
        this(DEFAULT_PPD);
    }

    public FlipError(double pixelsPerDegree) {
        if (!(pixelsPerDegree > 0 && pixelsPerDegree < 1e4)) {
            throw new IllegalArgumentException("pixels per degree " + pixelsPerDegree);
        }
        this.ppd = pixelsPerDegree;
        double[] green = huntLab(0, 1, 0);
        double[] blue = huntLab(0, 0, 1);
        this.cmax = Math.pow(hyab(green, blue), QC);
    }

    public double pixelsPerDegree() { return ppd; }

    /** Mean LDR-FLIP error of two display signals. */
    public double of(RgbImage testSignal, RgbImage referenceSignal) {
        double[] map = errorMap(testSignal, referenceSignal);
        double sum = 0;
        for (double e : map) sum += e;
        return sum / map.length;
    }

    /** Per-pixel LDR-FLIP error in [0,1], index y * width + x. */
    public double[] errorMap(RgbImage testSignal, RgbImage referenceSignal) {
        testSignal.requireSameSize(referenceSignal);
        int w = testSignal.width();
        int h = testSignal.height();
        double[][] ycc = opponent(testSignal);
        double[][] yccRef = opponent(referenceSignal);

        double[][] labT = filteredHuntLab(ycc, w, h);
        double[][] labR = filteredHuntLab(yccRef, w, h);

        FeatureKernels k = new FeatureKernels(ppd);
        double[] yT = normalisedLuminance(ycc[0]);
        double[] yR = normalisedLuminance(yccRef[0]);
        double[] edgeT = k.edgeMagnitude(yT, w, h);
        double[] edgeR = k.edgeMagnitude(yR, w, h);
        double[] pointT = k.pointMagnitude(yT, w, h);
        double[] pointR = k.pointMagnitude(yR, w, h);

        double[] out = new double[w * h];
        double pccmax = PC * cmax;
        for (int p = 0; p < out.length; p++) {
            double dL = labR[0][p] - labT[0][p];
            double da = labR[1][p] - labT[1][p];
            double db = labR[2][p] - labT[2][p];
            double hy = Math.pow(Math.abs(dL) + Math.sqrt(da * da + db * db), QC);
            double colour = hy < pccmax ? PT / pccmax * hy : PT + (hy - pccmax) / (cmax - pccmax) * (1 - PT);
            double f = Math.max(Math.abs(edgeR[p] - edgeT[p]), Math.abs(pointR[p] - pointT[p]));
            double feature = Math.pow(f / Math.sqrt(2), QF);
            out[p] = Math.pow(colour, 1 - feature);
        }
        return out;
    }

    /** Display signal (clamped to [0,1]) to YCxCz planes {Y, Cx, Cz}. */
    static double[][] opponent(RgbImage signal) {
        float[] rgb = signal.rgb();
        int n = signal.pixelCount();
        double[][] out = new double[3][n];
        double[] xyz = new double[3];
        for (int p = 0; p < n; p++) {
            double r = Srgb.decode(clamp01(rgb[3 * p]));
            double g = Srgb.decode(clamp01(rgb[3 * p + 1]));
            double b = Srgb.decode(clamp01(rgb[3 * p + 2]));
            multiply(RGB_TO_XYZ, r, g, b, xyz);
            double x = xyz[0] / WHITE[0], y = xyz[1] / WHITE[1], z = xyz[2] / WHITE[2];
            out[0][p] = 116 * y - 16;
            out[1][p] = 500 * (x - y);
            out[2][p] = 200 * (y - z);
        }
        return out;
    }

    /** CSF-filters YCxCz planes, then Hunt-adjusted L*a*b* of the clamped linear RGB, as planes {L, a, b}. */
    private double[][] filteredHuntLab(double[][] ycc, int w, int h) {
        double[] y = csf(ycc[0], w, h, 1, 0.0047, 0, 1e-5);
        double[] cx = csf(ycc[1], w, h, 1, 0.0053, 0, 1e-5);
        double[] cz = csf(ycc[2], w, h, 34.1, 0.04, 13.5, 0.025);
        double[][] out = new double[3][w * h];
        double[] xyz = new double[3];
        for (int p = 0; p < out[0].length; p++) {
            double yy = (y[p] + 16) / 116;
            double xx = yy + cx[p] / 500;
            double zz = yy - cz[p] / 200;
            multiply(XYZ_TO_RGB, xx * WHITE[0], yy * WHITE[1], zz * WHITE[2], xyz);
            double[] lab = huntLab(clamp01(xyz[0]), clamp01(xyz[1]), clamp01(xyz[2]));
            out[0][p] = lab[0];
            out[1][p] = lab[1];
            out[2][p] = lab[2];
        }
        return out;
    }

    /** Convolves with the CSF {@code a1 sqrt(pi/b1) e^(-pi^2 d^2/b1) + a2 sqrt(pi/b2) e^(-pi^2 d^2/b2)}. */
    private double[] csf(double[] plane, int w, int h, double a1, double b1, double a2, double b2) {
        int r = (int) Math.ceil(3 * Math.sqrt(0.04 / (2 * Math.PI * Math.PI)) * ppd);
        double[] g1 = csfProfile(r, b1);
        double[] g2 = csfProfile(r, b2);
        double c1 = a1 * Math.sqrt(Math.PI / b1);
        double c2 = a2 * Math.sqrt(Math.PI / b2);
        double s1 = sum(g1), s2 = sum(g2);
        double total = c1 * s1 * s1 + c2 * s2 * s2; // the 2D kernel's sum over the (2r+1)^2 grid
        double[] out = SeparableFilter.convolve(plane, w, h, g1, g1);
        double w1 = c1 / total;
        for (int i = 0; i < out.length; i++) out[i] *= w1;
        if (a2 != 0) {
            double[] second = SeparableFilter.convolve(plane, w, h, g2, g2);
            double w2 = c2 / total;
            for (int i = 0; i < out.length; i++) out[i] += w2 * second[i];
        }
        return out;
    }

    /** exp(-pi^2 (i / ppd)^2 / b) for i = -r..r. */
    private double[] csfProfile(int r, double b) {
        double[] k = new double[2 * r + 1];
        for (int i = -r; i <= r; i++) {
            double d = i / ppd;
            k[i + r] = Math.exp(-Math.PI * Math.PI * d * d / b);
        }
        return k;
    }

    /** (Y + 16) / 116 of YCxCz: luminance relative to white. */
    private static double[] normalisedLuminance(double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) out[i] = (y[i] + 16) / 116;
        return out;
    }

    /** Hunt-adjusted CIE L*a*b* (D65) of linear RGB: {L, 0.01 L a, 0.01 L b}. */
    static double[] huntLab(double r, double g, double b) {
        double[] xyz = new double[3];
        multiply(RGB_TO_XYZ, r, g, b, xyz);
        double fx = labF(xyz[0] / WHITE[0]);
        double fy = labF(xyz[1] / WHITE[1]);
        double fz = labF(xyz[2] / WHITE[2]);
        double l = 116 * fy - 16;
        double a = 500 * (fx - fy);
        double bb = 200 * (fy - fz);
        return new double[] {l, 0.01 * l * a, 0.01 * l * bb};
    }

    private static double labF(double t) {
        double delta = 6.0 / 29;
        return t > delta * delta * delta ? Math.cbrt(t) : t / (3 * delta * delta) + 4.0 / 29;
    }

    static double hyab(double[] p, double[] q) {
        double da = p[1] - q[1], db = p[2] - q[2];
        return Math.abs(p[0] - q[0]) + Math.sqrt(da * da + db * db);
    }

    private static void multiply(double[][] m, double a, double b, double c, double[] out) {
        for (int i = 0; i < 3; i++) out[i] = m[i][0] * a + m[i][1] * b + m[i][2] * c;
    }

    private static double clamp01(double v) {
        return v > 0 ? Math.min(v, 1.0) : 0.0;
    }

    private static double sum(double[] k) {
        double s = 0;
        for (double v : k) s += v;
        return s;
    }

    private static double rowSum(double[] row) {
        return row[0] + row[1] + row[2];
    }

    /** Inverse of a 3x3 matrix by cofactors. */
    static double[][] invert(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det},
        };
    }

    /**
     * FLIP's edge and point detectors: separable kernels d(x) g(y) with g a normalised Gaussian and d the
     * first (edges) or second (points) derivative profile, positive and negative parts scaled so that the 2D
     * kernel's positive weights sum to 1 and its negative weights to -1.
     */
    private static final class FeatureKernels {
        private final double[] gauss;
        private final double[] edge;
        private final double[] point;

        FeatureKernels(double ppd) {
            double sd = 0.5 * EDGE_WIDTH * ppd;
            int r = (int) Math.ceil(3 * sd);
            double[] g = new double[2 * r + 1];
            double[] e = new double[2 * r + 1];
            double[] pt = new double[2 * r + 1];
            for (int i = -r; i <= r; i++) {
                g[i + r] = Math.exp(-(double) i * i / (2 * sd * sd));
                e[i + r] = -i * g[i + r];
                pt[i + r] = ((double) i * i / (sd * sd) - 1) * g[i + r];
            }
            double gs = sum(g);
            for (int i = 0; i < g.length; i++) g[i] /= gs;
            this.gauss = g;
            this.edge = normaliseSigned(e);
            this.point = normaliseSigned(pt);
        }

        /** Positive entries divided by their sum, negative ones by the magnitude of theirs. */
        private static double[] normaliseSigned(double[] k) {
            double pos = 0, neg = 0;
            for (double v : k) {
                if (v > 0) pos += v;
                else neg -= v;
            }
            double[] out = new double[k.length];
            for (int i = 0; i < k.length; i++) out[i] = k[i] > 0 ? k[i] / pos : (k[i] < 0 ? k[i] / neg : 0);
            return out;
        }

        double[] edgeMagnitude(double[] y, int w, int h) {
            return magnitude(SeparableFilter.convolve(y, w, h, edge, gauss),
                    SeparableFilter.convolve(y, w, h, gauss, edge));
        }

        double[] pointMagnitude(double[] y, int w, int h) {
            return magnitude(SeparableFilter.convolve(y, w, h, point, gauss),
                    SeparableFilter.convolve(y, w, h, gauss, point));
        }

        private static double[] magnitude(double[] fx, double[] fy) {
            double[] out = new double[fx.length];
            for (int i = 0; i < out.length; i++) out[i] = Math.sqrt(fx[i] * fx[i] + fy[i] * fy[i]);
            return out;
        }
    }
}
