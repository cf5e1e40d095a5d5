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
 */
final class VulkanGlFrameUploader implements AutoCloseable {
    private VulkanDisplayBuffer source;
    private GlImportedBuffer imported;
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
            source = b;
        }
        GlImportedBuffer gl = imported;
        boolean read = b.read(() -> {
            display.uploadFromPixelBuffer(gl.name(), f.width(), f.height(), f.mode());
            glFinish();
        });
        if (!read) {
            release();
            return false;
        }
        lastUploadNanos = System.nanoTime() - t0;
        return true;
    }

    /** Wall time of the last {@link #upload} (texture fill from the imported buffer, GL finished), ns. */
    long lastUploadNanos() { return lastUploadNanos; }

    private void release() {
        if (imported != null) imported.close();
        imported = null;
        source = null;
    }

    @Override
    public void close() {
        release();
    }
}
