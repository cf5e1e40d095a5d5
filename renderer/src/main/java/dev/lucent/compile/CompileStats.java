package dev.lucent.compile;

import dev.lucent.bvh.BvhStats;
import java.util.List;
import java.util.Map;

/**
 * What compiling cost and produced: per-mesh BLAS statistics, the TLAS statistics, times and bytes per
 * category (vertices, indices, BVH, materials, textures, lights, instances).
 */
public record CompileStats(List<BvhStats> blas, BvhStats tlas, double compileMillis, double bvhMillis,
        Map<String, Long> memoryBytes) {
    public long totalBytes() {
        return memoryBytes.values().stream().mapToLong(Long::longValue).sum();
    }
}
