package dev.lucent.backend.cuda;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

/**
 * Hands out the bands of one render call to {@link CudaRenderer}'s devices: device slot s first gets the bands
 * the plan gives it ({@link CudaBandPlan#bandsOf}, in index order), then the bands without an owner, shared by
 * all slots through one atomic counter in index order (a faster device takes more). Every band is handed out
 * exactly once. Thread-safe across slots; each slot's {@link #forSlot} supplier is used by one thread.
 */
final class BandDispenser {
    private final CudaBandPlan plan;
    private final int[] shared;
    private final AtomicInteger next = new AtomicInteger();

    /** @throws IllegalArgumentException when a band's owner is not one of the {@code slots} slots */
    BandDispenser(CudaBandPlan plan, int slots) {
        for (int b = 0; b < plan.bandCount(); b++) {
            if (plan.owner(b) >= slots) {
                throw new IllegalArgumentException("band " + b + " belongs to device slot " + plan.owner(b) + " of "
                        + slots);
            }
        }
        this.plan = plan;
        shared = IntStream.range(0, plan.bandCount()).filter(b -> plan.owner(b) < 0).toArray();
    }

    /** The next band for slot {@code slot} on each call, then -1 when none is left for it. */
    IntSupplier forSlot(int slot) {
        int[] own = plan.bandsOf(slot);
        int[] k = {0};
        return () -> {
            if (k[0] < own.length) return own[k[0]++];
            int s = next.getAndIncrement();
            return s < shared.length ? shared[s] : -1;
        };
    }
}
