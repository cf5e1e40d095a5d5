package dev.lucent.scene.assimp;

import static org.lwjgl.assimp.Assimp.*;

import dev.lucent.scene.FeatureReport.Support;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.TextureCache;
import dev.lucent.scene.TextureRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.joml.Matrix4f;
import org.lwjgl.assimp.AIColor4D;
import org.lwjgl.assimp.AIFace;
import org.lwjgl.assimp.AIMaterial;
import org.lwjgl.assimp.AIMatrix4x4;
import org.lwjgl.assimp.AIMesh;
import org.lwjgl.assimp.AINode;
import org.lwjgl.assimp.AIPropertyStore;
import org.lwjgl.assimp.AIScene;
import org.lwjgl.assimp.AIString;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * Wavefront OBJ (+ MTL) and PLY importer through LWJGL's Assimp binding. Post-processing: Triangulate,
 * JoinIdenticalVertices, GenSmoothNormals (Assimp skips meshes that have normals), SortByPType (point and
 * line meshes are split off, then skipped and reported), FlipUVs (OBJ/PLY texture coordinates have v up;
 * Lucent's meshes use glTF's v down). Smooth normals are averaged only across edges up to
 * {@link #MAX_SMOOTHING_ANGLE} degrees, so hard edges stay hard. The aiScene is released before returning,
 * whatever happens.
 *
 * <p>Assimp's node hierarchy is kept: one {@link Node} per aiNode (its transform as {@link Node#matrix} when
 * not the identity); the meshes of one aiNode are merged into one {@link Mesh} with per-triangle materials.
 * Materials follow {@link MtlMaterialMapping}; map_Kd, norm (normal map) and map_Ke are carried, each image
 * decoded once; only materials some triangle uses are imported.
 */
public final class AssimpLoader {
    private AssimpLoader() {}

    static final int FLAGS = aiProcess_Triangulate | aiProcess_JoinIdenticalVertices | aiProcess_GenSmoothNormals
            | aiProcess_SortByPType | aiProcess_FlipUVs;

    /**
     * Largest angle, in degrees, between the face normals GenSmoothNormals averages at a shared vertex; edges
     * between faces meeting at a larger angle stay hard. Assimp's default (175) smooths the edges of boxes
     * such as the Cornell box's blocks into one rounded normal field; 80 keeps 90-degree edges hard while
     * curved meshes (teapot, bunny: a few degrees between neighbouring faces) stay smooth.
     */
    static final float MAX_SMOOTHING_ANGLE = 80;

    public static Scene load(Path file) {
        AIPropertyStore properties = aiCreatePropertyStore();
        if (properties == null) throw new SceneException(file, "Assimp could not create a property store");
        AIScene ai;
        try {
            aiSetImportPropertyFloat(properties, AI_CONFIG_PP_GSN_MAX_SMOOTHING_ANGLE, MAX_SMOOTHING_ANGLE);
            ai = aiImportFileExWithProperties(file.toAbsolutePath().toString(), FLAGS, null, properties);
        } finally {
            aiReleasePropertyStore(properties);
        }
        if (ai == null) {
            throw new SceneException(file, "cannot import: " + oneLine(aiGetErrorString()));
        }
        try {
            if ((ai.mFlags() & AI_SCENE_FLAGS_INCOMPLETE) != 0) {
                throw new SceneException(file, "Assimp imported an incomplete scene: " + oneLine(aiGetErrorString()));
            }
            Scene scene = new Scene(file);
            boolean obj = file.getFileName().toString().toLowerCase().endsWith(".obj");
            scene.format = obj ? "Wavefront OBJ" : "PLY";
            if (obj) checkMaterialLibraries(file, scene);
            new Importer(file, ai, scene).run();
            return scene;
        } finally {
            aiReleaseImport(ai);
        }
    }

    private static String oneLine(String s) {
        return s == null || s.isBlank() ? "no reason given" : s.strip().replace('\n', ' ');
    }

