package dev.lucent.scene;

import org.joml.Matrix4f;
import org.joml.Quaternionf;
import org.joml.Vector3f;

/**
 * A node of the scene hierarchy (glTF semantics): a local transform, a parent, and optionally a mesh, a
 * camera and a light. Instances, world-space cameras and lights are derived from nodes at a point in time,
 * so animations (which target node TRS) and scene-file instancing share one mechanism.
 */
public final class Node {
    public String name;
    /** Index into {@link Scene#nodes}, or -1 for a root. Parents precede children in the list. */
    public int parent = -1;
    public final Vector3f translation = new Vector3f();
    public final Quaternionf rotation = new Quaternionf();
    public final Vector3f scale = new Vector3f(1, 1, 1);
    /** When non-null, the local transform (a glTF node with "matrix"); TRS fields are then ignored. */
    public Matrix4f matrix;
    public int mesh = -1;
    public int camera = -1;
    public int light = -1;
    /** Material index replacing every material of this node's mesh (scene-file override), or -1. */
    public int materialOverride = -1;

    public Node(String name) { this.name = name; }

    /** Local transform from the current TRS (or matrix). */
    public Matrix4f localMatrix(Matrix4f dest) {
        if (matrix != null) return dest.set(matrix);
        return dest.translationRotateScale(translation, rotation, scale);
    }
}
