package dev.lucent.scene;

/**
 * Triangle mesh in object space, as loaded. Flat arrays, addressed by vertex and triangle index; no object
 * per triangle. Optional attributes are null when absent (the compiler generates what it needs).
 */
public final class Mesh {
    public String name;
    /** xyz per vertex. */
    public float[] positions;
    /** xyz per vertex (unit), or null: the compiler derives smooth or face normals. */
    public float[] normals;
    /** TEXCOORD_0, uv per vertex (glTF convention: v down the image), or null. */
    public float[] uvs;
    /** xyzw per vertex (w = bitangent sign), or null: generated when a normal map needs them. */
    public float[] tangents;
    /** Three mesh-local vertex indices per triangle, counter-clockwise front faces. */
    public int[] indices;
    /** Scene material index per triangle. */
    public int[] materials;

    public Mesh(String name) { this.name = name; }

    public int vertexCount() { return positions.length / 3; }
    public int triangleCount() { return indices.length / 3; }
}
