package dev.lucent.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesNewFileAndCreatesParentDirectories() throws IOException {
        Path target = dir.resolve("a/b/out.bin");
        byte[] data = {1, 2, 3, 4, 5};
        AtomicFiles.write(target, data);
        assertArrayEquals(data, Files.readAllBytes(target));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList(), "only the target remains, no temp file");
        }
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old content");
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void failureHalfwayLeavesOldFileIntactAndNoTemp() throws IOException {
        Path target = dir.resolve("image.png");
        Files.writeString(target, "previous image");
        byte[] replacement = new byte[100_000];
        for (int i = 0; i < replacement.length; i++) replacement[i] = (byte) i;

        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(replacement, 0, replacement.length / 2);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", thrown.getMessage());
        assertEquals("previous image", Files.readString(target));
        assertEquals(List.of(target), listing(), "the temp file was removed");
    }

    @Test
    void runtimeFailureAlsoCleansUp() throws IOException {
        Path target = dir.resolve("x.exr");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[10]);
            throw new IllegalStateException("encoder bug (simulated)");
        }));
        assertEquals(List.of(), listing(), "no target was created and no temp file is left");
    }

    @Test
    void failedRenameLeavesNoTemp() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child")); // a non-empty directory cannot be replaced
        assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {42}));
        assertTrue(Files.isDirectory(target.resolve("child")));
        assertEquals(List.of(target), listing());
    }

    @Test
    void tempNamesAreRecognisable() {
        Path target = dir.resolve("render.png");
        assertTrue(AtomicFiles.isTempFileFor(target, dir.resolve(".render.png.tmp-0123abcd")));
        assertTrue(!AtomicFiles.isTempFileFor(target, dir.resolve("render.png")));
    }
}
