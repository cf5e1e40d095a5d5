package dev.lucent.scene.gltf;

import de.javagl.jgltf.impl.v2.GlTF;
import de.javagl.jgltf.impl.v2.MeshPrimitive;
import dev.lucent.scene.FeatureReport.Support;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One glTF mesh (specification section 3.7.2) to one {@link Mesh}: its primitives are merged, each triangle
 * keeping its primitive's material. TRIANGLES, TRIANGLE_STRIP and TRIANGLE_FAN become triangle lists with the
 * winding section 3.7.2.1 defines; POINTS and LINES primitives are skipped and reported. A primitive without
 * NORMAL gets flat normals (vertices unshared per triangle), as the specification asks of clients. Texture
 * coordinates missing in some primitives are (0, 0); tangents are kept only if every primitive has them.
 */
final class GltfMeshBuilder {
    private static final String[] MODE_NAMES = {"POINTS", "LINES", "LINE_LOOP", "LINE_STRIP", "TRIANGLES",
            "TRIANGLE_STRIP", "TRIANGLE_FAN"};

    private final Path file;
    private final GlTF gltf;
    private final Scene scene;
    private final GltfAccessorReader accessors;
    /** Index of the glTF default material in Scene.materials, added on first use. */
    private final IntSupplier defaultMaterial;

    GltfMeshBuilder(Path file, GlTF gltf, Scene scene, GltfAccessorReader accessors, IntSupplier defaultMaterial) {
        this.file = file;
        this.gltf = gltf;
        this.scene = scene;
        this.accessors = accessors;
        this.defaultMaterial = defaultMaterial;
    }

    /** The merged mesh, or null when no primitive has triangles (reported as a warning). */
    Mesh build(int meshIndex) {
        de.javagl.jgltf.impl.v2.Mesh m = gltf.getMeshes().get(meshIndex);
        String meshWhere = "meshes[" + meshIndex + "]";
        List<Part> parts = new ArrayList<>();
        List<MeshPrimitive> prims = m.getPrimitives() != null ? m.getPrimitives() : List.of();
        for (int p = 0; p < prims.size(); p++) {
            Part part = primitive(prims.get(p), meshWhere + ".primitives[" + p + "]");
            if (part != null) parts.add(part);
        }
        if (parts.isEmpty()) {
            scene.warnings.add(file + ": " + meshWhere + " has no triangle primitives; nodes using it are empty");
            return null;
        }
        return merge(m.getName() != null ? m.getName() : "mesh " + meshIndex, parts);
    }

    /** One primitive's triangles with its own vertices. */
    private record Part(float[] positions, float[] normals, float[] uvs, float[] tangents, int[] indices,
            int material) {}

