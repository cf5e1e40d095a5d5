package dev.lucent.scene.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lucent.scene.SceneException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object of a Lucent scene file, read through typed getters that name the file and the JSON path
 * ("instances[3].translate") in every error. Each getter records its key as known, present or not;
 * {@link #finish} then warns about every key no getter asked for, so a misspelt key is reported, not
 * silently ignored.
 */
final class JsonFields {
    final Path file;
    final String where;
    private final JsonNode node;
    private final List<String> warnings;
    private final Set<String> known = new HashSet<>();

    JsonFields(Path file, String where, JsonNode node, List<String> warnings) {
        if (node == null || !node.isObject()) {
            throw new SceneException(file, (where.isEmpty() ? "the scene" : where) + ": expected a JSON object");
        }
        this.file = file;
        this.where = where;
        this.node = node;
        this.warnings = warnings;
    }

    String path(String key) { return where.isEmpty() ? key : where + "." + key; }

    SceneException error(String key, String problem) { return new SceneException(file, path(key) + ": " + problem); }

    private JsonNode get(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    String string(String key, String fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.isTextual()) throw error(key, "expected a string");
        return v.asText();
    }

    String requiredString(String key) {
        String s = string(key, null);
        if (s == null) throw error(key, "is required");
        return s;
    }

    float number(String key, float fallback) {
        Float f = optionalNumber(key);
        return f != null ? f : fallback;
    }

    Float optionalNumber(String key) {
        JsonNode v = get(key);
        if (v == null) return null;
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw error(key, "expected a finite number");
        return (float) v.asDouble();
    }

    /** A number with a lower bound (inclusive unless {@code exclusive}). */
    Float optionalNumberAtLeast(String key, float min, boolean exclusive) {
        Float f = optionalNumber(key);
        if (f != null && (exclusive ? f <= min : f < min)) {
            throw error(key, "must be " + (exclusive ? "greater than " : "at least ") + min + ", got " + f);
        }
        return f;
    }

    Integer optionalInt(String key, int min) {
        JsonNode v = get(key);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw error(key, "expected an integer");
        if (v.asInt() < min) throw error(key, "must be at least " + min + ", got " + v.asInt());
        return v.asInt();
    }

    Long optionalLong(String key) {
        JsonNode v = get(key);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw error(key, "expected an integer");
        return v.asLong();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw error(key, "expected true or false");
        return v.asBoolean();
    }

    /** Exactly {@code n} finite numbers, or null when absent. */
    float[] vector(String key, int n) {
        JsonNode v = get(key);
        if (v == null) return null;
        return numbers(key, v, n, n);
    }

    /** {@code min} to {@code max} finite numbers, or null when absent. */
    float[] vector(String key, int min, int max) {
        JsonNode v = get(key);
        if (v == null) return null;
        return numbers(key, v, min, max);
    }

    /** A number (repeated {@code n} times) or exactly {@code n} numbers; null when absent. */
    float[] vectorOrScalar(String key, int n) {
        JsonNode v = get(key);
        if (v == null) return null;
        if (v.isNumber()) {
            float[] out = new float[n];
            java.util.Arrays.fill(out, number(key, 0));
            return out;
        }
        return numbers(key, v, n, n);
    }

    private float[] numbers(String key, JsonNode v, int min, int max) {
        String count = min == max ? String.valueOf(min) : min + " to " + max;
        if (!v.isArray() || v.size() < min || v.size() > max) {
            throw error(key, "expected an array of " + count + " numbers");
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                throw new SceneException(file, path(key) + "[" + i + "]: expected a finite number");
            }
            out[i] = (float) e.asDouble();
        }
        return out;
    }

    /** A nested object, or null when absent. */
    JsonFields object(String key) {
        JsonNode v = get(key);
        if (v == null) return null;
        return new JsonFields(file, path(key), v, warnings);
    }

    /** The raw node, for values that may take several shapes. */
    JsonNode raw(String key) { return get(key); }

    /** An array of objects (empty when absent). */
    List<JsonFields> objects(String key) {
        JsonNode v = get(key);
        List<JsonFields> out = new ArrayList<>();
        if (v == null) return out;
        if (!v.isArray()) throw error(key, "expected an array of objects");
        for (int i = 0; i < v.size(); i++) out.add(new JsonFields(file, path(key) + "[" + i + "]", v.get(i), warnings));
        return out;
    }

    /** The entries of an object whose keys are user-chosen names (all of them are known). */
    List<Map.Entry<String, JsonNode>> entries(String key) {
        JsonNode v = get(key);
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (v == null) return out;
        if (!v.isObject()) throw error(key, "expected an object of named entries");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    /** Warns about every key of this object that no getter asked for. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                warnings.add(file + ": unknown key '" + k + "' in " + (where.isEmpty() ? "the top level" : where)
                        + " (ignored)");
            }
        }
    }
}
