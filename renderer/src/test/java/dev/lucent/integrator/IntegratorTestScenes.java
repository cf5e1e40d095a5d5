package dev.lucent.integrator;

import dev.lucent.backend.RenderOptions;
import dev.lucent.backend.cpu.CpuBackend;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Camera;
import dev.lucent.scene.Light;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Shapes;
import java.nio.file.Path;
import org.joml.Quaternionf;
import org.joml.Vector3f;

/** Scenes with known answers for the integrator tests, built in code, and a one-call CPU render. */
final class IntegratorTestScenes {
    private IntegratorTestScenes() {}

    static Scene empty() {
        return new Scene(Path.of("integrator-test.json"));
    }

    /** A material with every glTF factor given. */
    static Material material(String name, float r, float g, float b, float metallic, float roughness,
            float transmission, float ior) {
        Material m = new Material(name);
        m.baseColor = new float[] {r, g, b, 1};
        m.metallic = metallic;
        m.roughness = roughness;
        m.transmission = transmission;
        m.ior = ior;
        return m;
    }

    /** Adds {@code mesh} (all triangles material {@code material}) at {@code translation}; returns the node. */
    static Node add(Scene s, Mesh mesh, int material, float x, float y, float z) {
        java.util.Arrays.fill(mesh.materials, material);
        s.meshes.add(mesh);
        Node n = new Node(mesh.name);
        n.mesh = s.meshes.size() - 1;
        n.translation.set(x, y, z);
        s.addNode(n);
        return n;
    }

    /** Adds {@code material}; returns its index. */
    static int add(Scene s, Material material) {
        s.materials.add(material);
        return s.materials.size() - 1;
    }

    /** A perspective camera at {@code eye} looking at {@code target} (+y up) with vertical fov in degrees. */
    static void camera(Scene s, float fovDegrees, Vector3f eye, Vector3f target) {
        Camera c = new Camera("test");
        c.yfov = (float) Math.toRadians(fovDegrees);
        s.cameras.add(c);
        Node n = new Node("camera");
        n.camera = s.cameras.size() - 1;
        n.translation.set(eye);
        // glTF cameras look down -z: rotate -z onto the view direction.
        Vector3f dir = new Vector3f(target).sub(eye).normalize();
        n.rotation.set(new Quaternionf().lookAlong(dir, new Vector3f(0, 1, 0)).conjugate());
        s.addNode(n);
    }

    /** A point light of intensity {@code intensity} (W/sr) at (x, y, z). */
    static void pointLight(Scene s, float intensity, float x, float y, float z) {
        Light l = new Light("point", Light.Type.POINT);
        l.intensity = intensity;
        s.lights.add(l);
        Node n = new Node("light");
        n.light = s.lights.size() - 1;
        n.translation.set(x, y, z);
        s.addNode(n);
    }

    /** Uniform environment radiance. */
    static void uniformEnvironment(Scene s, float radiance) {
        s.environment.texture = -1;
        s.environment.color = new float[] {radiance, radiance, radiance};
        s.environment.intensity = 1;
    }

    /** Renders {@code scene} at width x height, spp samples, box filter, with {@code threads} CPU threads. */
    static Film render(Scene scene, int width, int height, int spp, int maxDepth, int threads, long seed) {
        Film film = new Film(width, height);
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.defaults().withSize(width, height));
                CpuBackend backend = new CpuBackend()) {
            backend.prepare(cs, new RenderOptions(maxDepth, 0, seed, threads, new BoxFilter()));
            backend.render(film, 0, spp, null);
        }
        return film;
    }

    /** Mean of channel c over all pixels. */
    static double mean(Film f, int c) {
        double s = 0;
        for (int p = 0; p < f.pixelCount(); p++) s += f.mean(p, c);
        return s / f.pixelCount();
    }

    /** A sphere centred at the origin of radius r, fine enough that faceting is far below test tolerances. */
    static Mesh sphere(float radius) {
        return Shapes.sphere(radius, 256);
    }
}
