package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.RenderBackend;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.RenderProgress;
import dev.lucent.backend.RenderStats;
import dev.lucent.compile.CompiledScene;
import dev.lucent.image.Film;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The backend created ahead of the scene: opened or not as asked, its errors and its closing. */
class EarlyBackendTest {
    /** A backend that counts its openings and closings and remembers its creating thread. */
    static final class CountingBackend implements RenderBackend {
        final AtomicInteger opened = new AtomicInteger(), closed = new AtomicInteger();
        final String createdOn = Thread.currentThread().getName();
        final int devices;

        CountingBackend(int devices) {
            this.devices = devices;
        }

        @Override public String name() { return "counting"; }
        @Override public String deviceName() { return "counting"; }
        @Override public int deviceCount() { return devices; }
        @Override public void openDevicesAsync() { opened.incrementAndGet(); }
        @Override public void prepare(CompiledScene s, RenderOptions o) {}
        @Override public RenderStats render(Film f, int first, int count, RenderProgress p) {
            throw new UnsupportedOperationException();
        }
        @Override public void close() { closed.incrementAndGet(); }
    }

    @Test
    void createsOnItsOwnThreadAndOpensWhereAsked() {
        CountingBackend[] made = new CountingBackend[2];
        try (EarlyBackend e = new EarlyBackend(() -> made[0] = new CountingBackend(2), b -> b.deviceCount() == 2);
                EarlyBackend f = new EarlyBackend(() -> made[1] = new CountingBackend(1), b -> b.deviceCount() == 2)) {
            RenderBackend b = e.take();
            assertSame(made[0], b);
            assertEquals("lucent-backend-early", made[0].createdOn);
            assertEquals(1, made[0].opened.get(), "opened ahead");
            f.take();
            assertEquals(0, made[1].opened.get(), "left for the caller to open");
            assertThrows(IllegalStateException.class, e::take, "taken once");
        }
        assertEquals(0, made[0].closed.get(), "a taken backend belongs to the caller");
        assertEquals(0, made[1].closed.get());
    }

    @Test
    void creationErrorsSurfaceAtTake() {
        CliException unavailable = new CliException("cuda: not available: no driver", null);
        EarlyBackend e = new EarlyBackend(() -> {
            throw unavailable;
        }, b -> true);
        assertSame(unavailable, assertThrows(CliException.class, e::take));
        e.close(); // nothing to close
        EarlyBackend never = new EarlyBackend(() -> {
            throw new IllegalStateException("not reached by anyone");
        }, b -> true);
        never.close(); // the error of a backend nobody takes is dropped
    }

    @Test
    void anUntakenBackendIsClosed() {
        CountingBackend[] made = new CountingBackend[1];
        new EarlyBackend(() -> made[0] = new CountingBackend(2), b -> true).close();
        assertEquals(1, made[0].closed.get());
        assertEquals(1, made[0].opened.get());
    }

    @Test
    void aFailedOpeningClosesTheBackend() {
        CountingBackend[] made = new CountingBackend[1];
        EarlyBackend e = new EarlyBackend(() -> made[0] = new CountingBackend(2), b -> {
            throw new IllegalArgumentException("bad device list");
        });
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e::take);
        assertEquals("bad device list", x.getMessage());
        assertTrue(made[0].closed.get() == 1, "closed after its opening failed");
    }
}
