package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.vulkan.VulkanBackend;
import dev.lucent.backend.vulkan.VulkanBinarySemaphore;
import dev.lucent.backend.vulkan.VulkanBindings;
import dev.lucent.backend.vulkan.VulkanBuffer;
import dev.lucent.backend.vulkan.VulkanContext;
import dev.lucent.backend.vulkan.VulkanPathTracer;
import dev.lucent.backend.vulkan.VulkanTimelineSemaphore;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.NativeBuffer;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.vulkan.VK10;

/**
 * Vulkan-OpenGL memory sharing (GL_EXT_memory_object_fd): the Vulkan tracer's exportable state buffer imported
 * into a GL buffer ({@link GlImportedBuffer}) holds, as GL's commands read it ({@link #readGl}: a GPU copy into a
 * GL-owned buffer), the bytes Vulkan's own read-back gave, after one render and again after a second render into
 * the same memory, GL having waited on a semaphore Vulkan signalled after the render where GL imports semaphores
 * (the external-memory extensions promise visibility only then). Runs under Xvfb with Mesa's
 * llvmpipe and lavapipe of the same Mesa release ({@code eval "$(tools/fetch-lavapipe --gl)"}, as .ci/run does),
 * or on an NVIDIA GPU with its GLX and Vulkan drivers; skipped where there is no display, no Vulkan device, no
 * exportable memory, no GL_EXT_memory_object_fd, or GL and Vulkan report different device UUIDs, for which the
 * extension promises nothing (Debian bookworm's own Mesa 22.3.6 llvmpipe against the fetched Mesa 25.0.7
 * lavapipe: there the import fails at glBufferStorageMemEXT with GL_OUT_OF_MEMORY).
 */
class VulkanGlSharingTest {
    static final int W = 20, H = 12;
    static long window;

    @BeforeAll
    static void open() {
        VirtualDisplay.require();
        // Through GlfwSession like every window of the process: GLFW is initialised once and never terminated,
        // and no GL context is destroyed while the process runs (NVIDIA's GLX breaks later contexts' buffers).
        assertTrue(GlfwSession.init(), "glfwInit: " + GlfwSession.lastError());
        window = GlfwSession.openWindow(64, 64, false, false);
        assertTrue(window != 0, "window with OpenGL 3.3 core");
        if (glfwGetCurrentContext() != window) glfwMakeContextCurrent(window);
        GL.createCapabilities();
    }

    @AfterAll
    static void close() {
        if (window != 0) GlfwSession.closeWindow(window, false);
        window = 0;
    }

    private static VulkanBackend vulkan() {
        try {
            return new VulkanBackend(false);
        } catch (BackendUnavailableException e) {
            Assumptions.abort(e.getMessage() + " (tools/fetch-lavapipe provides a CPU device)");
            return null;
        }
    }

