package dev.lucent.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of worker threads that runs one image pass as bands of rows. {@link #run} returns when every
 * band is done (Future.get gives the happens-before edge), so consecutive passes see each other's writes.
 * A pass must write only the rows of its band, and each row's values must depend only on the pass's input,
 * never on which thread or in which order bands run; then the result is the same for any thread count.
 */
final class RowBands implements AutoCloseable {
    /** Writes rows {@code y0} (inclusive) to {@code y1} (exclusive). */
    @FunctionalInterface
    interface Body {
        void rows(int y0, int y1);
    }

    private static final int ROWS_PER_BAND = 8;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final ExecutorService pool;
    private final int threads;

    RowBands(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads " + threads);
        this.threads = threads;
        int number = POOL_NUMBER.incrementAndGet();
        AtomicInteger worker = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "lucent-denoise-" + number + "-" + worker.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, factory);
    }

    /** Runs {@code body} over rows 0 to {@code height - 1} in bands; rethrows a band's failure. */
    void run(int height, Body body) {
        if (pool == null) {
            body.rows(0, height);
            return;
        }
        List<Future<?>> bands = new ArrayList<>();
        for (int y = 0; y < height; y += ROWS_PER_BAND) {
            int y0 = y;
            int y1 = Math.min(height, y + ROWS_PER_BAND);
            bands.add(pool.submit(() -> body.rows(y0, y1)));
        }
        RuntimeException failure = null;
        for (Future<?> f : bands) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("denoiser worker failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while denoising", e);
            }
        }
        if (failure != null) throw failure;
    }

    int threads() { return threads; }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
