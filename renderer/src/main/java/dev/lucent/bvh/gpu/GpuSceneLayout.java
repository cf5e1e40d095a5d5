package dev.lucent.bvh.gpu;

import static dev.lucent.core.Layout.LC_BVH2_STACK_SIZE;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout.LcBvh2Node;
import dev.lucent.core.Layout.LcCwbvhNode;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.Layout.LcTriangle;
import dev.lucent.core.NativeBuffer;
import java.util.stream.IntStream;

/**
 * A compiled scene's geometry in the GPU ray-casting layout: one pool holding every mesh's BLAS (child and leaf
 * indices global) in the chosen {@link BlasLayout}, the TLAS over instances as {@link Bvh2GpuLayout}, the
 * {@link GpuTriangleLayout} triangles, and per mesh the index of its BLAS root. Instances and the TLAS leaf
 * slots ({@code tlasInstances}) are used as compiled, not copied: this object borrows them and does not close
 * them. Read by the CUDA ray caster (uploaded as is) and by the Java reference {@link Bvh2Traversal}.
 */
public final class GpuSceneLayout implements AutoCloseable {
    private final NativeBuffer blasNodes, tlasNodes, triangles, blasRoots;
    private final NativeBuffer instances, tlasInstances;
    private final int blasNodeCount, tlasNodeCount, meshCount, instanceCount, tlasDepth, maxBlasDepth;
    private final long triangleCount;
    private final double convertMillis;
    private final BlasLayout blasLayout;

    private GpuSceneLayout(NativeBuffer blasNodes, int blasNodeCount, NativeBuffer tlasNodes, int tlasNodeCount,
            NativeBuffer triangles, long triangleCount, NativeBuffer blasRoots, int meshCount, NativeBuffer instances,
            int instanceCount, NativeBuffer tlasInstances, int tlasDepth, int maxBlasDepth, double convertMillis,
            BlasLayout blasLayout) {
        this.blasLayout = blasLayout;
        this.blasNodes = blasNodes;
        this.blasNodeCount = blasNodeCount;
        this.tlasNodes = tlasNodes;
        this.tlasNodeCount = tlasNodeCount;
        this.triangles = triangles;
        this.triangleCount = triangleCount;
        this.blasRoots = blasRoots;
        this.meshCount = meshCount;
        this.instances = instances;
        this.instanceCount = instanceCount;
        this.tlasInstances = tlasInstances;
        this.tlasDepth = tlasDepth;
        this.maxBlasDepth = maxBlasDepth;
        this.convertMillis = convertMillis;
    }

    /** Converts the geometry pools of a compiled scene (see {@link CompiledScene} for their layout). */
    public static GpuSceneLayout fromCompiledScene(CompiledScene s, BlasLayout blasLayout) {
        return convert(s.positions, s.triangles, s.meshes, s.meshCount, s.blasNodes, s.instances, s.instanceCount,
                s.tlasNodes, s.tlasInstances, blasLayout);
    }