    /** Assimp goes on silently without a missing .mtl; Lucent warns. */
    private static void checkMaterialLibraries(Path file, Scene scene) {
        Path dir = file.toAbsolutePath().getParent();
        try (Stream<String> lines = Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            lines.filter(l -> l.startsWith("mtllib")).forEach(l -> {
                String name = l.substring(6).strip();
                if (!name.isEmpty() && !Files.isRegularFile(dir.resolve(name))) {
                    scene.warnings.add(file + ": material library '" + name
                            + "' not found; its materials use Assimp's default (grey 0.6)");
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            scene.warnings.add(file + ": could not scan for mtllib lines: " + e.getMessage());
        }
    }

    private static final class Importer {
        final Path file;
        final AIScene ai;
        final Scene scene;
        final TextureCache textures;
        final int[] materialMap;
        final Map<String, Integer> meshMap = new HashMap<>();

        Importer(Path file, AIScene ai, Scene scene) {
            this.file = file;
            this.ai = ai;
            this.scene = scene;
            this.textures = new TextureCache(scene);
            this.materialMap = new int[ai.mNumMaterials()];
            Arrays.fill(materialMap, -1);
        }

        void run() {
            scene.features.add("MTL materials", Support.APPROXIMATED,
                    "Blinn-Phong converted to metallic-roughness: Kd base colour, Ns roughness, Ke emission,"
                            + " d/Tr alpha, glass illum models transmission; Ks ignored");
            AINode root = ai.mRootNode();
            if (root == null) throw new SceneException(file, "Assimp returned a scene without a root node");
            List<AINode> order = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            collect(root, -1, order, parents);
            for (int i = 0; i < order.size(); i++) {
                AINode n = order.get(i);
                Node node = new Node(n.mName().dataString().isEmpty() ? "node " + i : n.mName().dataString());
                node.parent = parents.get(i);
                node.matrix = matrix(n.mTransformation());
                node.mesh = mesh(n);
                scene.addNode(node);
            }
            textures.decodeAll();
        }

        /** Depth first, parents before children. */
        void collect(AINode n, int parent, List<AINode> order, List<Integer> parents) {
            order.add(n);
            parents.add(parent);
            int self = order.size() - 1;
            for (int c = 0; c < n.mNumChildren(); c++) {
                collect(AINode.create(n.mChildren().get(c)), self, order, parents);
            }
        }

        /** Row-major aiMatrix4x4 to a JOML matrix; null for the identity. */
        static Matrix4f matrix(AIMatrix4x4 m) {
            Matrix4f out = new Matrix4f(m.a1(), m.b1(), m.c1(), m.d1(), m.a2(), m.b2(), m.c2(), m.d2(),
                    m.a3(), m.b3(), m.c3(), m.d3(), m.a4(), m.b4(), m.c4(), m.d4());
            return out.equals(new Matrix4f()) ? null : out;
        }

        /** The merged mesh of an aiNode's meshes (shared when another node lists the same ones), or -1. */
        int mesh(AINode n) {
            if (n.mNumMeshes() == 0) return -1;
            int[] ids = new int[n.mNumMeshes()];
            n.mMeshes().get(ids);
            String key = Arrays.toString(ids);
            Integer known = meshMap.get(key);
            if (known != null) return known;
            List<AIMesh> tri = new ArrayList<>();
            for (int id : ids) {
                AIMesh m = AIMesh.create(ai.mMeshes().get(id));
                if ((m.mPrimitiveTypes() & aiPrimitiveType_TRIANGLE) == 0 || m.mNumFaces() == 0) {
                    scene.features.add("points and lines", Support.IGNORED,
                            "point and line elements are not rendered");
                    continue;
                }
                tri.add(m);
            }
            int index = -1;
            if (!tri.isEmpty()) {
                scene.meshes.add(merge(n.mName().dataString(), tri));
                index = scene.meshes.size() - 1;
            }
            meshMap.put(key, index);
            return index;
        }

        Mesh merge(String name, List<AIMesh> parts) {
            long nv = 0, nt = 0;
            boolean allNormals = true, anyUv = false;
            for (AIMesh m : parts) {
                nv += m.mNumVertices();
                nt += m.mNumFaces();
                allNormals &= m.mNormals() != null;
                anyUv |= m.mTextureCoords(0) != null;
                if (m.mColors(0) != null) {
                    scene.features.add("vertex colours", Support.IGNORED, "vertex colours are not applied");
                }
            }
            if (nv * 3 > Integer.MAX_VALUE - 8 || nt * 3 > Integer.MAX_VALUE - 8) {
                throw new SceneException(file, "mesh '" + name + "' is too large (" + nv + " vertices, " + nt
                        + " triangles)");
            }
            Mesh mesh = new Mesh(name.isEmpty() ? file.getFileName().toString() : name);
            mesh.positions = new float[(int) nv * 3];
            mesh.normals = allNormals ? new float[(int) nv * 3] : null;
            mesh.uvs = anyUv ? new float[(int) nv * 2] : null;
            mesh.indices = new int[(int) nt * 3];
            mesh.materials = new int[(int) nt];
            int v = 0, t = 0;
            for (AIMesh m : parts) {
                int count = m.mNumVertices();
                MemoryUtil.memFloatBuffer(m.mVertices().address(), count * 3).get(mesh.positions, v * 3, count * 3);
                if (mesh.normals != null) {
                    MemoryUtil.memFloatBuffer(m.mNormals().address(), count * 3).get(mesh.normals, v * 3, count * 3);
                }
                var uv = m.mTextureCoords(0);
                if (uv != null) {
                    var src = MemoryUtil.memFloatBuffer(uv.address(), count * 3); // aiVector3D: u, v, w
                    for (int i = 0; i < count; i++) {
                        mesh.uvs[(v + i) * 2] = src.get(i * 3);
                        mesh.uvs[(v + i) * 2 + 1] = src.get(i * 3 + 1);
                    }
                }
                int material = material(m.mMaterialIndex());
                AIFace.Buffer faces = m.mFaces();
                int kept = 0;
                for (int f = 0; f < m.mNumFaces(); f++) {
                    AIFace face = faces.get(f);
                    if (face.mNumIndices() != 3) continue; // points/lines sorted into this mesh: not rendered
                    var idx = face.mIndices();
                    mesh.indices[(t + kept) * 3] = idx.get(0) + v;
                    mesh.indices[(t + kept) * 3 + 1] = idx.get(1) + v;
                    mesh.indices[(t + kept) * 3 + 2] = idx.get(2) + v;
                    mesh.materials[t + kept] = material;
                    kept++;
                }
                v += count;
                t += kept;
            }
            if (t != nt) {
                mesh.indices = Arrays.copyOf(mesh.indices, t * 3);
                mesh.materials = Arrays.copyOf(mesh.materials, t);
            }
            return mesh;
        }

        /** Scene material index for Assimp material {@code i}, converted on first use. */
        int material(int i) {
            if (i < 0 || i >= materialMap.length) {
                throw new SceneException(file, "mesh refers to material " + i + ", which Assimp did not import");
            }
            if (materialMap[i] < 0) {
                scene.materials.add(convert(AIMaterial.create(ai.mMaterials().get(i)), i));
                materialMap[i] = scene.materials.size() - 1;
            }
            return materialMap[i];
        }

        Material convert(AIMaterial m, int index) {
            String name = string(m, AI_MATKEY_NAME);
            float[] kd = color(m, AI_MATKEY_COLOR_DIFFUSE, new float[] {0.6f, 0.6f, 0.6f});
            float[] ke = color(m, AI_MATKEY_COLOR_EMISSIVE, new float[] {0, 0, 0});
            float[] tf = color(m, AI_MATKEY_COLOR_TRANSPARENT, new float[] {1, 1, 1});
            Float ns = number(m, AI_MATKEY_SHININESS);
            Float opacity = number(m, AI_MATKEY_OPACITY);
            Float ni = number(m, AI_MATKEY_REFRACTI);
            Float pr = number(m, AI_MATKEY_ROUGHNESS_FACTOR);
            Float pm = number(m, AI_MATKEY_METALLIC_FACTOR);
            Integer illum = integer(m, AI_MATKEY_OBJ_ILLUM);
            Integer twoSided = integer(m, AI_MATKEY_TWOSIDED);
            Material out = MtlMaterialMapping.toMaterial(new MtlMaterialMapping.Mtl(
                    name != null && !name.isEmpty() ? name : "material " + index, kd, ke, ns != null ? ns : 0,
                    opacity != null ? opacity : 1, tf, ni != null ? ni : 1, illum != null ? illum : 2, pr, pm,
                    twoSided != null && twoSided != 0));
            out.baseColorTexture = texture(m, aiTextureType_DIFFUSE);
            if (out.baseColorTexture == null) out.baseColorTexture = texture(m, aiTextureType_BASE_COLOR);
            out.normalTexture = texture(m, aiTextureType_NORMALS);
            out.emissiveTexture = texture(m, aiTextureType_EMISSIVE);
            if (hasTexture(m, aiTextureType_HEIGHT)) {
                scene.features.add("bump maps", Support.IGNORED, "map_Bump/bump height maps are not applied"
                        + " (use 'norm' for a tangent-space normal map)");
            }
            for (int type : new int[] {aiTextureType_SPECULAR, aiTextureType_SHININESS, aiTextureType_OPACITY}) {
                if (hasTexture(m, type)) {
                    scene.features.add("MTL specular/shininess/opacity maps", Support.IGNORED,
                            "map_Ks, map_Ns and map_d are not applied");
                }
            }
            return out;
        }

        boolean hasTexture(AIMaterial m, int type) { return aiGetMaterialTextureCount(m, type) > 0; }

        TextureRef texture(AIMaterial m, int type) {
            if (aiGetMaterialTextureCount(m, type) == 0) return null;
            try (MemoryStack stack = MemoryStack.stackPush()) {
                AIString path = AIString.malloc(stack);
                if (aiGetMaterialTexture(m, type, 0, path, (int[]) null, null, null, null, null, null)
                        != aiReturn_SUCCESS) {
                    return null;
                }
                String raw = path.dataString();
                if (raw.startsWith("*")) {
                    return new TextureRef(textures.unusable("embedded " + raw, raw,
                            "embedded textures of OBJ/PLY files are not supported"));
                }
                return new TextureRef(textures.file(resolveTexture(raw)));
            }
        }

        /** Relative to the model file; backslashes are separators; a foreign absolute path falls back to its name. */
        Path resolveTexture(String raw) {
            String s = raw.replace('\\', '/');
            Path dir = file.toAbsolutePath().getParent();
            Path p = dir.resolve(s).normalize();
            if (!Files.isRegularFile(p)) {
                Path byName = dir.resolve(Path.of(s).getFileName().toString());
                if (Files.isRegularFile(byName)) return byName;
            }
            return p;
        }

        static String string(AIMaterial m, String key) {
            try (MemoryStack stack = MemoryStack.stackPush()) {
                AIString s = AIString.malloc(stack);
                boolean found = aiGetMaterialString(m, key, aiTextureType_NONE, 0, s) == aiReturn_SUCCESS;
                return found ? s.dataString() : null;
            }
        }

        static float[] color(AIMaterial m, String key, float[] fallback) {
            try (MemoryStack stack = MemoryStack.stackPush()) {
                AIColor4D c = AIColor4D.malloc(stack);
                if (aiGetMaterialColor(m, key, aiTextureType_NONE, 0, c) != aiReturn_SUCCESS) return fallback;
                return new float[] {c.r(), c.g(), c.b()};
            }
        }

        static Float number(AIMaterial m, String key) {
            float[] v = new float[1];
            int[] max = {1};
            return aiGetMaterialFloatArray(m, key, aiTextureType_NONE, 0, v, max) == aiReturn_SUCCESS ? v[0] : null;
        }

        static Integer integer(AIMaterial m, String key) {
            int[] v = new int[1];
            int[] max = {1};
            return aiGetMaterialIntegerArray(m, key, aiTextureType_NONE, 0, v, max) == aiReturn_SUCCESS ? v[0] : null;
        }
    }
}
