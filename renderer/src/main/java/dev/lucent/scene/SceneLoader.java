package dev.lucent.scene;

import java.nio.file.Path;

/**
 * Entry point for loading any supported scene file: chooses the importer by file extension
 * (.gltf/.glb, .obj, .ply, .json = Lucent scene file). Every failure is a {@link SceneException} that names
 * the file and the problem.
 */
public final class SceneLoader {
    private SceneLoader() {}

    public static Scene load(Path path) {
        throw new SceneException(path, "scene loading is not implemented yet");
    }
}
