package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.*;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.RenderOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.NativeBuffer;
import dev.lucent.core.TestPaths;
import dev.lucent.denoise.IdentityDenoiser;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.nio.LongBuffer;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK11;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkExternalMemoryBufferCreateInfo;
import org.lwjgl.vulkan.VkImportMemoryFdInfoKHR;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryDedicatedAllocateInfo;
import org.lwjgl.vulkan.VkMemoryRequirements;

/**
 * The export half of the Vulkan-CUDA sharing, checked on any Vulkan device (lavapipe in CI): the tracer keeps its
 * per-pixel state in an exportable buffer, and the file descriptor it exports names that very memory (imported
 * back into the same device as a second buffer, it holds the bytes the render downloaded); every submission
 * signals the timeline semaphore to the next value; everything closes cleanly with the validation layer
 * silent. Skipped where the device has no VK_KHR_external_memory_fd.
 */
class VulkanExternalMemoryTest {
    private static final int SIZE = 12;

    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    private static CompiledScene cornell() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        return SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(SIZE, SIZE));
    }

    private static VulkanBackend backend() {
        try {
            return new VulkanBackend(true);
        } catch (BackendUnavailableException e) {
            return new VulkanBackend(false); // no validation layer: the checks below still run
        }
    }

    @Test
    void exportedFdNamesTheStateMemory() {
        try (VulkanBackend b = backend(); CompiledScene cs = cornell()) {
            VulkanContext ctx = b.context();
            Assumptions.assumeTrue(ctx.hasExternalMemoryFd(), ctx.deviceName() + " has no VK_KHR_external_memory_fd");
            b.prepare(cs, new RenderOptions(3, 0, 7, 0, new BoxFilter()));
            Film film = new Film(SIZE, SIZE);
            b.render(film, 0, 3, null);
            VulkanPathTracer t = b.tracer();
            VulkanBuffer state = t.stateBuffer();
            assertTrue(state.isExportable(), "state buffer exportable");
            assertTrue(state.memoryBytes() >= t.stateBytes(), "allocation covers the state");
            assertEquals((long) SIZE * SIZE * VulkanPathTracer.PIXEL_STATE_BYTES, t.stateBytes());
            try (NativeBuffer downloaded = NativeBuffer.allocate(t.stateBytes());
                    NativeBuffer imported = NativeBuffer.allocate(t.stateBytes())) {
                t.copyDownloadedState(downloaded.address());
                readThroughImport(ctx, state.exportFd(), state.size() + VulkanBuffer.EXPORT_SLACK, state.memoryBytes(),
                        imported);
                for (long o = 0; o < t.stateBytes(); o += 4) {
                    assertEquals(downloaded.getInt(o), imported.getInt(o), "word at byte " + o);
                }
                // The state holds 3 samples in every pixel (the count word of each record) and some light.
                double sum = 0;
                for (int p = 0; p < SIZE * SIZE; p++) {
                    long r = (long) p * VulkanPathTracer.PIXEL_STATE_BYTES;
                    assertEquals(3, imported.getInt(r + VulkanPathTracer.stateByte(VulkanBindings.STATE_COUNT)),
                            "samples in pixel " + p);
                    float red = imported.getFloat(r + VulkanPathTracer.stateByte(VulkanBindings.STATE_MEAN));
                    sum += red;
                    assertEquals(film.mean(p, 0), red, 1e-5 * (1 + Math.abs(red)), "mean red of pixel " + p);
                }
                assertTrue(sum > 0, "the Cornell box is not black");
            }
            assertEquals(List.of(), ctx.validationMessages(), "validation messages");
        }
    }

    @Test
    void everySubmissionSignalsTheNextTimelineValue() {
        try (VulkanBackend b = backend(); CompiledScene cs = cornell()) {
            VulkanContext ctx = b.context();
            Assumptions.assumeTrue(ctx.hasTimelineSemaphores(), ctx.deviceName() + " has no timeline semaphores");
            b.prepare(cs, new RenderOptions(3, 0, 7, 0, new BoxFilter()));
            Film film = new Film(SIZE, SIZE);
            b.render(film, 0, 2, null);
            VulkanTimelineSemaphore s = b.tracer().passSemaphore();
            long first = s.lastIssued();
            assertTrue(first >= 1, "the first render signalled");
            assertEquals(first, s.value(), "the device reached the last value handed out");
            b.render(film, 2, 2, null);
            assertEquals(first + 1, s.lastIssued(), "one submission for two small passes");
            assertEquals(first + 1, s.value());
            assertEquals(List.of(), ctx.validationMessages(), "validation messages");
        }
    }

    /** Where the device cannot export semaphores, sharing with CUDA says so and device denoising declines. */
    @Test
    void sharingNeedsBothExports() {
        try (VulkanBackend b = backend(); CompiledScene cs = cornell()) {
            VulkanContext ctx = b.context();
            b.prepare(cs, new RenderOptions(3, 0, 7, 0, new BoxFilter()));
            Film film = new Film(SIZE, SIZE);
            b.render(film, 0, 1, null);
            assertNull(b.denoiseOnDevice(new IdentityDenoiser(), film), "only OptiX denoises on the device");
            String why = VulkanCudaFilm.whyNot(ctx, b.tracer());
            if (!ctx.hasExternalMemoryFd()) {
                assertTrue(why.contains("VK_KHR_external_memory_fd"), why);
            } else if (!b.tracer().passSemaphore().exportable()) {
                assertTrue(why.contains("VK_KHR_external_semaphore_fd"), why);
                assertThrows(VulkanUnavailableException.class, () -> b.tracer().passSemaphore().exportFd());
                assertNull(b.shareWithCuda());
                assertEquals(why, b.deviceDenoiseUnavailable());
            } else {
                assertEquals("", why);
            }
        }
    }

    /**
     * Imports {@code fd} (which this call takes over) into {@code ctx}'s device as a new buffer of
     * {@code bufferBytes} (the exported buffer's size, so the dedicated allocation's size matches), copies the
     * first {@code dst.size()} bytes from it to a host buffer and into {@code dst}, then frees the import.
     */
    private static void readThroughImport(VulkanContext ctx, int fd, long bufferBytes, long memoryBytes,
            NativeBuffer dst) {
        int type = VK11.VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT;
        long buffer = VK_NULL_HANDLE, memory = VK_NULL_HANDLE;
        try (MemoryStack stack = stackPush(); VulkanBuffer host = VulkanBuffer.host(ctx, dst.size(), 0)) {
            LongBuffer p = stack.mallocLong(1);
            check(vkCreateBuffer(ctx.device(), VkBufferCreateInfo.calloc(stack).sType$Default()
                    .pNext(VkExternalMemoryBufferCreateInfo.calloc(stack).sType$Default().handleTypes(type))
                    .size(bufferBytes).usage(VK_BUFFER_USAGE_TRANSFER_SRC_BIT).sharingMode(VK_SHARING_MODE_EXCLUSIVE),
                    null, p), "vkCreateBuffer");
            buffer = p.get(0);
            VkMemoryRequirements req = VkMemoryRequirements.calloc(stack);
            vkGetBufferMemoryRequirements(ctx.device(), buffer, req);
            VkMemoryAllocateInfo ai = VkMemoryAllocateInfo.calloc(stack).sType$Default().allocationSize(memoryBytes)
                    .memoryTypeIndex(Integer.numberOfTrailingZeros(req.memoryTypeBits()));
            ai.pNext(VkImportMemoryFdInfoKHR.calloc(stack).sType$Default().handleType(type).fd(fd))
                    .pNext(VkMemoryDedicatedAllocateInfo.calloc(stack).sType$Default().buffer(buffer));
            check(vkAllocateMemory(ctx.device(), ai, null, p), "vkAllocateMemory(import)");
            memory = p.get(0);
            check(vkBindBufferMemory(ctx.device(), buffer, memory, 0), "vkBindBufferMemory");
            long src = buffer;
            ctx.submitAndWait(cmd -> {
                try (MemoryStack s = stackPush()) {
                    vkCmdCopyBuffer(cmd, src, host.handle(), VkBufferCopy.calloc(1, s).size(dst.size()));
                }
            });
            host.invalidate();
            org.lwjgl.system.MemoryUtil.memCopy(host.mapped(), dst.address(), dst.size());
        } finally {
            if (buffer != VK_NULL_HANDLE) vkDestroyBuffer(ctx.device(), buffer, null);
            if (memory != VK_NULL_HANDLE) vkFreeMemory(ctx.device(), memory, null);
        }
    }
}
