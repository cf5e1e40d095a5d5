package dev.lucent.bvh.gpu;

import dev.lucent.bvh.Bvh;
import dev.lucent.bvh.BvhBuilder;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.PrimitiveBounds;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import java.util.List;
import org.lwjgl.system.MemoryUtil;

/**
 * The geometry pools of {@code CompiledScene} (positions, triangles in BLAS leaf order, meshes, BLAS nodes,
 * instances, TLAS nodes and leaf slots) built straight from meshes and instance transforms with
 * {@link BvhBuilder}, for benchmarks and layout tests that need two-level geometry without loading a scene.
 * Same layout as the scene compiler's pools, so {@link GpuSceneLayout#convert} reads both.
 */
public final class InstancedMeshPools implements AutoCloseable {
    /** An instance of mesh {@code mesh}: objectToWorld as a row-major 3x4 affine matrix (12 floats). */
    public record Placement(int mesh, float[] objectToWorld) {
        public static Placement identity(int mesh) {
            return new Placement(mesh, new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
        }
    }

    public final NativeBuffer positions, triangles, meshes, blasNodes, instances, tlasNodes, tlasInstances;
    public final int meshCount, instanceCount;
    public final long triangleCount;
    /** Wall time of all BLAS and TLAS builds, milliseconds. */
    public final double bvhMillis;

    private InstancedMeshPools(NativeBuffer positions, NativeBuffer triangles, NativeBuffer meshes,
            NativeBuffer blasNodes, NativeBuffer instances, NativeBuffer tlasNodes, NativeBuffer tlasInstances,
            int meshCount, int instanceCount, long triangleCount, double bvhMillis) {
        this.positions = positions;
        this.triangles = triangles;
        this.meshes = meshes;
        this.blasNodes = blasNodes;
        this.instances = instances;
        this.tlasNodes = tlasNodes;
        this.tlasInstances = tlasInstances;
        this.meshCount = meshCount;
        this.instanceCount = instanceCount;
        this.triangleCount = triangleCount;
        this.bvhMillis = bvhMillis;
    }

    /** Builds one BLAS per mesh and a TLAS over the placements (at least one placement). */
    public static InstancedMeshPools build(List<Mesh> meshList, List<Placement> placements, BvhOptions options) {
        if (placements.isEmpty()) throw new IllegalArgumentException("no instances");
        long t0 = System.nanoTime();
        int mc = meshList.size();
        Bvh[] blas = new Bvh[mc];
        long vertices = 0, tris = 0, nodes = 0;
        for (int m = 0; m < mc; m++) {
            Mesh mesh = meshList.get(m);
            blas[m] = BvhBuilder.build(triangleBounds(mesh), options);
            vertices += mesh.vertexCount();
            tris += mesh.triangleCount();
            nodes += blas[m].nodeCount();
        }
        NativeBuffer positions = NativeBuffer.allocate(vertices * 12);
        NativeBuffer triangles = NativeBuffer.allocate(tris * 12);
        NativeBuffer meshes = NativeBuffer.allocate((long) mc * LcMesh.BYTES);
        NativeBuffer blasNodes = NativeBuffer.allocate(nodes * LcBvhNode.BYTES);
        long v0 = 0, t0i = 0, n0 = 0;
        float[][] rootBox = new float[mc][];
        for (int m = 0; m < mc; m++) {
            Mesh mesh = meshList.get(m);
            positions.putFloats(v0 * 12, mesh.positions, 0, mesh.positions.length);
            int[] order = blas[m].primitiveOrder();
            for (int k = 0; k < order.length; k++) {
                triangles.putInts((t0i + k) * 12, mesh.indices, order[k] * 3, 3);
            }
            long bytes = (long) blas[m].nodeCount() * LcBvhNode.BYTES;
            NativeBuffer src = blas[m].nodes();
            MemoryUtil.memCopy(src.address(), blasNodes.address() + n0 * LcBvhNode.BYTES, bytes);
            rootBox[m] = new float[] {src.getFloat(LcBvhNode.MIN_X), src.getFloat(LcBvhNode.MIN_Y),
                src.getFloat(LcBvhNode.MIN_Z), src.getFloat(LcBvhNode.MAX_X), src.getFloat(LcBvhNode.MAX_Y),
                src.getFloat(LcBvhNode.MAX_Z)};
            long mo = (long) m * LcMesh.BYTES;
            meshes.putInt(mo + LcMesh.FIRST_TRIANGLE, (int) t0i);
            meshes.putInt(mo + LcMesh.TRIANGLE_COUNT, mesh.triangleCount());
            meshes.putInt(mo + LcMesh.FIRST_VERTEX, (int) v0);
            meshes.putInt(mo + LcMesh.VERTEX_COUNT, mesh.vertexCount());
            meshes.putInt(mo + LcMesh.FIRST_NODE, (int) n0);
            meshes.putInt(mo + LcMesh.NODE_COUNT, blas[m].nodeCount());
            v0 += mesh.vertexCount();
            t0i += mesh.triangleCount();
            n0 += blas[m].nodeCount();
            blas[m].close();
        }
        int ic = placements.size();
        NativeBuffer instances = NativeBuffer.allocate((long) ic * LcInstance.BYTES);
        float[] worldBounds = new float[ic * 6];
        for (int i = 0; i < ic; i++) {
            Placement p = placements.get(i);
            float[] w2o = invertAffine(p.objectToWorld());
            long io = (long) i * LcInstance.BYTES;
            for (int j = 0; j < 12; j++) {
                instances.putFloat(io + LcInstance.OBJECT_TO_WORLD0 + 4L * j, p.objectToWorld()[j]);
                instances.putFloat(io + LcInstance.WORLD_TO_OBJECT0 + 4L * j, w2o[j]);
            }
            instances.putInt(io + LcInstance.MESH, p.mesh());
            instances.putInt(io + LcInstance.MATERIAL_OVERRIDE, -1);
            transformBox(p.objectToWorld(), rootBox[p.mesh()], worldBounds, i * 6);
        }
        Bvh tlas = BvhBuilder.build(new PrimitiveBounds() {
            @Override public int count() { return ic; }
            @Override public void bounds(int prim, float[] out) { System.arraycopy(worldBounds, prim * 6, out, 0, 6); }
        }, options);
        NativeBuffer tlasNodes = NativeBuffer.allocate((long) tlas.nodeCount() * LcBvhNode.BYTES);
        MemoryUtil.memCopy(tlas.nodes().address(), tlasNodes.address(), (long) tlas.nodeCount() * LcBvhNode.BYTES);
        NativeBuffer tlasInstances = NativeBuffer.allocate(4L * ic);
        tlasInstances.putInts(0, tlas.primitiveOrder(), 0, ic);
        tlas.close();
        return new InstancedMeshPools(positions, triangles, meshes, blasNodes, instances, tlasNodes, tlasInstances,
                mc, ic, tris, (System.nanoTime() - t0) / 1e6);
    }

