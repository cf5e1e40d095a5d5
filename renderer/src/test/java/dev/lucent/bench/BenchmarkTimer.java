package dev.lucent.bench;

/** Wall-clock timing for the benchmarks run by a main() or a JUnit test tagged "slow". */
public final class BenchmarkTimer {
    private BenchmarkTimer() {}

    /**
     * The code timed; {@code E} is what it may throw (inferred as {@link RuntimeException} for a lambda that throws
     * nothing checked).
     */
    public interface Body<E extends Exception> {
        void run() throws E;
    }

    /** Best of {@code reps} timed runs of {@code body} after two untimed warm-up runs, in milliseconds of wall time. */
    public static <E extends Exception> double bestMs(int reps, Body<E> body) throws E {
        body.run();
        body.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }
}
