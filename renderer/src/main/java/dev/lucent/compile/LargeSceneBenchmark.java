package dev.lucent.compile;

import dev.lucent.core.Layout.LcCamera;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.ProceduralMeshes;
import dev.lucent.scene.Scene;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.joml.Matrix4f;

/**
 * Compiles one large procedural mesh ({@link ProceduralMeshes#blobs}, single node) and reports time, peak
 * heap, off-heap pool bytes and peak resident memory, then traces primary rays through the default camera
 * on one thread from a camera overlooking the field. Not a test (too slow and too large for CI); figures go to
 * docs/benchmarks.md.
 *
 * <pre>
 * mvn -q -o -B compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -pl renderer
 * java -Xmx20g -cp renderer/target/classes:$(cat renderer/target/cp.txt) dev.lucent.compile.LargeSceneBenchmark \
 *     [triangles=50000000] [rays=200000]
 * </pre>
 */
public final class LargeSceneBenchmark {
    private LargeSceneBenchmark() {}

    public static void main(String[] args) {
        long triangles = args.length > 0 ? Long.parseLong(args[0]) : 50_000_000L;
        int rays = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        System.out.printf("max heap %.1f GiB, %d processors, load average at start: %s%n",
                Runtime.getRuntime().maxMemory() / GIB, Runtime.getRuntime().availableProcessors(), loadAverage());

        long t0 = System.nanoTime();
        Mesh mesh = ProceduralMeshes.blobs(triangles, 1);
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        Scene scene = new Scene(Path.of("blobs-" + triangles));
        scene.meshes.add(mesh);
        scene.materials.add(new Material("grey"));
        Node node = new Node("blobs");
        node.mesh = 0;
        scene.addNode(node);
        // A camera above the field's +z edge looking down at its centre at about 35 degrees.
        float half = 0;
        for (int i = 0; i < mesh.positions.length; i += 3) half = Math.max(half, Math.abs(mesh.positions[i]));
        scene.cameras.add(new Camera("overview"));
        Node cam = new Node("overview");
        cam.camera = 0;
        cam.matrix = new Matrix4f().lookAt(0, half * 0.9f, half * 1.3f, 0, 0, 0, 0, 1, 0).invert();
        scene.addNode(cam);
        System.out.printf("generated %,d triangles, %,d vertices in %.1f s (heap arrays %.2f GiB)%n",
                mesh.triangleCount(), mesh.vertexCount(), genSeconds,
                (mesh.positions.length * 4L + mesh.indices.length * 4L + mesh.materials.length * 4L) / GIB);
        resetPeaks();

        long t1 = System.nanoTime();
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.defaults())) {
            double compileSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("compile %.1f s (inside BvhBuilder %.1f s, the rest %.1f s), BLAS nodes %,d, depth %d%n",
                    compileSeconds, cs.stats.bvhMillis() / 1e3, compileSeconds - cs.stats.bvhMillis() / 1e3,
                    cs.stats.blas().get(0).nodeCount(), cs.stats.blas().get(0).maxDepth());
            System.out.printf("load average after compile: %s%n", loadAverage());
            System.out.printf("peak heap during compile %.2f GiB (sum of per-pool peaks)%n", peakHeap() / GIB);
            for (Map.Entry<String, Long> e : cs.stats.memoryBytes().entrySet()) {
                System.out.printf("  off-heap %-10s %8.3f GiB%n", e.getKey(), e.getValue() / GIB);
            }
            System.out.printf("off-heap pools total %.2f GiB%n", cs.stats.totalBytes() / GIB);
            System.out.printf("peak resident set (VmHWM) %.2f GiB%n", peakResident() / GIB);
            traceRays(cs, rays, "cold");
            traceRays(cs, rays, "warm");
        }
    }

    /** Primary rays through random film positions of the scene's camera, one thread. */
    private static void traceRays(CompiledScene cs, int rays, String pass) {
        float[] c = new float[16];
        for (int i = 0; i < 16; i++) c[i] = cs.cameras.getFloat(LcCamera.POSITION + 4L * i);
        SceneIntersector isect = new SceneIntersector(cs);
        Hit hit = new Hit();
        SplittableRandom r = new SplittableRandom(7);
        int hits = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k < rays; k++) {
            float sx = (float) r.nextDouble(-1, 1), sy = (float) r.nextDouble(-1, 1);
            float dx = c[12] + sx * c[4] + sy * c[8], dy = c[13] + sx * c[5] + sy * c[9],
                    dz = c[14] + sx * c[6] + sy * c[10];
            if (isect.intersect(c[0], c[1], c[2], dx, dy, dz, 0, Float.POSITIVE_INFINITY, hit)) hits++;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %,d primary rays (%d%% hit) in %.2f s: %.2f Mrays/s on one thread%n", pass, rays,
                100L * hits / Math.max(1, rays), s, rays / s / 1e6);
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Peak resident set size of this process from /proc/self/status, or -1 where unavailable. */
    private static long peakResident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
