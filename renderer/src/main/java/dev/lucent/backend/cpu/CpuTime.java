package dev.lucent.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time consumed by this process (all threads, JIT and GC included), for benchmarks on shared machines:
 * wall-clock time there depends on what else runs, CPU time much less. NaN when the JVM cannot tell.
 */
public final class CpuTime {
    private CpuTime() {}

    /** Process CPU time in seconds, or NaN. */
    public static double processSeconds() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long ns = sun.getProcessCpuTime();
            return ns >= 0 ? ns / 1e9 : Double.NaN;
        }
        return Double.NaN;
    }
}
