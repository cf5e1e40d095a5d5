package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_QUEUE_FAMILY_EXTERNAL;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.vulkan.*;

/**
 * The viewer's display resolve on Vulkan (shaders/vulkan/display_resolve.comp): turns a {@link VulkanPathTracer}'s
 * per-pixel state into the display floats of one view (0 beauty, 1 albedo, 2 normal, 3 depth, 4 variance, as
 * dev.lucent.viewer.AovView in that order) in a {@link VulkanDisplayBuffer}, on the GPU. One compute pipeline with
 * three storage buffers (state, display floats, depth range) and push constants (pixels, view, pass). Owns its
 * Vulkan objects; close it before the context.
 */
public final class VulkanDisplayResolve implements AutoCloseable {
    private static final int LOCAL_SIZE = 256, PUSH_BYTES = 12;

    private final VulkanContext ctx;
    private long setLayout, pipelineLayout, pipeline, pool, set;
    private VulkanBuffer range;

    public VulkanDisplayResolve(VulkanContext ctx) {
        this.ctx = ctx;
        try {
            create(ShaderCompiler.compileAll().get(ShaderCompiler.Stage.DISPLAY_RESOLVE));
            range = VulkanBuffer.device(ctx, 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void create(byte[] spv) {
        try (MemoryStack stack = stackPush()) {
            VkDescriptorSetLayoutBinding.Buffer b = VkDescriptorSetLayoutBinding.calloc(3, stack);
            for (int i = 0; i < 3; i++) {
                b.get(i).binding(i).descriptorCount(1).descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
                        .stageFlags(VK_SHADER_STAGE_COMPUTE_BIT);
            }
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateDescriptorSetLayout(ctx.device(), VkDescriptorSetLayoutCreateInfo.calloc(stack)
                    .sType$Default().pBindings(b), null, p), "vkCreateDescriptorSetLayout");
            setLayout = p.get(0);
            check(vkCreatePipelineLayout(ctx.device(), VkPipelineLayoutCreateInfo.calloc(stack).sType$Default()
                    .pSetLayouts(stack.longs(setLayout)).pPushConstantRanges(VkPushConstantRange.calloc(1, stack)
                            .stageFlags(VK_SHADER_STAGE_COMPUTE_BIT).offset(0).size(PUSH_BYTES)), null, p),
                    "vkCreatePipelineLayout");
            pipelineLayout = p.get(0);
            ByteBuffer code = MemoryUtil.memAlloc(spv.length);
            long module = VK_NULL_HANDLE;
            try {
                code.put(spv).flip();
                check(vkCreateShaderModule(ctx.device(), VkShaderModuleCreateInfo.calloc(stack).sType$Default()
                        .pCode(code), null, p), "vkCreateShaderModule(display_resolve)");
                module = p.get(0);
                VkComputePipelineCreateInfo.Buffer ci = VkComputePipelineCreateInfo.calloc(1, stack);
                ci.get(0).sType$Default().layout(pipelineLayout).stage(VkPipelineShaderStageCreateInfo.calloc(stack)
                        .sType$Default().stage(VK_SHADER_STAGE_COMPUTE_BIT).module(module).pName(stack.UTF8("main")));
                check(vkCreateComputePipelines(ctx.device(), VK_NULL_HANDLE, ci, null, p), "vkCreateComputePipelines");
                pipeline = p.get(0);
            } finally {
                if (module != VK_NULL_HANDLE) vkDestroyShaderModule(ctx.device(), module, null);
                MemoryUtil.memFree(code);
            }
            check(vkCreateDescriptorPool(ctx.device(), VkDescriptorPoolCreateInfo.calloc(stack).sType$Default()
                    .maxSets(1).pPoolSizes(VkDescriptorPoolSize.calloc(1, stack)
                            .type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(3)), null, p),
                    "vkCreateDescriptorPool");
            pool = p.get(0);
            check(vkAllocateDescriptorSets(ctx.device(), VkDescriptorSetAllocateInfo.calloc(stack).sType$Default()
                    .descriptorPool(pool).pSetLayouts(stack.longs(setLayout)), p), "vkAllocateDescriptorSets");
            set = p.get(0);
        }
    }

    /**
     * Writes view {@code view} of {@code tracer}'s state into {@code out} (the tracer's image size), holding
     * {@code out}'s monitor, and waits for the GPU.
     */
    public void resolve(VulkanPathTracer tracer, int view, VulkanDisplayBuffer out) {
        if (view < 0 || view > 4) throw new IllegalArgumentException("display view " + view);
        if (out.width() != tracer.width() || out.height() != tracer.height()) {
            throw new IllegalArgumentException("display buffer " + out.width() + "x" + out.height() + " for a "
                    + tracer.width() + "x" + tracer.height() + " image");
        }
        int pixels = tracer.width() * tracer.height();
        synchronized (out) {
            if (out.closed()) throw new IllegalStateException("display buffer closed");
            try (MemoryStack stack = stackPush()) {
                VkWriteDescriptorSet.Buffer w = VkWriteDescriptorSet.calloc(3, stack);
                long[] handles = {tracer.stateBuffer().handle(), out.floats().handle(), range.handle()};
                for (int i = 0; i < 3; i++) {
                    w.get(i).sType$Default().dstSet(set).dstBinding(i).descriptorCount(1)
                            .descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).pBufferInfo(VkDescriptorBufferInfo
                                    .calloc(1, stack).buffer(handles[i]).offset(0).range(VK_WHOLE_SIZE));
                }
                vkUpdateDescriptorSets(ctx.device(), w, null);
            }
            int groups = (pixels + LOCAL_SIZE - 1) / LOCAL_SIZE;
            ctx.submitAndWait(cmd -> {
                try (MemoryStack s = stackPush()) {
                    // Ownership back from OpenGL/CUDA (the last resolve released the floats, the tracer its state).
                    tracer.recordStateAcquire(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
                    out.recordAcquire(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT);
                    // The tracer's passes (earlier submissions) wrote the state.
                    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT
                            | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, VkMemoryBarrier.calloc(1, s).sType$Default()
                            .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT)
                            .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT
                                    | VK_ACCESS_TRANSFER_WRITE_BIT), null, null);
                    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
                    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipelineLayout, 0, s.longs(set),
                            null);
                    ByteBuffer push = s.malloc(PUSH_BYTES);
                    if (view == 3) {
                        vkCmdFillBuffer(cmd, range.handle(), 0, 4, 0x7f800000);
                        vkCmdFillBuffer(cmd, range.handle(), 4, 4, 0);
                        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                                0, VkMemoryBarrier.calloc(1, s).sType$Default()
                                        .srcAccessMask(VK_ACCESS_TRANSFER_WRITE_BIT)
                                        .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT),
                                null, null);
                        push.putInt(0, pixels).putInt(4, view).putInt(8, 0);
                        vkCmdPushConstants(cmd, pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
                        vkCmdDispatch(cmd, groups, 1, 1);
                        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, VkMemoryBarrier.calloc(1, s).sType$Default()
                                        .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT)
                                        .dstAccessMask(VK_ACCESS_SHADER_READ_BIT), null, null);
                    }
                    push.putInt(0, pixels).putInt(4, view).putInt(8, 1);
                    vkCmdPushConstants(cmd, pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
                    vkCmdDispatch(cmd, groups, 1, 1);
                    // The display floats are read next by another API (OpenGL) or copied: make them available.
                    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
                            0, VkMemoryBarrier.calloc(1, s).sType$Default().srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT)
                                    .dstAccessMask(VK_ACCESS_MEMORY_READ_BIT), null, null);
                    // OpenGL reads them through an import: release them to the external queue family (the
                    // buffer is VK_SHARING_MODE_EXCLUSIVE), as the external-memory chapter asks.
                    queueFamilyBarrier(cmd, s, out.floats().handle(), ctx.queueFamily(), VK_QUEUE_FAMILY_EXTERNAL,
                            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                            VK_ACCESS_SHADER_WRITE_BIT, 0);
                }
            }, out.binaryToConsume(), out.signalSemaphores(), out.signalValues());
            out.resolved();
        }
    }

    /**
     * Records a queue family ownership transfer of all of {@code buffer} from {@code srcFamily} to {@code dstFamily}
     * (one of them VK_QUEUE_FAMILY_EXTERNAL): a release when the source is this queue's family, an acquire when the
     * destination is.
     */
    static void queueFamilyBarrier(VkCommandBuffer cmd, MemoryStack s, long buffer, int srcFamily, int dstFamily,
            int srcStage, int dstStage, int srcAccess, int dstAccess) {
        vkCmdPipelineBarrier(cmd, srcStage, dstStage, 0, null, VkBufferMemoryBarrier.calloc(1, s).sType$Default()
                .srcAccessMask(srcAccess).dstAccessMask(dstAccess).srcQueueFamilyIndex(srcFamily)
                .dstQueueFamilyIndex(dstFamily).buffer(buffer).offset(0).size(VK_WHOLE_SIZE), null);
    }

    @Override
    public void close() {
        if (ctx.device() == null) return;
        if (pool != VK_NULL_HANDLE) vkDestroyDescriptorPool(ctx.device(), pool, null);
        if (pipeline != VK_NULL_HANDLE) vkDestroyPipeline(ctx.device(), pipeline, null);
        if (pipelineLayout != VK_NULL_HANDLE) vkDestroyPipelineLayout(ctx.device(), pipelineLayout, null);
        if (setLayout != VK_NULL_HANDLE) vkDestroyDescriptorSetLayout(ctx.device(), setLayout, null);
        pool = pipeline = pipelineLayout = setLayout = set = VK_NULL_HANDLE;
        if (range != null) range.close();
        range = null;
    }
}
