package dev.lucent.scene;

import java.util.List;

/**
 * Checks a loaded scene before anything else uses it. Fatal (a {@link SceneException} naming the scene file,
 * the mesh or node, and the problem): vertex indices out of range, non-finite positions, array lengths that
 * disagree, material/texture/node references out of range, and a scene with no triangles to render.
 * Repaired with a warning: non-finite normals (dropped, to be regenerated), texture coordinates (set to 0) and
 * tangents (dropped). Counted with a warning: degenerate triangles (two equal indices, or zero area), which
 * are kept.
 */
public final class SceneValidator {
    private SceneValidator() {}

    /** Every check; sets {@link Scene#degenerateTriangles}. */
    public static void validate(Scene scene) {
        int degenerate = 0;
        for (int m = 0; m < scene.meshes.size(); m++) degenerate += checkMesh(scene, m);
        scene.degenerateTriangles = degenerate;
        checkStructure(scene);
    }

    /**
     * Checks mesh {@code m}; returns its number of degenerate triangles and, when there are any, adds a
     * warning naming the mesh.
     */
    public static int checkMesh(Scene scene, int m) {
        Mesh mesh = scene.meshes.get(m);
        String what = "mesh " + m + " '" + mesh.name + "'";
        if (mesh.positions == null || mesh.positions.length % 3 != 0) {
            fail(scene, what + ": positions missing or not xyz triples");
        }
        if (mesh.indices == null || mesh.indices.length % 3 != 0) {
            fail(scene, what + ": indices missing or not a multiple of 3");
        }
        int nv = mesh.vertexCount(), nt = mesh.triangleCount();
        if (mesh.materials == null || mesh.materials.length != nt) {
            fail(scene, what + ": " + (mesh.materials == null ? 0 : mesh.materials.length) + " material ids for "
                    + nt + " triangles");
        }
        checkLength(scene, what, "normals", mesh.normals, nv * 3);
        checkLength(scene, what, "uvs", mesh.uvs, nv * 2);
        checkLength(scene, what, "tangents", mesh.tangents, nv * 4);
        float[] p = mesh.positions;
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                int v = i / 3;
                fail(scene, what + ": vertex " + v + " has a non-finite position (" + p[v * 3] + ", " + p[v * 3 + 1]
                        + ", " + p[v * 3 + 2] + ")");
            }
        }
        if (!allFinite(mesh.normals)) {
            mesh.normals = null;
            scene.warnings.add(scene.source + ": " + what + " has non-finite normals; they will be regenerated");
        }
        if (!allFinite(mesh.uvs)) {
            for (int i = 0; i < mesh.uvs.length; i++) if (!Float.isFinite(mesh.uvs[i])) mesh.uvs[i] = 0;
            scene.warnings.add(scene.source + ": " + what + " has non-finite texture coordinates; set to 0");
        }
        if (!allFinite(mesh.tangents)) {
            mesh.tangents = null;
            scene.warnings.add(scene.source + ": " + what + " has non-finite tangents; they will be regenerated");
        }
        int[] idx = mesh.indices;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= nv) {
                fail(scene, what + ": triangle " + i / 3 + " uses vertex index " + idx[i] + ", out of range ("
                        + nv + " vertices)");
            }
        }
        int materialCount = scene.materials.size();
        for (int t = 0; t < nt; t++) {
            if (mesh.materials[t] < 0 || mesh.materials[t] >= materialCount) {
                fail(scene, what + ": triangle " + t + " uses material " + mesh.materials[t] + ", out of range ("
                        + materialCount + " materials)");
            }
        }
        int degenerate = countDegenerate(p, idx);
        if (degenerate > 0) {
            scene.warnings.add(scene.source + ": " + what + " has " + degenerate
                    + " degenerate (zero-area) triangles; kept");
        }
        return degenerate;
    }

    /**
     * Node, material, texture and environment references, and that some node places a mesh with triangles.
     */
    public static void checkStructure(Scene scene) {
        List<Node> nodes = scene.nodes;
        long placedTriangles = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            String what = "node " + i + " '" + n.name + "'";
            if (n.parent < -1 || n.parent >= i) fail(scene, what + ": parent " + n.parent + " does not precede it");
            if (n.mesh < -1 || n.mesh >= scene.meshes.size()) {
                fail(scene, what + ": mesh " + n.mesh + " does not exist");
            }
            if (n.camera < -1 || n.camera >= scene.cameras.size()) {
                fail(scene, what + ": camera " + n.camera + " does not exist");
            }
            if (n.light < -1 || n.light >= scene.lights.size()) {
                fail(scene, what + ": light " + n.light + " does not exist");
            }
            if (n.materialOverride < -1 || n.materialOverride >= scene.materials.size()) {
                fail(scene, what + ": material override " + n.materialOverride + " does not exist");
            }
            if (n.mesh >= 0) placedTriangles += scene.meshes.get(n.mesh).triangleCount();
        }
        for (int i = 0; i < scene.textures.size(); i++) {
            if (scene.textures.get(i) == null) fail(scene, "texture " + i + " was reserved but never decoded");
        }
        for (Material m : scene.materials) {
            for (TextureRef r : new TextureRef[] {m.baseColorTexture, m.metallicRoughnessTexture, m.normalTexture,
                    m.emissiveTexture, m.transmissionTexture}) {
                if (r != null && (r.image < 0 || r.image >= scene.textures.size())) {
                    fail(scene, "material '" + m.name + "' uses texture " + r.image + ", which does not exist");
                }
            }
        }
        if (scene.environment.texture >= scene.textures.size()) {
            fail(scene, "environment texture " + scene.environment.texture + " does not exist");
        }
        if (placedTriangles == 0) {
            fail(scene, "empty scene: no triangles to render (" + scene.meshes.size() + " meshes, " + nodes.size()
                    + " nodes)");
        }
    }

    /** Triangles with a repeated index or a zero cross product (computed in double). */
    static int countDegenerate(float[] p, int[] idx) {
        int count = 0;
        for (int t = 0; t < idx.length / 3; t++) {
            int a = idx[t * 3], b = idx[t * 3 + 1], c = idx[t * 3 + 2];
            if (a == b || b == c || a == c) {
                count++;
                continue;
            }
            double e1x = p[b * 3] - (double) p[a * 3], e1y = p[b * 3 + 1] - (double) p[a * 3 + 1],
                    e1z = p[b * 3 + 2] - (double) p[a * 3 + 2];
            double e2x = p[c * 3] - (double) p[a * 3], e2y = p[c * 3 + 1] - (double) p[a * 3 + 1],
                    e2z = p[c * 3 + 2] - (double) p[a * 3 + 2];
            double nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
            if (nx == 0 && ny == 0 && nz == 0) count++;
        }
        return count;
    }

    private static void checkLength(Scene scene, String what, String name, float[] a, int expected) {
        if (a != null && a.length != expected) {
            fail(scene, what + ": " + name + " has " + a.length + " floats, expected " + expected);
        }
    }

    private static boolean allFinite(float[] a) {
        if (a == null) return true;
        for (float f : a) if (!Float.isFinite(f)) return false;
        return true;
    }

    private static void fail(Scene scene, String problem) {
        throw new SceneException(scene.source, problem);
    }
}
