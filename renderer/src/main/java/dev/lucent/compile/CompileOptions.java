package dev.lucent.compile;

import dev.lucent.bvh.BvhOptions;
import dev.lucent.scene.RenderSettings;

/**
 * How {@link SceneCompiler} compiles a scene.
 *
 * @param timeSeconds animation time at which node transforms are evaluated
 * @param width image width in pixels; with {@code height} gives the camera aspect ratio width/height
 * @param height image height in pixels
 * @param bvh settings for every BLAS and the TLAS
 * @param camera name of the camera that {@link CompiledScene#selectedCamera} points at, or null for the first
 */
public record CompileOptions(float timeSeconds, int width, int height, BvhOptions bvh, String camera) {
    public CompileOptions {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (!Float.isFinite(timeSeconds)) throw new IllegalArgumentException("time must be finite: " + timeSeconds);
        if (bvh == null) bvh = BvhOptions.defaults();
    }

    /** Time 0, 640x480, default BVH options, first camera. */
    public static CompileOptions defaults() {
        return fromSettings(RenderSettings.defaults());
    }

    /** Image size and camera from render settings (defaults filling what they leave unset), time 0. */
    public static CompileOptions fromSettings(RenderSettings settings) {
        RenderSettings s = RenderSettings.defaults().overlay(settings);
        return new CompileOptions(0, s.width, s.height, BvhOptions.defaults(), s.camera);
    }

    public float aspect() {
        return width / (float) height;
    }

    public CompileOptions withTime(float t) {
        return new CompileOptions(t, width, height, bvh, camera);
    }

    public CompileOptions withSize(int w, int h) {
        return new CompileOptions(timeSeconds, w, h, bvh, camera);
    }

    public CompileOptions withBvh(BvhOptions options) {
        return new CompileOptions(timeSeconds, width, height, options, camera);
    }

    public CompileOptions withCamera(String name) {
        return new CompileOptions(timeSeconds, width, height, bvh, name);
    }
}
