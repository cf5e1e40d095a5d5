package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.KHRAccelerationStructure.*;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcInstance;
import dev.lucent.core.Layout.LcMesh;
import dev.lucent.core.NativeBuffer;
import java.nio.LongBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.vulkan.*;

/**
 * The driver-built acceleration structures of a compiled scene: one bottom-level structure (BLAS) per mesh over
 * the uploaded position and triangle pools (no copies: each mesh's geometry is addressed at its firstVertex and
 * firstTriangle), built for fast trace and then compacted; and one top-level structure (TLAS) over the instances
 * the compiled TLAS holds, refitted or rebuilt by {@link #rebuildTlas} after the instances move. A TLAS instance carries its
 * LcInstance index as custom index and is forced opaque unless one of its materials uses alpha MASK or BLEND (those
 * run alpha.rahit).
 */
public final class VulkanAccelerationStructures implements AutoCloseable {
    private static final int VK_INSTANCE_BYTES = 64;

    private final VulkanContext ctx;
    private final CompiledScene scene;
    /** Per mesh: compacted BLAS handle (0 for an empty mesh), its buffer, its device address. */
    private final long[] blas, blasAddress;
    private final VulkanBuffer[] blasBuffer;
    private final boolean[] meshHasAlpha;
    private long tlas;
    private VulkanBuffer tlasBuffer, tlasScratch, instanceBuffer;
    private int tlasInstances;
    private double blasBuildMillis, tlasBuildMillis;
    /** Refits in a row before a full TLAS rebuild (a refit keeps the tree, so its quality decays as instances move). */
    static final int REBUILD_EVERY = 8;
    private int updatesSinceBuild;
    private boolean lastTlasRefit;
    private long blasBytesBeforeCompaction, blasBytes;

