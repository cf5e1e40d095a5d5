package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_NULL_HANDLE;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TRANSFER_BIT;
import static org.lwjgl.vulkan.VK10.vkCmdCopyBuffer;

import dev.lucent.backend.RenderOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import dev.lucent.viewer.AovView;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.vulkan.VkBufferCopy;

/**
 * The viewer's Vulkan device film on any Vulkan device (lavapipe in CI): passes of 2, 3 and 4 samples accumulated
 * on the device give, synced to a film, exactly the film of one 9-sample render by {@link VulkanBackend}; the
 * display resolve of every view equals {@link AovView#extract} of that film (to float rounding); the display buffer
 * is replaced only when the image size changes, and a pass that does not continue the device's samples is refused.
 */
class VulkanDeviceFilmBackendTest {
    static final int W = 20, H = 14;

    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    private static CompiledScene cornell(int w, int h) {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        return SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h));
    }

    /** A device film backend with the validation layer where it is installed. */
    private static VulkanDeviceFilmBackend validated() {
        try {
            return new VulkanDeviceFilmBackend(true);
        } catch (dev.lucent.backend.BackendUnavailableException e) {
            return new VulkanDeviceFilmBackend(false);
        }
    }

    /** The display buffer's floats, copied to the host through a mapped buffer. */
    static float[] read(VulkanContext ctx, VulkanDisplayBuffer d) {
        try (VulkanBuffer host = VulkanBuffer.host(ctx, d.bytes(), 0)) {
            synchronized (d) {
                ctx.submitAndWait(cmd -> {
                    d.recordAcquire(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
                    try (MemoryStack s = stackPush()) {
                        vkCmdCopyBuffer(cmd, d.floats().handle(), host.handle(),
                                VkBufferCopy.calloc(1, s).size(d.bytes()));
                    }
                });
            }
            host.invalidate();
            float[] out = new float[3 * d.width() * d.height()];
            for (int i = 0; i < out.length; i++) out[i] = MemoryUtil.memGetFloat(host.mapped() + 4L * i);
            return out;
        }
    }

    @Test
    void passesOnTheDeviceEqualOneRenderAndResolveLikeTheHost() {
        RenderOptions options = new RenderOptions(4, 0, 21, 0, new BoxFilter());
        try (CompiledScene cs = cornell(W, H); VulkanDeviceFilmBackend dev = validated();
                VulkanBackend batch = new VulkanBackend(false)) {
            dev.prepare(cs, options);
            Film ignored = new Film(W, H);
            dev.render(ignored, 0, 2, null);
            dev.render(ignored, 2, 3, null);
            dev.render(ignored, 5, 4, null);
            assertEquals(0, ignored.sampleCountRange()[1], "the film given to render stays empty");
            assertEquals(9, dev.deviceSpp());
            assertThrows(IllegalStateException.class, () -> dev.render(ignored, 4, 1, null));
            Film synced = new Film(W, H);
            dev.syncFilm(synced);
            batch.prepare(cs, options);
            Film once = new Film(W, H);
            batch.render(once, 0, 9, null);
            for (int p = 0; p < W * H; p++) {
                for (int c = 0; c < 3; c++) assertEquals(once.mean(p, c), synced.mean(p, c), 0, "pixel " + p);
            }
            assertEquals(9, synced.sampleCountRange()[0]);

            VulkanDisplayBuffer first = null;
            for (AovView view : AovView.values()) {
                VulkanDisplayBuffer d = dev.resolve(view.ordinal());
                if (first == null) first = d;
                assertSame(first, d, "one display buffer while the size stays");
                float[] gpu = read(dev.context(), d);
                float[] host = view.extract(synced, null);
                double sum = 0;
                for (int i = 0; i < host.length; i++) {
                    assertEquals(host[i], gpu[i], 2e-6 * (1 + Math.abs(host[i])), view + " float " + i);
                    sum += Math.abs(gpu[i]);
                }
                assertTrue(sum > 0, view + " is not all zero");
            }
            assertEquals(List.of(), dev.context().validationMessages(), "validation messages");
        }
    }

    @Test
    void aNewSizeReplacesTheDisplayBuffer() {
        RenderOptions options = new RenderOptions(3, 0, 5, 0, new BoxFilter());
        try (CompiledScene small = cornell(8, 6); CompiledScene large = cornell(12, 6);
                VulkanDeviceFilmBackend dev = new VulkanDeviceFilmBackend()) {
            dev.prepare(small, options);
            dev.render(new Film(8, 6), 0, 1, null);
            VulkanDisplayBuffer a = dev.resolve(0);
            assertTrue(a.memoryBytes() >= a.bytes());
            dev.prepare(large, options);
            dev.render(new Film(12, 6), 0, 1, null);
            VulkanDisplayBuffer b = dev.resolve(0);
            assertNotSame(a, b);
            assertTrue(a.closed(), "the old buffer is closed");
            assertFalse(a.read(() -> { throw new AssertionError("read of a closed buffer"); }));
            assertEquals(-1, a.exportFd());
            assertEquals(12, b.width());
            int[] ran = {0};
            assertTrue(b.read(() -> ran[0]++));
            assertEquals(1, ran[0]);
        }
    }

    /**
     * The display buffer's semaphore hand-off: each resolve signals the timeline semaphore to the next value and
     * leaves one binary signal for a reader; a signal the reader does not wait is consumed by the next resolve's
     * own batch, one the reader waited is not waited again; the validation layer (where installed) reports
     * nothing, and the floats stay those of the accumulation.
     */
    /** "yes" for a descriptor (which it closes), "no" for -1. */
    private static String exports(int fd) {
        if (fd < 0) return "no";
        org.lwjgl.system.linux.UNISTD.close(null, fd);
        return "yes";
    }

    @Test
    void everyResolveSignalsItsSemaphoresAndEachBinarySignalIsWaitedOnce() {
        RenderOptions options = new RenderOptions(3, 0, 5, 0, new BoxFilter());
        try (CompiledScene cs = cornell(W, H); VulkanDeviceFilmBackend dev = validated()) {
            VulkanContext ctx = dev.context();
            dev.prepare(cs, options);
            dev.render(new Film(W, H), 0, 2, null);
            VulkanDisplayBuffer d = dev.resolve(0);
            boolean timeline = d.timelineSemaphore() != null, binary = d.binarySemaphore() != VK_NULL_HANDLE;
            assertTrue(binary, "every display buffer has its binary semaphore");
            System.out.println("display buffer on " + ctx.deviceName() + ": timeline semaphore " + timeline
                    + " (exportable " + exports(d.exportTimelineFd()) + "), binary semaphore exportable "
                    + exports(d.exportBinaryFd()));
            float[] first = read(ctx, d);
            long[] seen = new long[1];
            boolean[] pending = new boolean[1];
            VulkanDisplayBuffer.Reader look = (value, signalled) -> {
                seen[0] = value;
                pending[0] = signalled;
                return false; // not waited: the next resolve consumes the signal
            };
            assertTrue(d.read(look));
            assertEquals(timeline ? 1 : 0, seen[0], "timeline value after one resolve");
            assertEquals(binary, pending[0], "binary signal after one resolve");
            assertSame(d, dev.resolve(0));
            assertSame(d, dev.resolve(0));
            assertTrue(d.read(look));
            assertEquals(timeline ? 3 : 0, seen[0], "timeline value after three resolves");
            assertEquals(binary, pending[0], "binary signal after three resolves");
            if (timeline) assertEquals(3, d.timelineSemaphore().value(), "the device reached the last value");
            // A reader that waits the binary signal (here a Vulkan batch stands in for OpenGL's wait).
            assertTrue(d.read((value, signalled) -> {
                if (!signalled) return false;
                ctx.submitAndWait(cmd -> {}, d.binarySemaphore(), null, null);
                return true;
            }));
            assertTrue(d.read(look));
            assertFalse(pending[0], "a waited signal is gone");
            assertSame(d, dev.resolve(0));
            assertTrue(d.read(look));
            assertEquals(binary, pending[0], "the next resolve signals again");
            assertEquals(timeline ? 4 : 0, seen[0]);
            float[] again = read(ctx, d);
            for (int i = 0; i < first.length; i++) assertEquals(first[i], again[i], "float " + i);
            assertEquals(List.of(), ctx.validationMessages(), "validation messages");
        }
    }
}
