package dev.lucent.compile;

import dev.lucent.bvh.Bvh;
import dev.lucent.bvh.BvhBuilder;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.BvhStats;
import dev.lucent.bvh.PrimitiveBounds;
import dev.lucent.core.Layout.LcBvhNode;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import org.joml.Matrix4d;
import org.joml.Matrix4f;
import org.lwjgl.system.MemoryUtil;

/**
 * Writes {@code instances} (LcInstance: 3x4 object-to-world and world-to-object rows, mesh, material override) and
 * the TLAS over them. An instance's world box is its BLAS root box with the 8 corners transformed (computed in
 * double, padded and rounded outwards to float). Instances whose transform cannot be inverted (a zero scale) keep
 * their LcInstance but are left out of the TLAS, so rays never reach them; TLAS leaves hold one instance each
 * (whatever the BLAS leaf size) and address {@code tlasInstances}, whose slots give LcInstance indices. The instance
 * set is fixed at compile time (one per node with a stored mesh), so re-evaluating an animation rewrites these pools
 * in place.
 */
final class InstanceWriter {
    private InstanceWriter() {}

    static void allocate(CompiledScene cs) {
        int n = cs.instanceNodes.length;
        cs.instanceCount = n;
        cs.instances = PoolIo.table(n, LcInstance.BYTES);
        cs.tlasNodes = PoolIo.table(Math.max(1, 2L * n - 1), LcBvhNode.BYTES);
        cs.tlasInstances = PoolIo.table(n, 4);
    }

    /**
     * Writes every instance from the world matrices and rebuilds the TLAS. Returns the TLAS statistics and
     * writes the world bounds of all reachable instances to {@code worldBounds} (min xyz, max xyz; all zero
     * when nothing is reachable).
     */
    static BvhStats write(CompiledScene cs, Scene scene, Matrix4f[] world, BvhOptions options, float[] worldBounds) {
        int n = cs.instanceCount;
        float[] boxes = new float[n * 6];
        int[] active = new int[n];
        int activeCount = 0;
        float[] local = new float[6];
        Matrix4d m = new Matrix4d(), inv = new Matrix4d();
        for (int i = 0; i < n; i++) {
            int nodeIndex = cs.instanceNodes[i];
            Node node = scene.nodes.get(nodeIndex);
            m.set(world[nodeIndex]);
            inv.set(m).invertAffine();
            boolean invertible = m.determinant3x3() != 0 && finite(inv);
            long o = (long) i * LcInstance.BYTES;
            putRows(cs, o + LcInstance.OBJECT_TO_WORLD0, m);
            if (invertible) putRows(cs, o + LcInstance.WORLD_TO_OBJECT0, inv);
            else for (int k = 0; k < 12; k++) cs.instances.putFloat(o + LcInstance.WORLD_TO_OBJECT0 + 4L * k, 0);
            cs.instances.putInt(o + LcInstance.MESH, node.mesh);
            cs.instances.putInt(o + LcInstance.MATERIAL_OVERRIDE, node.materialOverride);
            if (!invertible) continue;
            long meshRecord = (long) node.mesh * LcMesh.BYTES;
            long root = (cs.meshes.getInt(meshRecord + LcMesh.FIRST_NODE) & 0xFFFF_FFFFL) * LcBvhNode.BYTES;
            PoolIo.getBox(cs.blasNodes, root, local);
            transformBox(m, local, boxes, activeCount * 6);
            active[activeCount++] = i;
        }
        cs.tlasInstanceCount = activeCount;
        if (activeCount == 0) {
            // Nothing reachable: tlasNodeCount 0 tells tracers not to traverse; the root record is an inverted box.
            PoolIo.putNode(cs.tlasNodes, 0, new float[] {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE,
                    -Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE}, 0, 0);
            cs.tlasNodeCount = 0;
            java.util.Arrays.fill(worldBounds, 0);
            return new BvhStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        final int count = activeCount;
        PrimitiveBounds prims = new PrimitiveBounds() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public void bounds(int prim, float[] out) {
                System.arraycopy(boxes, prim * 6, out, 0, 6);
            }
        };
        // One instance per TLAS leaf: entering an instance (a 3x4 transform and a BLAS root test) costs far more
        // than the box test that could have skipped it.
        BvhOptions tlasOptions = new BvhOptions(1, options.bins(), options.threads());
        try (Bvh tlas = BvhBuilder.build(prims, tlasOptions)) {
            MemoryUtil.memCopy(tlas.nodes().address(), cs.tlasNodes.address(),
                    (long) tlas.nodeCount() * LcBvhNode.BYTES);
            cs.tlasNodeCount = tlas.nodeCount();
            int[] order = tlas.primitiveOrder();
            for (int k = 0; k < order.length; k++) cs.tlasInstances.putInt(4L * k, active[order[k]]);
            worldBounds[0] = worldBounds[1] = worldBounds[2] = Float.MAX_VALUE;
            worldBounds[3] = worldBounds[4] = worldBounds[5] = -Float.MAX_VALUE;
            for (int k = 0; k < count; k++) {
                for (int a = 0; a < 3; a++) {
                    worldBounds[a] = Math.min(worldBounds[a], boxes[k * 6 + a]);
                    worldBounds[a + 3] = Math.max(worldBounds[a + 3], boxes[k * 6 + 3 + a]);
                }
            }
            return tlas.stats();
        }
    }

    /** Rows of the affine 3x4 part of {@code m} as three vec4 starting at {@code offset}. */
    private static void putRows(CompiledScene cs, long offset, Matrix4d m) {
        PoolIo.putVec4(cs.instances, offset, (float) m.m00(), (float) m.m10(), (float) m.m20(), (float) m.m30());
        PoolIo.putVec4(cs.instances, offset + 16, (float) m.m01(), (float) m.m11(), (float) m.m21(), (float) m.m31());
        PoolIo.putVec4(cs.instances, offset + 32, (float) m.m02(), (float) m.m12(), (float) m.m22(), (float) m.m32());
    }

    private static boolean finite(Matrix4d m) {
        double s = m.m00() + m.m01() + m.m02() + m.m10() + m.m11() + m.m12() + m.m20() + m.m21() + m.m22() + m.m30()
                + m.m31() + m.m32();
        return Double.isFinite(s);
    }

    /** World box of the object box {@code b} (min xyz, max xyz) under {@code m}, rounded outwards. */
    static void transformBox(Matrix4d m, float[] b, float[] out, int at) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int c = 0; c < 8; c++) {
            double x = b[(c & 1) != 0 ? 3 : 0], y = b[(c & 2) != 0 ? 4 : 1], z = b[(c & 4) != 0 ? 5 : 2];
            double[] w = {m.m00() * x + m.m10() * y + m.m20() * z + m.m30(),
                    m.m01() * x + m.m11() * y + m.m21() * z + m.m31(),
                    m.m02() * x + m.m12() * y + m.m22() * z + m.m32()};
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], w[a]);
                hi[a] = Math.max(hi[a], w[a]);
            }
        }
        for (int a = 0; a < 3; a++) {
            // Pad by a few float ulps of the magnitudes involved: rays reach the BLAS through the float
            // world-to-object rows, whose rounding moves the preimage of the object box by about that much.
            double pad = 1e-6 * (Math.abs(lo[a]) + Math.abs(hi[a]));
            out[at + a] = Math.nextDown((float) (lo[a] - pad));
            out[at + 3 + a] = Math.nextUp((float) (hi[a] + pad));
        }
    }
}
