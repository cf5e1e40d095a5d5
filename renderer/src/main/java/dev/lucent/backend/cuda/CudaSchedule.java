package dev.lucent.backend.cuda;

import java.util.Locale;

/**
 * How the CUDA backend runs its path-tracing kernels (docs/benchmarks.md, "Megakernel or wavefront"):
 * <ul>
 * <li>{@link #MEGAKERNEL}: one thread follows a path through all its bounces (pathtrace.cu); fastest where most
 *     paths end early (a frame mostly of sky), and splits into bands without loss;
 * <li>{@link #WAVEFRONT}: one kernel per stage over queues of paths (wavefront.cu); fastest where paths are long
 *     and uneven or traversal dominates;
 * <li>{@link #AUTO}: before the first render of a scene, one megakernel pass of sample 0 over the whole frame is
 *     traced, counted and thrown away; if it traced at least {@value #WAVEFRONT_BOUNCES_PER_CAMERA_RAY} bounce
 *     rays per camera ray, renders of that scene (later frames of a batch too) run the wavefront, else the
 *     megakernel. The rule depends only on ray counts, a pure function of the scene and settings, so the same
 *     render always makes the same choice.
 * </ul>
 * Chosen with {@code -Dlucent.cuda.schedule=auto|megakernel|wavefront} (default auto). Both designs run the same
 * per-path code; their images agree to float rounding.
 */
public enum CudaSchedule {
    AUTO, MEGAKERNEL, WAVEFRONT;

    /** The system property naming the schedule. */
    public static final String PROPERTY = "lucent.cuda.schedule";

    /**
     * Bounce rays per camera ray from which AUTO picks the wavefront. Measured on an H200 at 1080p: Cornell box
     * 0.97 (wavefront 0.64x the megakernel's time per pass), procedural 10M 1.89 (0.81x), DamagedHelmet under the
     * sky 0.30 (1.23x).
     */
    public static final double WAVEFRONT_BOUNCES_PER_CAMERA_RAY = 0.5;

    /** The schedule {@link #PROPERTY} names; IllegalArgumentException for an unknown name. */
    public static CudaSchedule fromProperty() {
        String v = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        for (CudaSchedule s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(v)) return s;
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": use auto, megakernel or wavefront");
    }

    /** AUTO's choice after a megakernel pass that traced {@code rays} = {camera, extension, shadow} rays. */
    public static CudaSchedule choose(long[] rays) {
        return rays[0] > 0 && rays[1] >= WAVEFRONT_BOUNCES_PER_CAMERA_RAY * rays[0] ? WAVEFRONT : MEGAKERNEL;
    }
}
