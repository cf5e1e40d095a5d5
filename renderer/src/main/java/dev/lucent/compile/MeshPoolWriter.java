package dev.lucent.compile;

import dev.lucent.bvh.Bvh;
import dev.lucent.bvh.BvhBuilder;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.BvhStats;
import dev.lucent.bvh.PrimitiveBounds;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.lwjgl.system.MemoryUtil;

/**
 * Writes the per-vertex and per-triangle pools, the {@code meshes} table and every mesh's BLAS. LcMesh i
 * describes scene mesh i; meshes that are empty or that no node uses are not stored (their LcMesh has zero
 * counts). Each stored mesh is copied once however many instances use it; its triangles are written in its
 * BLAS's primitive order so every leaf addresses a contiguous run.
 *
 * <p>Small meshes build their BLAS concurrently (one builder thread each); meshes of at least
 * {@link #PARALLEL_BUILD_TRIANGLES} triangles are built one after another, each with the builder's own
 * threads. All pool offsets are 64-bit; LcMesh fields are uints, so the scene holds at most 2^31 - 1
 * triangles (the triangle index is an int in {@link Hit}) and 2^32 - 1 vertices and BLAS nodes.
 */
final class MeshPoolWriter {
    private MeshPoolWriter() {}

    /** Meshes at least this large build alone, with all builder threads. */
    static final int PARALLEL_BUILD_TRIANGLES = 100_000;

    /** Per-mesh input decided by the compiler. */
    record MeshPlan(boolean stored, boolean generateTangents) {}

    /**
     * What writing produced: BLAS statistics per scene mesh (zeros where not stored) and the time spent
     * inside BvhBuilder.build, summed over meshes (concurrent builds overlap in wall time).
     */
    record Result(List<BvhStats> blas, double bvhMillis) {}

    static boolean isEmpty(Mesh m) {
        return m.positions == null || m.indices == null || m.positions.length < 9 || m.indices.length < 3;
    }

    static Result write(CompiledScene cs, Scene scene, MeshPlan[] plans, int defaultMaterial, BvhOptions options) {
        int n = plans.length;
        long[] firstVertex = new long[n], firstTriangle = new long[n];
        long vertices = 0, triangles = 0;
        boolean anyTangents = false;
        for (int i = 0; i < n; i++) {
            firstVertex[i] = vertices;
            firstTriangle[i] = triangles;
            if (!plans[i].stored) continue;
            Mesh m = scene.meshes.get(i);
            vertices += m.positions.length / 3;
            triangles += m.indices.length / 3;
            anyTangents |= m.tangents != null || plans[i].generateTangents;
        }
        if (triangles > Integer.MAX_VALUE || vertices > 0xFFFF_FFFFL) {
            throw new SceneException(scene.source, "the scene stores " + triangles + " triangles and " + vertices
                    + " vertices; Lucent's pools hold at most 2^31-1 triangles and 2^32-1 vertices");
        }
        cs.vertexCount = vertices;
        cs.triangleCount = triangles;
        cs.meshCount = n;
        cs.positions = PoolIo.table(vertices, 12);
        cs.normals = PoolIo.table(vertices, 12);
        cs.uvs = PoolIo.table(vertices, 8);
        cs.tangents = PoolIo.table(anyTangents ? vertices : 1, 16);
        cs.triangles = PoolIo.table(triangles, 12);
        cs.triangleMaterials = PoolIo.table(triangles, 4);
        cs.meshes = PoolIo.table(n, LcMesh.BYTES);

        AtomicLong buildNanos = new AtomicLong();
        Bvh[] bvhs = new Bvh[n];
        try {
            List<Integer> small = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!plans[i].stored) continue;
                if (scene.meshes.get(i).indices.length / 3 >= PARALLEL_BUILD_TRIANGLES) {
                    bvhs[i] = writeMesh(cs, scene, i, plans[i], firstVertex[i], firstTriangle[i], defaultMaterial,
                            options, buildNanos);
                } else {
                    small.add(i);
                }
            }
            buildSmall(cs, scene, plans, small, firstVertex, firstTriangle, defaultMaterial, options, bvhs, buildNanos);
            double bvhMillis = buildNanos.get() / 1e6;

