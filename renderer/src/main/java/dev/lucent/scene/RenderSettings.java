package dev.lucent.scene;

/**
 * Render settings from the scene file; command-line flags override them. Null means "not set here", so
 * layers (defaults, scene file, CLI) merge with {@link #overlay}.
 */
public final class RenderSettings {
    public Integer width, height, spp, maxDepth, threads;
    public Long seed;
    /** Radiance clamp per sample; null or 0 = off. */
    public Float clamp;
    /** Name of the scene camera to use, or null for the first. */
    public String camera;
    public Float exposure;
    public String toneMap;
    /** Frames per second when rendering an animation (scene file "animation": {"fps": 24}). */
    public Float fps;

    public static RenderSettings defaults() {
        RenderSettings s = new RenderSettings();
        s.width = 640;
        s.height = 480;
        s.spp = 64;
        s.maxDepth = 8;
        s.seed = 0L;
        s.clamp = 0f;
        s.exposure = 0f;
        s.toneMap = "neutral";
        s.fps = 24f;
        return s;
    }

    /** Returns a copy of this with every non-null field of {@code top} taking precedence. */
    public RenderSettings overlay(RenderSettings top) {
        RenderSettings r = new RenderSettings();
        r.width = top.width != null ? top.width : width;
        r.height = top.height != null ? top.height : height;
        r.spp = top.spp != null ? top.spp : spp;
        r.maxDepth = top.maxDepth != null ? top.maxDepth : maxDepth;
        r.threads = top.threads != null ? top.threads : threads;
        r.seed = top.seed != null ? top.seed : seed;
        r.clamp = top.clamp != null ? top.clamp : clamp;
        r.camera = top.camera != null ? top.camera : camera;
        r.exposure = top.exposure != null ? top.exposure : exposure;
        r.toneMap = top.toneMap != null ? top.toneMap : toneMap;
        r.fps = top.fps != null ? top.fps : fps;
        return r;
    }
}
