package dev.lucent.backend.cpu;

import static org.lwjgl.system.MemoryUtil.memGetFloat;
import static org.lwjgl.system.MemoryUtil.memGetInt;

import dev.lucent.bvh.Bvh;
import dev.lucent.bvh.BvhBuilder;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.PrimitiveBounds;
import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;

/**
 * The CPU backend's flattened layout of a compiled scene: every triangle of every instance the TLAS reaches,
 * transformed to world space, under one BVH built by {@link BvhBuilder}. Tracing it skips the per-instance
 * transforms and the BLAS root tests of the two-level {@link dev.lucent.compile.SceneIntersector}, which
 * dominate scenes made of a few small meshes (the Cornell box is 8 instances of 2 to 10 triangles). Scenes
 * that instance a mesh many times would multiply their memory, so the CPU backend flattens only scenes of at
 * most {@value #MAX_TRIANGLES} rendered triangles (the same choice Cycles makes with Embree: objects are
 * merged into one BVH, instancing stays two-level).
 *
 * <p>Layout (Java arrays, leaf order): a 4-wide BVH collapsed from the builder's binary one (each node takes the
 * two children of a binary node and keeps opening its interior child of largest surface area until it holds
 * four children or only leaves; the same leaves and triangle order), scalar: four slab tests per node, no SIMD.
 * <ul>
 * <li>{@code boxes4}: 24 floats per node, the four children's boxes as minX[4], minY[4], minZ[4], maxX[4],
 *     maxY[4], maxZ[4] (world space); an unused child slot has an empty box (min +inf, max -inf), which every
 *     ray misses;
 * <li>{@code children4}: 4 ints per node, a child node's index (&gt;= 0) or a leaf -(leaf + 1); node 0 is the
 *     root;
 * <li>{@code leaves}: 2 ints per leaf, first slot and slot count;
 * <li>{@code triangles}: 9 floats per slot, v0 xyz, e1 = v1 - v0, e2 = v2 - v0 (world space, vertices in the
 *     triangle's index order, so barycentrics mean what they mean in the compiled scene);
 * <li>{@code instances}, {@code globalTriangles}: the LcInstance and global triangle index of each slot;
 *     {@code alphaTested}: whether the slot's material (override included) has alpha MASK or BLEND.
 * </ul>
 * Immutable after {@link #build}; shared by the render threads. Valid for the scene as it was when built:
 * rebuild after {@link CompiledScene#updateInstances}.
 */
public final class FlatSceneBvh {
    /** Largest number of rendered triangles the CPU backend flattens (44 bytes each plus about 2 nodes). */
    public static final long MAX_TRIANGLES = 4_000_000;

    final float[] boxes4;
    final int[] children4;
    final int[] leaves;
    final float[] triangles;
    final int[] instances, globalTriangles;
    final boolean[] alphaTested;
    final int nodeCount, triangleCount;

    private FlatSceneBvh(Wide4 wide, float[] triangles, int[] instances, int[] globalTriangles,
            boolean[] alphaTested) {
        this.boxes4 = java.util.Arrays.copyOf(wide.boxes4, 24 * wide.nodes);
        this.children4 = java.util.Arrays.copyOf(wide.children4, 4 * wide.nodes);
        this.leaves = java.util.Arrays.copyOf(wide.leaves, 2 * wide.leafCount);
        this.nodeCount = wide.nodes;
        this.triangles = triangles;
        this.instances = instances;
        this.globalTriangles = globalTriangles;
        this.alphaTested = alphaTested;
        this.triangleCount = instances.length;
    }

    /** The collapse of a binary BVH (boxes: 6 floats, links: leftFirst and count per node) into the 4-wide layout. */
    private static final class Wide4 {
        final float[] boxes, boxes4;
        final int[] links, children4, leaves;
        int nodes, leafCount;

        Wide4(float[] boxes, int[] links, int binaryNodes) {
            this.boxes = boxes;
            this.links = links;
            boxes4 = new float[24 * binaryNodes];
            children4 = new int[4 * binaryNodes];
            leaves = new int[2 * binaryNodes];
            if (links[1] > 0) { // the root is a leaf: one node with one child
                nodes = 1;
                for (int c = 0; c < 4; c++) setBox(0, c, c == 0 ? 0 : -1);
                children4[0] = leaf(0);
            } else {
                node(0);
            }
        }

