package dev.lucent.viewer;

import static org.lwjgl.opengl.GL33C.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import org.lwjgl.opengl.EXTSemaphore;
import org.lwjgl.opengl.EXTSemaphoreFD;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.opengl.NVTimelineSemaphore;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.linux.UNISTD;

/**
 * A Vulkan semaphore imported into OpenGL from an opaque POSIX file descriptor (GL_EXT_semaphore,
 * GL_EXT_semaphore_fd; a timeline semaphore also needs GL_NV_timeline_semaphore), which GL waits on before it reads
 * memory Vulkan wrote: glWaitSemaphoreEXT naming the imported buffers is what makes Vulkan's writes visible to GL
 * under the external-memory extensions (a host-side wait orders the work but promises no visibility).
 *
 * <p>Created, used and closed on a thread whose GL context is current.
 */
final class GlImportedSemaphore implements AutoCloseable {
    /** How GL is ordered after Vulkan's writes before it reads shared memory. */
    enum Sync {
        /** GL waits Vulkan's timeline semaphore at the value of the write (GL_NV_timeline_semaphore). */
        TIMELINE("GL waits a timeline semaphore"),
        /** GL waits a binary semaphore Vulkan signals once per write (GL_EXT_semaphore_fd). */
        BINARY("GL waits a binary semaphore"),
        /** No semaphore import in GL: only the host-side order (Vulkan's fence waited, a lock held). */
        HOST("host-ordered, no GL semaphore import");

        final String label;

        Sync(String label) { this.label = label; }
    }

    private final Sync kind;
    private int semaphore;

    /**
     * What the current GL context can wait on: {@link Sync#TIMELINE} with GL_EXT_semaphore_fd and
     * GL_NV_timeline_semaphore, {@link Sync#BINARY} with GL_EXT_semaphore_fd alone, else {@link Sync#HOST}.
     */
    static Sync available() {
        GLCapabilities caps = GL.getCapabilities();
        if (!caps.GL_EXT_semaphore || !caps.GL_EXT_semaphore_fd) return Sync.HOST;
        return caps.GL_NV_timeline_semaphore ? Sync.TIMELINE : Sync.BINARY;
    }

    /**
     * Imports the semaphore behind {@code fd} (taken over: GL owns it once imported, and a failed import closes it)
     * as {@code kind} ({@link Sync#TIMELINE} or {@link Sync#BINARY}, which must match how Vulkan created it).
     *
     * @throws IllegalStateException when the context cannot import that kind or GL reports an error
     */
    GlImportedSemaphore(int fd, Sync kind) {
        Sync can = available();
        if (kind == Sync.HOST || can == Sync.HOST || (kind == Sync.TIMELINE && can != Sync.TIMELINE) || fd < 0) {
            if (fd >= 0) UNISTD.close(null, fd);
            throw new IllegalStateException("OpenGL (" + glGetString(GL_RENDERER) + ") cannot import a "
                    + kind.name().toLowerCase() + " semaphore" + (fd < 0 ? " (no descriptor)" : ""));
        }
        this.kind = kind;
        glGetError(); // clear errors left by earlier calls, so the checks below see only the import's
        if (kind == Sync.TIMELINE) {
            semaphore = NVTimelineSemaphore.glCreateSemaphoresNV();
            try (MemoryStack stack = stackPush()) {
                NVTimelineSemaphore.glSemaphoreParameterivNV(semaphore, NVTimelineSemaphore.GL_SEMAPHORE_TYPE_NV,
                        stack.ints(NVTimelineSemaphore.GL_SEMAPHORE_TYPE_TIMELINE_NV));
            }
        } else {
            semaphore = EXTSemaphore.glGenSemaphoresEXT();
        }
        EXTSemaphoreFD.glImportSemaphoreFdEXT(semaphore, EXTSemaphoreFD.GL_HANDLE_TYPE_OPAQUE_FD_EXT, fd);
        int e = glGetError();
        if (e != GL_NO_ERROR) {
            UNISTD.close(null, fd); // a failed import leaves the descriptor with the caller
            close();
            throw new IllegalStateException("glImportSemaphoreFdEXT(" + kind.name().toLowerCase()
                    + ") failed: GL error 0x" + Integer.toHexString(e));
        }
    }

    Sync kind() { return kind; }

    /**
     * Makes GL's later commands wait until the semaphore is signalled (a timeline semaphore: reaches
     * {@code timelineValue}; a binary one: its pending signal, which this wait consumes), with the memory of
     * {@code buffer} (a GL buffer name over imported memory) made visible to them.
     */
    void waitFor(long timelineValue, int buffer) {
        if (semaphore == 0) throw new IllegalStateException("closed");
        try (MemoryStack stack = stackPush()) {
            if (kind == Sync.TIMELINE) {
                EXTSemaphore.glSemaphoreParameterui64vEXT(semaphore, NVTimelineSemaphore.GL_TIMELINE_SEMAPHORE_VALUE_NV,
                        stack.longs(timelineValue));
            }
            EXTSemaphore.nglWaitSemaphoreEXT(semaphore, 1, MemoryUtil.memAddress(stack.ints(buffer)), 0, 0L, 0L);
        }
        int e = glGetError();
        if (e != GL_NO_ERROR) {
            throw new IllegalStateException("glWaitSemaphoreEXT failed: GL error 0x" + Integer.toHexString(e));
        }
    }

    @Override
    public void close() {
        if (semaphore != 0) EXTSemaphore.glDeleteSemaphoresEXT(semaphore);
        semaphore = 0;
    }
}
