package dev.lucent.scene;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scene model a loader builds: meshes in object space, a node hierarchy that places them, materials,
 * shared textures, lights, cameras, animations, environment and settings. Nothing here is read by a
 * backend; {@code dev.lucent.compile.SceneCompiler} turns it into the flat compiled scene.
 */
public final class Scene {
    /** The file the scene was loaded from. */
    public final Path source;
    /** "glTF 2.0", "glTF 2.0 (binary)", "Wavefront OBJ", "PLY", "Lucent scene", ... */
    public String format;
    public final List<Mesh> meshes = new ArrayList<>();
    public final List<Material> materials = new ArrayList<>();
    public final List<Texture> textures = new ArrayList<>();
    public final List<Node> nodes = new ArrayList<>();
    public final List<Camera> cameras = new ArrayList<>();
    public final List<Light> lights = new ArrayList<>();
    public final List<Animation> animations = new ArrayList<>();
    public Environment environment = new Environment();
    public RenderSettings settings = new RenderSettings();
    public final FeatureReport features = new FeatureReport();
    /** Triangles of zero area (repeated or collinear vertices) over all meshes: kept, counted at load. */
    public int degenerateTriangles;
    /** Non-fatal problems (missing texture replaced by magenta, ...), each naming the file. */
    public final List<String> warnings = new ArrayList<>();

    public Scene(Path source) { this.source = source; }

    public int addNode(Node n) {
        nodes.add(n);
        return nodes.size() - 1;
    }
}
