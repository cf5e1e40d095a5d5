package dev.lucent.bench;

import dev.lucent.scene.Camera;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.ProceduralMeshes;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.joml.Matrix4f;

/**
 * A scene to benchmark: a name, how to load it (each probe loads its own copy) and optionally the light the
 * shadow-ray test aims at.
 *
 * @param name what the tables call it (a file name, or "procedural-N")
 * @param loader loads the scene; may throw SceneException
 * @param shadowLight parallelogram the shadow rays aim at, world space: corner xyz, edge 1 xyz, edge 2 xyz (9
 *     floats); null lets the probe place one from the scene's bounds ({@link #defaultShadowLight})
 */
public record BenchScene(String name, Supplier<Scene> loader, float[] shadowLight) {
    /** A scene file. */
    public static BenchScene file(Path file) {
        return new BenchScene(file.getFileName().toString(), () -> SceneLoader.load(file), null);
    }

    /**
     * About {@code triangles} procedural triangles ({@link ProceduralMeshes#blobs}, seed 1: a terrain grid with
     * blobs on it, one mesh, one instance, clay material) under a uniform pale-blue sky, seen by a pinhole
     * camera {@code 0.13 s} above the field's centre and {@code 0.3 s} back from it, looking down at 45 degrees
     * with a 45-degree vertical field of view (s = 0.05 sqrt(triangles), the field's size); the shadow light is a
     * square of side 0.2 s centred half a field above the centre. The ray-casting benchmark of the CUDA backend
     * uses the same camera and light, so its figures compare.
     */
    public static BenchScene procedural(long triangles) {
        if (triangles < 1) throw new IllegalArgumentException("--procedural: at least 1 triangle");
        float s = proceduralFieldSize(triangles);
        float[] light = {-0.1f * s, 0.5f * s, -0.1f * s, 0.2f * s, 0, 0, 0, 0, 0.2f * s};
        return new BenchScene("procedural-" + triangles, () -> proceduralScene(triangles), light);
    }

    /** Side of the procedural field, scene units. */
    public static float proceduralFieldSize(long triangles) {
        return (float) Math.sqrt(triangles) * 0.05f;
    }

    static Scene proceduralScene(long triangles) {
        float s = proceduralFieldSize(triangles);
        Scene scene = new Scene(Path.of("procedural-" + triangles));
        Mesh mesh = ProceduralMeshes.blobs(triangles, 1);
        Material m = new Material("clay");
        m.baseColor = new float[] {0.8f, 0.6f, 0.5f, 1};
        m.metallic = 0;
        m.roughness = 0.5f;
        scene.materials.add(m);
        mesh.materials = new int[mesh.triangleCount()];
        scene.meshes.add(mesh);
        Node n = new Node("blobs");
        n.mesh = 0;
        scene.addNode(n);
        scene.environment.color = new float[] {0.8f, 0.9f, 1.0f};
        Camera cam = new Camera("down45");
        cam.yfov = (float) Math.toRadians(45);
        scene.cameras.add(cam);
        Node cn = new Node("down45");
        cn.camera = scene.cameras.size() - 1;
        float h = 0.13f * s, z0 = 0.3f * s;
        cn.matrix = new Matrix4f().setLookAt(0, h, z0, 0, h - 1, z0 - 1, 0, 1, 0).invertAffine();
        scene.addNode(cn);
        return scene;
    }

    /**
     * The shadow light of a scene without one: a horizontal square at 90% of the height of the world bounds
     * {@code lo}..{@code hi}, centred over them, its side 40% of the smaller horizontal extent (inside a closed
     * room such as the Cornell box it hangs under the ceiling).
     */
    public static float[] defaultShadowLight(float[] lo, float[] hi) {
        float side = 0.4f * Math.min(hi[0] - lo[0], hi[2] - lo[2]);
        float cx = 0.5f * (lo[0] + hi[0]), cz = 0.5f * (lo[2] + hi[2]);
        float y = lo[1] + 0.9f * (hi[1] - lo[1]);
        return new float[] {cx - side / 2, y, cz - side / 2, side, 0, 0, 0, 0, side};
    }
}
