package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.KHRAccelerationStructure.*;
import static org.lwjgl.vulkan.KHRRayTracingPipeline.*;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_QUEUE_FAMILY_EXTERNAL;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
import static dev.lucent.backend.vulkan.VulkanBindings.*;

import dev.lucent.backend.PreparedScene;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cuda.GpuEnvironmentTable;
import dev.lucent.backend.cuda.GpuFilterTable;
import dev.lucent.image.PixelFilter;
import dev.lucent.backend.cuda.GpuLightTable;
import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.NativeBuffer;
import dev.lucent.image.Film;
import dev.lucent.material.GgxAlbedoTable;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.vulkan.*;

/**
 * The Vulkan ray-tracing path tracer on one device: uploads a compiled scene (the same pools the CUDA backend
 * uploads, plus the light-selection and environment tables of {@link GpuLightTable} and {@link GpuEnvironmentTable}),
 * builds its acceleration structures ({@link VulkanAccelerationStructures}), creates the pipeline of
 * shaders/vulkan (raygen, miss, shadow miss, and a triangle hit group of closest-hit and alpha any-hit) and its
 * shader binding table, and runs sample passes: one vkCmdTraceRaysKHR over the image per sample index, each
 * adding that sample to the per-pixel Welford state (the STATE_* record of {@link VulkanBindings}), which
 * {@link #render} downloads and merges into a {@link Film}. GPU time of the passes is measured with timestamp queries.
 *
 * <p>Sharing with CUDA (no host round trip): where the device exports memory as file descriptors
 * (VK_KHR_external_memory_fd) the per-pixel state lives in an exportable buffer ({@link #stateBuffer}), and where
 * it has timeline semaphores every submission signals {@link #passSemaphore} to a new value once its passes (and
 * the download) are done, so an importer that waits for {@link VulkanTimelineSemaphore#lastIssued} reads the
 * state of the last render.
 *
 * <p>Textures are read from the texel pool with the shared bilinear code of lc_material.h (the same filter and
 * the same bits as the CUDA backend), not through sampled images. Owns every Vulkan object it creates; close it.
 */
public final class VulkanPathTracer implements AutoCloseable {
    /** Bytes of one per-pixel state record: {@link VulkanBindings#STATE_WORDS} 32-bit words (lc_bindings.h). */
    public static final int PIXEL_STATE_BYTES = STATE_WORDS * Integer.BYTES;
    /** Pixel samples per submission at most, so no single submission runs for long. */
    private static final long SAMPLES_PER_SUBMIT = 1L << 24;
    private static final int RT_STAGES = VK_SHADER_STAGE_RAYGEN_BIT_KHR | VK_SHADER_STAGE_MISS_BIT_KHR
            | VK_SHADER_STAGE_CLOSEST_HIT_BIT_KHR | VK_SHADER_STAGE_ANY_HIT_BIT_KHR;

    private final VulkanContext ctx;
    private final CompiledScene scene;
    private final int width, height, maxDepth;
    private final float clamp;
    private final long seed;
    private final PixelFilter filter;
    private final VulkanBuffer[] buffers = new VulkanBuffer[COUNT];
    private VulkanAccelerationStructures as;
    private VulkanTimelineSemaphore passSemaphore;
    /** The exportable state was released to VK_QUEUE_FAMILY_EXTERNAL by the last submission that used it. */
    private boolean stateReleased;
    private VulkanBuffer readback, sbt;
    private long descriptorSetLayout, pipelineLayout, pipeline, descriptorPool, descriptorSet, queryPool, fence;
    private VkCommandBuffer cmd;
    private long sbtRaygen, sbtMiss, sbtHit, raygenStride, missStride, hitStride, raygenSize, missSize, hitSize;
    private final double uploadMillis;
    private final long deviceBytes;
    private double lastGpuMillis;
    private final long[] lastRayCounts = new long[3];
    private long boundTlas;

    /**
     * The tracer that renders {@code prepared}'s scene into {@code width x height} images, as both Vulkan backends
     * keep it across renders: {@code current} when not null (its instances re-uploaded when a batch frame was
     * prepared since its last render), else a new tracer of the prepared scene and options. Consumes
     * {@link PreparedScene#takeInstancesChanged}. The caller closes a {@code current} of another size (or scene)
     * first and passes null.
     */
    static VulkanPathTracer forPrepared(VulkanContext ctx, PreparedScene prepared, VulkanPathTracer current,
            int width, int height) {
        if (current == null) {
            CompiledScene scene = prepared.scene(); // throws before the first prepare
            RenderOptions o = prepared.options();
            VulkanPathTracer tracer = new VulkanPathTracer(ctx, scene, width, height, o.maxDepth(), o.clamp(), o.seed(),
                    o.filter());
            prepared.takeInstancesChanged();
            return tracer;
        }
        if (current.width() != width || current.height() != height) {
            throw new IllegalArgumentException("tracer is " + current.width() + "x" + current.height() + ", not "
                    + width + "x" + height);
        }
        if (prepared.takeInstancesChanged()) current.updateInstances();
        return current;
    }

