package dev.lucent.compile;

import dev.lucent.bvh.BvhStats;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Environment;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneEvaluator;
import dev.lucent.scene.SceneException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joml.Matrix4f;

/**
 * Turns a {@link Scene} into the {@link CompiledScene} every backend reads (see its Javadoc for the pools,
 * and {@code lucent_layout.h} for the structs). Usage:
 *
 * <pre>{@code
 * try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings))) {
 *     SceneIntersector isect = new SceneIntersector(cs);   // one per thread
 *     ...
 *     cs.updateInstances(scene, nextFrameTime);            // batch frames: TLAS rebuilt, BLAS reused
 * }
 * }</pre>
 *
 * Steps: node transforms at the options' time ({@link SceneEvaluator}); materials and texture views
 * ({@link MaterialWriter}); images and texels ({@link ImageWriter}); vertex and triangle pools, generated
 * normals and tangents, one BLAS per used mesh ({@link MeshPoolWriter}); instances and TLAS
 * ({@link InstanceWriter}); punctual lights ({@link LightWriter}); emissive triangles ({@link EmitterWriter});
 * cameras ({@link CameraWriter}); scene globals. Bad references in the scene (a node naming a missing mesh,
 * a triangle naming a missing material, ...) are {@link SceneException}s naming the scene file.
 */
public final class SceneCompiler {
    private SceneCompiler() {}

    public static CompiledScene compile(Scene scene, CompileOptions options) {
        long t0 = System.nanoTime();
        validateNodes(scene);
        CompiledScene cs = new CompiledScene();
        try {
            cs.options = options;
            cs.nodeMeshes = nodeMeshes(scene);
            Matrix4f[] world = SceneEvaluator.worldMatrices(scene, options.timeSeconds());
            List<Integer> instances = new ArrayList<>(), lights = new ArrayList<>(), cameras = new ArrayList<>();
            boolean[] referenced = new boolean[scene.meshes.size()];
            for (int i = 0; i < scene.nodes.size(); i++) {
                Node n = scene.nodes.get(i);
                if (n.mesh >= 0 && !MeshPoolWriter.isEmpty(scene.meshes.get(n.mesh))) {
                    instances.add(i);
                    referenced[n.mesh] = true;
                }
                if (n.light >= 0) lights.add(i);
                if (n.camera >= 0) cameras.add(i);
            }
            cs.instanceNodes = toArray(instances);
            cs.lightNodes = toArray(lights);
            cs.cameraNodes = toArray(cameras);
            cs.selectedCamera = selectCamera(scene, cs.cameraNodes, options.camera());

            boolean[] needsDefault = {false};
            MeshPoolWriter.MeshPlan[] plans = planMeshes(scene, referenced, needsDefault);
            List<Material> materials = MaterialWriter.materials(scene, needsDefault[0]);
            MaterialWriter.write(cs, scene, materials);
            cs.emissionLuminance = EmitterWriter.emissionLuminance(scene, materials);
            ImageWriter.write(cs, scene);
            MeshPoolWriter.Result meshes = MeshPoolWriter.write(cs, scene, plans, scene.materials.size(),
                    options.bvh());

            InstanceWriter.allocate(cs);
            float[] bounds = new float[6];
            BvhStats tlas = InstanceWriter.write(cs, scene, world, options.bvh(), bounds);
            cs.instancedTriangleCount = instancedTriangles(scene, cs.instanceNodes);

            LightWriter.allocate(cs);
            LightWriter.write(cs, scene, world);
            EmitterWriter.write(cs, cs.emissionLuminance);
            CameraWriter.allocate(cs, scene);
            if (cs.cameraNodes.length == 0) CameraWriter.writeDefault(cs, bounds, options.aspect());
            else CameraWriter.write(cs, scene, world, options.aspect());
            cs.globals = NativeBuffer.allocate(LcSceneGlobals.BYTES);
            writeGlobals(cs, scene, bounds);

            cs.stats = new CompileStats(meshes.blas(), tlas, (System.nanoTime() - t0) / 1e6,
                    meshes.bvhMillis() + tlas.buildMillis(), memory(cs));
            return cs;
        } catch (RuntimeException | Error e) {
            cs.close();
            throw e;
        }
    }

