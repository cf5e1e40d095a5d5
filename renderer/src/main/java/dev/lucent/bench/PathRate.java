package dev.lucent.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throughput of the full path-tracing integrator (camera ray, bounces, next-event estimation, accumulation).
 *
 * @param samplesPerPixel sample passes timed
 * @param msPerPass time of one sample pass over the whole width x height image, milliseconds
 * @param pathsPerSecond pixel samples (paths) per second
 * @param raysPerPath camera, extension and shadow rays per path
 * @param timer "gpu-events" or "wall-clock"
 * @param extra backend-specific figures for the JSON report, may be empty
 */
public record PathRate(int samplesPerPixel, double msPerPass, double pathsPerSecond, double raysPerPath,
        String timer, Map<String, Object> extra) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spp", samplesPerPixel);
        m.put("msPerPass", msPerPass);
        m.put("pathsPerSecond", pathsPerSecond);
        m.put("raysPerPath", raysPerPath);
        m.put("timer", timer);
        m.putAll(extra);
        return m;
    }
}
