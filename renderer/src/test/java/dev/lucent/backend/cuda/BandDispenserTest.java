package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** Which device slot renders which band in a render call (no GPU needed). */
class BandDispenserTest {
    static int[] drain(IntSupplier s) {
        List<Integer> out = new ArrayList<>();
        for (int b = s.getAsInt(); b >= 0; b = s.getAsInt()) out.add(b);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void interleavedBandsGoToTheirOwnDevice() {
        BandDispenser d = new BandDispenser(CudaBandPlan.interleaved(1080, 2, 4, 4), 2);
        // Slot 1 asks first and still gets only its own bands.
        assertArrayEquals(new int[] {1, 3, 5, 7}, drain(d.forSlot(1)));
        assertArrayEquals(new int[] {0, 2, 4, 6}, drain(d.forSlot(0)));
    }

    @Test
    void sharedBandsAreHandedOutOnceInOrder() {
        BandDispenser d = new BandDispenser(CudaBandPlan.equal(1080, 272), 2);
        IntSupplier a = d.forSlot(0), b = d.forSlot(1);
        assertEquals(0, a.getAsInt());
        assertEquals(1, b.getAsInt());
        assertEquals(2, b.getAsInt());
        assertEquals(3, a.getAsInt());
        assertEquals(-1, a.getAsInt());
        assertEquals(-1, b.getAsInt());
    }

    @Test
    void concurrentSlotsTakeEveryBandExactlyOnce() throws Exception {
        CudaBandPlan plan = CudaBandPlan.equal(4000, 4);
        BandDispenser d = new BandDispenser(plan, 4);
        ConcurrentHashMap<Integer, Integer> seen = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            IntSupplier next = d.forSlot(s);
            Thread t = new Thread(() -> {
                for (int b = next.getAsInt(); b >= 0; b = next.getAsInt()) seen.merge(b, 1, Integer::sum);
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        assertEquals(plan.bandCount(), seen.size());
        for (int b = 0; b < plan.bandCount(); b++) assertEquals(1, seen.get(b), "band " + b);
    }

    @Test
    void aPlanForMoreDevicesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BandDispenser(CudaBandPlan.interleaved(1080, 3, 4, 2), 2));
    }
}
