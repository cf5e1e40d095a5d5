package dev.lucent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders jobs 0 .. n-1 on several slots (one per device) at once and hands each result to a writer in job
 * order on the calling thread. Each slot has its own thread; slot s starts with job s (so slot 0 renders job 0
 * first, whatever the threads' timing), then takes the lowest job not yet taken; a slot
 * takes job k only while k < written + {@code window}, so at most {@code window} results wait for the writer
 * (each a whole film). With one slot the jobs run on the calling thread, render then write, one after another.
 * The first failure (a render or a write) stops the slots from taking more jobs and is rethrown once every slot
 * thread has ended; results rendered after it are dropped unwritten.
 *
 * @param <S> a slot: what a job renders with (a device's backend and compiled scene)
 * @param <R> a rendered job waiting to be written
 */
final class FrameScheduler<S, R> {
    /** Renders job {@code index} with {@code slot}; called on that slot's thread. */
    interface SlotRenderer<S, R> {
        R render(S slot, int slotIndex, int index) throws Exception;
    }

    /** Writes job {@code index}'s result; called on the scheduler's caller thread in job order. */
    interface Writer<R> {
        void write(int index, R result) throws Exception;
    }

    private final List<S> slots;
    private final int window;
    private final Map<Integer, R> ready = new HashMap<>();
    private int next, written;
    private Throwable failure;

    FrameScheduler(List<S> slots, int window) {
        if (slots.isEmpty()) throw new IllegalArgumentException("no slot to render on");
        if (window < slots.size()) throw new IllegalArgumentException("window " + window + " < " + slots.size() + " slots");
        this.slots = List.copyOf(slots);
        this.window = window;
    }

    /** Renders and writes jobs 0 .. jobs-1; returns when all are written or throws the first failure. */
    void run(int jobs, SlotRenderer<S, R> renderer, Writer<R> writer) {
        if (slots.size() == 1) {
            for (int k = 0; k < jobs; k++) {
                try {
                    writer.write(k, renderer.render(slots.get(0), 0, k));
                } catch (Exception e) {
                    throw rethrowable(e);
                }
            }
            return;
        }
        next = Math.min(jobs, slots.size()); // jobs 0 .. slots-1 are the slots' first jobs
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < slots.size(); s++) {
            int slotIndex = s;
            S slot = slots.get(s);
            Thread t = new Thread(() -> work(jobs, slot, slotIndex, renderer), "frame-slot-" + s);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (int k = 0; k < jobs; k++) {
                R result;
                synchronized (this) {
                    while (failure == null && !ready.containsKey(k)) wait();
                    if (failure != null) break;
                    result = ready.remove(k);
                }
                try {
                    writer.write(k, result);
                } catch (Throwable e) {
                    fail(e);
                    break;
                }
                synchronized (this) {
                    written = k + 1;
                    notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
                break;
            }
        }
        synchronized (this) {
            if (failure != null) throw rethrowable(failure);
        }
    }

    private void work(int jobs, S slot, int slotIndex, SlotRenderer<S, R> renderer) {
        try {
            for (boolean first = true;; first = false) {
                int k;
                synchronized (this) {
                    if (first) {
                        if (failure != null || slotIndex >= jobs) return;
                        k = slotIndex;
                    } else {
                        while (failure == null && next < jobs && next >= written + window) wait();
                        if (failure != null || next >= jobs) return;
                        k = next++;
                    }
                }
                R r = renderer.render(slot, slotIndex, k);
                synchronized (this) {
                    ready.put(k, r);
                    notifyAll();
                }
            }
        } catch (Throwable e) {
            fail(e);
        }
    }

    private synchronized void fail(Throwable e) {
        if (failure == null) failure = e;
        notifyAll();
    }

    private static RuntimeException rethrowable(Throwable e) {
        if (e instanceof RuntimeException r) return r;
        if (e instanceof Error err) throw err;
        return new IllegalStateException(e.getMessage(), e);
    }
}