    private Part primitive(MeshPrimitive p, String where) {
        int mode = p.getMode() != null ? p.getMode() : 4;
        if (mode < 0 || mode > 6) throw new SceneException(file, where + ".mode " + mode + " is not a glTF mode");
        Map<String, Integer> attr = p.getAttributes();
        noteFeatures(p, attr);
        if (mode < 4) {
            scene.features.add("points and lines", Support.IGNORED, "POINTS and LINES primitives are not rendered");
            scene.warnings.add(file + ": " + where + " (" + MODE_NAMES[mode] + ") skipped: only triangles render");
            return null;
        }
        if (attr == null || attr.get("POSITION") == null) {
            scene.warnings.add(file + ": " + where + " has no POSITION attribute; skipped");
            return null;
        }
        float[] pos = accessors.floats(attr.get("POSITION"), "POSITION of " + where, 3);
        int n = pos.length / 3;
        float[] nrm = attribute(attr, "NORMAL", where, 3, n);
        float[] uv = attribute(attr, "TEXCOORD_0", where, 2, n);
        float[] tan = attribute(attr, "TANGENT", where, 4, n);
        int[] idx;
        if (p.getIndices() != null) {
            idx = accessors.indices(p.getIndices(), "indices of " + where);
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] >= n) {
                    throw new SceneException(file, where + ": index " + idx[i] + " at position " + i
                            + " is out of range (" + n + " vertices)");
                }
            }
        } else {
            idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
        }
        int[] tris = triangles(mode, idx);
        int material;
        if (p.getMaterial() != null) {
            int count = gltf.getMaterials() != null ? gltf.getMaterials().size() : 0;
            if (p.getMaterial() < 0 || p.getMaterial() >= count) {
                throw new SceneException(file, where + ".material " + p.getMaterial() + " does not exist (" + count
                        + " materials)");
            }
            material = p.getMaterial();
        } else {
            material = defaultMaterial.getAsInt();
        }
        if (tris.length == 0) return null;
        if (nrm == null) return flat(pos, uv, tan, tris, material);
        return new Part(pos, nrm, uv, tan, tris, material);
    }

    private float[] attribute(Map<String, Integer> attr, String name, String where, int components, int n) {
        Integer a = attr.get(name);
        if (a == null) return null;
        float[] v = accessors.floats(a, name + " of " + where, components);
        if (v.length / components != n) {
            throw new SceneException(file, where + ": " + name + " has " + v.length / components
                    + " elements but POSITION has " + n);
        }
        return v;
    }

    private void noteFeatures(MeshPrimitive p, Map<String, Integer> attr) {
        if (attr != null) {
            for (String a : attr.keySet()) {
                if (a.startsWith("TEXCOORD_") && !a.equals("TEXCOORD_0")) {
                    scene.features.add("TEXCOORD_1", Support.IGNORED,
                            "only TEXCOORD_0 is loaded; texture slots using another set sample TEXCOORD_0");
                } else if (a.startsWith("COLOR_")) {
                    scene.features.add("vertex colours", Support.IGNORED, "COLOR_n attributes are not applied");
                } else if (a.startsWith("JOINTS_") || a.startsWith("WEIGHTS_")) {
                    scene.features.add("skins", Support.IGNORED, "skinned meshes are rendered in their bind pose");
                }
            }
        }
        if (p.getTargets() != null && !p.getTargets().isEmpty()) {
            scene.features.add("morph targets", Support.IGNORED, "meshes are rendered with their base shape");
        }
    }

    /** Triangle list (3 indices per triangle) for glTF mode 4, 5 or 6 over the index sequence {@code v}. */
    static int[] triangles(int mode, int[] v) {
        if (mode == 4) {
            int t = v.length / 3;
            return v.length == t * 3 ? v : java.util.Arrays.copyOf(v, t * 3);
        }
        int t = Math.max(0, v.length - 2);
        int[] out = new int[t * 3];
        for (int i = 0; i < t; i++) {
            if (mode == 5) { // strip: {v_i, v_(i+1+i%2), v_(i+2-i%2)}
                out[i * 3] = v[i];
                out[i * 3 + 1] = v[i + 1 + (i & 1)];
                out[i * 3 + 2] = v[i + 2 - (i & 1)];
            } else { // fan: {v_(i+1), v_(i+2), v_0}
                out[i * 3] = v[i + 1];
                out[i * 3 + 1] = v[i + 2];
                out[i * 3 + 2] = v[0];
            }
        }
        return out;
    }

    /** Unshares vertices so each triangle carries its face normal (unit; +z for zero-area triangles). */
    private static Part flat(float[] pos, float[] uv, float[] tan, int[] tris, int material) {
        int nv = tris.length;
        float[] p = new float[nv * 3], nrm = new float[nv * 3];
        float[] t = uv != null ? new float[nv * 2] : null;
        float[] g = tan != null ? new float[nv * 4] : null;
        int[] idx = new int[nv];
        for (int tri = 0; tri < nv / 3; tri++) {
            for (int k = 0; k < 3; k++) {
                int src = tris[tri * 3 + k], dst = tri * 3 + k;
                System.arraycopy(pos, src * 3, p, dst * 3, 3);
                if (t != null) System.arraycopy(uv, src * 2, t, dst * 2, 2);
                if (g != null) System.arraycopy(tan, src * 4, g, dst * 4, 4);
                idx[dst] = dst;
            }
            int a = tri * 9;
            double e1x = p[a + 3] - p[a], e1y = p[a + 4] - p[a + 1], e1z = p[a + 5] - p[a + 2];
            double e2x = p[a + 6] - p[a], e2y = p[a + 7] - p[a + 1], e2z = p[a + 8] - p[a + 2];
            double nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            if (len > 0 && Double.isFinite(len)) {
                nx /= len;
                ny /= len;
                nz /= len;
            } else {
                nx = 0;
                ny = 0;
                nz = 1;
            }
            for (int k = 0; k < 3; k++) {
                nrm[a + k * 3] = (float) nx;
                nrm[a + k * 3 + 1] = (float) ny;
                nrm[a + k * 3 + 2] = (float) nz;
            }
        }
        return new Part(p, nrm, t, g, idx, material);
    }

    private static Mesh merge(String name, List<Part> parts) {
        long nv = 0, nt = 0;
        boolean anyUv = false, allTangents = true;
        for (Part p : parts) {
            nv += p.positions.length / 3;
            nt += p.indices.length / 3;
            anyUv |= p.uvs != null;
            allTangents &= p.tangents != null;
        }
        if (nv * 4 > Integer.MAX_VALUE - 8 || nt * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("mesh '" + name + "' exceeds Java array limits");
        }
        Mesh mesh = new Mesh(name);
        mesh.positions = new float[(int) nv * 3];
        mesh.normals = new float[(int) nv * 3];
        mesh.uvs = anyUv ? new float[(int) nv * 2] : null;
        mesh.tangents = allTangents ? new float[(int) nv * 4] : null;
        mesh.indices = new int[(int) nt * 3];
        mesh.materials = new int[(int) nt];
        int v = 0, t = 0;
        for (Part p : parts) {
            int pv = p.positions.length / 3, pt = p.indices.length / 3;
            System.arraycopy(p.positions, 0, mesh.positions, v * 3, pv * 3);
            System.arraycopy(p.normals, 0, mesh.normals, v * 3, pv * 3);
            if (p.uvs != null) System.arraycopy(p.uvs, 0, mesh.uvs, v * 2, pv * 2);
            if (mesh.tangents != null) System.arraycopy(p.tangents, 0, mesh.tangents, v * 4, pv * 4);
            for (int i = 0; i < pt * 3; i++) mesh.indices[t * 3 + i] = p.indices[i] + v;
            java.util.Arrays.fill(mesh.materials, t, t + pt, p.material);
            v += pv;
            t += pt;
        }
        return mesh;
    }
}
