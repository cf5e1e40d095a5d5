package dev.lucent.scene;

import dev.lucent.scene.assimp.AssimpLoader;
import dev.lucent.scene.file.SceneFileLoader;
import dev.lucent.scene.gltf.GltfLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Entry point for loading any supported scene file: chooses the importer by file extension
 * (.gltf/.glb, .obj, .ply, .json = Lucent scene file). Every failure is a {@link SceneException} that names
 * the file and the problem. Every loaded scene has passed {@link SceneValidator#validate}.
 */
public final class SceneLoader {
    private SceneLoader() {}

    /** The extensions {@link #load} accepts, for messages and help texts. */
    public static final String SUPPORTED = ".gltf, .glb (glTF 2.0), .obj (Wavefront OBJ + MTL), .ply,"
            + " .json (Lucent scene file)";

    public static Scene load(Path path) {
        if (path == null) throw new SceneException(null, "no scene file given");
        if (!Files.exists(path)) throw new SceneException(path, "file not found");
        if (Files.isDirectory(path)) throw new SceneException(path, "is a directory, not a scene file");
        if (!Files.isReadable(path)) throw new SceneException(path, "file is not readable (permissions)");
        String ext = extension(path);
        if (!ext.equals("gltf") && !ext.equals("glb") && !ext.equals("obj") && !ext.equals("ply")
                && !ext.equals("json")) {
            throw new SceneException(path, "unsupported file type '" + ext + "'; supported: " + SUPPORTED);
        }
        try {
            Scene scene;
            switch (ext) {
                case "gltf", "glb" -> scene = GltfLoader.load(path);
                case "obj", "ply" -> scene = AssimpLoader.load(path);
                default -> scene = SceneFileLoader.load(path);
            }
            if (!ext.equals("json")) SceneValidator.validate(scene);
            return scene;
        } catch (SceneException e) {
            throw e;
        } catch (RuntimeException e) {
            // A loader bug or a library failure on odd input: still one line for the user, cause kept.
            throw new SceneException(path, "unexpected error while loading (" + e + ")", e);
        }
    }

    /** Lower-case extension without the dot, or "" when the file name has none. */
    public static String extension(Path path) {
        String name = path.getFileName() != null ? path.getFileName().toString() : "";
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
