package dev.lucent.cli;

import dev.lucent.backend.RenderProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The single-line progress display of {@code lucent render}: a bar, percentage, pixel samples per second and
 * the ETA of the current frame, and for a sequence the frame's position and the ETA of the whole sequence.
 * The line is redrawn in place with a carriage return at most every {@value #REFRESH_MILLIS} ms and erased when
 * the frame ends, so summaries printed afterwards start on a clean line. Thread-safe: render threads call
 * {@link #update}. When disabled it only keeps count.
 */
final class ProgressBar implements RenderProgress {
    static final long REFRESH_MILLIS = 250;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final boolean enabled;
    private final long sequenceTotal;
    private final long sequenceStart = System.nanoTime();
    private long sequenceDone;
    private String label = "";
    private long frameStart;
    private long lastDraw;
    private int lastLength;

    /** @param sequenceTotal pixel samples of every frame still to render */
    ProgressBar(PrintWriter err, boolean enabled, long sequenceTotal) {
        this.err = err;
        this.enabled = enabled;
        this.sequenceTotal = sequenceTotal;
    }

    synchronized void startFrame(String label) {
        this.label = label;
        frameStart = System.nanoTime();
        lastDraw = 0;
    }

    @Override
    public synchronized void update(long done, long total) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REFRESH_MILLIS * 1_000_000L) return;
        lastDraw = now;
        double seconds = (now - frameStart) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double fraction = total > 0 ? (double) done / total : 1;
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder b = new StringBuilder();
        if (!label.isEmpty()) b.append(label).append(' ');
        b.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        b.append(String.format(Locale.ROOT, "%3.0f%% %s samples/s ETA %s", 100 * fraction, RenderReport.si(rate),
                rate > 0 ? duration((total - done) / rate) : "?"));
        long all = sequenceDone + done;
        if (sequenceTotal > total) {
            double overall = all / ((now - sequenceStart) / 1e9);
            b.append(" | sequence ETA ").append(overall > 0 ? duration((sequenceTotal - all) / overall) : "?");
        }
        String line = b.toString();
        int pad = Math.max(0, lastLength - line.length());
        err.print('\r' + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    /** Ends the frame: {@code samples} more are done; the line is erased. */
    synchronized void endFrame(long samples) {
        sequenceDone += samples;
        if (enabled && lastLength > 0) {
            err.print('\r' + " ".repeat(lastLength) + '\r');
            err.flush();
            lastLength = 0;
        }
    }

    /** Samples so far of the frame each slot renders, when frames render concurrently ({@link #startSlots}). */
    private long[] slotDone = new long[0];
    private int framesDone, framesTotal;

    /**
     * Frames of the sequence render concurrently from now on, {@code slots} at a time ({@code lucent render
     * --multi-gpu frames}): the line shows frames done, frames in flight, and the bar, rate and ETA of the whole
     * sequence; slots report through {@link #slot}.
     */
    synchronized void startSlots(int slots, int frames) {
        slotDone = new long[slots];
        framesTotal = frames;
        framesDone = 0;
    }

    /** The progress sink of slot {@code s}: samples done of the frame it renders now. */
    RenderProgress slot(int s) {
        return (done, total) -> slotUpdate(s, done, false);
    }

    /** Slot {@code s} finished its frame of {@code samples} pixel samples. */
    synchronized void slotFrameEnded(int s, long samples) {
        sequenceDone += samples;
        slotDone[s] = 0;
        framesDone++;
        slotUpdate(s, 0, true);
    }

    private synchronized void slotUpdate(int s, long done, boolean force) {
        slotDone[s] = done;
        if (!enabled) return;
        long now = System.nanoTime();
        if (!force && now - lastDraw < REFRESH_MILLIS * 1_000_000L) return;
        lastDraw = now;
        long all = sequenceDone;
        for (long d : slotDone) all += d;
        double seconds = (now - sequenceStart) / 1e9;
        double rate = seconds > 0 ? all / seconds : 0;
        double fraction = sequenceTotal > 0 ? Math.min(1, (double) all / sequenceTotal) : 1;
        int filled = (int) Math.round(fraction * WIDTH);
        String line = String.format(Locale.ROOT, "frames %d/%d done, %d devices [%s%s] %3.0f%% %s samples/s "
                + "sequence ETA %s", framesDone, framesTotal, slotDone.length, "#".repeat(filled),
                "-".repeat(WIDTH - filled), 100 * fraction, RenderReport.si(rate),
                rate > 0 ? duration((sequenceTotal - all) / rate) : "?");
        int pad = Math.max(0, lastLength - line.length());
        err.print('\r' + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    /** Erases the line (before a summary line is printed); the next update draws it again. */
    synchronized void clear() {
        if (enabled && lastLength > 0) {
            err.print('\r' + " ".repeat(lastLength) + '\r');
            err.flush();
            lastLength = 0;
        }
    }

    /** Seconds as m:ss or h:mm:ss. */
    static String duration(double seconds) {
        if (!(seconds >= 0) || seconds > 1e8) return "?";
        long s = Math.round(seconds);
        long h = s / 3600, m = (s / 60) % 60, r = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r)
                : String.format(Locale.ROOT, "%d:%02d", m, r);
    }
}
