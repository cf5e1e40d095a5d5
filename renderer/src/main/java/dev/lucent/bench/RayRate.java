package dev.lucent.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throughput of one kind of ray (primary, shadow or diffuse bounce) traced alone, without shading.
 *
 * @param rays rays traced per measured launch (GPU) or in the whole measurement (CPU)
 * @param millis time of those rays, milliseconds (GPU: median launch from CUDA events; CPU: wall clock)
 * @param mraysPerSecond rays / time, millions per second
 * @param hitFraction fraction of those rays that hit something (any hit for shadow rays)
 * @param timer where the time comes from: "gpu-events" or "wall-clock"
 * @param extra backend-specific figures for the JSON report (e.g. CPU time, reference check), may be empty
 */
public record RayRate(long rays, double millis, double mraysPerSecond, double hitFraction, String timer,
        Map<String, Object> extra) {
    /** The JSON object of this figure: rays, millis, mraysPerSecond, hitFraction, timer, then the extras. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rays", rays);
        m.put("millis", millis);
        m.put("mraysPerSecond", mraysPerSecond);
        m.put("hitFraction", hitFraction);
        m.put("timer", timer);
        m.putAll(extra);
        return m;
    }
}