    /**
     * Builds every BLAS and the TLAS. {@code positions} and {@code triangles} are the device copies of the scene's
     * pools, created with VK_BUFFER_USAGE_ACCELERATION_STRUCTURE_BUILD_INPUT_READ_ONLY_BIT_KHR and device addresses.
     */
    public VulkanAccelerationStructures(VulkanContext ctx, CompiledScene scene, VulkanBuffer positions,
            VulkanBuffer triangles) {
        this.ctx = ctx;
        this.scene = scene;
        blas = new long[scene.meshCount];
        blasAddress = new long[scene.meshCount];
        blasBuffer = new VulkanBuffer[scene.meshCount];
        meshHasAlpha = new boolean[scene.meshCount];
        try {
            findAlphaMeshes();
            buildBlases(positions, triangles);
            rebuildTlas();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private int meshInt(int mesh, int field) {
        return scene.meshes.getInt((long) mesh * LcMesh.BYTES + field);
    }

    private boolean alphaMaterial(int material) {
        if (material < 0 || material >= scene.materialCount) return false;
        int flags = scene.materials.getInt((long) material * Layout.LcMaterial.BYTES + Layout.LcMaterial.FLAGS);
        return (flags & (Layout.LC_MATERIAL_ALPHA_MASK | Layout.LC_MATERIAL_ALPHA_BLEND)) != 0;
    }

    private void findAlphaMeshes() {
        for (int m = 0; m < scene.meshCount; m++) {
            long first = Integer.toUnsignedLong(meshInt(m, LcMesh.FIRST_TRIANGLE));
            long count = Integer.toUnsignedLong(meshInt(m, LcMesh.TRIANGLE_COUNT));
            for (long t = first; t < first + count && !meshHasAlpha[m]; t++) {
                meshHasAlpha[m] = alphaMaterial(scene.triangleMaterials.getInt(4 * t));
            }
        }
    }

    private void buildBlases(VulkanBuffer positions, VulkanBuffer triangles) {
        long t0 = System.nanoTime();
        int n = scene.meshCount;
        long[] built = new long[n];
        VulkanBuffer[] builtBuffers = new VulkanBuffer[n];
        long queryPool = VK_NULL_HANDLE;
        VulkanBuffer scratch = null;
        // Heap, not stack: a scene may have thousands of meshes.
        VkAccelerationStructureGeometryKHR.Buffer geometries = VkAccelerationStructureGeometryKHR.calloc(Math.max(1, n));
        VkAccelerationStructureBuildGeometryInfoKHR.Buffer infos = VkAccelerationStructureBuildGeometryInfoKHR
                .calloc(Math.max(1, n));
        LongBuffer all = MemoryUtil.memAllocLong(Math.max(1, n));
        try (MemoryStack stack = stackPush()) {
            long maxScratch = 0;
            int built0 = 0;
            for (int m = 0; m < n; m++) {
                int triCount = meshInt(m, LcMesh.TRIANGLE_COUNT);
                if (triCount <= 0) continue;
                long firstTri = Integer.toUnsignedLong(meshInt(m, LcMesh.FIRST_TRIANGLE));
                long firstVertex = Integer.toUnsignedLong(meshInt(m, LcMesh.FIRST_VERTEX));
                int vertexCount = meshInt(m, LcMesh.VERTEX_COUNT);
                VkAccelerationStructureGeometryKHR.Buffer g = geometries.slice(m, 1);
                g.get(0).sType$Default().geometryType(VK_GEOMETRY_TYPE_TRIANGLES_KHR).flags(0);
                g.get(0).geometry().triangles().sType$Default().vertexFormat(VK_FORMAT_R32G32B32_SFLOAT)
                        .vertexStride(12).maxVertex(Math.max(0, vertexCount - 1)).indexType(VK_INDEX_TYPE_UINT32);
                g.get(0).geometry().triangles().vertexData().deviceAddress(positions.address() + 12 * firstVertex);
                g.get(0).geometry().triangles().indexData().deviceAddress(triangles.address() + 12 * firstTri);
                VkAccelerationStructureBuildGeometryInfoKHR info = infos.get(m).sType$Default()
                        .type(VK_ACCELERATION_STRUCTURE_TYPE_BOTTOM_LEVEL_KHR)
                        .flags(VK_BUILD_ACCELERATION_STRUCTURE_PREFER_FAST_TRACE_BIT_KHR
                                | VK_BUILD_ACCELERATION_STRUCTURE_ALLOW_COMPACTION_BIT_KHR)
                        .mode(VK_BUILD_ACCELERATION_STRUCTURE_MODE_BUILD_KHR).pGeometries(g).geometryCount(1);
                long asSize, scratchSize;
                try (MemoryStack s = stackPush()) {
                    VkAccelerationStructureBuildSizesInfoKHR sizes = VkAccelerationStructureBuildSizesInfoKHR
                            .calloc(s).sType$Default();
                    vkGetAccelerationStructureBuildSizesKHR(ctx.device(),
                            VK_ACCELERATION_STRUCTURE_BUILD_TYPE_DEVICE_KHR, info, s.ints(triCount), sizes);
                    asSize = sizes.accelerationStructureSize();
                    scratchSize = sizes.buildScratchSize();
                }
                builtBuffers[m] = VulkanBuffer.device(ctx, asSize,
                        VK_BUFFER_USAGE_ACCELERATION_STRUCTURE_STORAGE_BIT_KHR | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
                try (MemoryStack s = stackPush()) {
                    built[m] = createAs(s, builtBuffers[m], asSize,
                            VK_ACCELERATION_STRUCTURE_TYPE_BOTTOM_LEVEL_KHR);
                }
                info.dstAccelerationStructure(built[m]);
                maxScratch = Math.max(maxScratch, scratchSize);
                blasBytesBeforeCompaction += asSize;
                built0++;
            }
            if (built0 == 0) return;
            int align = ctx.scratchAlignment();
            scratch = VulkanBuffer.device(ctx, maxScratch + align,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
            long scratchAddress = (scratch.address() + align - 1) / align * align;
            long[] pool = new long[1];
            check(vkCreateQueryPool(ctx.device(), VkQueryPoolCreateInfo.calloc(stack).sType$Default()
                    .queryType(VK_QUERY_TYPE_ACCELERATION_STRUCTURE_COMPACTED_SIZE_KHR).queryCount(n), null, pool),
                    "vkCreateQueryPool");
            queryPool = pool[0];
            long qp = queryPool;
            // One build at a time through the shared scratch buffer, each followed by its compacted-size query.
            ctx.submitAndWait(cmd -> {
                try (MemoryStack s = stackPush()) {
                    vkCmdResetQueryPool(cmd, qp, 0, n);
                    VkMemoryBarrier.Buffer barrier = VkMemoryBarrier.calloc(1, s).sType$Default()
                            .srcAccessMask(VK_ACCESS_ACCELERATION_STRUCTURE_WRITE_BIT_KHR)
                            .dstAccessMask(VK_ACCESS_ACCELERATION_STRUCTURE_READ_BIT_KHR
                                    | VK_ACCESS_ACCELERATION_STRUCTURE_WRITE_BIT_KHR);
                    for (int m = 0; m < n; m++) {
                        if (built[m] == 0) continue;
                        try (MemoryStack s2 = stackPush()) {
                            VkAccelerationStructureBuildGeometryInfoKHR.Buffer one = infos.slice(m, 1);
                            one.get(0).scratchData().deviceAddress(scratchAddress);
                            VkAccelerationStructureBuildRangeInfoKHR.Buffer range = VkAccelerationStructureBuildRangeInfoKHR
                                    .calloc(1, s2).primitiveCount(meshInt(m, LcMesh.TRIANGLE_COUNT));
                            vkCmdBuildAccelerationStructuresKHR(cmd, one, s2.pointers(range));
                            vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ACCELERATION_STRUCTURE_BUILD_BIT_KHR,
                                    VK_PIPELINE_STAGE_ACCELERATION_STRUCTURE_BUILD_BIT_KHR, 0, barrier, null, null);
                            vkCmdWriteAccelerationStructuresPropertiesKHR(cmd, s2.longs(built[m]),
                                    VK_QUERY_TYPE_ACCELERATION_STRUCTURE_COMPACTED_SIZE_KHR, qp, m);
                        }
                    }
                }
            });
            for (int m = 0; m < n; m++) {
                if (built[m] == 0) continue;
                try (MemoryStack s = stackPush()) {
                    LongBuffer one = s.mallocLong(1);
                    check(vkGetQueryPoolResults(ctx.device(), queryPool, m, 1, one, 8,
                            VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT), "vkGetQueryPoolResults");
                    all.put(m, one.get(0));
                }
            }
            for (int m = 0; m < n; m++) {
                if (built[m] == 0) continue;
                long size = all.get(m);
                blasBuffer[m] = VulkanBuffer.device(ctx, size,
                        VK_BUFFER_USAGE_ACCELERATION_STRUCTURE_STORAGE_BIT_KHR | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
                try (MemoryStack s = stackPush()) {
                    blas[m] = createAs(s, blasBuffer[m], size, VK_ACCELERATION_STRUCTURE_TYPE_BOTTOM_LEVEL_KHR);
                }
                blasBytes += blasBuffer[m].size();
            }
            ctx.submitAndWait(cmd -> {
                try (MemoryStack s = stackPush()) {
                    VkCopyAccelerationStructureInfoKHR copy = VkCopyAccelerationStructureInfoKHR.calloc(s).sType$Default()
                            .mode(VK_COPY_ACCELERATION_STRUCTURE_MODE_COMPACT_KHR);
                    for (int m = 0; m < n; m++) {
                        if (built[m] == 0) continue;
                        vkCmdCopyAccelerationStructureKHR(cmd, copy.src(built[m]).dst(blas[m]));
                    }
                }
            });
            for (int m = 0; m < n; m++) {
                if (blas[m] == 0) continue;
                try (MemoryStack s = stackPush()) {
                    blasAddress[m] = vkGetAccelerationStructureDeviceAddressKHR(ctx.device(),
                            VkAccelerationStructureDeviceAddressInfoKHR.calloc(s).sType$Default()
                                    .accelerationStructure(blas[m]));
                }
            }
        } finally {
            for (int m = 0; m < n; m++) {
                if (built[m] != 0) vkDestroyAccelerationStructureKHR(ctx.device(), built[m], null);
                if (builtBuffers[m] != null) builtBuffers[m].close();
            }
            if (scratch != null) scratch.close();
            if (queryPool != VK_NULL_HANDLE) vkDestroyQueryPool(ctx.device(), queryPool, null);
            geometries.free();
            infos.free();
            MemoryUtil.memFree(all);
        }
        blasBuildMillis = (System.nanoTime() - t0) / 1e6;
    }

    private long createAs(MemoryStack stack, VulkanBuffer buffer, long size, int type) {
        LongBuffer p = stack.mallocLong(1);
        check(vkCreateAccelerationStructureKHR(ctx.device(), VkAccelerationStructureCreateInfoKHR.calloc(stack)
                .sType$Default().buffer(buffer.handle()).offset(0).size(size).type(type), null, p),
                "vkCreateAccelerationStructureKHR");
        return p.get(0);
    }

    /**
     * Brings the TLAS up to the scene's current instances (after {@link CompiledScene#updateInstances}): a refit
     * (VK_BUILD_ACCELERATION_STRUCTURE_MODE_UPDATE_KHR, same tree, new boxes) when the instance count is unchanged,
     * except every {@value #REBUILD_EVERY}th update, which rebuilds in place; a new structure when the count
     * changed. Returns the wall time, ms.
     */
    public double rebuildTlas() {
        long t0 = System.nanoTime();
        int count = 0;
        for (int slot = 0; slot < scene.tlasInstanceCount; slot++) {
            int inst = scene.tlasInstances.getInt(4L * slot);
            int mesh = scene.instances.getInt((long) inst * LcInstance.BYTES + LcInstance.MESH);
            if (blas[mesh] != 0) count++;
        }
        try (NativeBuffer records = NativeBuffer.allocate((long) Math.max(1, count) * VK_INSTANCE_BYTES)) {
            int k = 0;
            for (int slot = 0; slot < scene.tlasInstanceCount; slot++) {
                int inst = scene.tlasInstances.getInt(4L * slot);
                long o = (long) inst * LcInstance.BYTES;
                int mesh = scene.instances.getInt(o + LcInstance.MESH);
                if (blas[mesh] == 0) continue;
                long r = records.address() + (long) k * VK_INSTANCE_BYTES;
                for (int f = 0; f < 12; f++) MemoryUtil.memPutFloat(r + 4L * f, scene.instances.getFloat(o + 4L * f));
                int override = scene.instances.getInt(o + LcInstance.MATERIAL_OVERRIDE);
                boolean alpha = override >= 0 ? alphaMaterial(override) : meshHasAlpha[mesh];
                int flags = VK_GEOMETRY_INSTANCE_TRIANGLE_FACING_CULL_DISABLE_BIT_KHR
                        | (alpha ? VK_GEOMETRY_INSTANCE_FORCE_NO_OPAQUE_BIT_KHR : VK_GEOMETRY_INSTANCE_FORCE_OPAQUE_BIT_KHR);
                MemoryUtil.memPutInt(r + 48, (inst & 0xFFFFFF) | (0xFF << 24));
                MemoryUtil.memPutInt(r + 52, flags << 24);
                MemoryUtil.memPutLong(r + 56, blasAddress[mesh]);
                k++;
            }
            if (instanceBuffer == null || instanceBuffer.size() < records.size() || count != tlasInstances) {
                destroyTlas();
                instanceBuffer = VulkanBuffer.device(ctx, records.size(),
                        VK_BUFFER_USAGE_ACCELERATION_STRUCTURE_BUILD_INPUT_READ_ONLY_BIT_KHR
                                | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
            }
            instanceBuffer.upload(records.address(), 0, records.size());
        }
        tlasInstances = count;
        try (MemoryStack stack = stackPush()) {
            VkAccelerationStructureGeometryKHR.Buffer g = VkAccelerationStructureGeometryKHR.calloc(1, stack);
            g.get(0).sType$Default().geometryType(VK_GEOMETRY_TYPE_INSTANCES_KHR);
            g.get(0).geometry().instances().sType$Default().arrayOfPointers(false).data()
                    .deviceAddress(instanceBuffer.address());
            VkAccelerationStructureBuildGeometryInfoKHR.Buffer info = VkAccelerationStructureBuildGeometryInfoKHR
                    .calloc(1, stack);
            info.get(0).sType$Default().type(VK_ACCELERATION_STRUCTURE_TYPE_TOP_LEVEL_KHR)
                    .flags(VK_BUILD_ACCELERATION_STRUCTURE_PREFER_FAST_TRACE_BIT_KHR
                            | VK_BUILD_ACCELERATION_STRUCTURE_ALLOW_UPDATE_BIT_KHR)
                    .mode(VK_BUILD_ACCELERATION_STRUCTURE_MODE_BUILD_KHR).pGeometries(g).geometryCount(1);
            boolean refit = tlas != 0 && updatesSinceBuild < REBUILD_EVERY;
            if (tlas == 0) {
                VkAccelerationStructureBuildSizesInfoKHR sizes = VkAccelerationStructureBuildSizesInfoKHR
                        .calloc(stack).sType$Default();
                vkGetAccelerationStructureBuildSizesKHR(ctx.device(), VK_ACCELERATION_STRUCTURE_BUILD_TYPE_DEVICE_KHR,
                        info.get(0), stack.ints(count), sizes);
                tlasBuffer = VulkanBuffer.device(ctx, sizes.accelerationStructureSize(),
                        VK_BUFFER_USAGE_ACCELERATION_STRUCTURE_STORAGE_BIT_KHR | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
                tlas = createAs(stack, tlasBuffer, sizes.accelerationStructureSize(),
                        VK_ACCELERATION_STRUCTURE_TYPE_TOP_LEVEL_KHR);
                int align = ctx.scratchAlignment();
                tlasScratch = VulkanBuffer.device(ctx,
                        Math.max(sizes.buildScratchSize(), sizes.updateScratchSize()) + align,
                        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
            }
            if (refit) {
                info.get(0).mode(VK_BUILD_ACCELERATION_STRUCTURE_MODE_UPDATE_KHR).srcAccelerationStructure(tlas);
                updatesSinceBuild++;
            } else {
                updatesSinceBuild = 0;
            }
            lastTlasRefit = refit;
            int align = ctx.scratchAlignment();
            info.get(0).dstAccelerationStructure(tlas).scratchData()
                    .deviceAddress((tlasScratch.address() + align - 1) / align * align);
            VkAccelerationStructureBuildRangeInfoKHR.Buffer range = VkAccelerationStructureBuildRangeInfoKHR
                    .calloc(1, stack).primitiveCount(count);
            PointerBuffer ranges = stack.pointers(range);
            ctx.submitAndWait(cmd -> vkCmdBuildAccelerationStructuresKHR(cmd, info, ranges));
        }
        tlasBuildMillis = (System.nanoTime() - t0) / 1e6;
        return tlasBuildMillis;
    }

    private void destroyTlas() {
        if (tlas != 0) vkDestroyAccelerationStructureKHR(ctx.device(), tlas, null);
        tlas = 0;
        for (VulkanBuffer b : new VulkanBuffer[] {tlasBuffer, tlasScratch, instanceBuffer}) {
            if (b != null) b.close();
        }
        tlasBuffer = tlasScratch = instanceBuffer = null;
        updatesSinceBuild = 0;
    }

    /** The TLAS handle (for the descriptor set). */
    public long tlas() { return tlas; }
    /** Instances in the TLAS. */
    public int tlasInstanceCount() { return tlasInstances; }
    /** Wall time of building and compacting every BLAS (submissions waited on), ms. */
    public double blasBuildMillis() { return blasBuildMillis; }
    /** Whether the last {@link #rebuildTlas} refitted (true) or built the TLAS. */
    public boolean lastTlasRefit() { return lastTlasRefit; }
    /** Wall time of the last TLAS build (instance upload included), ms. */
    public double tlasBuildMillis() { return tlasBuildMillis; }
    /** BLAS bytes after compaction, and before. */
    public long blasBytes() { return blasBytes; }
    public long blasBytesBeforeCompaction() { return blasBytesBeforeCompaction; }

    @Override
    public void close() {
        destroyTlas();
        for (int m = 0; m < blas.length; m++) {
            if (blas[m] != 0) vkDestroyAccelerationStructureKHR(ctx.device(), blas[m], null);
            blas[m] = 0;
            if (blasBuffer[m] != null) blasBuffer[m].close();
            blasBuffer[m] = null;
        }
    }
}