    /**
     * Re-evaluates {@code scene} at {@code timeSeconds} into {@code cs}: instances, TLAS, lights, cameras,
     * emitters and world bounds. The default camera (scenes without cameras) stays where compile put it.
     * {@code stats.tlas} and memory figures are replaced; compile and BLAS figures describe the compile.
     */
    public static void update(CompiledScene cs, Scene scene, float timeSeconds) {
        if (!Float.isFinite(timeSeconds)) throw new IllegalArgumentException("time must be finite: " + timeSeconds);
        validateNodes(scene);
        int[] now = nodeMeshes(scene);
        boolean same = Arrays.equals(now, cs.nodeMeshes) && scene.meshes.size() == cs.meshCount;
        for (int n : cs.lightNodes) same &= scene.nodes.get(n).light >= 0;
        for (int n : cs.cameraNodes) same &= scene.nodes.get(n).camera >= 0;
        if (!same) {
            throw new SceneException(scene.source,
                    "the scene's nodes, meshes, lights or cameras changed since it was compiled; compile it again");
        }
        Matrix4f[] world = SceneEvaluator.worldMatrices(scene, timeSeconds);
        float[] bounds = new float[6];
        BvhStats tlas = InstanceWriter.write(cs, scene, world, cs.options.bvh(), bounds);
        LightWriter.write(cs, scene, world);
        EmitterWriter.write(cs, cs.emissionLuminance);
        CameraWriter.write(cs, scene, world, cs.options.aspect());
        writeGlobals(cs, scene, bounds);
        cs.options = cs.options.withTime(timeSeconds);
        CompileStats old = cs.stats;
        cs.stats = new CompileStats(old.blas(), tlas, old.compileMillis(), old.bvhMillis(), memory(cs));
    }

    private static void writeGlobals(CompiledScene cs, Scene scene, float[] bounds) {
        NativeBuffer g = cs.globals;
        PoolIo.putVec4(g, LcSceneGlobals.BBOX_MIN, bounds[0], bounds[1], bounds[2], 0);
        PoolIo.putVec4(g, LcSceneGlobals.BBOX_MAX, bounds[3], bounds[4], bounds[5], 0);
        writeEnvironment(cs, scene);
        g.putInt(LcSceneGlobals.LIGHT_COUNT, cs.lightCount);
    }

    /** The environment fields of {@code cs.globals}: background (colour x intensity), map, intensity, rotation. */
    static void writeEnvironment(CompiledScene cs, Scene scene) {
        Environment env = scene.environment != null ? scene.environment : new Environment();
        if (env.texture >= scene.textures.size()) {
            throw new SceneException(scene.source, "the environment uses texture " + env.texture
                    + " but the scene has " + scene.textures.size());
        }
        NativeBuffer g = cs.globals;
        float k = env.intensity;
        PoolIo.putVec4(g, LcSceneGlobals.BACKGROUND, env.color[0] * k, env.color[1] * k, env.color[2] * k, 0);
        g.putInt(LcSceneGlobals.ENV_IMAGE, env.texture >= 0 ? env.texture : Layout.LC_NONE);
        g.putFloat(LcSceneGlobals.ENV_INTENSITY, env.intensity);
        g.putFloat(LcSceneGlobals.ENV_ROTATION, (float) Math.toRadians(env.rotationDegrees));
    }

    /** Every node reference must name something that exists. */
    private static void validateNodes(Scene scene) {
        for (int i = 0; i < scene.nodes.size(); i++) {
            Node n = scene.nodes.get(i);
            String what = "node " + i + " ('" + n.name + "')";
            check(scene, what, "mesh", n.mesh, scene.meshes.size());
            check(scene, what, "light", n.light, scene.lights.size());
            check(scene, what, "camera", n.camera, scene.cameras.size());
            check(scene, what, "material override", n.materialOverride, scene.materials.size());
        }
    }

