package dev.lucent.scene.gltf;

import dev.lucent.scene.SceneException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A JSON object inside a glTF "extensions" map, as jgltf hands it over (maps, lists, numbers), with typed
 * getters that name the file and the JSON path when a value has the wrong type.
 */
final class ExtensionObject {
    final Path file;
    /** JSON path of this object, e.g. "materials[0].extensions.KHR_materials_ior". */
    final String where;
    private final Map<?, ?> map;

    private ExtensionObject(Path file, String where, Map<?, ?> map) {
        this.file = file;
        this.where = where;
        this.map = map;
    }

    /** {@code extensions.get(name)} as an object, or null when the extension is absent. */
    static ExtensionObject of(Path file, String owner, Map<String, Object> extensions, String name) {
        if (extensions == null || !extensions.containsKey(name)) return null;
        Object v = extensions.get(name);
        String where = owner + ".extensions." + name;
        if (!(v instanceof Map<?, ?> m)) throw new SceneException(file, where + ": expected a JSON object");
        return new ExtensionObject(file, where, m);
    }

    float number(String key, float fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n)) throw new SceneException(file, where + "." + key + ": expected a number");
        float f = n.floatValue();
        if (!Float.isFinite(f)) throw new SceneException(file, where + "." + key + ": not a finite number");
        return f;
    }

    float[] numbers(String key, float[] fallback) {
        Object v = map.get(key);
        if (v == null) return fallback.clone();
        if (!(v instanceof List<?> list) || list.size() != fallback.length) {
            throw new SceneException(file, where + "." + key + ": expected an array of " + fallback.length
                    + " numbers");
        }
        float[] out = new float[fallback.length];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n) || !Float.isFinite(n.floatValue())) {
                throw new SceneException(file, where + "." + key + "[" + i + "]: expected a finite number");
            }
            out[i] = n.floatValue();
        }
        return out;
    }

    /** A non-negative integer (an index), or null when absent. */
    Integer index(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0) {
            throw new SceneException(file, where + "." + key + ": expected a non-negative integer");
        }
        return n.intValue();
    }

    String string(String key, String fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (!(v instanceof String s)) throw new SceneException(file, where + "." + key + ": expected a string");
        return s;
    }

    /** A nested object, or null when absent. */
    ExtensionObject object(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw new SceneException(file, where + "." + key + ": expected an object");
        return new ExtensionObject(file, where + "." + key, m);
    }

    /** A list of objects (empty when absent). */
    List<ExtensionObject> objects(String key) {
        Object v = map.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw new SceneException(file, where + "." + key + ": expected an array");
        java.util.ArrayList<ExtensionObject> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new SceneException(file, where + "." + key + "[" + i + "]: expected an object");
            }
            out.add(new ExtensionObject(file, where + "." + key + "[" + i + "]", m));
        }
        return out;
    }

    /** The "extensions" map of this object (for textureInfo objects inside extensions), or null. */
    @SuppressWarnings("unchecked")
    Map<String, Object> extensions() {
        Object v = map.get("extensions");
        if (v == null) return null;
        if (!(v instanceof Map<?, ?>)) throw new SceneException(file, where + ".extensions: expected an object");
        return (Map<String, Object>) v;
    }
}
