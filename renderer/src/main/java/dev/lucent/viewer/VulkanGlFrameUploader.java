package dev.lucent.viewer;

import static org.lwjgl.opengl.GL33C.glFinish;

import dev.lucent.backend.vulkan.VulkanDisplayBuffer;
import java.util.HexFormat;

/**
 * Vulkan-OpenGL external memory for the viewer's display (UI thread, with the window's GL context current): the
 * {@link VulkanDisplayBuffer} of a frame from {@link dev.lucent.backend.vulkan.VulkanDeviceFilmBackend} is imported
 * once into a GL buffer ({@link GlImportedBuffer}, GL_EXT_memory_object_fd) and {@link FilmDisplay} fills its texture
 * from it, so the image never crosses to the host. Needs the GL context on the Vulkan device (equal device UUIDs):
 * {@link #upload} throws where it is not. A new display buffer (the image size changed) is imported anew, the old
 * import released. Owns the import; close on the UI thread.
 *
 * <p>Before every read GL waits on a semaphore the resolve signalled ({@link GlImportedSemaphore}): Vulkan's
 * timeline semaphore at the resolve's value where GL has GL_NV_timeline_semaphore, else its binary semaphore, once
 * per signal, where GL has GL_EXT_semaphore_fd; the external-memory extensions promise GL visibility of Vulkan's
 * writes only after such a wait naming the buffer. Where GL has no semaphore import
 * (Mesa's llvmpipe) the read is ordered by the host alone: the resolve's fence waited and the buffer's lock held
 * ({@link #sync} says which).
 */
final class VulkanGlFrameUploader implements AutoCloseable {
    private VulkanDisplayBuffer source;
    private GlImportedBuffer imported;
    private GlImportedSemaphore semaphore;
    private GlImportedSemaphore.Sync sync;
    private long lastUploadNanos;

    /**
     * Has {@code display} fill its texture from {@code f}'s Vulkan display buffer, waiting for OpenGL to finish
     * reading it (the render thread writes the next image into the same memory). Returns false (showing nothing
     * new) when the buffer was closed meanwhile.
     *
     * @throws IllegalStateException when the GL context is on another device than Vulkan, or the import fails
     */
    boolean upload(ViewerFrame f, FilmDisplay display) {
        long t0 = System.nanoTime();
        VulkanDisplayBuffer b = f.vulkan();
        if (b.width() != f.width() || b.height() != f.height()) return false;
        if (b != source) {
            release();
            if (!GlImportedBuffer.sameDevice(b.deviceUuid())) {
                throw new IllegalStateException("OpenGL (device " + HexFormat.of().formatHex(GlImportedBuffer.deviceUuid())
                        + ") is not on the Vulkan device (" + HexFormat.of().formatHex(b.deviceUuid()) + ")");
            }
            int fd = b.exportFd();
            if (fd < 0) return false; // closed meanwhile: a newer frame follows
            imported = new GlImportedBuffer(fd, b.memoryBytes(), true, b.bytes());
            try {
                importSemaphore(b);
            } catch (RuntimeException e) {
                release();
                throw e;
            }
            source = b;
        }
        GlImportedBuffer gl = imported;
        GlImportedSemaphore sem = semaphore;
        boolean read = b.read((timelineValue, binarySignalled) -> {
            boolean waited = false;
            if (sem != null && sem.kind() == GlImportedSemaphore.Sync.TIMELINE && timelineValue > 0) {
                sem.waitFor(timelineValue, gl.name());
            } else if (sem != null && sem.kind() == GlImportedSemaphore.Sync.BINARY && binarySignalled) {
                sem.waitFor(0, gl.name());
                waited = true;
            }
            display.uploadFromPixelBuffer(gl.name(), f.width(), f.height(), f.mode());
            glFinish();
            return waited;
        });
        if (!read) {
            release();
            return false;
        }
        lastUploadNanos = System.nanoTime() - t0;
        return true;
    }

    /**
     * Imports the semaphore of {@code b} that GL can wait on (timeline, else binary); where GL or Vulkan has
     * neither, none, and reads are ordered by the host alone.
     */
    private void importSemaphore(VulkanDisplayBuffer b) {
        GlImportedSemaphore.Sync can = GlImportedSemaphore.available();
        sync = GlImportedSemaphore.Sync.HOST;
        if (can == GlImportedSemaphore.Sync.TIMELINE) {
            int fd = b.exportTimelineFd();
            if (fd >= 0) {
                semaphore = new GlImportedSemaphore(fd, GlImportedSemaphore.Sync.TIMELINE);
                sync = GlImportedSemaphore.Sync.TIMELINE;
                return;
            }
        }
        if (can != GlImportedSemaphore.Sync.HOST) {
            int fd = b.exportBinaryFd();
            if (fd >= 0) {
                semaphore = new GlImportedSemaphore(fd, GlImportedSemaphore.Sync.BINARY);
                sync = GlImportedSemaphore.Sync.BINARY;
            }
        }
    }

    /** How the last import orders GL's reads after Vulkan's writes (null before the first upload). */
    GlImportedSemaphore.Sync sync() { return sync; }

    /** Wall time of the last {@link #upload} (texture fill from the imported buffer, GL finished), ns. */
    long lastUploadNanos() { return lastUploadNanos; }

    private void release() {
        if (semaphore != null) semaphore.close();
        semaphore = null;
        if (imported != null) imported.close();
        imported = null;
        source = null;
    }

    @Override
    public void close() {
        release();
    }
}