    /** Converts these pools to the GPU ray-casting layout (the layout borrows instances and tlasInstances). */
    public GpuSceneLayout toGpuLayout(BlasLayout blasLayout) {
        return GpuSceneLayout.convert(positions, triangles, meshes, meshCount, blasNodes, instances, instanceCount,
                tlasNodes, tlasInstances, blasLayout);
    }

    /** Axis-aligned bounds of each triangle of {@code mesh}, object space. */
    public static PrimitiveBounds triangleBounds(Mesh mesh) {
        float[] p = mesh.positions;
        int[] idx = mesh.indices;
        return new PrimitiveBounds() {
            @Override public int count() { return mesh.triangleCount(); }

            @Override
            public void bounds(int prim, float[] out) {
                for (int a = 0; a < 3; a++) {
                    float x = p[idx[prim * 3] * 3 + a], y = p[idx[prim * 3 + 1] * 3 + a], z = p[idx[prim * 3 + 2] * 3 + a];
                    out[a] = Math.min(x, Math.min(y, z));
                    out[3 + a] = Math.max(x, Math.max(y, z));
                }
            }
        };
    }

    /** Inverse of a row-major 3x4 affine matrix, computed in double. */
    public static float[] invertAffine(float[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], k = m[10];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        if (det == 0 || !Double.isFinite(det)) throw new IllegalArgumentException("singular instance transform");
        double[] r = {(e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
            (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
        float[] out = new float[12];
        for (int row = 0; row < 3; row++) {
            double tx = -(r[row * 3] * m[3] + r[row * 3 + 1] * m[7] + r[row * 3 + 2] * m[11]);
            out[row * 4] = (float) r[row * 3];
            out[row * 4 + 1] = (float) r[row * 3 + 1];
            out[row * 4 + 2] = (float) r[row * 3 + 2];
            out[row * 4 + 3] = (float) tx;
        }
        return out;
    }

    private static void transformBox(float[] m, float[] box, float[] out, int at) {
        for (int a = 0; a < 3; a++) {
            out[at + a] = Float.MAX_VALUE;
            out[at + 3 + a] = -Float.MAX_VALUE;
        }
        for (int corner = 0; corner < 8; corner++) {
            float x = box[(corner & 1) == 0 ? 0 : 3], y = box[(corner & 2) == 0 ? 1 : 4], z = box[(corner & 4) == 0 ? 2 : 5];
            for (int a = 0; a < 3; a++) {
                float w = m[a * 4] * x + m[a * 4 + 1] * y + m[a * 4 + 2] * z + m[a * 4 + 3];
                out[at + a] = Math.min(out[at + a], w);
                out[at + 3 + a] = Math.max(out[at + 3 + a], w);
            }
        }
    }

    @Override
    public void close() {
        for (NativeBuffer b : new NativeBuffer[] {positions, triangles, meshes, blasNodes, instances, tlasNodes,
            tlasInstances}) {
            b.close();
        }
    }
}
