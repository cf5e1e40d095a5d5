package dev.lucent.bvh;

/** Shape, quality and cost of one built BVH. SAH cost uses traversal cost 1 and intersection cost 1. */
public record BvhStats(int primitives, int nodeCount, int leafCount, int maxDepth, int minLeafSize,
        int maxLeafSize, double avgLeafSize, double sahCost, double buildMillis, long memoryBytes) {}
