package dev.lucent.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread, with the work's own failure surfacing in the waiting thread. */
public final class Futures {
    private Futures() {}

    /**
     * {@link Future#get}, rethrowing the task's runtime exception or error as it is (any other cause wrapped in an
     * {@link IllegalStateException}); an interrupt while waiting keeps the thread's interrupt flag and becomes an
     * IllegalStateException saying "interrupted while waiting for {@code what}".
     */
    public static <T> T join(Future<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }
}
