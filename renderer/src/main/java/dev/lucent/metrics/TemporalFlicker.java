package dev.lucent.metrics;

/**
 * Flicker of a frame sequence: how much each frame differs from the previous one once the motion of the
 * scene is taken out. For consecutive display signals (see {@link DisplayEncoding}) {@code previous} and
 * {@code current} and the current frame's motion AOV (pixels from the previous frame, x right and y down: the
 * point seen at pixel (x, y) was at film position (x + 0.5 - mx, y + 0.5 - my)), the frame difference is the
 * mean over pixels and channels of {@code |current - previous warped along the motion|}, the warp bilinear.
 *
 * <p>Only pixels whose warp is trustworthy count: all bilinear taps of non-zero weight inside the image, and
 * each one's depth (previous frame) within {@link #DEPTH_TOLERANCE} (relative) of the distance the current
 * pixel's point had from the previous camera (the render's {@code previousDepth.Z} layer), misses matching
 * misses. Pass the same
 * motion and depths (those of one render of the sequence) when comparing a test sequence with a reference
 * sequence, so both are measured over the same pixels; the reference's value is the change that the scene
 * itself makes (view-dependent shading, interpolation), the excess of a test sequence over it is flicker.
 */
public final class TemporalFlicker {
    /** Largest relative depth difference between a warp tap and the current pixel. */
    public static final float DEPTH_TOLERANCE = 0.02f;

    private TemporalFlicker() {}

    /** The result of one frame pair: mean absolute difference over the {@code pixels} that counted. */
    public record FrameDifference(double meanAbsoluteDifference, int pixels) {}

    /**
     * The motion-compensated difference of {@code current} from {@code previous}. {@code previousDepth}: the
     * previous frame's depth AOV; {@code expectedPreviousDepth}: per current pixel, its point's distance from
     * the previous camera (+infinity for a miss); both 1 float per pixel. {@code motion} 2 per pixel. Both images
     * must have the same size.
     */
    public static FrameDifference frameDifference(RgbImage previous, float[] previousDepth, RgbImage current,
                                                  float[] expectedPreviousDepth, float[] motion) {
        float[] currentDepth = expectedPreviousDepth;
        previous.requireSameSize(current);
        int w = current.width(), h = current.height();
        int n = w * h;
        if (previousDepth.length != n || currentDepth.length != n || motion.length != 2 * n) {
            throw new IllegalArgumentException("depth or motion layers do not match " + w + "x" + h);
        }
        float[] a = previous.rgb(), b = current.rgb();
        double sum = 0;
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float fx = x - motion[2 * p], fy = y - motion[2 * p + 1];
                if (!(fx >= 0 && fy >= 0 && fx <= w - 1 && fy <= h - 1)) continue;
                int x0 = (int) fx, y0 = (int) fy;
                int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
                float tx = fx - x0, ty = fy - y0;
                float z = currentDepth[p];
                boolean right = tx > 0, down = ty > 0;
                if (!agrees(z, previousDepth[y0 * w + x0]) || right && !agrees(z, previousDepth[y0 * w + x1])
                        || down && !agrees(z, previousDepth[y1 * w + x0])
                        || right && down && !agrees(z, previousDepth[y1 * w + x1])) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    float top = (1 - tx) * a[3 * (y0 * w + x0) + c] + tx * a[3 * (y0 * w + x1) + c];
                    float bottom = (1 - tx) * a[3 * (y1 * w + x0) + c] + tx * a[3 * (y1 * w + x1) + c];
                    float warped = (1 - ty) * top + ty * bottom;
                    sum += Math.abs(b[3 * p + c] - warped);
                }
                count++;
            }
        }
        return new FrameDifference(count == 0 ? 0 : sum / (3.0 * count), count);
    }

    private static boolean agrees(float z, float zq) {
        boolean hit = z < Float.POSITIVE_INFINITY, hitQ = zq < Float.POSITIVE_INFINITY;
        if (hit != hitQ) return false;
        return !hit || Math.abs(zq - z) <= DEPTH_TOLERANCE * Math.max(z, zq);
    }
}
