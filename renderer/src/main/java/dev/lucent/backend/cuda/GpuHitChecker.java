package dev.lucent.backend.cuda;

import dev.lucent.bvh.gpu.Bvh2Traversal;
import dev.lucent.bvh.gpu.GpuHit;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.core.Layout.LcHit;
import dev.lucent.core.Layout.LcRay;
import dev.lucent.core.NativeBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Checks GPU ray-casting results (downloaded LcRay and LcHit buffers) against the Java reference
 * {@link Bvh2Traversal} on an evenly spaced sample of rays.
 *
 * <p>Closest hit: agree when both miss, or both hit with t within {@value #REL_T} relative and the same
 * triangle and instance; a near-tie when the triangles differ but the reference's t for the GPU's triangle is
 * within the same tolerance (two triangles meeting where the ray passes); anything else is a mismatch. Any hit:
 * agree when both report the same occlusion and the GPU's triangle really lies on the ray in (tMin, tMax).
 */
public final class GpuHitChecker {
    /** Relative t tolerance between GPU (FMA-contracted) and Java arithmetic. */
    public static final double REL_T = 1e-4;

    private GpuHitChecker() {}

    /** Outcome over the sampled rays; {@code firstMismatch} describes one mismatch, or is empty. */
    public record Result(int checked, int active, int gpuHits, int agree, int nearTies, int mismatches,
            String firstMismatch) {
        public boolean passed(double maxMismatchFraction) {
            return mismatches <= Math.floor(maxMismatchFraction * checked);
        }

        @Override
        public String toString() {
            return checked + " sampled (" + active + " active, " + gpuHits + " GPU hits): " + agree + " agree, "
                    + nearTies + " near-ties, " + mismatches + " mismatches"
                    + (firstMismatch.isEmpty() ? "" : " [first: " + firstMismatch + "]");
        }
    }

    /** Checks {@code samples} rays spread evenly over {@code [0, count)}. */
    public static Result check(GpuSceneLayout scene, NativeBuffer rays, NativeBuffer hits, int count, int samples,
            boolean anyHit) {
        int n = Math.min(samples, count);
        AtomicInteger active = new AtomicInteger(), gpuHits = new AtomicInteger(), agree = new AtomicInteger(),
                ties = new AtomicInteger(), bad = new AtomicInteger();
        AtomicReference<String> first = new AtomicReference<>("");
        ThreadLocal<Bvh2Traversal> trav = ThreadLocal.withInitial(Bvh2Traversal::new);
        IntStream.range(0, n).parallel().forEach(s -> {
            int i = (int) ((long) s * count / n);
            long ro = (long) i * LcRay.BYTES, ho = (long) i * LcHit.BYTES;
            float ox = rays.getFloat(ro), oy = rays.getFloat(ro + 4), oz = rays.getFloat(ro + 8),
                    tMin = rays.getFloat(ro + 12);
            float dx = rays.getFloat(ro + 16), dy = rays.getFloat(ro + 20), dz = rays.getFloat(ro + 24),
                    tMax = rays.getFloat(ro + 28);
            float gt = hits.getFloat(ho + LcHit.T);
            int gTri = hits.getInt(ho + LcHit.TRIANGLE), gInst = hits.getInt(ho + LcHit.INSTANCE);
            if (tMax >= 0) active.incrementAndGet();
            if (gTri >= 0) gpuHits.incrementAndGet();
            GpuHit ref = new GpuHit();
            String problem;
            if (anyHit) {
                boolean occluded = trav.get().anyHit(scene, ox, oy, oz, dx, dy, dz, tMin, tMax, ref);
                if (occluded != gTri >= 0) {
                    problem = "occlusion " + (gTri >= 0) + " on GPU, " + occluded + " in Java";
                } else if (gTri >= 0 && Float.isNaN(Bvh2Traversal.intersectInInstance(scene, gInst, gTri, ox, oy, oz,
                        dx, dy, dz, tMin, (float) (tMax * (1 + REL_T))))) {
                    problem = "GPU any-hit triangle " + gTri + " of instance " + gInst + " is not on the ray";
                } else {
                    problem = null;
                }
            } else {
                trav.get().closestHit(scene, ox, oy, oz, dx, dy, dz, tMin, tMax, ref);
                if (ref.isHit() != gTri >= 0) {
                    problem = "GPU " + (gTri >= 0 ? "hit t=" + gt + " triangle " + gTri : "miss") + ", Java " + ref;
                } else if (!ref.isHit()) {
                    problem = null;
                } else if (Math.abs(gt - ref.t) > REL_T * Math.abs(ref.t)) {
                    problem = "GPU t=" + gt + " triangle " + gTri + ", Java " + ref;
                } else if (gTri == ref.triangle && gInst == ref.instance) {
                    problem = null;
                } else {
                    float t = Bvh2Traversal.intersectInInstance(scene, gInst, gTri, ox, oy, oz, dx, dy, dz,
                            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
                    if (!Float.isNaN(t) && Math.abs(t - ref.t) <= REL_T * Math.abs(ref.t)) {
                        ties.incrementAndGet();
                        return;
                    }
                    problem = "GPU triangle " + gTri + " t=" + gt + ", Java " + ref;
                }
            }
            if (problem == null) {
                agree.incrementAndGet();
            } else {
                bad.incrementAndGet();
                first.compareAndSet("", "ray " + i + ": " + problem);
            }
        });
        return new Result(n, active.get(), gpuHits.get(), agree.get(), ties.get(), bad.get(), first.get());
    }
}