    /**
     * What GL's commands read from the imported buffer: a GPU copy (glCopyBufferSubData) into a new GL-owned
     * buffer, whose bytes glGetBufferSubData then returns. The imported buffer itself is not read back with
     * glGetBufferSubData: on the H200 (driver 580.159.04) that returned the first render's words after the
     * second render even with GL waiting the timeline semaphore, while GL's commands reading an imported buffer
     * (the viewer's texture fills from its display buffer, ViewerWindowVulkanTest) showed every new image.
     */
    private static NativeBuffer readGl(GlImportedBuffer b) {
        NativeBuffer out = NativeBuffer.allocate(b.size());
        ByteBuffer view = MemoryUtil.memByteBuffer(out.address(), (int) b.size());
        int copy = glGenBuffers();
        try {
            glBindBuffer(GL_COPY_WRITE_BUFFER, copy);
            glBufferData(GL_COPY_WRITE_BUFFER, b.size(), GL_STREAM_READ);
            glBindBuffer(GL_COPY_READ_BUFFER, b.name());
            glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, 0, b.size());
            glGetBufferSubData(GL_COPY_WRITE_BUFFER, 0, view);
            assertEquals(GL_NO_ERROR, glGetError(), "copying and reading the imported buffer");
        } finally {
            glBindBuffer(GL_COPY_READ_BUFFER, 0);
            glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
            glDeleteBuffers(copy);
        }
        return out;
    }

    private static void assertSameState(VulkanPathTracer t, NativeBuffer gl, int samples) {
        try (NativeBuffer vk = NativeBuffer.allocate(t.stateBytes())) {
            t.copyDownloadedState(vk.address());
            for (long o = 0; o < t.stateBytes(); o += 4) {
                assertEquals(vk.getInt(o), gl.getInt(o), "word at byte " + o);
            }
        }
        for (int p = 0; p < W * H; p++) {
            long count = (long) p * VulkanPathTracer.PIXEL_STATE_BYTES
                    + VulkanPathTracer.stateByte(VulkanBindings.STATE_COUNT);
            assertEquals(samples, gl.getInt(count), "samples in pixel " + p);
        }
    }

    @Test
    void glReadsTheVulkanStateWithoutAHostCopy() {
        String why = GlImportedBuffer.problem();
        Assumptions.assumeTrue(why == null, why);
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        try (VulkanBackend vk = vulkan();
                CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(W, H))) {
            Assumptions.assumeTrue(vk.context().hasExternalMemoryFd(), "no VK_KHR_external_memory_fd");
            vk.prepare(cs, new RenderOptions(3, 0, 11, 0, new BoxFilter()));
            Film film = new Film(W, H);
            vk.render(film, 0, 2, null);
            VulkanPathTracer t = vk.tracer();
            VulkanBuffer state = t.stateBuffer();
            Assumptions.assumeTrue(GlImportedBuffer.sameDevice(vk.context().deviceUuid()), "GL "
                    + glGetString(GL_RENDERER) + " " + glGetString(GL_VERSION) + " (device UUID "
                    + HexFormat.of().formatHex(GlImportedBuffer.deviceUuid()) + ") and Vulkan " + vk.deviceName() + " "
                    + vk.context().driverDescription() + " (" + HexFormat.of().formatHex(vk.context().deviceUuid())
                    + ") are different devices or drivers: memory cannot be shared between them");
            GlImportedSemaphore.Sync sync = GlImportedSemaphore.available();
            System.out.println("VulkanGlSharingTest: GL " + glGetString(GL_RENDERER) + ", Vulkan " + vk.deviceName()
                    + ": " + sync.label);
            try (GlImportedBuffer gl = new GlImportedBuffer(state.exportFd(), state.memoryBytes(), true, t.stateBytes());
                    VulkanGlWait wait = new VulkanGlWait(vk.context(), t, sync)) {
                assertEquals(t.stateBytes(), gl.size());
                wait.beforeRead(gl);
                try (NativeBuffer first = readGl(gl)) {
                    assertSameState(t, first, 2);
                }
                vk.render(film, 2, 5, null); // the state is cleared and holds samples 2..6 now
                wait.beforeRead(gl);
                try (NativeBuffer second = readGl(gl)) {
                    assertSameState(t, second, 5);
                }
            }
        }
    }

    /**
     * Makes GL wait for the tracer's last submission before it reads the state: on the tracer's timeline semaphore
     * at {@link VulkanTimelineSemaphore#lastIssued} (GL_NV_timeline_semaphore), or on a binary semaphore that an
     * empty Vulkan batch signals once per read after the render (GL_EXT_semaphore_fd alone), or not at all where GL
     * imports no semaphores (the host order: the render waited its fence).
     */
    private static final class VulkanGlWait implements AutoCloseable {
        private final VulkanContext ctx;
        private final VulkanPathTracer tracer;
        private VulkanBinarySemaphore binary;
        private GlImportedSemaphore gl;

        VulkanGlWait(VulkanContext ctx, VulkanPathTracer tracer, GlImportedSemaphore.Sync sync) {
            this.ctx = ctx;
            this.tracer = tracer;
            VulkanTimelineSemaphore timeline = tracer.passSemaphore();
            if (sync == GlImportedSemaphore.Sync.TIMELINE && timeline != null && timeline.exportable()) {
                gl = new GlImportedSemaphore(timeline.exportFd(), GlImportedSemaphore.Sync.TIMELINE);
            } else if (sync != GlImportedSemaphore.Sync.HOST) {
                binary = new VulkanBinarySemaphore(ctx);
                gl = new GlImportedSemaphore(binary.exportFd(), GlImportedSemaphore.Sync.BINARY);
            }
        }

        void beforeRead(GlImportedBuffer buffer) {
            if (gl == null) return;
            if (binary != null) {
                ctx.submitAndWait(cmd -> {}, VK10.VK_NULL_HANDLE, new long[] {binary.handle()}, new long[] {0});
                gl.waitFor(0, buffer.name());
            } else {
                gl.waitFor(tracer.passSemaphore().lastIssued(), buffer.name());
            }
        }

        @Override
        public void close() {
            if (gl != null) {
                gl.close();
                glFinish(); // GL's waits are done before Vulkan may destroy the semaphore
            }
            if (binary != null) binary.close();
        }
    }

    @Test
    void importRejectsAMappingLargerThanTheMemory() {
        String why = GlImportedBuffer.problem();
        Assumptions.assumeTrue(why == null, why);
        assertThrows(IllegalArgumentException.class, () -> new GlImportedBuffer(-1, 64, true, 128));
    }
}
