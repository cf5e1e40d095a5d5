package dev.lucent.backend.cuda;

import dev.lucent.backend.BackendUnavailableException;
import java.util.Locale;

/**
 * Raised before allocating when the GPU has too little free memory for what is asked, so the user gets the two
 * numbers instead of a failed allocation halfway through an upload. A {@link BackendUnavailableException}: the
 * command line reports it as one line, like any backend that cannot run the job here.
 */
public final class GpuMemoryException extends BackendUnavailableException {
    private final long neededBytes, freeBytes;

    public GpuMemoryException(String what, long neededBytes, long freeBytes, String deviceName) {
        super(message(what, neededBytes, freeBytes, deviceName));
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
    }

    public long neededBytes() { return neededBytes; }
    public long freeBytes() { return freeBytes; }

    /** "{what} needs X GiB of GPU memory, Y GiB free on {device}" (MiB for amounts under 10 MiB). */
    static String message(String what, long needed, long free, String deviceName) {
        return String.format(Locale.ROOT, "%s needs %s of GPU memory, %s free on %s", what, size(needed), size(free),
                deviceName);
    }

    static String size(long bytes) {
        return bytes < 10L << 20 ? String.format(Locale.ROOT, "%.2f MiB", bytes / (double) (1L << 20))
                : String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