    /**
     * Converts geometry pools laid out as {@link CompiledScene} documents them: {@code positions} float3 per
     * vertex, {@code triangles} int3 per triangle (BLAS leaf order), {@code meshes} LcMesh, {@code blasNodes}
     * LcBvhNode per mesh at LcMesh.firstNode, {@code instances} LcInstance, {@code tlasNodes} LcBvhNode over
     * instances whose leaves index {@code tlasInstances} (uint LcInstance index per slot). With no instances the
     * TLAS pools may be null and every ray misses.
     *
     * @throws IllegalArgumentException if a mesh is empty, a leaf does not fit the BVH2 encoding, or TLAS depth +
     *     BLAS depth exceed the GPU traversal stack ({@code LC_BVH2_STACK_SIZE})
     */
    public static GpuSceneLayout convert(NativeBuffer positions, NativeBuffer triangles, NativeBuffer meshes,
            int meshCount, NativeBuffer blasNodes, NativeBuffer instances, int instanceCount, NativeBuffer tlasNodes,
            NativeBuffer tlasInstances, BlasLayout blasLayout) {
        if (blasLayout == BlasLayout.CWBVH8) {
            return convertWide(positions, triangles, meshes, meshCount, blasNodes, instances, instanceCount, tlasNodes,
                    tlasInstances);
        }
        long t0 = System.nanoTime();
        Bvh2GpuLayout.Shape[] shapes = new Bvh2GpuLayout.Shape[meshCount];
        int[] gpuFirst = new int[meshCount];
        long nodeTotal = 0, triTotal = 0;
        int maxBlasDepth = 0;
        for (int m = 0; m < meshCount; m++) {
            long mo = (long) m * LcMesh.BYTES;
            if (meshes.getInt(mo + LcMesh.TRIANGLE_COUNT) <= 0 || meshes.getInt(mo + LcMesh.NODE_COUNT) <= 0) {
                throw new IllegalArgumentException("mesh " + m + " has no triangles or no BLAS nodes");
            }
            shapes[m] = Bvh2GpuLayout.shape(blasNodes, Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_NODE)));
            gpuFirst[m] = (int) nodeTotal;
            nodeTotal += shapes[m].nodeCount();
            maxBlasDepth = Math.max(maxBlasDepth, shapes[m].depth());
            triTotal = Math.max(triTotal, Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_TRIANGLE))
                    + meshes.getInt(mo + LcMesh.TRIANGLE_COUNT));
        }
        if (nodeTotal > Integer.MAX_VALUE) throw new IllegalArgumentException(nodeTotal + " BLAS nodes exceed 2^31");
        Bvh2GpuLayout.Shape tlasShape = instanceCount > 0 ? Bvh2GpuLayout.shape(tlasNodes, 0) : new Bvh2GpuLayout.Shape(0, 0);
        // One entry per interior level of each tree plus one sentinel per tree.
        if (tlasShape.depth() + maxBlasDepth + 2 > LC_BVH2_STACK_SIZE) {
            throw new IllegalArgumentException("TLAS depth " + tlasShape.depth() + " + BLAS depth " + maxBlasDepth
                    + " exceed the GPU traversal stack of " + LC_BVH2_STACK_SIZE + " entries");
        }
        NativeBuffer gpuBlas = NativeBuffer.allocate(Math.max(1, nodeTotal) * LcBvh2Node.BYTES);
        NativeBuffer gpuTris = NativeBuffer.allocate(Math.max(1, triTotal) * LcTriangle.BYTES);
        NativeBuffer roots = NativeBuffer.allocate(4L * Math.max(1, meshCount));
        NativeBuffer gpuTlas = NativeBuffer.allocate((long) Math.max(1, tlasShape.nodeCount()) * LcBvh2Node.BYTES);
        try {
            IntStream.range(0, meshCount).parallel().forEach(m -> {
                long mo = (long) m * LcMesh.BYTES;
                Bvh2GpuLayout.convert(blasNodes, Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_NODE)),
                        meshes.getInt(mo + LcMesh.FIRST_TRIANGLE), gpuBlas, gpuFirst[m]);
                roots.putInt(4L * m, gpuFirst[m]);
            });
            // Triangles in chunks so one big mesh still converts on every core.
            final int chunk = 1 << 18;
            for (int m = 0; m < meshCount; m++) {
                long mo = (long) m * LcMesh.BYTES;
                long first = Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_TRIANGLE));
                int count = meshes.getInt(mo + LcMesh.TRIANGLE_COUNT);
                long firstVertex = Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_VERTEX));
                int vertexCount = meshes.getInt(mo + LcMesh.VERTEX_COUNT);
                IntStream.range(0, (count + chunk - 1) / chunk).parallel().forEach(c -> GpuTriangleLayout.convert(
                        positions, triangles, firstVertex, vertexCount, first + (long) c * chunk,
                        Math.min(chunk, count - c * chunk), gpuTris));
            }
            if (instanceCount > 0) Bvh2GpuLayout.convert(tlasNodes, 0, 0, gpuTlas, 0);
        } catch (RuntimeException e) {
            closeAll(gpuBlas, gpuTris, roots, gpuTlas);
            throw e;
        }
        return new GpuSceneLayout(gpuBlas, (int) nodeTotal, gpuTlas, tlasShape.nodeCount(), gpuTris, triTotal, roots,
                meshCount, instances, instanceCount, tlasInstances, tlasShape.depth(), maxBlasDepth,
                (System.nanoTime() - t0) / 1e6, BlasLayout.BVH2);
    }

    /** BLASes as {@link Cwbvh8GpuLayout} (each mesh's triangles reordered within its pool range), TLAS as BVH2. */
    private static GpuSceneLayout convertWide(NativeBuffer positions, NativeBuffer triangles, NativeBuffer meshes,
            int meshCount, NativeBuffer blasNodes, NativeBuffer instances, int instanceCount, NativeBuffer tlasNodes,
            NativeBuffer tlasInstances) {
        long t0 = System.nanoTime();
        Cwbvh8GpuLayout.Tree[] trees = new Cwbvh8GpuLayout.Tree[meshCount];
        IntStream.range(0, meshCount).parallel().forEach(m -> {
            long mo = (long) m * LcMesh.BYTES;
            if (meshes.getInt(mo + LcMesh.TRIANGLE_COUNT) <= 0 || meshes.getInt(mo + LcMesh.NODE_COUNT) <= 0) {
                throw new IllegalArgumentException("mesh " + m + " has no triangles or no BLAS nodes");
            }
            trees[m] = Cwbvh8GpuLayout.convertTree(blasNodes,
                    Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_NODE)), 0);
        });
        int[] gpuFirst = new int[meshCount];
        long nodeTotal = 0, triTotal = 0;
        int maxDepth = 0;
        for (int m = 0; m < meshCount; m++) {
            long mo = (long) m * LcMesh.BYTES;
            gpuFirst[m] = (int) nodeTotal;
            nodeTotal += trees[m].nodeCount();
            maxDepth = Math.max(maxDepth, trees[m].depth());
            triTotal = Math.max(triTotal, Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_TRIANGLE))
                    + meshes.getInt(mo + LcMesh.TRIANGLE_COUNT));
        }
        if (nodeTotal > Integer.MAX_VALUE) throw new IllegalArgumentException(nodeTotal + " BLAS nodes exceed 2^31");
        Bvh2GpuLayout.Shape tlasShape = instanceCount > 0 ? Bvh2GpuLayout.shape(tlasNodes, 0) : new Bvh2GpuLayout.Shape(0, 0);
        if (tlasShape.depth() + 1 > LC_BVH2_STACK_SIZE) {
            throw new IllegalArgumentException("TLAS depth " + tlasShape.depth() + " exceeds the GPU traversal stack");
        }
        NativeBuffer gpuBlas = NativeBuffer.allocate(Math.max(1, nodeTotal) * LcCwbvhNode.BYTES);
        NativeBuffer gpuTris = NativeBuffer.allocate(Math.max(1, triTotal) * LcTriangle.BYTES);
        NativeBuffer roots = NativeBuffer.allocate(4L * Math.max(1, meshCount));
        NativeBuffer gpuTlas = NativeBuffer.allocate((long) Math.max(1, tlasShape.nodeCount()) * LcBvh2Node.BYTES);
        try {
            final int chunk = 1 << 18;
            for (int m = 0; m < meshCount; m++) {
                long mo = (long) m * LcMesh.BYTES;
                int first = meshes.getInt(mo + LcMesh.FIRST_TRIANGLE);
                long firstVertex = Integer.toUnsignedLong(meshes.getInt(mo + LcMesh.FIRST_VERTEX));
                int vertexCount = meshes.getInt(mo + LcMesh.VERTEX_COUNT);
                Cwbvh8GpuLayout.Tree tree = trees[m];
                Cwbvh8GpuLayout.write(tree, gpuBlas, gpuFirst[m], first);
                roots.putInt(4L * m, gpuFirst[m]);
                int[] order = tree.order();
                for (int k = 0; k < order.length; k++) order[k] += first;
                IntStream.range(0, (order.length + chunk - 1) / chunk).parallel().forEach(c ->
                        GpuTriangleLayout.convertReordered(positions, triangles, firstVertex, vertexCount, order,
                                c * chunk, Math.min(order.length, (c + 1) * chunk), gpuTris, first));
            }
            if (instanceCount > 0) Bvh2GpuLayout.convert(tlasNodes, 0, 0, gpuTlas, 0);
        } catch (RuntimeException e) {
            closeAll(gpuBlas, gpuTris, roots, gpuTlas);
            throw e;
        }
        return new GpuSceneLayout(gpuBlas, (int) nodeTotal, gpuTlas, tlasShape.nodeCount(), gpuTris, triTotal, roots,
                meshCount, instances, instanceCount, tlasInstances, tlasShape.depth(), maxDepth,
                (System.nanoTime() - t0) / 1e6, BlasLayout.CWBVH8);
    }

    /** Node layout of {@link #blasNodes()}. */
    public BlasLayout blasLayout() { return blasLayout; }
    /** LcBvh2Node or LcCwbvhNode (see {@link #blasLayout()}) of every mesh; mesh m's root is {@link #blasRoot(int)}. */
    public NativeBuffer blasNodes() { return blasNodes; }
    public int blasNodeCount() { return blasNodeCount; }
    /** LcBvh2Node over instances, root 0; leaves index {@link #tlasInstances()}. Empty when no instances. */
    public NativeBuffer tlasNodes() { return tlasNodes; }
    public int tlasNodeCount() { return tlasNodeCount; }
    /** LcTriangle per pool triangle: in pool order for BVH2 BLASes, reordered within each mesh for CWBVH8. */
    public NativeBuffer triangles() { return triangles; }
    public long triangleCount() { return triangleCount; }
    /** int per mesh: index of its BLAS root in {@link #blasNodes()}. */
    public NativeBuffer blasRoots() { return blasRoots; }
    public int blasRoot(int mesh) { return blasRoots.getInt(4L * mesh); }
    public int meshCount() { return meshCount; }
    /** LcInstance pool (borrowed). */
    public NativeBuffer instances() { return instances; }
    public int instanceCount() { return instanceCount; }
    /** uint LcInstance index per TLAS leaf slot (borrowed). */
    public NativeBuffer tlasInstances() { return tlasInstances; }
    public int tlasDepth() { return tlasDepth; }
    public int maxBlasDepth() { return maxBlasDepth; }
    /** Wall time of the conversion, milliseconds. */
    public double convertMillis() { return convertMillis; }

    /** Bytes of the pools this layout owns (BLAS and TLAS nodes, triangles, roots). */
    public long ownedBytes() {
        return blasNodes.size() + tlasNodes.size() + triangles.size() + blasRoots.size();
    }

    @Override
    public void close() {
        blasNodes.close();
        tlasNodes.close();
        triangles.close();
        blasRoots.close();
    }

    /** Frees the pools a failed conversion had allocated. */
    private static void closeAll(NativeBuffer... buffers) {
        for (NativeBuffer b : buffers) b.close();
    }
}
