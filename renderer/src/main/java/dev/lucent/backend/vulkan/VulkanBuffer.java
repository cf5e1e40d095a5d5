package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
import static org.lwjgl.vulkan.VK12.vkGetBufferDeviceAddress;

import dev.lucent.core.NativeBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.vma.Vma;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.vulkan.*;

/**
 * A VkBuffer with its memory. Device buffers live in device-local memory and are filled through a staging
 * buffer ({@link #upload}); host buffers are persistently mapped ({@link #mapped}) for staging and read-back.
 * Buffers created with VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT know their {@link #address}. Both come from VMA.
 *
 * <p>Exportable buffers ({@link #exportable}) are device buffers with a dedicated allocation of their own
 * (vkAllocateMemory, not VMA) that can be handed to another API as an opaque POSIX file descriptor
 * ({@link #exportFd}): CUDA's cuImportExternalMemory or OpenGL's GL_EXT_memory_object_fd. Whoever imports the
 * memory must release the import before this buffer closes.
 */
public final class VulkanBuffer implements AutoCloseable {
    /**
     * Bytes an exportable buffer spans beyond its {@link #size}: an importer may need padding after the range it
     * maps (Mesa's llvmpipe refuses a GL buffer over the whole of an imported allocation; 1 KiB less works).
     */
    static final long EXPORT_SLACK = 4096;
    /** Largest staging copy per submission, bytes. */
    private static final long STAGING_CHUNK = 64L << 20;

    private final VulkanContext ctx;
    private long buffer, allocation;
    /** Exportable buffers: their own VkDeviceMemory (else VK_NULL_HANDLE) and its size in bytes. */
    private long memory;
    private final long memoryBytes;
    private final long size, address, mapped;

    private VulkanBuffer(VulkanContext ctx, long buffer, long allocation, long size, long address, long mapped) {
        this(ctx, buffer, allocation, VK_NULL_HANDLE, 0, size, address, mapped);
    }

