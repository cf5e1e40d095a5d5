package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
import static org.lwjgl.vulkan.VK12.vkGetBufferDeviceAddress;

import dev.lucent.core.NativeBuffer;
import java.nio.LongBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.vma.Vma;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkBufferDeviceAddressInfo;

/**
 * A VkBuffer with its VMA allocation. Device buffers live in device-local memory and are filled through a staging
 * buffer ({@link #upload}); host buffers are persistently mapped ({@link #mapped}) for staging and read-back.
 * Buffers created with VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT know their {@link #address}.
 */
public final class VulkanBuffer implements AutoCloseable {
    /** Largest staging copy per submission, bytes. */
    private static final long STAGING_CHUNK = 64L << 20;

    private final VulkanContext ctx;
    private long buffer, allocation;
    private final long size, address, mapped;

    private VulkanBuffer(VulkanContext ctx, long buffer, long allocation, long size, long address, long mapped) {
        this.ctx = ctx;
        this.buffer = buffer;
        this.allocation = allocation;
        this.size = size;
        this.address = address;
        this.mapped = mapped;
    }

    /** A device-local buffer of {@code size} bytes (at least 16) with {@code usage} (VK_BUFFER_USAGE_* bits). */
    public static VulkanBuffer device(VulkanContext ctx, long size, int usage) {
        return create(ctx, size, usage, false);
    }

    /** A host-visible, mapped buffer (staging, read-back, small tables). */
    public static VulkanBuffer host(VulkanContext ctx, long size, int usage) {
        return create(ctx, size, usage, true);
    }

    private static VulkanBuffer create(VulkanContext ctx, long size, int usage, boolean host) {
        long bytes = Math.max(16, (size + 15) & ~15L);
        try (MemoryStack stack = stackPush()) {
            VkBufferCreateInfo bi = VkBufferCreateInfo.calloc(stack).sType$Default().size(bytes)
                    .usage(usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT)
                    .sharingMode(VK_SHARING_MODE_EXCLUSIVE);
            VmaAllocationCreateInfo ai = VmaAllocationCreateInfo.calloc(stack);
            if (host) {
                ai.usage(Vma.VMA_MEMORY_USAGE_AUTO_PREFER_HOST).flags(
                        Vma.VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT | Vma.VMA_ALLOCATION_CREATE_MAPPED_BIT);
            } else {
                ai.usage(Vma.VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE);
            }
            LongBuffer pb = stack.mallocLong(1);
            PointerBuffer pa = stack.mallocPointer(1);
            VmaAllocationInfo info = VmaAllocationInfo.calloc(stack);
            int r = Vma.vmaCreateBuffer(ctx.allocator(), bi, ai, pb, pa, info);
            if (r == -2 || r == -1) {
                throw new VulkanCallException("out of GPU memory allocating " + bytes + " bytes ("
                        + VulkanResults.name(r) + ")");
            }
            check(r, "vmaCreateBuffer(" + bytes + " bytes)");
            long address = 0;
            if ((usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) != 0) {
                address = vkGetBufferDeviceAddress(ctx.device(),
                        VkBufferDeviceAddressInfo.calloc(stack).sType$Default().buffer(pb.get(0)));
            }
            return new VulkanBuffer(ctx, pb.get(0), pa.get(0), bytes, address, host ? info.pMappedData() : 0);
        }
    }

    /** A device buffer holding a copy of {@code src} (an empty or null pool gives a 16-byte zero buffer). */
    public static VulkanBuffer deviceCopy(VulkanContext ctx, NativeBuffer src, int usage) {
        long n = src == null ? 0 : src.size();
        VulkanBuffer b = device(ctx, n, usage);
        try {
            if (n > 0) b.upload(src.address(), 0, n);
            else b.fill(0);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    /** Copies {@code bytes} from host address {@code src} to offset {@code dstOffset}, through staging. */
    public void upload(long src, long dstOffset, long bytes) {
        if (dstOffset < 0 || dstOffset + bytes > size) {
            throw new IllegalArgumentException("upload of " + bytes + " bytes at " + dstOffset + " into " + size);
        }
        if (mapped != 0) {
            MemoryUtil.memCopy(src, mapped + dstOffset, bytes);
            flush();
            return;
        }
        try (VulkanBuffer staging = host(ctx, Math.min(bytes, STAGING_CHUNK), 0)) {
            for (long done = 0; done < bytes; done += STAGING_CHUNK) {
                long n = Math.min(STAGING_CHUNK, bytes - done);
                MemoryUtil.memCopy(src + done, staging.mapped, n);
                staging.flush();
                long off = dstOffset + done;
                ctx.submitAndWait(cmd -> {
                    try (MemoryStack s = stackPush()) {
                        vkCmdCopyBuffer(cmd, staging.buffer, buffer, VkBufferCopy.calloc(1, s).srcOffset(0)
                                .dstOffset(off).size(n));
                    }
                });
            }
        }
    }

    /** Sets every 32-bit word to {@code word}. */
    public void fill(int word) {
        if (mapped != 0) {
            for (long o = 0; o < size; o += 4) MemoryUtil.memPutInt(mapped + o, word);
            flush();
            return;
        }
        ctx.submitAndWait(cmd -> vkCmdFillBuffer(cmd, buffer, 0, VK_WHOLE_SIZE, word));
    }

    /** Makes host writes to a mapped buffer visible to the device (no-op on coherent memory). */
    public void flush() {
        if (mapped != 0) Vma.vmaFlushAllocation(ctx.allocator(), allocation, 0, VK_WHOLE_SIZE);
    }

    /** Makes device writes to a mapped buffer visible to the host; call before reading {@link #mapped}. */
    public void invalidate() {
        if (mapped != 0) Vma.vmaInvalidateAllocation(ctx.allocator(), allocation, 0, VK_WHOLE_SIZE);
    }

    public long handle() { return buffer; }
    /** Bytes allocated (the requested size rounded up to 16). */
    public long size() { return size; }
    /** Device address (0 without VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT). */
    public long address() { return address; }
    /** Host address of the mapping (host buffers), else 0. */
    public long mapped() { return mapped; }

    @Override
    public void close() {
        if (buffer != VK_NULL_HANDLE) {
            Vma.vmaDestroyBuffer(ctx.allocator(), buffer, allocation);
            buffer = VK_NULL_HANDLE;
            allocation = 0;
        }
    }
}
