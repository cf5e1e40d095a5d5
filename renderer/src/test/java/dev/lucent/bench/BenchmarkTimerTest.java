package dev.lucent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class BenchmarkTimerTest {
    @Test
    void runsTwoWarmUpsThenTheTimedReps() {
        int[] calls = {0};
        double ms = BenchmarkTimer.bestMs(3, () -> calls[0]++);
        assertEquals(5, calls[0], "2 warm-up runs + 3 timed runs");
        assertTrue(ms >= 0 && Double.isFinite(ms), ms + " ms");
    }

    @Test
    void everyTimedRunLastsAtLeastItsSleep() {
        // Thread.sleep waits at least its argument, so the best of runs that each sleep 5 ms is no shorter.
        assertTrue(BenchmarkTimer.bestMs(2, () -> sleep(5)) >= 5);
    }

    @Test
    void aCheckedExceptionOfTheBodyPassesThrough() {
        IOException thrown = new IOException("unreadable");
        IOException e = assertThrows(IOException.class, () -> BenchmarkTimer.bestMs(1, () -> {
            throw thrown;
        }));
        assertSame(thrown, e);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
