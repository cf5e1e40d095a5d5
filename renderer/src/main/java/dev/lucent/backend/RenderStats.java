package dev.lucent.backend;

/**
 * What one {@link RenderBackend#render} call (or a sum of calls) did.
 *
 * @param samples pixel samples taken (pixels x samples per pixel)
 * @param cameraRays primary rays traced
 * @param extensionRays rays continuing paths after a bounce
 * @param shadowRays visibility rays of light samples
 * @param seconds wall-clock time
 */
public record RenderStats(long samples, long cameraRays, long extensionRays, long shadowRays, double seconds) {
    public static final RenderStats ZERO = new RenderStats(0, 0, 0, 0, 0);

    /** All rays: camera, extension and shadow rays. */
    public long rays() {
        return cameraRays + extensionRays + shadowRays;
    }

    /** Millions of rays per second (0 when no time passed). */
    public double mraysPerSecond() {
        return seconds > 0 ? rays() / seconds / 1e6 : 0;
    }

    /** Pixel samples per second (0 when no time passed). */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }

    /** Field-wise sum (times add up: calls that ran one after the other). */
    public RenderStats plus(RenderStats o) {
        return new RenderStats(samples + o.samples, cameraRays + o.cameraRays, extensionRays + o.extensionRays,
                shadowRays + o.shadowRays, seconds + o.seconds);
    }
}
