package dev.lucent.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One backend's figures for one scene.
 *
 * @param scene the scene's name ({@link BenchScene#name})
 * @param triangles instanced triangles traced
 * @param primary camera rays, closest hit
 * @param shadow shadow rays, any hit; null where the backend has no shadow-ray test
 * @param diffuse cosine-distributed bounce rays from the primary hits, closest hit
 * @param paths the full integrator
 * @param details backend-specific figures for the JSON report (preparation times, memory, ...), in order
 */
public record BenchResult(String scene, long triangles, RayRate primary, RayRate shadow, RayRate diffuse,
        PathRate paths, Map<String, Object> details) {
    /** The JSON object of this result: scene, triangles, the details, then primary, shadow, diffuse, paths. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scene", scene);
        m.put("triangles", triangles);
        m.putAll(details);
        m.put("primary", primary.toJson());
        if (shadow != null) m.put("shadow", shadow.toJson());
        m.put("diffuse", diffuse.toJson());
        m.put("paths", paths.toJson());
        return m;
    }
}
