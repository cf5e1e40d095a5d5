package dev.lucent.metrics;

/**
 * 2D convolution with a separable kernel {@code kx(i) ky(j)} on one plane of doubles (index y * w + x), edges
 * extended by replicating the border pixels (OpenCV's BORDER_REPLICATE, PyTorch's 'replicate' padding).
 * Kernels have odd length 2r + 1 with the centre at index r; they are applied as given (no normalisation).
 */
final class SeparableFilter {
    private SeparableFilter() {}

    static double[] convolve(double[] plane, int w, int h, double[] kx, double[] ky) {
        double[] tmp = new double[plane.length];
        int rx = kx.length / 2;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -rx; i <= rx; i++) {
                    int xx = Math.min(w - 1, Math.max(0, x + i));
                    s += kx[i + rx] * plane[row + xx];
                }
                tmp[row + x] = s;
            }
        }
        double[] out = new double[plane.length];
        int ry = ky.length / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int j = -ry; j <= ry; j++) {
                    int yy = Math.min(h - 1, Math.max(0, y + j));
                    s += ky[j + ry] * tmp[yy * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    /** exp(-x^2 / (2 sigma^2)) for x = -r..r, normalised to sum 1. */
    static double[] gaussian(int r, double sigma) {
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }
}
