package dev.lucent.sampling;

/**
 * Throughput of the per-pixel samplers (not a test: run by hand, figures go to docs/benchmarks.md).
 * <pre>mvn -q -o -pl renderer test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.lucent.sampling.SamplerBenchmark</pre>
 * Reports thread CPU nanoseconds per get2D, the pixel start amortised over 16 calls (best of five rounds after
 * warm-up; CPU time rather than wall time because the benchmark machine is shared).
 */
public final class SamplerBenchmark {
    private SamplerBenchmark() {}

    public static void main(String[] args) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        System.out.printf("%-20s %10s%n", "sampler", "get2D ns");
        for (Sampler s : new Sampler[] {new SobolSampler(), new IndependentSampler()}) {
            double best = Double.MAX_VALUE;
            float sink = 0;
            float[] p = new float[2];
            int pixels = 1 << 16, dims = 16;
            for (int round = 0; round < 8; round++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < pixels; i++) {
                    s.startPixelSample(i & 255, i >> 8, round, 1L);
                    for (int d = 0; d < dims; d++) {
                        s.get2D(p);
                        sink += p[0] + p[1];
                    }
                }
                long t1 = cpu.getCurrentThreadCpuTime();
                if (round >= 3) best = Math.min(best, (t1 - t0) / (double) pixels / dims);
            }
            System.out.printf("%-20s %10.1f   (checksum %.1f)%n", s.getClass().getSimpleName(), best, sink);
        }
    }
}
