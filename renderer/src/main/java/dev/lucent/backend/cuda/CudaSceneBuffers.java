package dev.lucent.backend.cuda;

import dev.lucent.core.NativeBuffer;

import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.core.Layout.LcInstance;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;

/**
 * A {@link GpuSceneLayout} in device memory: the seven SCENE_PARAMS arguments of shaders/cuda/raycast.cu
 * (TLAS nodes, TLAS leaf slots, instances, BLAS roots, BLAS nodes, triangles, instance count). The free-memory
 * check runs before the first allocation.
 */
public final class CudaSceneBuffers implements AutoCloseable {
    private final List<DeviceBuffer> owned = new ArrayList<>();
    private DeviceBuffer tlasNodes, tlasInstances, instances, blasRoots, blasNodes, triangles;
    private int instanceCount;
    private long bytes;
    private double uploadMillis;

    private CudaSceneBuffers() {}

    /** Device bytes {@link #upload} allocates for {@code layout}. */
    public static long requiredBytes(GpuSceneLayout layout) {
        return layout.ownedBytes() + (long) Math.max(1, layout.instanceCount()) * (LcInstance.BYTES + 4);
    }

    /**
     * Uploads {@code layout} into the current context of {@code ctx}.
     *
     * @throws GpuMemoryException before allocating anything if it does not fit in free device memory
     */
    public static CudaSceneBuffers upload(CudaContext ctx, GpuSceneLayout layout) {
        long need = requiredBytes(layout);
        ctx.requireFree(need, "scene geometry (" + layout.triangleCount() + " triangles)");
        long t0 = System.nanoTime();
        CudaSceneBuffers s = new CudaSceneBuffers();
        try {
            s.instanceCount = layout.instanceCount();
            s.tlasNodes = s.keep(DeviceBuffer.of(layout.tlasNodes()));
            s.blasNodes = s.keep(DeviceBuffer.of(layout.blasNodes()));
            s.triangles = s.keep(DeviceBuffer.of(layout.triangles()));
            s.blasRoots = s.keep(DeviceBuffer.of(layout.blasRoots()));
            long instBytes = (long) layout.instanceCount() * LcInstance.BYTES;
            s.instances = s.keep(DeviceBuffer.allocate(instBytes));
            s.tlasInstances = s.keep(DeviceBuffer.allocate(4L * layout.instanceCount()));
            if (layout.instanceCount() > 0) {
                s.instances.upload(layout.instances(), 0, 0, instBytes);
                s.tlasInstances.upload(layout.tlasInstances(), 0, 0, 4L * layout.instanceCount());
            }
            ctx.synchronize();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        s.uploadMillis = (System.nanoTime() - t0) / 1e6;
        return s;
    }

    /**
     * Replaces the instance-level pools after the compiled scene's instances moved (batch frames): the TLAS in
     * GPU layout ({@code gpuTlas}, {@code tlasBytes} bytes), the LcInstance records and the TLAS leaf slots. Mesh
     * BLASes and triangles stay as uploaded. The instance count must not change.
     */
    public void updateInstances(NativeBuffer gpuTlas, long tlasBytes, NativeBuffer instanceRecords,
            NativeBuffer slots, int count) {
        if (count != instanceCount) {
            throw new IllegalArgumentException(count + " instances after the update, " + instanceCount + " uploaded");
        }
        if (tlasBytes > tlasNodes.size()) {
            DeviceBuffer bigger = DeviceBuffer.allocate(tlasBytes);
            owned.remove(tlasNodes);
            bytes -= tlasNodes.size();
            tlasNodes.close();
            tlasNodes = keep(bigger);
        }
        tlasNodes.upload(gpuTlas, 0, 0, tlasBytes);
        if (count > 0) {
            instances.upload(instanceRecords, 0, 0, (long) count * LcInstance.BYTES);
            tlasInstances.upload(slots, 0, 0, 4L * count);
        }
    }

    private DeviceBuffer keep(DeviceBuffer b) {
        owned.add(b);
        bytes += b.size();
        return b;
    }

    /** The SCENE_PARAMS kernel arguments, in order. */
    public List<Pointer> params() {
        return List.of(tlasNodes.param(), tlasInstances.param(), instances.param(), blasRoots.param(),
                blasNodes.param(), triangles.param(), Pointer.to(new int[] {instanceCount}));
    }

    public DeviceBuffer triangles() { return triangles; }
    public DeviceBuffer instances() { return instances; }
    /** Device bytes held. */
    public long bytes() { return bytes; }
    /** Wall time of the upload (allocation + copies, synchronised), milliseconds. */
    public double uploadMillis() { return uploadMillis; }

    @Override
    public void close() {
        for (DeviceBuffer b : owned) b.close();
        owned.clear();
    }
}