            long nodes = 0;
            for (Bvh b : bvhs) if (b != null) nodes += b.nodeCount();
            if (nodes > 0xFFFF_FFFFL) {
                throw new SceneException(scene.source, "the BLAS pool needs " + nodes + " nodes, more than 2^32-1");
            }
            cs.blasNodes = PoolIo.table(nodes, LcBvhNode.BYTES);
            long firstNode = 0;
            List<BvhStats> stats = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long o = (long) i * LcMesh.BYTES;
                Bvh b = bvhs[i];
                cs.meshes.putInt(o + LcMesh.FIRST_TRIANGLE, (int) firstTriangle[i]);
                cs.meshes.putInt(o + LcMesh.FIRST_VERTEX, (int) firstVertex[i]);
                cs.meshes.putInt(o + LcMesh.FIRST_NODE, (int) firstNode);
                if (b == null) {
                    stats.add(new BvhStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
                    continue;
                }
                Mesh m = scene.meshes.get(i);
                cs.meshes.putInt(o + LcMesh.TRIANGLE_COUNT, m.indices.length / 3);
                cs.meshes.putInt(o + LcMesh.VERTEX_COUNT, m.positions.length / 3);
                cs.meshes.putInt(o + LcMesh.NODE_COUNT, b.nodeCount());
                cs.meshes.putInt(o + LcMesh.HAS_TANGENTS, m.tangents != null || plans[i].generateTangents ? 1 : 0);
                long bytes = (long) b.nodeCount() * LcBvhNode.BYTES;
                MemoryUtil.memCopy(b.nodes().address(), cs.blasNodes.address() + firstNode * LcBvhNode.BYTES, bytes);
                firstNode += b.nodeCount();
                stats.add(b.stats());
                b.close();
                bvhs[i] = null;
            }
            return new Result(stats, bvhMillis);
        } finally {
            for (Bvh b : bvhs) if (b != null) b.close();
        }
    }

    private static void buildSmall(CompiledScene cs, Scene scene, MeshPlan[] plans, List<Integer> small,
            long[] firstVertex, long[] firstTriangle, int defaultMaterial, BvhOptions options, Bvh[] bvhs,
            AtomicLong buildNanos) {
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        threads = Math.min(threads, small.size());
        BvhOptions single = new BvhOptions(options.maxLeafSize(), options.bins(), 1);
        if (threads <= 1) {
            for (int i : small) {
                bvhs[i] = writeMesh(cs, scene, i, plans[i], firstVertex[i], firstTriangle[i], defaultMaterial, single,
                        buildNanos);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lucent-blas");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Bvh>> futures = new ArrayList<>();
            for (int i : small) {
                futures.add(pool.submit(() -> writeMesh(cs, scene, i, plans[i], firstVertex[i], firstTriangle[i],
                        defaultMaterial, single, buildNanos)));
            }
            // Wait for every task, even after a failure or an interrupt: they write into pools that the caller
            // frees when this throws.
            RuntimeException failure = null;
            boolean interrupted = false;
            for (int k = 0; k < small.size(); k++) {
                for (;;) {
                    try {
                        bvhs[small.get(k)] = futures.get(k).get();
                        break;
                    } catch (ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof RuntimeException re ? re
                                    : new IllegalStateException("BLAS build failed", e.getCause());
                        }
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            if (failure != null) throw failure;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Validates and writes mesh {@code i} into the pools, builds its BLAS and reorders its triangles. */
    private static Bvh writeMesh(CompiledScene cs, Scene scene, int i, MeshPlan plan, long firstVertex,
            long firstTriangle, int defaultMaterial, BvhOptions options, AtomicLong buildNanos) {
        Mesh m = scene.meshes.get(i);
        validate(scene, i, m);
        int vc = m.positions.length / 3;
        cs.positions.putFloats(firstVertex * 12, m.positions, 0, vc * 3);
        if (m.normals != null) {
            cs.normals.putFloats(firstVertex * 12, m.normals, 0, vc * 3);
        } else {
            NormalGenerator.generate(m.positions, m.indices, vc, cs.normals, firstVertex * 12);
        }
        if (m.uvs != null) cs.uvs.putFloats(firstVertex * 8, m.uvs, 0, vc * 2);
        if (m.tangents != null) {
            cs.tangents.putFloats(firstVertex * 16, m.tangents, 0, vc * 4);
        } else if (plan.generateTangents) {
            TangentGenerator.generate(m.positions, m.uvs, m.indices, vc, cs.normals, firstVertex * 12, cs.tangents,
                    firstVertex * 16);
        }
        long t0 = System.nanoTime();
        Bvh bvh = BvhBuilder.build(bounds(m), options);
        buildNanos.addAndGet(System.nanoTime() - t0);
        int[] order = bvh.primitiveOrder();
        int[] idx = m.indices;
        int[] mat = m.materials;
        long tri = firstTriangle * 12, mo = firstTriangle * 4;
        for (int k = 0; k < order.length; k++, tri += 12, mo += 4) {
            int src = order[k];
            cs.triangles.putInt(tri, idx[src * 3]);
            cs.triangles.putInt(tri + 4, idx[src * 3 + 1]);
            cs.triangles.putInt(tri + 8, idx[src * 3 + 2]);
            int id = mat == null ? -1 : mat[src];
            cs.triangleMaterials.putInt(mo, id < 0 ? defaultMaterial : id);
        }
        return bvh;
    }

    private static void validate(Scene scene, int i, Mesh m) {
        String what = "mesh " + i + " ('" + m.name + "')";
        int vc = m.positions.length / 3, tc = m.indices.length / 3;
        if (m.positions.length % 3 != 0 || m.indices.length % 3 != 0) {
            throw new SceneException(scene.source, what + ": positions and indices must come in threes");
        }
        check(scene, what, "normals", m.normals, vc * 3);
        check(scene, what, "uvs", m.uvs, vc * 2);
        check(scene, what, "tangents", m.tangents, vc * 4);
        if (m.materials != null && m.materials.length != tc) {
            throw new SceneException(scene.source, what + ": " + m.materials.length + " material ids for " + tc
                    + " triangles");
        }
        int[] idx = m.indices;
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= vc) {
                throw new SceneException(scene.source, what + ": triangle " + k / 3 + " uses vertex " + idx[k]
                        + " but the mesh has " + vc);
            }
        }
    }

    private static void check(Scene scene, String what, String attribute, float[] values, int expected) {
        if (values != null && values.length != expected) {
            throw new SceneException(scene.source, what + ": " + values.length + " " + attribute + " values, expected "
                    + expected);
        }
    }

    /** Object-space bounds of the mesh's triangles, read straight from its arrays (no copy). */
    static PrimitiveBounds bounds(Mesh m) {
        float[] p = m.positions;
        int[] idx = m.indices;
        return new PrimitiveBounds() {
            @Override
            public int count() {
                return idx.length / 3;
            }

            @Override
            public void bounds(int prim, float[] out) {
                int a = idx[prim * 3] * 3, b = idx[prim * 3 + 1] * 3, c = idx[prim * 3 + 2] * 3;
                for (int k = 0; k < 3; k++) {
                    out[k] = Math.min(p[a + k], Math.min(p[b + k], p[c + k]));
                    out[k + 3] = Math.max(p[a + k], Math.max(p[b + k], p[c + k]));
                }
            }
        };
    }
}
