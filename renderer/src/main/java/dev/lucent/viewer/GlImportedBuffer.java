package dev.lucent.viewer;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.lwjgl.BufferUtils;
import org.lwjgl.opengl.EXTMemoryObject;
import org.lwjgl.opengl.EXTMemoryObjectFD;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.linux.UNISTD;

/**
 * An OpenGL buffer object whose storage is another API's memory (a Vulkan exportable buffer's dedicated
 * allocation, {@code VulkanBuffer.exportFd}) imported from an opaque POSIX file descriptor with
 * GL_EXT_memory_object and GL_EXT_memory_object_fd (glImportMemoryFdEXT, glBufferStorageMemEXT): GL reads what
 * Vulkan wrote with no copy through the host. The memory is shared only when GL and Vulkan run on the same
 * device and driver ({@link #deviceUuid} equal to Vulkan's deviceUUID); the caller orders access (Vulkan's work
 * finished, e.g. its fence waited on, before GL reads).
 *
 * <p>Created, used and closed on a thread whose GL context is current. Close it before the exporter frees the
 * memory: closing deletes the buffer, then the memory object.
 */
final class GlImportedBuffer implements AutoCloseable {
    private int buffer;
    private int memory;
    private final long size;

    /**
     * Why the current GL context cannot import memory from a file descriptor, or null when it can
     * (GL_EXT_memory_object and GL_EXT_memory_object_fd present).
     */
    static String problem() {
        GLCapabilities caps = GL.getCapabilities();
        if (!caps.GL_EXT_memory_object || !caps.GL_EXT_memory_object_fd) {
            return "OpenGL (" + glGetString(GL_RENDERER) + ") has no GL_EXT_memory_object_fd";
        }
        return null;
    }

    /** The UUID of the device the current GL context renders on (GL_DEVICE_UUID_EXT, index 0), 16 bytes. */
    static byte[] deviceUuid() {
        ByteBuffer b = BufferUtils.createByteBuffer(EXTMemoryObject.GL_UUID_SIZE_EXT);
        EXTMemoryObject.glGetUnsignedBytei_vEXT(EXTMemoryObject.GL_DEVICE_UUID_EXT, 0, b);
        byte[] u = new byte[EXTMemoryObject.GL_UUID_SIZE_EXT];
        b.get(u);
        return u;
    }

    /** Whether the current GL context's device UUID is {@code vulkanDeviceUuid}. */
    static boolean sameDevice(byte[] vulkanDeviceUuid) {
        return Arrays.equals(deviceUuid(), vulkanDeviceUuid);
    }

    /**
     * Imports {@code allocationBytes} of memory from {@code fd} (taken over: GL owns it once imported, and a failed
     * import closes it) and creates a buffer over its first {@code size} bytes. {@code dedicated}: the memory is a dedicated
     * allocation (GL_DEDICATED_MEMORY_OBJECT_EXT), as Vulkan's exportable buffers are.
     *
     * @throws IllegalStateException when the context cannot import ({@link #problem}) or GL reports an error
     */
    GlImportedBuffer(int fd, long allocationBytes, boolean dedicated, long size) {
        String why = problem();
        if (why != null || size <= 0 || size > allocationBytes) {
            if (fd >= 0) UNISTD.close(null, fd);
            if (why != null) throw new IllegalStateException(why);
            throw new IllegalArgumentException("buffer of " + size + " bytes over a " + allocationBytes + "-byte import");
        }
        this.size = size;
        glGetError(); // clear errors left by earlier calls, so the checks below see only the import's
        memory = EXTMemoryObject.glCreateMemoryObjectsEXT();
        try {
            if (dedicated) {
                EXTMemoryObject.glMemoryObjectParameteriEXT(memory, EXTMemoryObject.GL_DEDICATED_MEMORY_OBJECT_EXT,
                        GL_TRUE);
            }
            EXTMemoryObjectFD.glImportMemoryFdEXT(memory, allocationBytes, EXTMemoryObjectFD.GL_HANDLE_TYPE_OPAQUE_FD_EXT,
                    fd);
            int e = glGetError();
            if (e != GL_NO_ERROR) {
                UNISTD.close(null, fd); // a failed import leaves the descriptor with the caller
                throw new IllegalStateException("glImportMemoryFdEXT failed: GL error 0x" + Integer.toHexString(e));
            }
            buffer = glGenBuffers();
            glBindBuffer(GL_COPY_READ_BUFFER, buffer);
            EXTMemoryObject.glBufferStorageMemEXT(GL_COPY_READ_BUFFER, size, memory, 0);
            glBindBuffer(GL_COPY_READ_BUFFER, 0);
            check("glBufferStorageMemEXT");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void check(String call) {
        int e = glGetError();
        if (e != GL_NO_ERROR) throw new IllegalStateException(call + " failed: GL error 0x" + Integer.toHexString(e));
    }

    /** The GL buffer name (bind it as GL_PIXEL_UNPACK_BUFFER, GL_TEXTURE_BUFFER, GL_COPY_READ_BUFFER...). */
    int name() {
        if (buffer == 0) throw new IllegalStateException("closed");
        return buffer;
    }

    /** Bytes the buffer covers. */
    long size() { return size; }

    @Override
    public void close() {
        if (buffer != 0) glDeleteBuffers(buffer);
        buffer = 0;
        if (memory != 0) EXTMemoryObject.glDeleteMemoryObjectsEXT(memory);
        memory = 0;
    }
}