    private static void check(Scene scene, String what, String kind, int index, int size) {
        if (index < -1 || index >= size) {
            throw new SceneException(scene.source, what + " names " + kind + " " + index + " but the scene has "
                    + size);
        }
    }

    private static int selectCamera(Scene scene, int[] cameraNodes, String name) {
        if (name == null) return 0;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cameraNodes.length; i++) {
            String n = CameraWriter.name(scene, cameraNodes[i]);
            if (n.equals(name)) return i;
            names.add(n);
        }
        if (cameraNodes.length == 0 && name.equals("default")) return 0;
        throw new SceneException(scene.source, "no camera named '" + name + "'; the scene has "
                + (names.isEmpty() ? "none (only 'default')" : String.join(", ", names)));
    }

    /**
     * Which meshes are stored (non-empty and used by a node) and which need generated tangents (no tangents
     * of their own and some material they are drawn with has a normal map). Checks every material id;
     * {@code needsDefault[0]} becomes true when some stored triangle names no material.
     */
    private static MeshPoolWriter.MeshPlan[] planMeshes(Scene scene, boolean[] referenced, boolean[] needsDefault) {
        int materialCount = scene.materials.size();
        boolean[] normalMapped = new boolean[materialCount];
        for (int i = 0; i < materialCount; i++) normalMapped[i] = scene.materials.get(i).normalTexture != null;
        boolean[] overrideNormalMap = new boolean[scene.meshes.size()];
        for (Node n : scene.nodes) {
            if (n.mesh >= 0 && n.materialOverride >= 0 && normalMapped[n.materialOverride]) {
                overrideNormalMap[n.mesh] = true;
            }
        }
        MeshPoolWriter.MeshPlan[] plans = new MeshPoolWriter.MeshPlan[scene.meshes.size()];
        for (int i = 0; i < plans.length; i++) {
            Mesh m = scene.meshes.get(i);
            if (!referenced[i]) {
                plans[i] = new MeshPoolWriter.MeshPlan(false, false);
                continue;
            }
            boolean normalMap = overrideNormalMap[i];
            if (m.materials == null) {
                needsDefault[0] = true;
            } else {
                for (int t = 0; t < m.materials.length; t++) {
                    int id = m.materials[t];
                    if (id < 0) {
                        needsDefault[0] = true;
                    } else if (id >= materialCount) {
                        throw new SceneException(scene.source, "mesh " + i + " ('" + m.name + "') triangle " + t
                                + " names material " + id + " but the scene has " + materialCount);
                    } else {
                        normalMap |= normalMapped[id];
                    }
                }
            }
            plans[i] = new MeshPoolWriter.MeshPlan(true, normalMap && m.tangents == null);
        }
        return plans;
    }

    private static int[] nodeMeshes(Scene scene) {
        int[] m = new int[scene.nodes.size()];
        for (int i = 0; i < m.length; i++) m[i] = scene.nodes.get(i).mesh;
        return m;
    }

    private static long instancedTriangles(Scene scene, int[] instanceNodes) {
        long n = 0;
        for (int node : instanceNodes) n += scene.meshes.get(scene.nodes.get(node).mesh).indices.length / 3;
        return n;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Bytes per category, from the pool sizes. */
    private static Map<String, Long> memory(CompiledScene cs) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("vertices", cs.positions.size() + cs.normals.size() + cs.uvs.size() + cs.tangents.size());
        m.put("indices", cs.triangles.size() + cs.triangleMaterials.size());
        m.put("bvh", cs.blasNodes.size() + cs.tlasNodes.size() + cs.tlasInstances.size());
        m.put("instances", cs.instances.size() + cs.meshes.size());
        m.put("materials", cs.materials.size() + cs.textureViews.size());
        m.put("textures", cs.images.size() + cs.texels.size());
        m.put("lights", cs.lights.size() + cs.emitters.size());
        m.put("cameras", cs.cameras.size() + cs.globals.size());
        return m;
    }
}
