package dev.lucent.cli;

import dev.lucent.backend.RenderBackend;
import dev.lucent.core.Futures;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A render backend created on a thread of its own as soon as the command line names it, and, where {@code
 * openNow} accepts it, its devices opened ({@link RenderBackend#openDevicesAsync}), so that both overlap the
 * scene's loading and compiling. Creation errors are kept and thrown by {@link #take} in the caller's thread, at
 * the point where the backend would have been created without this class, so a command still reports a bad
 * scene file before an unavailable backend. A backend never taken is closed by {@link #close}.
 */
final class EarlyBackend implements AutoCloseable {
    private final FutureTask<RenderBackend> creation;
    private boolean taken;

    /**
     * Starts {@code create} on a daemon thread, then {@link RenderBackend#openDevicesAsync} on its result when
     * {@code openNow} accepts it; returns at once.
     */
    EarlyBackend(Supplier<RenderBackend> create, Predicate<RenderBackend> openNow) {
        creation = new FutureTask<>(() -> {
            RenderBackend b = create.get();
            try {
                if (openNow.test(b)) b.openDevicesAsync();
            } catch (RuntimeException | Error e) {
                b.close();
                throw e;
            }
            return b;
        });
        Thread t = new Thread(creation, "lucent-backend-early");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The backend, waiting for its creation; the caller owns it from now on (close it). Throws what creation
     * threw (a {@link CliException} where the backend is unavailable).
     */
    RenderBackend take() {
        if (taken) throw new IllegalStateException("the early backend was already taken");
        taken = true;
        return result();
    }

    private RenderBackend result() {
        return Futures.join(creation, "the render backend's creation");
    }

    /** Closes the backend when nobody took it (waiting for its creation); creation errors are dropped. */
    @Override
    public void close() {
        if (taken) return;
        taken = true;
        RenderBackend b;
        try {
            b = result();
        } catch (RuntimeException | Error e) {
            return; // never created: nothing to close, and the command already failed or finished otherwise
        }
        b.close();
    }
}
