package dev.lucent.metrics;

/**
 * Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004, "Image Quality Assessment: From Error
 * Visibility to Structural Similarity"), the mean SSIM index with the paper's parameters: an 11x11 Gaussian
 * window with sigma 1.5 (normalised), K1 = 0.01, K2 = 0.03, dynamic range L = 1, so C1 = (K1 L)^2 and
 * C2 = (K2 L)^2. It is computed on one channel, the luma {@code 0.2126 R' + 0.7152 G' + 0.0722 B'} of the
 * <b>display signals</b> (see {@link DisplayEncoding}). Local statistics use the biased (1/N-weighted)
 * moments of the paper's reference code. The mean is taken, as in that code, over the pixels whose whole
 * window lies inside the image; images smaller than 11 pixels in either direction average every pixel
 * instead, with the window's outside taps reading the replicated border.
 *
 * <p>1 for identical images, below 1 otherwise; a blurred or noisy copy scores lower.
 */
public final class Ssim {
    static final int RADIUS = 5;
    static final double SIGMA = 1.5;
    static final double C1 = 0.01 * 0.01;
    static final double C2 = 0.03 * 0.03;

    private Ssim() {}

    /** Mean SSIM of two display signals. */
    public static double of(RgbImage testSignal, RgbImage referenceSignal) {
        testSignal.requireSameSize(referenceSignal);
        int w = testSignal.width();
        int h = testSignal.height();
        double[] x = luma(testSignal);
        double[] y = luma(referenceSignal);
        int n = x.length;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] g = SeparableFilter.gaussian(RADIUS, SIGMA);
        double[] mx = SeparableFilter.convolve(x, w, h, g, g);
        double[] my = SeparableFilter.convolve(y, w, h, g, g);
        double[] sxx = SeparableFilter.convolve(xx, w, h, g, g);
        double[] syy = SeparableFilter.convolve(yy, w, h, g, g);
        double[] sxy = SeparableFilter.convolve(xy, w, h, g, g);

        boolean valid = w > 2 * RADIUS && h > 2 * RADIUS;
        int x0 = valid ? RADIUS : 0, x1 = valid ? w - RADIUS : w;
        int y0 = valid ? RADIUS : 0, y1 = valid ? h - RADIUS : h;
        double sum = 0;
        for (int py = y0; py < y1; py++) {
            for (int px = x0; px < x1; px++) {
                int i = py * w + px;
                double ux = mx[i], uy = my[i];
                double vx = sxx[i] - ux * ux;
                double vy = syy[i] - uy * uy;
                double cxy = sxy[i] - ux * uy;
                sum += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
            }
        }
        return sum / ((double) (x1 - x0) * (y1 - y0));
    }

    /** Rec.709 luma of the encoded signal. */
    static double[] luma(RgbImage signal) {
        float[] rgb = signal.rgb();
        double[] out = new double[signal.pixelCount()];
        for (int p = 0; p < out.length; p++) {
            out[p] = 0.2126 * rgb[3 * p] + 0.7152 * rgb[3 * p + 1] + 0.0722 * rgb[3 * p + 2];
        }
        return out;
    }
}
