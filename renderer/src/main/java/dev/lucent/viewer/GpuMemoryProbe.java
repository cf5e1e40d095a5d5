package dev.lucent.viewer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GPU memory in use for the overlay, from {@code nvidia-smi --query-gpu=memory.used,memory.total} (NVIDIA's
 * management tool, which reads NVML without a CUDA context), polled on a daemon thread every
 * {@value #PERIOD_MS} ms while {@link #setActive} is on. Where nvidia-smi is missing or fails, the reading stays
 * "unknown" with the reason.
 */
final class GpuMemoryProbe implements AutoCloseable {
    static final long PERIOD_MS = 2000;

    private final AtomicReference<String> reading = new AtomicReference<>("unknown");
    private final Thread thread;
    private volatile boolean active;
    private volatile boolean closed;

    GpuMemoryProbe() {
        thread = new Thread(this::run, "lucent-viewer-gpu-memory");
        thread.setDaemon(true);
        thread.start();
    }

    /** Polls while on (a GPU backend renders); off costs nothing. */
    void setActive(boolean on) {
        active = on;
    }

    /** "12.3 / 139.8 GiB used on GPU 0", or "unknown (reason)". */
    String reading() {
        return reading.get();
    }

    private void run() {
        while (!closed) {
            if (active) reading.set(query());
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static String query() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.used,memory.total",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) out.append(line).append('\n');
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (nvidia-smi did not answer)";
            }
            if (p.exitValue() != 0) return "unknown (nvidia-smi failed: " + out.toString().strip() + ")";
            return parse(out.toString());
        } catch (IOException e) {
            return "unknown (no nvidia-smi)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** nvidia-smi's CSV lines "used, total" in MiB, one per GPU, as "a / b GiB used on GPU i; ...". */
    static String parse(String csv) {
        StringBuilder b = new StringBuilder();
        int gpu = 0;
        for (String line : csv.strip().split("\\R")) {
            String[] f = line.split(",");
            if (f.length != 2) return "unknown (nvidia-smi said '" + csv.strip() + "')";
            try {
                double used = Double.parseDouble(f[0].trim()) / 1024, total = Double.parseDouble(f[1].trim()) / 1024;
                if (b.length() > 0) b.append("; ");
                b.append(String.format(Locale.ROOT, "%.1f / %.1f GiB used on GPU %d", used, total, gpu++));
            } catch (NumberFormatException e) {
                return "unknown (nvidia-smi said '" + csv.strip() + "')";
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