    /** Uploads {@code scene} and builds the pipeline for width x height images with pixel filter {@code filter}. */
    public VulkanPathTracer(VulkanContext ctx, CompiledScene scene, int width, int height, int maxDepth, float clamp,
            long seed, PixelFilter filter) {
        this.ctx = ctx;
        this.scene = scene;
        this.width = width;
        this.height = height;
        this.maxDepth = maxDepth;
        this.clamp = clamp;
        this.seed = seed;
        this.filter = filter;
        GpuLightTable.requireSortedEmitters(scene);
        long t0 = System.nanoTime();
        try {
            uploadPools();
            as = new VulkanAccelerationStructures(ctx, scene, buffers[POSITIONS], buffers[TRIANGLES]);
            createPipeline(ShaderCompiler.compileAll());
            createShaderBindingTable();
            createDescriptors();
            createCommandObjects();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        uploadMillis = (System.nanoTime() - t0) / 1e6;
        deviceBytes = ctx.allocatedBytes() + buffers[STATE].memoryBytes();
    }

    /** The compiled scene's pools by binding (null where the binding holds no pool of the scene). */
    private static NativeBuffer[] pools(CompiledScene s) {
        NativeBuffer[] p = new NativeBuffer[COUNT];
        p[POSITIONS] = s.positions;
        p[NORMALS] = s.normals;
        p[UVS] = s.uvs;
        p[TANGENTS] = s.tangents;
        p[TRIANGLES] = s.triangles;
        p[TRIANGLE_MATERIALS] = s.triangleMaterials;
        p[MESHES] = s.meshes;
        p[INSTANCES] = s.instances;
        p[MATERIALS] = s.materials;
        p[TEXTURE_VIEWS] = s.textureViews;
        p[IMAGES] = s.images;
        p[TEXELS] = s.texels;
        p[LIGHTS] = s.lights;
        p[EMITTERS] = s.emitters;
        return p;
    }

    /** Bindings uploaded unchanged from the compiled scene's pools. */
    private static final int[] SCENE_POOLS = {POSITIONS, NORMALS, UVS, TANGENTS, TRIANGLES, TRIANGLE_MATERIALS, MESHES,
        INSTANCES, MATERIALS, TEXTURE_VIEWS, IMAGES, TEXELS, LIGHTS, EMITTERS};

    private void uploadPools() {
        NativeBuffer[] p = pools(scene);
        for (int b : SCENE_POOLS) {
            int usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
            if (b == POSITIONS || b == TRIANGLES) {
                usage |= VK_BUFFER_USAGE_ACCELERATION_STRUCTURE_BUILD_INPUT_READ_ONLY_BIT_KHR
                        | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
            }
            buffers[b] = VulkanBuffer.deviceCopy(ctx, p[b], usage);
        }
        buffers[LIGHT_TABLE] = floats(GpuLightTable.of(scene), null);
        buffers[GLOBALS] = VulkanBuffer.deviceCopy(ctx, scene.globals, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
        buffers[ENV_TABLE] = floats(GpuEnvironmentTable.of(scene), null);
        buffers[CAMERA] = VulkanBuffer.device(ctx, LcCamera.BYTES, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
        uploadCamera();
        long stateBytes = (long) width * height * PIXEL_STATE_BYTES;
        buffers[STATE] = ctx.hasExternalMemoryFd()
                ? VulkanBuffer.exportable(ctx, stateBytes, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT)
                : VulkanBuffer.device(ctx, stateBytes, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
        buffers[COUNTERS] = VulkanBuffer.device(ctx, 24, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
        buffers[GGX_ALBEDO] = floats(GgxAlbedoTable.values(), null);
        double[] ft = GpuFilterTable.of(filter);
        try (NativeBuffer t = NativeBuffer.allocate(8L * ft.length)) {
            for (int k = 0; k < ft.length; k++) MemoryUtil.memPutDouble(t.address() + 8L * k, ft[k]);
            buffers[FILTER_TABLE] = VulkanBuffer.device(ctx, t.size(), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
            buffers[FILTER_TABLE].upload(t.address(), 0, t.size());
        }
        readback = VulkanBuffer.host(ctx, stateBytes + 32, 0);
    }

    /** A device buffer with {@code values}, or {@code into} overwritten when given (same length). */
    private VulkanBuffer floats(float[] values, VulkanBuffer into) {
        try (NativeBuffer t = NativeBuffer.allocate(4L * Math.max(1, values.length))) {
            t.putFloats(0, values, 0, values.length);
            VulkanBuffer b = into != null ? into : VulkanBuffer.device(ctx, t.size(), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
            b.upload(t.address(), 0, t.size());
            return b;
        }
    }

    private void uploadCamera() {
        long o = (long) scene.selectedCamera * LcCamera.BYTES;
        buffers[CAMERA].upload(scene.cameras.address() + o, 0, LcCamera.BYTES);
    }

    private long shaderModule(MemoryStack stack, byte[] spv) {
        ByteBuffer code = MemoryUtil.memAlloc(spv.length); // SPIR-V can exceed the 64 KiB MemoryStack
        try {
            code.put(spv).flip();
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateShaderModule(ctx.device(), VkShaderModuleCreateInfo.calloc(stack).sType$Default()
                    .pCode(code), null, p), "vkCreateShaderModule");
            return p.get(0);
        } finally {
            MemoryUtil.memFree(code);
        }
    }

    private void createPipeline(Map<ShaderCompiler.Stage, byte[]> spirv) {
        try (MemoryStack stack = stackPush()) {
            VkDescriptorSetLayoutBinding.Buffer bindings = VkDescriptorSetLayoutBinding.calloc(COUNT, stack);
            for (int b = 0; b < COUNT; b++) {
                bindings.get(b).binding(b).descriptorCount(1).stageFlags(RT_STAGES).descriptorType(
                        b == TLAS ? VK_DESCRIPTOR_TYPE_ACCELERATION_STRUCTURE_KHR : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER);
            }
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateDescriptorSetLayout(ctx.device(), VkDescriptorSetLayoutCreateInfo.calloc(stack)
                    .sType$Default().pBindings(bindings), null, p), "vkCreateDescriptorSetLayout");
            descriptorSetLayout = p.get(0);
            VkPushConstantRange.Buffer push = VkPushConstantRange.calloc(1, stack).stageFlags(RT_STAGES).offset(0)
                    .size(PUSH_BYTES);
            check(vkCreatePipelineLayout(ctx.device(), VkPipelineLayoutCreateInfo.calloc(stack).sType$Default()
                    .pSetLayouts(stack.longs(descriptorSetLayout)).pPushConstantRanges(push), null, p),
                    "vkCreatePipelineLayout");
            pipelineLayout = p.get(0);

            ShaderCompiler.Stage[] order = {ShaderCompiler.Stage.RAYGEN, ShaderCompiler.Stage.MISS,
                ShaderCompiler.Stage.SHADOW_MISS, ShaderCompiler.Stage.CLOSEST_HIT, ShaderCompiler.Stage.ANY_HIT};
            int[] stageBits = {VK_SHADER_STAGE_RAYGEN_BIT_KHR, VK_SHADER_STAGE_MISS_BIT_KHR,
                VK_SHADER_STAGE_MISS_BIT_KHR, VK_SHADER_STAGE_CLOSEST_HIT_BIT_KHR, VK_SHADER_STAGE_ANY_HIT_BIT_KHR};
            long[] modules = new long[order.length];
            try {
                VkPipelineShaderStageCreateInfo.Buffer stages = VkPipelineShaderStageCreateInfo.calloc(order.length,
                        stack);
                for (int i = 0; i < order.length; i++) {
                    modules[i] = shaderModule(stack, spirv.get(order[i]));
                    stages.get(i).sType$Default().stage(stageBits[i]).module(modules[i]).pName(stack.UTF8("main"));
                }
                VkRayTracingShaderGroupCreateInfoKHR.Buffer groups = VkRayTracingShaderGroupCreateInfoKHR.calloc(4,
                        stack);
                for (int g = 0; g < 3; g++) {
                    groups.get(g).sType$Default().type(VK_RAY_TRACING_SHADER_GROUP_TYPE_GENERAL_KHR).generalShader(g)
                            .closestHitShader(VK_SHADER_UNUSED_KHR).anyHitShader(VK_SHADER_UNUSED_KHR)
                            .intersectionShader(VK_SHADER_UNUSED_KHR);
                }
                groups.get(3).sType$Default().type(VK_RAY_TRACING_SHADER_GROUP_TYPE_TRIANGLES_HIT_GROUP_KHR)
                        .generalShader(VK_SHADER_UNUSED_KHR).closestHitShader(3).anyHitShader(4)
                        .intersectionShader(VK_SHADER_UNUSED_KHR);
                VkRayTracingPipelineCreateInfoKHR.Buffer ci = VkRayTracingPipelineCreateInfoKHR.calloc(1, stack);
                ci.get(0).sType$Default().pStages(stages).pGroups(groups).maxPipelineRayRecursionDepth(1)
                        .layout(pipelineLayout);
                check(vkCreateRayTracingPipelinesKHR(ctx.device(), VK_NULL_HANDLE, VK_NULL_HANDLE, ci, null, p),
                        "vkCreateRayTracingPipelinesKHR");
                pipeline = p.get(0);
            } finally {
                for (long m : modules) if (m != VK_NULL_HANDLE) vkDestroyShaderModule(ctx.device(), m, null);
            }
        }
    }

    private static long align(long x, long a) {
        return (x + a - 1) / a * a;
    }

    private void createShaderBindingTable() {
        int handleSize = ctx.shaderGroupHandleSize();
        long handleAligned = align(handleSize, ctx.shaderGroupHandleAlignment());
        long base = ctx.shaderGroupBaseAlignment();
        raygenStride = align(handleAligned, base);
        raygenSize = raygenStride;
        missStride = handleAligned;
        missSize = align(2 * handleAligned, base);
        hitStride = handleAligned;
        hitSize = align(handleAligned, base);
        try (MemoryStack stack = stackPush()) {
            ByteBuffer handles = stack.malloc(4 * handleSize);
            check(vkGetRayTracingShaderGroupHandlesKHR(ctx.device(), pipeline, 0, 4, handles),
                    "vkGetRayTracingShaderGroupHandlesKHR");
            long total = raygenSize + missSize + hitSize;
            try (NativeBuffer table = NativeBuffer.allocate(total + base)) {
                MemoryUtil.memSet(table.address(), 0, table.size());
                sbt = VulkanBuffer.device(ctx, total + base,
                        VK_BUFFER_USAGE_SHADER_BINDING_TABLE_BIT_KHR | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
                long start = align(sbt.address(), base) - sbt.address();
                long a = table.address() + start;
                long h = MemoryUtil.memAddress(handles);
                MemoryUtil.memCopy(h, a, handleSize); // raygen
                MemoryUtil.memCopy(h + handleSize, a + raygenSize, handleSize); // miss
                MemoryUtil.memCopy(h + 2L * handleSize, a + raygenSize + missStride, handleSize); // shadow miss
                MemoryUtil.memCopy(h + 3L * handleSize, a + raygenSize + missSize, handleSize); // hit group
                sbt.upload(table.address(), 0, table.size());
                sbtRaygen = sbt.address() + start;
                sbtMiss = sbtRaygen + raygenSize;
                sbtHit = sbtMiss + missSize;
            }
        }
    }

    private void createDescriptors() {
        try (MemoryStack stack = stackPush()) {
            VkDescriptorPoolSize.Buffer sizes = VkDescriptorPoolSize.calloc(2, stack);
            sizes.get(0).type(VK_DESCRIPTOR_TYPE_ACCELERATION_STRUCTURE_KHR).descriptorCount(1);
            sizes.get(1).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(COUNT - 1);
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateDescriptorPool(ctx.device(), VkDescriptorPoolCreateInfo.calloc(stack).sType$Default()
                    .maxSets(1).pPoolSizes(sizes), null, p), "vkCreateDescriptorPool");
            descriptorPool = p.get(0);
            check(vkAllocateDescriptorSets(ctx.device(), VkDescriptorSetAllocateInfo.calloc(stack).sType$Default()
                    .descriptorPool(descriptorPool).pSetLayouts(stack.longs(descriptorSetLayout)), p),
                    "vkAllocateDescriptorSets");
            descriptorSet = p.get(0);
            // Every binding after TLAS (binding 0, written by bindTlas) is a storage buffer.
            VkWriteDescriptorSet.Buffer writes = VkWriteDescriptorSet.calloc(COUNT - 1, stack);
            for (int b = TLAS + 1; b < COUNT; b++) {
                VkDescriptorBufferInfo.Buffer info = VkDescriptorBufferInfo.calloc(1, stack)
                        .buffer(buffers[b].handle()).offset(0).range(VK_WHOLE_SIZE);
                writes.get(b - 1).sType$Default().dstSet(descriptorSet).dstBinding(b).descriptorCount(1)
                        .descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).pBufferInfo(info);
            }
            vkUpdateDescriptorSets(ctx.device(), writes, null);
        }
        bindTlas();
    }

    private void bindTlas() {
        try (MemoryStack stack = stackPush()) {
            VkWriteDescriptorSetAccelerationStructureKHR asInfo = VkWriteDescriptorSetAccelerationStructureKHR
                    .calloc(stack).sType$Default().pAccelerationStructures(stack.longs(as.tlas()));
            VkWriteDescriptorSet.Buffer w = VkWriteDescriptorSet.calloc(1, stack);
            w.get(0).sType$Default().pNext(asInfo.address()).dstSet(descriptorSet).dstBinding(TLAS).descriptorCount(1)
                    .descriptorType(VK_DESCRIPTOR_TYPE_ACCELERATION_STRUCTURE_KHR);
            vkUpdateDescriptorSets(ctx.device(), w, null);
        }
        boundTlas = as.tlas();
    }

    private void createCommandObjects() {
        try (MemoryStack stack = stackPush()) {
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateQueryPool(ctx.device(), VkQueryPoolCreateInfo.calloc(stack).sType$Default()
                    .queryType(VK_QUERY_TYPE_TIMESTAMP).queryCount(2), null, p), "vkCreateQueryPool");
            queryPool = p.get(0);
            check(vkCreateFence(ctx.device(), VkFenceCreateInfo.calloc(stack).sType$Default(), null, p),
                    "vkCreateFence");
            fence = p.get(0);
            PointerBuffer cb = stack.mallocPointer(1);
            check(vkAllocateCommandBuffers(ctx.device(), VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
                    .commandPool(ctx.commandPool()).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1), cb),
                    "vkAllocateCommandBuffers");
            cmd = new VkCommandBuffer(cb.get(0), ctx.device());
        }
        if (ctx.hasTimelineSemaphores()) passSemaphore = new VulkanTimelineSemaphore(ctx);
    }

    public int width() { return width; }
    public int height() { return height; }
    public VulkanAccelerationStructures accelerationStructures() { return as; }
    /** Wall time of the scene upload, acceleration-structure builds and pipeline creation, ms. */
    public double uploadMillis() { return uploadMillis; }
    /** Device memory VMA had allocated once the tracer was ready (scene, structures, film state, tables), bytes. */
    public long deviceBytes() { return deviceBytes; }
    /** GPU time (timestamp queries) of the sample passes of the last {@link #render}, ms; NaN without timers. */
    public double lastGpuMillis() { return lastGpuMillis; }
    /** {camera, extension, shadow} rays of the last {@link #render} that counted rays. */
    public long[] lastRayCounts() { return lastRayCounts.clone(); }

    /**
     * The per-pixel state in device memory: width x height records of {@value #PIXEL_STATE_BYTES} bytes, rows top
     * to bottom, fields at the word indices {@link VulkanBindings}'s STATE_* constants give (byte offset 4 x index:
     * sample count int at byte 0, mean RGB float3 at 4, M2 at 16, albedo at 28, normal at 40, mean depth at 52,
     * depth hits int at 56), holding the samples added since it was last cleared: those of
     * the last {@link #render} (each render clears it first), or of {@link #accumulate} calls since one that cleared
     * it. Exportable ({@link VulkanBuffer#isExportable}) where the device allows it.
     */
    public VulkanBuffer stateBuffer() { return buffers[STATE]; }

    /** Bytes of the per-pixel state: width x height x {@value #PIXEL_STATE_BYTES}. */
    public long stateBytes() { return (long) width * height * PIXEL_STATE_BYTES; }

    /**
     * Records into {@code cmd} the acquire of the state from VK_QUEUE_FAMILY_EXTERNAL, for use by stages
     * {@code dstStages} with {@code dstAccess}, when the last submission that used it released it (every pass
     * submission releases an exportable state for its importers); otherwise nothing. Every submission that reads or
     * writes the state records this first.
     */
    void recordStateAcquire(VkCommandBuffer cmd, int dstStages, int dstAccess) {
        if (!stateReleased) return;
        try (MemoryStack stack = stackPush()) {
            VulkanDisplayResolve.queueFamilyBarrier(cmd, stack, buffers[STATE].handle(), VK_QUEUE_FAMILY_EXTERNAL,
                    ctx.queueFamily(), VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, dstStages, 0, dstAccess);
        }
        stateReleased = false;
    }

    /** The semaphore each submission signals when done, or null where the device has no timeline semaphores. */
    public VulkanTimelineSemaphore passSemaphore() { return passSemaphore; }

    /** Copies the per-pixel state the last {@link #render} downloaded ({@link #stateBytes} bytes) to host {@code dst}. */
    public void copyDownloadedState(long dst) {
        readback.invalidate();
        MemoryUtil.memCopy(readback.mapped(), dst, stateBytes());
    }

    /**
     * After {@link CompiledScene#updateInstances}: refits or rebuilds the TLAS and re-uploads instances, lights,
     * emitters, globals, the light table and the camera; meshes and BLASes stay. Returns the wall time, ms.
     */
    public double updateInstances() {
        long t0 = System.nanoTime();
        NativeBuffer[] p = pools(scene);
        for (int b : new int[] {INSTANCES, LIGHTS, EMITTERS}) {
            if (p[b] == null || p[b].size() == 0) continue;
            if (p[b].size() > buffers[b].size()) throw new IllegalStateException("pool " + b + " grew in an update");
            buffers[b].upload(p[b].address(), 0, p[b].size());
        }
        buffers[GLOBALS].upload(scene.globals.address(), 0, scene.globals.size());
        floats(GpuLightTable.of(scene), buffers[LIGHT_TABLE]);
        uploadCamera();
        as.rebuildTlas();
        if (as.tlas() != boundTlas) bindTlas();
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Adds samples firstSample .. firstSample + sampleCount - 1 to every pixel of {@code film} (same size, holding
     * firstSample samples per pixel). With {@code countRays} the passes also count rays ({@link #lastRayCounts}).
     */
    public void render(Film film, int firstSample, int sampleCount, boolean countRays) {
        if (film.width() != width || film.height() != height) {
            throw new IllegalArgumentException("film " + film.width() + "x" + film.height() + " for a " + width + "x"
                    + height + " tracer");
        }
        if (sampleCount < 1) return;
        int perSubmit = (int) Math.max(1, Math.min(sampleCount, SAMPLES_PER_SUBMIT / ((long) width * height)));
        double gpuNanos = 0;
        for (int done = 0; done < sampleCount; done += perSubmit) {
            int n = Math.min(perSubmit, sampleCount - done);
            gpuNanos += submitPasses(firstSample + done, n, done == 0, done + n == sampleCount, countRays);
        }
        lastGpuMillis = ctx.hasTimestamps() ? gpuNanos / 1e6 : Double.NaN;
        readback.invalidate();
        long base = readback.mapped();
        long counters = base + (long) width * height * PIXEL_STATE_BYTES;
        for (int k = 0; k < 3; k++) {
            lastRayCounts[k] = countRays ? (MemoryUtil.memGetInt(counters + 8L * k) & 0xFFFF_FFFFL)
                    | ((long) MemoryUtil.memGetInt(counters + 8L * k + 4) << 32) : 0;
        }
        merge(film, base);
    }

    /**
     * Adds samples firstSample .. firstSample + sampleCount - 1 to the per-pixel state on the device without
     * downloading it (the viewer's device film): with {@code clear} the state is cleared first, otherwise it must
     * hold samples 0 .. firstSample - 1 from earlier calls, and then ends up as after one {@link #render} of
     * firstSample + sampleCount samples (same passes, same order). Rays are not counted.
     */
    public void accumulate(int firstSample, int sampleCount, boolean clear) {
        if (sampleCount < 1) {
            if (clear) {
                ctx.submitAndWait(cmd -> {
                    recordStateAcquire(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
                    vkCmdFillBuffer(cmd, buffers[STATE].handle(), 0, VK_WHOLE_SIZE, 0);
                });
            }
            return;
        }
        int perSubmit = (int) Math.max(1, Math.min(sampleCount, SAMPLES_PER_SUBMIT / ((long) width * height)));
        double gpuNanos = 0;
        for (int done = 0; done < sampleCount; done += perSubmit) {
            int n = Math.min(perSubmit, sampleCount - done);
            gpuNanos += submitPasses(firstSample + done, n, clear && done == 0, false, false);
        }
        lastGpuMillis = ctx.hasTimestamps() ? gpuNanos / 1e6 : Double.NaN;
    }

    /**
     * Downloads the per-pixel state and merges it into {@code film} (same size; a new film, or one holding the
     * samples before those the state holds), as the end of {@link #render} does.
     */
    public void downloadInto(Film film) {
        if (film.width() != width || film.height() != height) {
            throw new IllegalArgumentException("film " + film.width() + "x" + film.height() + " for a " + width + "x"
                    + height + " tracer");
        }
        long stateBytes = stateBytes();
        ctx.submitAndWait(c -> {
            try (MemoryStack stack = stackPush()) {
                recordStateAcquire(c, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
                vkCmdPipelineBarrier(c, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                        VkMemoryBarrier.calloc(1, stack).sType$Default().srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT)
                                .dstAccessMask(VK_ACCESS_TRANSFER_READ_BIT), null, null);
                vkCmdCopyBuffer(c, buffers[STATE].handle(), readback.handle(),
                        VkBufferCopy.calloc(1, stack).srcOffset(0).dstOffset(0).size(stateBytes));
            }
        });
        readback.invalidate();
        merge(film, readback.mapped());
    }

    /** Records, submits and waits for passes [first, first + n); returns their GPU time in ns (0 without timers). */
    private double submitPasses(int first, int n, boolean clear, boolean download, boolean countRays) {
        try (MemoryStack stack = stackPush()) {
            check(vkResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
            check(vkBeginCommandBuffer(cmd, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
            VkMemoryBarrier.Buffer clearToRt = VkMemoryBarrier.calloc(1, stack).sType$Default()
                    .srcAccessMask(VK_ACCESS_TRANSFER_WRITE_BIT)
                    .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
            VkMemoryBarrier.Buffer passToPass = VkMemoryBarrier.calloc(1, stack).sType$Default()
                    .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT)
                    .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
            recordStateAcquire(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_RAY_TRACING_SHADER_BIT_KHR,
                    VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT);
            // Earlier submissions' writes of the state (passes, clears) before this one's clear or passes.
            vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT
                    | VK_PIPELINE_STAGE_RAY_TRACING_SHADER_BIT_KHR, 0, VkMemoryBarrier.calloc(1, stack).sType$Default()
                    .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT)
                    .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT),
                    null, null);
            if (clear) {
                vkCmdFillBuffer(cmd, buffers[STATE].handle(), 0, VK_WHOLE_SIZE, 0);
                vkCmdFillBuffer(cmd, buffers[COUNTERS].handle(), 0, VK_WHOLE_SIZE, 0);
                vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_RAY_TRACING_SHADER_BIT_KHR,
                        0, clearToRt, null, null);
            }
            vkCmdResetQueryPool(cmd, queryPool, 0, 2);
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_RAY_TRACING_KHR, pipeline);
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_RAY_TRACING_KHR, pipelineLayout, 0,
                    stack.longs(descriptorSet), null);
            VkStridedDeviceAddressRegionKHR raygen = VkStridedDeviceAddressRegionKHR.calloc(stack)
                    .deviceAddress(sbtRaygen).stride(raygenStride).size(raygenSize);
            VkStridedDeviceAddressRegionKHR miss = VkStridedDeviceAddressRegionKHR.calloc(stack).deviceAddress(sbtMiss)
                    .stride(missStride).size(missSize);
            VkStridedDeviceAddressRegionKHR hit = VkStridedDeviceAddressRegionKHR.calloc(stack).deviceAddress(sbtHit)
                    .stride(hitStride).size(hitSize);
            VkStridedDeviceAddressRegionKHR callable = VkStridedDeviceAddressRegionKHR.calloc(stack);
            ByteBuffer push = stack.malloc(PUSH_BYTES);
            vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, queryPool, 0);
            for (int s = 0; s < n; s++) {
                push.putInt(PUSH_WIDTH, width).putInt(PUSH_HEIGHT, height).putInt(PUSH_SAMPLE_INDEX, first + s)
                        .putInt(PUSH_SEED_LO, (int) seed).putInt(PUSH_SEED_HI, (int) (seed >>> 32))
                        .putInt(PUSH_MAX_DEPTH, maxDepth).putFloat(PUSH_CLAMP, clamp)
                        .putInt(PUSH_LIGHT_COUNT, scene.lightCount).putInt(PUSH_EMITTER_COUNT, scene.emitterCount)
                        .putInt(PUSH_COUNT_RAYS, countRays ? 1 : 0);
                vkCmdPushConstants(cmd, pipelineLayout, RT_STAGES, 0, push);
                vkCmdTraceRaysKHR(cmd, raygen, miss, hit, callable, width, height, 1);
                vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_RAY_TRACING_SHADER_BIT_KHR,
                        VK_PIPELINE_STAGE_RAY_TRACING_SHADER_BIT_KHR, 0, passToPass, null, null);
            }
            vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queryPool, 1);
            if (download) {
                VkMemoryBarrier.Buffer toTransfer = VkMemoryBarrier.calloc(1, stack).sType$Default()
                        .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT).dstAccessMask(VK_ACCESS_TRANSFER_READ_BIT);
                vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_RAY_TRACING_SHADER_BIT_KHR, VK_PIPELINE_STAGE_TRANSFER_BIT,
                        0, toTransfer, null, null);
                long stateBytes = (long) width * height * PIXEL_STATE_BYTES;
                vkCmdCopyBuffer(cmd, buffers[STATE].handle(), readback.handle(),
                        VkBufferCopy.calloc(1, stack).srcOffset(0).dstOffset(0).size(stateBytes));
                vkCmdCopyBuffer(cmd, buffers[COUNTERS].handle(), readback.handle(),
                        VkBufferCopy.calloc(1, stack).srcOffset(0).dstOffset(stateBytes).size(24));
                VkMemoryBarrier.Buffer toHost = VkMemoryBarrier.calloc(1, stack).sType$Default()
                        .srcAccessMask(VK_ACCESS_TRANSFER_WRITE_BIT).dstAccessMask(VK_ACCESS_HOST_READ_BIT);
                vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, toHost, null,
                        null);
            }
            if (buffers[STATE].isExportable()) {
                // CUDA or OpenGL read the state through an import once this submission's semaphore signal is
                // waited: release it to the external queue family (the buffer is VK_SHARING_MODE_EXCLUSIVE).
                VulkanDisplayResolve.queueFamilyBarrier(cmd, stack, buffers[STATE].handle(), ctx.queueFamily(),
                        VK_QUEUE_FAMILY_EXTERNAL, VK_PIPELINE_STAGE_RAY_TRACING_SHADER_BIT_KHR
                                | VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                        VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT, 0);
                stateReleased = true;
            }
            check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
            check(vkResetFences(ctx.device(), fence), "vkResetFences");
            VkSubmitInfo submit = VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(stack.pointers(cmd));
            if (passSemaphore != null) {
                submit.pSignalSemaphores(stack.longs(passSemaphore.handle()))
                        .pNext(VkTimelineSemaphoreSubmitInfo.calloc(stack).sType$Default()
                                .pSignalSemaphoreValues(stack.longs(passSemaphore.next())));
            }
            check(vkQueueSubmit(ctx.queue(), submit, fence), "vkQueueSubmit");
            check(vkWaitForFences(ctx.device(), fence, true, Long.MAX_VALUE), "vkWaitForFences");
            if (!ctx.hasTimestamps()) return 0;
            LongBuffer ts = stack.mallocLong(2);
            check(vkGetQueryPoolResults(ctx.device(), queryPool, 0, 2, ts, 8,
                    VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT), "vkGetQueryPoolResults");
            return (ts.get(1) - ts.get(0)) * (double) ctx.timestampPeriod();
        }
    }

    /** Byte offset within a per-pixel state record of word {@code word} (a VulkanBindings STATE_* index). */
    public static int stateByte(int word) { return word * Integer.BYTES; }

    /** Merges the downloaded per-pixel state at host address {@code base} into {@code film}. */
    private void merge(Film film, long base) {
        double[] mean = new double[3], m2 = new double[3];
        float[] albedo = new float[3], normal = new float[3];
        for (int p = 0; p < width * height; p++) {
            long o = base + (long) p * PIXEL_STATE_BYTES;
            int n = MemoryUtil.memGetInt(o + stateByte(STATE_COUNT));
            for (int c = 0; c < 3; c++) {
                mean[c] = MemoryUtil.memGetFloat(o + stateByte(STATE_MEAN + c));
                m2[c] = MemoryUtil.memGetFloat(o + stateByte(STATE_M2 + c));
                albedo[c] = MemoryUtil.memGetFloat(o + stateByte(STATE_ALBEDO + c));
                normal[c] = MemoryUtil.memGetFloat(o + stateByte(STATE_NORMAL + c));
            }
            film.mergeSamples(p, n, mean, m2, albedo, normal,
                    MemoryUtil.memGetFloat(o + stateByte(STATE_DEPTH)),
                    MemoryUtil.memGetInt(o + stateByte(STATE_DEPTH_HITS)));
        }
    }

    @Override
    public void close() {
        if (ctx.device() != null) vkDeviceWaitIdle(ctx.device());
        if (cmd != null) {
            vkFreeCommandBuffers(ctx.device(), ctx.commandPool(), cmd);
            cmd = null;
        }
        if (fence != VK_NULL_HANDLE) vkDestroyFence(ctx.device(), fence, null);
        if (queryPool != VK_NULL_HANDLE) vkDestroyQueryPool(ctx.device(), queryPool, null);
        if (descriptorPool != VK_NULL_HANDLE) vkDestroyDescriptorPool(ctx.device(), descriptorPool, null);
        if (pipeline != VK_NULL_HANDLE) vkDestroyPipeline(ctx.device(), pipeline, null);
        if (pipelineLayout != VK_NULL_HANDLE) vkDestroyPipelineLayout(ctx.device(), pipelineLayout, null);
        if (descriptorSetLayout != VK_NULL_HANDLE) vkDestroyDescriptorSetLayout(ctx.device(), descriptorSetLayout, null);
        fence = queryPool = descriptorPool = pipeline = pipelineLayout = descriptorSetLayout = VK_NULL_HANDLE;
        if (passSemaphore != null) passSemaphore.close();
        passSemaphore = null;
        if (as != null) as.close();
        as = null;
        if (sbt != null) sbt.close();
        if (readback != null) readback.close();
        sbt = readback = null;
        for (int b = 0; b < COUNT; b++) {
            if (buffers[b] != null) buffers[b].close();
            buffers[b] = null;
        }
    }
}
