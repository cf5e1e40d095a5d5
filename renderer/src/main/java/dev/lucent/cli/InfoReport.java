package dev.lucent.cli;

import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.BvhStats;
import dev.lucent.compile.CompileStats;
import dev.lucent.scene.Animation;
import dev.lucent.scene.FeatureReport;
import dev.lucent.scene.Scene;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything {@code lucent info} shows about a scene: what was loaded (from the {@link Scene}) and what
 * compiling it produced and cost (from {@link CompiledSceneFacts}). Printed as text by {@link InfoTextWriter}
 * and as JSON by serialising this record with Jackson (component names are the JSON keys).
 *
 * @param file the scene file as given on the command line
 * @param format the loader's format name ("glTF 2.0", "Lucent scene", ...)
 * @param bounds world-space bounding box in scene units, or null when the scene has no geometry
 * @param compileMillis wall time of the whole compile in milliseconds
 * @param bvhMillis wall time of all BVH builds within the compile, in milliseconds
 */
public record InfoReport(String file, String format, Counts counts, Bounds bounds, BvhSummary bvh, Memory memory,
        double compileMillis, double bvhMillis, List<String> warnings, List<Feature> features) {

    /**
     * @param uniqueTriangles triangles stored once per mesh
     * @param instancedTriangles triangles summed over instances (what is rendered)
     * @param punctualLights point, spot and directional lights placed in the world
     * @param emissiveTriangles emitting triangles summed over instances
     * @param defaultCamera true when the scene has no camera and the compiler framed the bounds itself
     * @param animationSeconds the longest animation's duration
     */
    public record Counts(int meshes, int instances, long uniqueTriangles, long instancedTriangles, long vertices,
            int materials, int textures, int punctualLights, int emissiveTriangles, int cameras,
            List<String> cameraNames, boolean defaultCamera, int animations, double animationSeconds) {}

    /** Axis-aligned box; {@code size = max - min}. */
    public record Bounds(float[] min, float[] max, float[] size) {}

    /** The BVH options used and the resulting acceleration structures. */
    public record BvhSummary(int maxLeafSize, int bins, BlasTotals blas, BvhStats tlas) {}

    /**
     * All bottom-level BVHs together. Node, leaf, primitive, byte counts and build times are sums over meshes;
     * depth and leaf sizes are extremes; {@code avgLeafSize} is primitives per leaf over all leaves.
     * SAH costs are normalised by each root's area, so they are not summed: {@code sahCost} is the mean over
     * meshes weighted by triangle count and {@code maxSahCost} the largest.
     */
    public record BlasTotals(int meshes, long primitives, long nodes, long leaves, int maxDepth, int minLeafSize,
            int maxLeafSize, double avgLeafSize, double sahCost, double maxSahCost, double buildMillis,
            long memoryBytes) {}

    /** Off-heap bytes of the compiled scene per category, in the compiler's category names. */
    public record Memory(Map<String, Long> bytes, long totalBytes) {}

    /** One glTF extension or notable feature; support is "supported", "approximated" or "ignored". */
    public record Feature(String name, String support, String note) {}

    /** Categories in the order a reader expects them; any other category follows, in the compiler's order. */
    private static final List<String> MEMORY_ORDER =
            List.of("vertices", "indices", "bvh", "instances", "materials", "textures", "lights");

    public static InfoReport of(String file, Scene scene, CompiledSceneFacts compiled, BvhOptions options) {
        CompileStats stats = compiled.stats();
        double longest = 0;
        for (Animation a : scene.animations) longest = Math.max(longest, a.duration());
        Counts counts = new Counts(scene.meshes.size(), compiled.instances(), compiled.triangles(),
                compiled.instancedTriangles(), compiled.vertices(), scene.materials.size(), scene.textures.size(),
                compiled.lights(), compiled.emitters(), scene.cameras.size(), List.copyOf(compiled.cameraNames()),
                scene.cameras.isEmpty(), scene.animations.size(), longest);
        BvhSummary bvh = new BvhSummary(options.maxLeafSize(), options.bins(), blasTotals(stats.blas()),
                stats.tlas());
        List<Feature> features = new ArrayList<>();
        for (FeatureReport.Entry e : scene.features.entries()) {
            features.add(new Feature(e.feature(), e.support().name().toLowerCase(Locale.ROOT),
                    e.note() == null ? "" : e.note()));
        }
        return new InfoReport(file, scene.format, counts, bounds(compiled.boundsMin(), compiled.boundsMax()), bvh,
                memory(stats.memoryBytes()), stats.compileMillis(), stats.bvhMillis(), List.copyOf(scene.warnings),
                List.copyOf(features));
    }

    static BlasTotals blasTotals(List<BvhStats> blas) {
        long prims = 0, nodes = 0, leaves = 0, bytes = 0;
        int maxDepth = 0, minLeaf = Integer.MAX_VALUE, maxLeaf = 0;
        double leafPrims = 0, weightedSah = 0, maxSah = 0, millis = 0;
        for (BvhStats s : blas) {
            prims += s.primitives();
            nodes += s.nodeCount();
            leaves += s.leafCount();
            bytes += s.memoryBytes();
            maxDepth = Math.max(maxDepth, s.maxDepth());
            minLeaf = Math.min(minLeaf, s.minLeafSize());
            maxLeaf = Math.max(maxLeaf, s.maxLeafSize());
            leafPrims += s.avgLeafSize() * s.leafCount();
            weightedSah += s.sahCost() * s.primitives();
            maxSah = Math.max(maxSah, s.sahCost());
            millis += s.buildMillis();
        }
        return new BlasTotals(blas.size(), prims, nodes, leaves, maxDepth, blas.isEmpty() ? 0 : minLeaf, maxLeaf,
                leaves == 0 ? 0 : leafPrims / leaves, prims == 0 ? 0 : weightedSah / prims, maxSah, millis, bytes);
    }

    /** Null unless the box is finite and not inverted (an empty scene's box is). */
    static Bounds bounds(float[] min, float[] max) {
        float[] size = new float[3];
        for (int a = 0; a < 3; a++) {
            if (!Float.isFinite(min[a]) || !Float.isFinite(max[a]) || min[a] > max[a]) return null;
            size[a] = max[a] - min[a];
        }
        return new Bounds(min.clone(), max.clone(), size);
    }

    static Memory memory(Map<String, Long> bytes) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String k : MEMORY_ORDER) if (bytes.containsKey(k)) ordered.put(k, bytes.get(k));
        bytes.forEach(ordered::putIfAbsent);
        long total = 0;
        for (long b : ordered.values()) total += b;
        return new Memory(ordered, total);
    }
}