    private VulkanBuffer(VulkanContext ctx, long buffer, long allocation, long memory, long memoryBytes, long size,
            long address, long mapped) {
        this.ctx = ctx;
        this.buffer = buffer;
        this.allocation = allocation;
        this.memory = memory;
        this.memoryBytes = memoryBytes;
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

    /**
     * A device-local buffer of {@code size} bytes (at least 16) with {@code usage}, in a dedicated allocation that
     * can be exported as an opaque file descriptor ({@link #exportFd}). The VkBuffer and its allocation span
     * {@link #EXPORT_SLACK} bytes more than {@link #size}, so importers can map the first {@link #size} bytes.
     *
     * @throws VulkanUnavailableException when the context has no VK_KHR_external_memory_fd or the driver cannot
     *     export such a buffer
     */
    public static VulkanBuffer exportable(VulkanContext ctx, long size, int usage) {
        if (!ctx.hasExternalMemoryFd()) {
            throw new VulkanUnavailableException(ctx.deviceName() + " has no VK_KHR_external_memory_fd");
        }
        long bytes = Math.max(16, (size + 15) & ~15L);
        int allUsage = usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
        int handleType = VK11.VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT;
        try (MemoryStack stack = stackPush()) {
            VkPhysicalDeviceExternalBufferInfo query = VkPhysicalDeviceExternalBufferInfo.calloc(stack).sType$Default()
                    .usage(allUsage).handleType(handleType);
            VkExternalBufferProperties props = VkExternalBufferProperties.calloc(stack).sType$Default();
            VK11.vkGetPhysicalDeviceExternalBufferProperties(ctx.physicalDevice(), query, props);
            int features = props.externalMemoryProperties().externalMemoryFeatures();
            if ((features & VK11.VK_EXTERNAL_MEMORY_FEATURE_EXPORTABLE_BIT) == 0) {
                throw new VulkanUnavailableException(ctx.deviceName() + " cannot export buffer memory as an opaque fd");
            }
            boolean dedicatedOnly = (features & VK11.VK_EXTERNAL_MEMORY_FEATURE_DEDICATED_ONLY_BIT) != 0;
            VkExternalMemoryBufferCreateInfo ext = VkExternalMemoryBufferCreateInfo.calloc(stack).sType$Default()
                    .handleTypes(handleType);
            VkBufferCreateInfo bi = VkBufferCreateInfo.calloc(stack).sType$Default().pNext(ext)
                    .size(bytes + EXPORT_SLACK)
                    .usage(allUsage).sharingMode(VK_SHARING_MODE_EXCLUSIVE);
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateBuffer(ctx.device(), bi, null, p), "vkCreateBuffer(exportable, " + bytes + " bytes)");
            long buffer = p.get(0);
            long memory = VK_NULL_HANDLE;
            try {
                VkMemoryRequirements req = VkMemoryRequirements.calloc(stack);
                vkGetBufferMemoryRequirements(ctx.device(), buffer, req);
                VkExportMemoryAllocateInfo export = VkExportMemoryAllocateInfo.calloc(stack).sType$Default()
                        .handleTypes(handleType);
                VkMemoryDedicatedAllocateInfo dedicated = VkMemoryDedicatedAllocateInfo.calloc(stack).sType$Default()
                        .buffer(buffer);
                VkMemoryAllocateInfo ai = VkMemoryAllocateInfo.calloc(stack).sType$Default()
                        .allocationSize(req.size())
                        .memoryTypeIndex(deviceLocalType(ctx, req.memoryTypeBits()));
                ai.pNext(export).pNext(dedicated);
                if ((usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) != 0) {
                    ai.pNext(VkMemoryAllocateFlagsInfo.calloc(stack).sType$Default()
                            .flags(org.lwjgl.vulkan.VK12.VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT));
                }
                int r = vkAllocateMemory(ctx.device(), ai, null, p);
                if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY) {
                    throw new VulkanCallException("out of GPU memory allocating " + req.size() + " exportable bytes ("
                            + VulkanResults.name(r) + ")");
                }
                check(r, "vkAllocateMemory(exportable, " + req.size() + " bytes"
                        + (dedicatedOnly ? ", dedicated only" : "") + ")");
                memory = p.get(0);
                check(vkBindBufferMemory(ctx.device(), buffer, memory, 0), "vkBindBufferMemory");
                long address = 0;
                if ((usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) != 0) {
                    address = vkGetBufferDeviceAddress(ctx.device(),
                            VkBufferDeviceAddressInfo.calloc(stack).sType$Default().buffer(buffer));
                }
                return new VulkanBuffer(ctx, buffer, 0, memory, req.size(), bytes, address, 0);
            } catch (RuntimeException e) {
                if (memory != VK_NULL_HANDLE) vkFreeMemory(ctx.device(), memory, null);
                vkDestroyBuffer(ctx.device(), buffer, null);
                throw e;
            }
        }
    }

    /** The first device-local memory type among {@code typeBits}. */
    private static int deviceLocalType(VulkanContext ctx, int typeBits) {
        try (MemoryStack stack = stackPush()) {
            VkPhysicalDeviceMemoryProperties mp = VkPhysicalDeviceMemoryProperties.calloc(stack);
            vkGetPhysicalDeviceMemoryProperties(ctx.physicalDevice(), mp);
            int any = -1;
            for (int i = 0; i < mp.memoryTypeCount(); i++) {
                if ((typeBits & (1 << i)) == 0) continue;
                if ((mp.memoryTypes(i).propertyFlags() & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) != 0) return i;
                if (any < 0) any = i;
            }
            if (any < 0) throw new VulkanCallException("no memory type for an exportable buffer");
            return any;
        }
    }

    /**
     * A new POSIX file descriptor for this exportable buffer's memory (vkGetMemoryFdKHR, opaque fd). The caller
     * owns it: a successful import into CUDA or OpenGL takes it over, otherwise the caller closes it.
     */
    public int exportFd() {
        if (memory == VK_NULL_HANDLE) throw new IllegalStateException("not an exportable buffer (or closed)");
        try (MemoryStack stack = stackPush()) {
            IntBuffer fd = stack.mallocInt(1);
            check(KHRExternalMemoryFd.vkGetMemoryFdKHR(ctx.device(), VkMemoryGetFdInfoKHR.calloc(stack).sType$Default()
                    .memory(memory).handleType(VK11.VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT), fd),
                    "vkGetMemoryFdKHR");
            return fd.get(0);
        }
    }

    /** Whether this buffer can be exported ({@link #exportable}). */
    public boolean isExportable() { return memory != VK_NULL_HANDLE; }

    /**
     * Bytes of the dedicated allocation behind an exportable buffer (vkGetBufferMemoryRequirements' size, at
     * least {@link #size}); the size an importer must give. 0 for other buffers.
     */
    public long memoryBytes() { return memoryBytes; }

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
        if (buffer == VK_NULL_HANDLE) return;
        if (memory != VK_NULL_HANDLE) {
            vkDestroyBuffer(ctx.device(), buffer, null);
            vkFreeMemory(ctx.device(), memory, null);
            memory = VK_NULL_HANDLE;
        } else {
            Vma.vmaDestroyBuffer(ctx.allocator(), buffer, allocation);
        }
        buffer = VK_NULL_HANDLE;
        allocation = 0;
    }
}
