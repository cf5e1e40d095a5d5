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
 *     traced (each device an equal share of the rows), counted and thrown away; if it traced at least {@link
 *     #wavefrontBouncesPerCameraRay()} bounce rays per camera ray, renders of that scene (later frames of a batch
 *     too) run the wavefront, else the megakernel. The rule depends only on ray counts, a pure function of the
 *     scene and settings, so the same render always makes the same choice, on one device or several (the two
 *     schedules' images agree only to float rounding, so a choice that depended on the device count would make
 *     one and two GPUs' images differ).
 * </ul>
 * Chosen with {@code -Dlucent.cuda.schedule=auto|megakernel|wavefront} (default auto). Both designs run the same
 * per-path code; their images agree to float rounding.
 */
public enum CudaSchedule {
    AUTO, MEGAKERNEL, WAVEFRONT;

    /** The system property naming the schedule. */
    public static final String PROPERTY = "lucent.cuda.schedule";

    /**
     * Bounce rays per camera ray from which AUTO picks the wavefront, by default. Measured on H200s at 1080p
     * (docs/benchmarks.md, "Megakernel or wavefront" and branch split4): Cornell box 0.97-1.03 bounce rays per
     * camera ray (wavefront 0.48x the megakernel's time per pass on one GPU, 0.51x on two), procedural 10M 1.89
     * (0.81x before the wavefront's waves held several samples), DamagedHelmet under the sky 0.30 (per pass 0.98x
     * on one GPU and 0.97x on two, but whole 256-spp renders 0.98-0.99x on one GPU and 1.07-1.09x on two, where
     * the wavefront's band merges cost more): the helmet stays on the megakernel. The rule may not depend on the
     * number of devices, since the two schedules' images agree only to float rounding.
     */
    public static final double WAVEFRONT_BOUNCES_PER_CAMERA_RAY = 0.5;

    /** The system property overriding {@link #WAVEFRONT_BOUNCES_PER_CAMERA_RAY} (a number, for measurements). */
    public static final String BOUNCES_PROPERTY = "lucent.cuda.wavefrontBounces";

    /**
     * AUTO's threshold: {@link #BOUNCES_PROPERTY} when set, else {@link #WAVEFRONT_BOUNCES_PER_CAMERA_RAY};
     * IllegalArgumentException for a value that is not a finite number.
     */
    public static double wavefrontBouncesPerCameraRay() {
        String v = System.getProperty(BOUNCES_PROPERTY);
        if (v == null || v.isBlank()) return WAVEFRONT_BOUNCES_PER_CAMERA_RAY;
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + BOUNCES_PROPERTY + "=" + v + ": not a number");
    }

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
        return rays[0] > 0 && rays[1] >= wavefrontBouncesPerCameraRay() * rays[0] ? WAVEFRONT : MEGAKERNEL;
    }
}
