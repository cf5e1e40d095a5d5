package dev.lucent.backend.vulkan;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

/**
 * Display floats of one image in Vulkan device memory: 3 floats per pixel (linear values of the layer shown), rows
 * top to bottom, written by {@link VulkanDisplayResolve} on the viewer's render thread, in an exportable allocation
 * that the UI thread imports into OpenGL ({@link #exportFd}) and reads from there. Every access holds this
 * object's monitor: the writer resolves inside it, a reader reads inside {@link #read}, so a reader never sees a
 * half-written image or freed memory.
 */
public final class VulkanDisplayBuffer implements AutoCloseable {
    private final VulkanContext ctx;
    private final int width, height;
    private final VulkanBuffer floats;
    private boolean closed;

    VulkanDisplayBuffer(VulkanContext ctx, int width, int height) {
        this.ctx = ctx;
        this.width = width;
        this.height = height;
        floats = VulkanBuffer.exportable(ctx, bytes(), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
    }

    public int width() { return width; }
    public int height() { return height; }

    /** Size of the image: 12 bytes per pixel. */
    public long bytes() { return 12L * width * height; }

    /** Bytes of the exported allocation (what an importer declares; at least {@link #bytes}). */
    public long memoryBytes() { return floats.memoryBytes(); }

    /** The Vulkan device's UUID: an importer must run on the device with this UUID. */
    public byte[] deviceUuid() { return ctx.deviceUuid(); }

    VulkanBuffer floats() { return floats; }

    /** A new file descriptor for the allocation (the importer takes it over), or -1 once closed. */
    public synchronized int exportFd() {
        return closed ? -1 : floats.exportFd();
    }

    /**
     * Runs {@code reader} (which reads the image through an import, and finishes reading before it returns) while
     * no resolve can write; returns false, running nothing, once closed.
     */
    public synchronized boolean read(Runnable reader) {
        if (closed) return false;
        reader.run();
        return true;
    }

    /** Whether {@link #close} has run (a reader then drops its import and waits for a newer image). */
    public synchronized boolean closed() { return closed; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        floats.close();
    }
}
