package dev.lucent.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch by extension and the one-line errors for paths that cannot be loaded at all. */
class SceneLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void unsupportedExtensionNamesFileAndFormats() throws Exception {
        Path p = Files.writeString(tmp.resolve("scene.fbx"), "x");
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(p));
        assertEquals(p + ": unsupported file type 'fbx'; supported: " + SceneLoader.SUPPORTED, e.getMessage());
        assertTrue(SceneLoader.SUPPORTED.contains(".gltf") && SceneLoader.SUPPORTED.contains(".ply"));
    }

    @Test
    void noExtension() throws Exception {
        Path p = Files.writeString(tmp.resolve("scene"), "x");
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(p));
        assertTrue(e.getMessage().contains("unsupported file type ''"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("nothere.gltf");
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(p));
        assertEquals(p + ": file not found", e.getMessage());
        assertEquals(p, e.file());
    }

    @Test
    void directory() throws Exception {
        Path p = Files.createDirectory(tmp.resolve("dir.obj"));
        SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(p));
        assertEquals(p + ": is a directory, not a scene file", e.getMessage());
    }

    @Test
    void unreadableFile() throws Exception {
        Path p = Files.writeString(tmp.resolve("locked.json"), "{}");
        assertTrue(p.toFile().setReadable(false, false));
        try {
            if (Files.isReadable(p)) return; // running as root: permissions do not apply
            SceneException e = assertThrows(SceneException.class, () -> SceneLoader.load(p));
            assertEquals(p + ": file is not readable (permissions)", e.getMessage());
        } finally {
            p.toFile().setReadable(true, false);
        }
    }

    @Test
    void extensionIsCaseInsensitive() throws Exception {
        Path p = Files.writeString(tmp.resolve("TRI.OBJ"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
        assertEquals("Wavefront OBJ", SceneLoader.load(p).format);
        assertEquals("obj", SceneLoader.extension(p));
    }
}
