package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Whole frames per device: every job rendered once, written in order, slots in parallel, bounded look-ahead. */
class FrameSchedulerTest {
    @Test
    void everyJobIsRenderedOnceAndWrittenInOrderAcrossSlots() {
        List<String> slots = List.of("gpu0", "gpu1", "gpu2");
        ConcurrentHashMap<Integer, String> renderedOn = new ConcurrentHashMap<>();
        List<Integer> written = new ArrayList<>();
        new FrameScheduler<String, String>(slots, 6).run(40, (slot, s, k) -> {
            assertEquals(slots.get(s), slot);
            // Uneven frame costs so the slots finish out of order.
            Thread.sleep((k * 7) % 5);
            assertEquals(null, renderedOn.put(k, slot), "job " + k + " rendered twice");
            return "frame " + k;
        }, (k, r) -> {
            assertEquals("frame " + k, r);
            written.add(k);
        });
        assertEquals(40, renderedOn.size());
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k < 40; k++) expected.add(k);
        assertEquals(expected, written);
        assertTrue(renderedOn.values().stream().distinct().count() > 1, "several slots rendered");
    }

    @Test
    void slotSStartsWithJobS() {
        for (int run = 0; run < 20; run++) {
            ConcurrentHashMap<Integer, Integer> firstJob = new ConcurrentHashMap<>();
            new FrameScheduler<Integer, Integer>(List.of(0, 1, 2), 6).run(9, (slot, s, k) -> {
                firstJob.putIfAbsent(s, k);
                return k;
            }, (k, r) -> {});
            assertEquals(java.util.Map.of(0, 0, 1, 1, 2, 2), firstJob);
        }
        // Fewer jobs than slots: the extra slots render nothing.
        ConcurrentHashMap<Integer, Integer> renders = new ConcurrentHashMap<>();
        new FrameScheduler<Integer, Integer>(List.of(0, 1, 2), 3).run(2, (slot, s, k) -> {
            renders.merge(s, 1, Integer::sum);
            return k;
        }, (k, r) -> {});
        assertEquals(java.util.Map.of(0, 1, 1, 1), renders);
    }

    @Test
    void slotsRenderAtTheSameTime() {
        // Both slots must be inside render at once, or the latch never opens and the render times out.
        CountDownLatch both = new CountDownLatch(2);
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        new FrameScheduler<Integer, Integer>(List.of(0, 1), 2).run(2, (slot, s, k) -> {
            both.countDown();
            assertTrue(both.await(10, TimeUnit.SECONDS), "the other slot never started");
            return k;
        }, (k, r) -> written.add(r));
        assertEquals(List.of(0, 1), written);
    }

    @Test
    void noSlotRunsMoreThanTheWindowAheadOfTheWriter() {
        AtomicInteger writtenCount = new AtomicInteger();
        AtomicInteger worstLead = new AtomicInteger();
        new FrameScheduler<Integer, Integer>(List.of(0, 1), 3).run(30, (slot, s, k) -> {
            worstLead.accumulateAndGet(k - writtenCount.get(), Math::max);
            return k;
        }, (k, r) -> {
            Thread.sleep(2); // a slow writer: the slots would race ahead without the window
            writtenCount.incrementAndGet();
        });
        assertEquals(30, writtenCount.get());
        assertTrue(worstLead.get() <= 2, "job taken " + worstLead.get() + " ahead of the writer (window 3)");
    }

    @Test
    void oneSlotRendersAndWritesOnTheCallersThreadInTurn() {
        Thread caller = Thread.currentThread();
        List<String> events = new ArrayList<>();
        new FrameScheduler<String, Integer>(List.of("only"), 1).run(3, (slot, s, k) -> {
            assertEquals(caller, Thread.currentThread());
            events.add("render " + k);
            return k;
        }, (k, r) -> events.add("write " + k));
        assertEquals(List.of("render 0", "write 0", "render 1", "write 1", "render 2", "write 2"), events);
    }

    @Test
    void aFailedRenderStopsTheSequenceAndIsRethrown() {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger rendered = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new FrameScheduler<Integer, Integer>(List.of(0, 1), 2).run(50, (slot, s, k) -> {
                    rendered.incrementAndGet();
                    if (k == 5) throw new IllegalStateException("device lost on frame 5");
                    return k;
                }, (k, r) -> written.add(k)));
        assertEquals("device lost on frame 5", e.getMessage());
        assertTrue(written.size() <= 5 && !written.contains(5), "written " + written);
        assertTrue(rendered.get() < 50, "the slots stopped taking jobs");
    }

    @Test
    void aFailedWriteIsRethrownAndTheSlotsStop() {
        AtomicInteger rendered = new AtomicInteger();
        CliException e = assertThrows(CliException.class,
                () -> new FrameScheduler<Integer, Integer>(List.of(0, 1), 4).run(100, (slot, s, k) -> {
                    rendered.incrementAndGet();
                    return k;
                }, (k, r) -> {
                    if (k == 2) throw new CliException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        assertTrue(rendered.get() <= 2 + 4 + 1, "rendered " + rendered.get());
    }
}
