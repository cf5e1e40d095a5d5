package dev.lucent.backend.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_NULL_HANDLE;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT;
import static org.lwjgl.vulkan.VK11.VK_QUEUE_FAMILY_EXTERNAL;

import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;

/**
 * Display floats of one image in Vulkan device memory: 3 floats per pixel (linear values of the layer shown), rows
 * top to bottom, written by {@link VulkanDisplayResolve} on the viewer's render thread, in an exportable allocation
 * that the UI thread imports into OpenGL ({@link #exportFd}) and reads from there. Every access holds this
 * object's monitor: the writer resolves inside it, a reader reads inside {@link #read}, so a reader never sees a
 * half-written image or freed memory.
 *
 * <p>That host-side order says when GL may read, not that GL sees the bytes: the external-memory extensions
 * promise an importer visibility of Vulkan's writes only after it waits on a semaphore that Vulkan signalled after
 * them (GL: glWaitSemaphoreEXT naming the buffer). So every resolve also signals, where the device exports
 * semaphores as fds (elsewhere they are signalled all the same, unexported), this buffer's timeline semaphore ({@link #exportTimelineFd}; the value reaches {@link #read}'s
 * reader, for GL_NV_timeline_semaphore) and its binary semaphore ({@link #exportBinaryFd}, for GL_EXT_semaphore_fd
 * alone). A binary signal must be waited exactly once: a reader that waits it reports so from {@link #read}; a
 * resolve that finds the previous signal still unwaited waits it itself, in the same batch, before signalling
 * again. Both sides decide under the monitor, after the signalling submission finished, so no wait can block on
 * a signal never submitted and no signal is waited twice.
 */
public final class VulkanDisplayBuffer implements AutoCloseable {
    /** Reads the image through an import, finishing before it returns. */
    @FunctionalInterface
    public interface Reader {
        /**
         * Reads the image. {@code timelineValue}: the value of the timeline semaphore ({@link #exportTimelineFd})
         * that the last resolve signalled (0 before any); {@code binarySignalled}: the binary semaphore
         * ({@link #exportBinaryFd}) carries an unwaited signal of the last resolve. Returns whether it waited that
         * binary signal (it must not wait one that is not there).
         */
        boolean read(long timelineValue, boolean binarySignalled);
    }

    private final VulkanContext ctx;
    private final int width, height;
    private final VulkanBuffer floats;
    private VulkanTimelineSemaphore timeline;
    private VulkanBinarySemaphore binary;
    private long timelineWritten;
    private boolean binaryPending;
    private boolean releasedToExternal;
    private boolean closed;

    VulkanDisplayBuffer(VulkanContext ctx, int width, int height) {
        this.ctx = ctx;
        this.width = width;
        this.height = height;
        floats = VulkanBuffer.exportable(ctx, bytes(), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
        try {
            // Signalled by every resolve even where they cannot be exported (then no reader imports them).
            if (ctx.hasTimelineSemaphores()) timeline = new VulkanTimelineSemaphore(ctx);
            binary = new VulkanBinarySemaphore(ctx);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
     * A new opaque file descriptor for the timeline semaphore every resolve signals (the importer takes it over),
     * or -1 once closed or where the device cannot export timeline semaphores.
     */
    public synchronized int exportTimelineFd() {
        return closed || timeline == null || !timeline.exportable() ? -1 : timeline.exportFd();
    }

    /**
     * A new opaque file descriptor for the binary semaphore every resolve signals (the importer takes it over), or
     * -1 once closed or where the device cannot export binary semaphores.
     */
    public synchronized int exportBinaryFd() {
        return closed || binary == null || !binary.exportable() ? -1 : binary.exportFd();
    }

    /**
     * Runs {@code reader} (which reads the image through an import, and finishes reading before it returns) while
     * no resolve can write; returns false, running nothing, once closed.
     */
    public synchronized boolean read(Runnable reader) {
        return read((value, signalled) -> {
            reader.run();
            return false;
        });
    }

    /**
     * Runs {@code reader} with the semaphore state of the last resolve while no resolve can write; returns false,
     * running nothing, once closed.
     */
    public synchronized boolean read(Reader reader) {
        if (closed) return false;
        if (reader.read(timelineWritten, binaryPending)) binaryPending = false;
        return true;
    }

    /** Whether {@link #close} has run (a reader then drops its import and waits for a newer image). */
    public synchronized boolean closed() { return closed; }

    /**
     * The binary semaphore a resolve's batch must wait before it signals again (its last signal not waited by a
     * reader), or VK_NULL_HANDLE. Caller holds the monitor.
     */
    long binaryToConsume() {
        return binaryPending ? binary.handle() : VK_NULL_HANDLE;
    }

    /** Semaphores a resolve's batch signals, with {@link #signalValues} (caller holds the monitor). */
    long[] signalSemaphores() {
        if (timeline != null && binary != null) return new long[] {timeline.handle(), binary.handle()};
        if (timeline != null) return new long[] {timeline.handle()};
        if (binary != null) return new long[] {binary.handle()};
        return null;
    }

    /** Values for {@link #signalSemaphores}: the timeline's next value reserved here (0 for the binary one). */
    long[] signalValues() {
        if (timeline != null && binary != null) return new long[] {timeline.next(), 0};
        if (timeline != null) return new long[] {timeline.next()};
        if (binary != null) return new long[] {0};
        return null;
    }

    /**
     * Records that a resolve's batch (which waited {@link #binaryToConsume} and signalled
     * {@link #signalSemaphores}) finished, having released the floats to VK_QUEUE_FAMILY_EXTERNAL.
     */
    void resolved() {
        if (timeline != null) timelineWritten = timeline.lastIssued();
        binaryPending = binary != null;
        releasedToExternal = true;
    }

    /** The timeline semaphore every resolve signals, or null where the device has no timeline semaphores. */
    VulkanTimelineSemaphore timelineSemaphore() { return timeline; }

    /** The binary semaphore every resolve signals (VK_NULL_HANDLE once closed). */
    long binarySemaphore() { return binary == null ? VK_NULL_HANDLE : binary.handle(); }

    /**
     * Records into {@code cmd} the acquire of the floats from VK_QUEUE_FAMILY_EXTERNAL, for stages
     * {@code dstStages} with {@code dstAccess}, when the last resolve released them; otherwise nothing. Every
     * Vulkan submission that uses the floats records this first. Caller holds the monitor.
     */
    void recordAcquire(VkCommandBuffer cmd, int dstStages, int dstAccess) {
        if (!releasedToExternal) return;
        try (MemoryStack stack = stackPush()) {
            VulkanDisplayResolve.queueFamilyBarrier(cmd, stack, floats.handle(), VK_QUEUE_FAMILY_EXTERNAL,
                    ctx.queueFamily(), VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, dstStages, 0, dstAccess);
        }
        releasedToExternal = false;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        floats.close();
        if (timeline != null) timeline.close();
        if (binary != null) binary.close();
        timeline = null;
        binary = null;
    }
}
