package dev.lucent.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a file so that readers see either the complete old content or the complete new content, never a
 * torn file: the bytes go to {@code .<name>.tmp-<random>} in the target's directory, are forced to the disk
 * ({@link FileChannel#force}), and the temp file is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (a POSIX rename(2), atomic within one file system; the temp file is
 * in the same directory, so on the same file system). Missing parent directories are created.
 *
 * <p>On any failure, the writer's included, the temp file is deleted, the existing target is left untouched
 * and the exception is rethrown. A crash between the write and the rename can leave a temp file behind; its
 * leading dot and {@code .tmp-} infix make it recognisable. Every image writer in Lucent goes through here.
 */
public final class AtomicFiles {
    /** Produces a file's content on the stream it is given; the stream is closed by {@link AtomicFiles}. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Atomically replaces {@code target} with {@code data}. */
    public static void write(Path target, byte[] data) throws IOException {
        write(target, out -> out.write(data));
    }

    /** Atomically replaces {@code target} with whatever {@code writer} writes; see the class contract. */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        if (dir == null || name == null) throw new IOException(target + ": not a file path");
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + name + ".tmp-" + randomSuffix());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": the file system cannot rename atomically", e);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) Files.deleteIfExists(temp);
        }
    }

    /** Path of a temp file this class would use for {@code target}: true for names it generates. */
    public static boolean isTempFileFor(Path target, Path candidate) {
        String prefix = "." + target.getFileName() + ".tmp-";
        return candidate.getFileName().toString().startsWith(prefix);
    }

    private static String randomSuffix() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Makes the rename durable (fsync of the directory); best effort, since not every OS allows it. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Directories cannot be opened for fsync on some platforms; the rename itself already happened.
        }
    }

    /** Copies the remaining bytes of {@code data} to {@code out}; used by writers whose output is native memory. */
    static void writeFully(OutputStream out, ByteBuffer data) throws IOException {
        byte[] chunk = new byte[Math.min(data.remaining(), 1 << 20)];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }
}
