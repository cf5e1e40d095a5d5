package dev.lucent.bvh;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * BVH build benchmark (not a test): build throughput and SAH cost of {@link BvhBuilder} against
 * {@link FullSweepBvhBuilder} on the shared OBJ models and on {@link dev.lucent.scene.ProceduralMeshes}
 * scenes. Prints Markdown table rows for docs/benchmarks.md.
 *
 * <p>Run from the renderer module after {@code mvn -o test-compile}:
 * <pre>
 * java -Xmx12g -cp target/classes:target/test-classes:$(cat cp.txt) dev.lucent.bvh.BvhBenchmark [sections]
 * </pre>
 * where cp.txt comes from {@code mvn -o dependency:build-classpath -Dmdep.outputFile=cp.txt}. Sections (default
 * {@code models bins 1m 10m}): {@code models}, {@code bins}, {@code 1m}, {@code 10m}, {@code 50m}; options
 * {@code threads=N} (default 2), {@code runs=N} (timed runs, default 5; best and median reported),
 * {@code scenes=DIR} (default ../../shared/scenes), {@code fullsweep=N} (largest triangle count given the
 * full-sweep comparison, default 1100000).
 */
public final class BvhBenchmark {
    private static int threads = 2, runs = 5;
    private static long fullSweepMax = 1_100_000;
    private static Path scenes = Path.of("../../shared/scenes");

    private BvhBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> sections = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("threads=")) threads = Integer.parseInt(a.substring(8));
            else if (a.startsWith("runs=")) runs = Integer.parseInt(a.substring(5));
            else if (a.startsWith("scenes=")) scenes = Path.of(a.substring(7));
            else if (a.startsWith("fullsweep=")) fullSweepMax = Long.parseLong(a.substring(10));
            else sections.add(a);
        }
        if (sections.isEmpty()) sections = List.of("models", "bins", "1m", "10m");
        System.out.printf("threads=%d, runs=%d, availableProcessors=%d, maxHeap=%d MiB, %s%n", threads, runs,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        warmUp();
        header();
        for (String s : sections) {
            switch (s) {
                case "models" -> {
                    for (String f : List.of("stanford-bunny.obj", "teapot.obj", "spot.obj", "cow.obj")) {
                        Path p = scenes.resolve("models").resolve(f);
                        if (Files.exists(p)) row(TestMeshes.obj(p), 16);
                        else System.out.println("(missing " + p + ")");
                    }
                }
                case "bins" -> {
                    TestMeshes m = TestMeshes.blobs(1_000_000, 1);
                    for (int bins : new int[] {8, 16, 32}) row(m, bins);
                    Path bunny = scenes.resolve("models/stanford-bunny.obj");
                    if (Files.exists(bunny)) {
                        TestMeshes b = TestMeshes.obj(bunny);
                        for (int bins : new int[] {8, 32}) row(b, bins);
                    }
                }
                case "1m" -> row(TestMeshes.blobs(1_000_000, 1), 16);
                case "10m" -> row(TestMeshes.blobs(10_000_000, 1), 16);
                case "50m" -> huge(50_000_000);
                default -> throw new IllegalArgumentException("unknown section " + s);
            }
        }
    }

    private static void warmUp() {
        TestMeshes m = TestMeshes.blobs(300_000, 99);
        for (int i = 0; i < 8; i++) {
            try (Bvh b = BvhBuilder.build(m.bounds(), new BvhOptions(4, 16, threads))) {
                if (b.nodeCount() < 1) throw new AssertionError();
            }
        }
    }

    private static void header() {
        System.out.println("| mesh | triangles | bins | build ms (best / median) | Mtris/s (best) | CPU ms (best) "
                + "| SAH binned | SAH full sweep | binned / full | nodes | max depth | avg leaf |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    private static void row(TestMeshes m, int bins) {
        int n = m.triangles();
        double[] ms = new double[runs];
        double cpu = Double.POSITIVE_INFINITY;
        BvhStats s = null;
        for (int r = 0; r < runs; r++) {
            System.gc();
            long c0 = processCpuNanos();
            try (Bvh b = BvhBuilder.build(m.bounds(), new BvhOptions(4, bins, threads))) {
                cpu = Math.min(cpu, (processCpuNanos() - c0) / 1e6);
                s = b.stats();
                ms[r] = s.buildMillis();
            }
        }
        Arrays.sort(ms);
        String full = "-", ratio = "-";
        if (n <= fullSweepMax) {
            try (Bvh f = FullSweepBvhBuilder.build(m.bounds(), 4)) {
                full = String.format(Locale.ROOT, "%.3f", f.stats().sahCost());
                ratio = String.format(Locale.ROOT, "%.4f", s.sahCost() / f.stats().sahCost());
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %d | %.1f / %.1f | %.2f | %.0f | %.3f | %s | %s | %,d | %d | %.2f |%n",
                m.name(), n, bins, ms[0], ms[runs / 2], n / ms[0] / 1e3, cpu, s.sahCost(), full, ratio,
                s.nodeCount(), s.maxDepth(), s.avgLeafSize());
    }

    /** CPU time of the whole process (all threads, including the JIT and GC), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One build of a huge scene, with the peak heap use (sum of heap pools' peaks) and the node buffer size. */
    private static void huge(long triangles) {
        TestMeshes m = TestMeshes.blobs(triangles, 1);
        long meshBytes = 4L * (m.positions().length + m.indices().length);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long c0 = processCpuNanos();
        try (Bvh b = BvhBuilder.build(m.bounds(), new BvhOptions(4, 16, threads))) {
            double cpu = (processCpuNanos() - c0) / 1e6;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            BvhStats s = b.stats();
            System.out.printf(Locale.ROOT, "| %s | %,d | 16 | %.1f (one run) | %.2f | %.0f | %.3f | - | - | %,d | %d "
                    + "| %.2f |%n", m.name(), m.triangles(), s.buildMillis(), m.triangles() / s.buildMillis() / 1e3,
                    cpu, s.sahCost(), s.nodeCount(), s.maxDepth(), s.avgLeafSize());
            System.out.printf(Locale.ROOT, "memory: heap before build %.2f GiB (mesh arrays %.2f GiB), heap peak "
                    + "during build <= %.2f GiB (sum of pool peaks), node buffer off-heap %.2f GiB, kept by the "
                    + "Bvh %.2f GiB%n", before / 1073741824.0, meshBytes / 1073741824.0, peak / 1073741824.0,
                    b.nodes().size() / 1073741824.0, s.memoryBytes() / 1073741824.0);
        }
    }
}
