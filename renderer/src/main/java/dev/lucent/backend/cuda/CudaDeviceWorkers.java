package dev.lucent.backend.cuda;

import dev.lucent.core.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One worker thread per CUDA device, each owning that device's {@link CudaContext}: the context is opened and
 * made current on the worker's thread (CUDA driver contexts are current per thread, so all of a device's work
 * runs there), and the PTX modules named at construction are loaded ahead ({@link CudaContext#preload}). The
 * devices open at once, one per thread, and construction does not wait for them: work handed to a device with
 * {@link #submit} runs on its thread after its opening, so a caller can compile a scene while the devices
 * open. A device that failed to open fails every task given to it with the opening's exception. {@link #close}
 * closes each context on its own thread, then stops the threads.
 */
public final class CudaDeviceWorkers implements AutoCloseable {
    private final int[] devices;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final CudaContext[] contexts;
    private final RuntimeException[] failures;
    private final double[] openMillis;
    /** Per slot: {@link System#nanoTime} when its opening ended (opened or failed); 0 until then. */
    private final long[] openedAtNanos;
    /** {@link System#nanoTime} at construction, when the openings began. */
    private final long startedAtNanos = System.nanoTime();
    private final List<Future<?>> opening = new ArrayList<>();
    private boolean closed;

    /**
     * Starts opening {@code devices} (CUDA device indices, in slot order), each on its own thread, loading the
     * PTX modules {@code modules} into each; returns at once.
     */
    public CudaDeviceWorkers(int[] devices, String... modules) {
        if (devices.length == 0) throw new IllegalArgumentException("no CUDA device to open");
        this.devices = devices.clone();
        contexts = new CudaContext[devices.length];
        failures = new RuntimeException[devices.length];
        openMillis = new double[devices.length];
        openedAtNanos = new long[devices.length];
        for (int slot = 0; slot < devices.length; slot++) {
            int d = devices[slot], s = slot;
            ExecutorService w = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "cuda-device-" + d);
                t.setDaemon(true);
                return t;
            });
            threads.add(w);
            opening.add(w.submit(() -> {
                long t0 = System.nanoTime();
                CudaContext ctx = null;
                try {
                    ctx = CudaContext.open(d);
                    for (String m : modules) ctx.preload(m);
                    contexts[s] = ctx;
                } catch (RuntimeException | Error e) {
                    if (ctx != null) ctx.close();
                    failures[s] = e instanceof RuntimeException re ? re
                            : new IllegalStateException("opening CUDA device " + d + ": " + e, e);
                }
                long t1 = System.nanoTime();
                openMillis[s] = (t1 - t0) / 1e6;
                openedAtNanos[s] = t1;
            }));
        }
    }

    /** Devices, one per slot. */
    public int count() { return devices.length; }

    /** The CUDA device index of {@code slot}. */
    public int device(int slot) { return devices[slot]; }

    /**
     * Runs {@code work} with slot {@code slot}'s context on that device's thread, after the device's opening.
     * The future fails with the opening's exception when the device did not open.
     */
    public <T> Future<T> submit(int slot, Function<CudaContext, T> work) {
        return threads.get(slot).submit(() -> {
            if (failures[slot] != null) throw failures[slot];
            return work.apply(contexts[slot]);
        });
    }

    /**
     * Waits until every device has opened and throws the first slot's failure if one did not.
     *
     * @return milliseconds each slot's opening took (context and modules), on its own thread
     */
    public double[] awaitOpen() {
        for (Future<?> f : opening) join(f);
        for (RuntimeException e : failures) if (e != null) throw e;
        return openMillis.clone();
    }

    /**
     * After {@link #awaitOpen}: how long the last device's opening ended after {@code sinceNanos} (a {@link
     * System#nanoTime}), ms, or 0 when every device had opened by then: the part of the opening a caller that
     * began waiting at {@code sinceNanos} could not hide.
     */
    public double openedAfterMillis(long sinceNanos) {
        long last = Long.MIN_VALUE;
        for (long t : openedAtNanos) last = Math.max(last, t);
        return Math.max(0, last - sinceNanos) / 1e6;
    }

    /** {@link System#nanoTime} when the devices began to open (at construction). */
    public long startedAtNanos() { return startedAtNanos; }

    /** {@link Future#get} with a task's runtime exception or error rethrown as is. */
    static <T> T join(Future<T> f) {
        return Futures.join(f, "a CUDA device");
    }

    /** Closes every opened context on its own thread (after the work already handed to it) and stops the threads. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (int slot = 0; slot < threads.size(); slot++) {
            ExecutorService w = threads.get(slot);
            int s = slot;
            try {
                w.submit(() -> {
                    if (contexts[s] != null) contexts[s].close();
                    contexts[s] = null;
                }).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // closing is best effort; the driver frees everything at exit
            }
            w.shutdown();
        }
    }
}