        /** Appends the 4-wide node of binary interior node {@code binary}; returns its index. */
        private int node(int binary) {
            int n = nodes++;
            int[] kids = {links[2 * binary], links[2 * binary] + 1, -1, -1};
            int k = 2;
            while (k < 4) {
                int open = -1;
                float openArea = -1;
                for (int i = 0; i < k; i++) {
                    if (links[2 * kids[i] + 1] == 0 && area(kids[i]) > openArea) {
                        openArea = area(kids[i]);
                        open = i;
                    }
                }
                if (open < 0) break;
                int c = kids[open];
                kids[open] = links[2 * c];
                kids[k++] = links[2 * c] + 1;
            }
            for (int i = 0; i < 4; i++) {
                setBox(n, i, i < k ? kids[i] : -1);
                if (i < k) children4[4 * n + i] = links[2 * kids[i] + 1] > 0 ? leaf(kids[i]) : node(kids[i]);
            }
            return n;
        }

        private int leaf(int binary) {
            leaves[2 * leafCount] = links[2 * binary];
            leaves[2 * leafCount + 1] = links[2 * binary + 1];
            return -(++leafCount);
        }

        private float area(int c) {
            float dx = boxes[6 * c + 3] - boxes[6 * c], dy = boxes[6 * c + 4] - boxes[6 * c + 1],
                    dz = boxes[6 * c + 5] - boxes[6 * c + 2];
            return dx * dy + dy * dz + dz * dx;
        }

