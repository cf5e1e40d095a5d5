package dev.lucent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FuturesTest {
    @Test
    void resultAndTheTasksOwnFailuresComeBackAsTheyAre() {
        assertEquals(7, Futures.join(CompletableFuture.completedFuture(7), "seven"));
        IllegalArgumentException bad = new IllegalArgumentException("bad scene");
        assertSame(bad, assertThrows(IllegalArgumentException.class,
                () -> Futures.join(CompletableFuture.failedFuture(bad), "x")));
        OutOfMemoryError oom = new OutOfMemoryError("gone");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> Futures.join(CompletableFuture.failedFuture(oom), "x")));
        IOException io = new IOException("disk");
        assertSame(io, assertThrows(IllegalStateException.class,
                () -> Futures.join(CompletableFuture.failedFuture(io), "x")).getCause());
    }

    @Test
    void anInterruptedWaitSaysWhatItWaitedForAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Futures.join(new CompletableFuture<Integer>(), "a CUDA device"));
        assertEquals("interrupted while waiting for a CUDA device", e.getMessage());
        assertTrue(Thread.interrupted(), "the interrupt flag is kept (and cleared here)");
    }
}