        /** Child slot {@code slot} of node n gets binary node {@code binary}'s box, or an empty box for -1. */
        private void setBox(int n, int slot, int binary) {
            for (int a = 0; a < 6; a++) {
                boxes4[24 * n + 4 * a + slot] = binary >= 0 ? boxes[6 * binary + a]
                        : a < 3 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** Whether {@code scene} is small enough to flatten (see {@link #MAX_TRIANGLES}). */
    public static boolean suits(CompiledScene scene) {
        return scene.tlasNodeCount > 0 && rendered(scene) <= MAX_TRIANGLES;
    }

    /** Triangles of the instances the TLAS reaches. */
    private static long rendered(CompiledScene s) {
        long n = 0;
        for (int k = 0; k < s.tlasInstanceCount; k++) {
            int inst = s.tlasInstances.getInt(4L * k);
            int mesh = s.instances.getInt((long) inst * LcInstance.BYTES + LcInstance.MESH);
            n += s.meshes.getInt((long) mesh * LcMesh.BYTES + LcMesh.TRIANGLE_COUNT) & 0xFFFF_FFFFL;
        }
        return n;
    }

    /** Flattens {@code scene} (which must {@link #suits}) and builds the BVH with {@code options}. */
    public static FlatSceneBvh build(CompiledScene s, BvhOptions options) {
        long total = rendered(s);
        if (total > MAX_TRIANGLES) throw new IllegalArgumentException(total + " triangles are too many to flatten");
        int n = (int) total;
        float[] world = new float[9 * n];
        int[] inst = new int[n], tri = new int[n];
        int k = 0;
        long pos = s.positions.address(), tris = s.triangles.address();
        for (int slot = 0; slot < s.tlasInstanceCount; slot++) {
            int i = s.tlasInstances.getInt(4L * slot);
            long rec = s.instances.address() + (long) i * LcInstance.BYTES;
            long m = rec + LcInstance.OBJECT_TO_WORLD0;
            float a00 = memGetFloat(m), a01 = memGetFloat(m + 4), a02 = memGetFloat(m + 8), a03 = memGetFloat(m + 12);
            float a10 = memGetFloat(m + 16), a11 = memGetFloat(m + 20), a12 = memGetFloat(m + 24),
                    a13 = memGetFloat(m + 28);
            float a20 = memGetFloat(m + 32), a21 = memGetFloat(m + 36), a22 = memGetFloat(m + 40),
                    a23 = memGetFloat(m + 44);
            long mr = s.meshes.address() + (long) memGetInt(rec + LcInstance.MESH) * LcMesh.BYTES;
            int first = memGetInt(mr + LcMesh.FIRST_TRIANGLE);
            int count = memGetInt(mr + LcMesh.TRIANGLE_COUNT);
            long firstVertex = memGetInt(mr + LcMesh.FIRST_VERTEX) & 0xFFFF_FFFFL;
            for (int t = first; t < first + count; t++) {
                long ta = tris + (long) t * 12;
                for (int c = 0; c < 3; c++) {
                    long p = pos + (firstVertex + (memGetInt(ta + 4L * c) & 0xFFFF_FFFFL)) * 12;
                    float x = memGetFloat(p), y = memGetFloat(p + 4), z = memGetFloat(p + 8);
                    world[9 * k + 3 * c] = a00 * x + a01 * y + a02 * z + a03;
                    world[9 * k + 3 * c + 1] = a10 * x + a11 * y + a12 * z + a13;
                    world[9 * k + 3 * c + 2] = a20 * x + a21 * y + a22 * z + a23;
                }
                inst[k] = i;
                tri[k] = t;
                k++;
            }
        }
        PrimitiveBounds bounds = new PrimitiveBounds() {
            @Override
            public int count() {
                return n;
            }

            @Override
            public void bounds(int prim, float[] out) {
                int o = 9 * prim;
                for (int a = 0; a < 3; a++) {
                    float v0 = world[o + a], v1 = world[o + 3 + a], v2 = world[o + 6 + a];
                    out[a] = Math.min(v0, Math.min(v1, v2));
                    out[3 + a] = Math.max(v0, Math.max(v1, v2));
                }
            }
        };
        try (Bvh bvh = BvhBuilder.build(bounds, options)) {
            int nodes = bvh.nodeCount();
            float[] boxes = new float[6 * nodes];
            int[] links = new int[2 * nodes];
            long base = bvh.nodes().address();
            for (int j = 0; j < nodes; j++) {
                long a = base + (long) j * LcBvhNode.BYTES;
                boxes[6 * j] = memGetFloat(a + LcBvhNode.MIN_X);
                boxes[6 * j + 1] = memGetFloat(a + LcBvhNode.MIN_Y);
                boxes[6 * j + 2] = memGetFloat(a + LcBvhNode.MIN_Z);
                boxes[6 * j + 3] = memGetFloat(a + LcBvhNode.MAX_X);
                boxes[6 * j + 4] = memGetFloat(a + LcBvhNode.MAX_Y);
                boxes[6 * j + 5] = memGetFloat(a + LcBvhNode.MAX_Z);
                links[2 * j] = memGetInt(a + LcBvhNode.LEFT_FIRST);
                links[2 * j + 1] = memGetInt(a + LcBvhNode.COUNT);
            }
            int[] order = bvh.primitiveOrder();
            float[] ordered = new float[9 * n];
            int[] oInst = new int[n], oTri = new int[n];
            boolean[] alpha = new boolean[n];
            for (int j = 0; j < n; j++) {
                int p = order[j];
                float v0x = world[9 * p], v0y = world[9 * p + 1], v0z = world[9 * p + 2];
                ordered[9 * j] = v0x;
                ordered[9 * j + 1] = v0y;
                ordered[9 * j + 2] = v0z;
                for (int e = 1; e <= 2; e++) {
                    ordered[9 * j + 3 * e] = world[9 * p + 3 * e] - v0x;
                    ordered[9 * j + 3 * e + 1] = world[9 * p + 3 * e + 1] - v0y;
                    ordered[9 * j + 3 * e + 2] = world[9 * p + 3 * e + 2] - v0z;
                }
                oInst[j] = inst[p];
                oTri[j] = tri[p];
                alpha[j] = alphaTested(s, inst[p], tri[p]);
            }
            return new FlatSceneBvh(new Wide4(boxes, links, nodes), ordered, oInst, oTri, alpha);
        }
    }

    private static boolean alphaTested(CompiledScene s, int instance, int tri) {
        int override = s.instances.getInt((long) instance * LcInstance.BYTES + LcInstance.MATERIAL_OVERRIDE);
        int material = override >= 0 ? override : s.triangleMaterials.getInt(4L * tri);
        int flags = s.materials.getInt((long) material * Layout.LcMaterial.BYTES + Layout.LcMaterial.FLAGS);
        return (flags & (Layout.LC_MATERIAL_ALPHA_MASK | Layout.LC_MATERIAL_ALPHA_BLEND)) != 0;
    }

    /** Nodes of the 4-wide BVH. */
    public int nodeCount() {
        return nodeCount;
    }

    public int triangleCount() {
        return triangleCount;
    }
}
