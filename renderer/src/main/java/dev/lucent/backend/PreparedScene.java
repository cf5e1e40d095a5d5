package dev.lucent.backend;

import dev.lucent.compile.CompiledScene;

/**
 * What a GPU backend's {@link RenderBackend#prepare} records: the compiled scene and options to render, and
 * whether a repeated prepare of the same scene object with equal options announced a batch frame (instances
 * or camera moved by {@link CompiledScene#updateInstances}; meshes unchanged), so the backend's tracer can
 * re-upload instances instead of being rebuilt. Not thread-safe: one per backend.
 */
public final class PreparedScene {
    private CompiledScene scene;
    private RenderOptions options;
    private boolean instancesChanged;

    /**
     * Records a prepare call. Returns false for a batch frame (the backend holds a tracer, {@code haveTracer},
     * of the same scene object and equal options): keep that tracer, its instances changed. Returns true when
     * the backend must drop its tracer and build one for the new scene or options at the next render.
     */
    public boolean prepare(CompiledScene compiled, RenderOptions opts, boolean haveTracer) {
        if (haveTracer && compiled == scene && opts.equals(options)) {
            instancesChanged = true;
            return false;
        }
        scene = compiled;
        options = opts;
        return true;
    }

    /** The prepared scene. @throws IllegalStateException before the first prepare */
    public CompiledScene scene() {
        if (scene == null) throw new IllegalStateException("prepare a scene before rendering");
        return scene;
    }

    /** The prepared options (null before the first prepare). */
    public RenderOptions options() {
        return options;
    }

    /**
     * Whether instances changed since the tracer last saw them (a batch frame was prepared), and clears it: call
     * it once per render, after building a tracer (which reads the current instances) or to decide whether to
     * update the existing one.
     */
    public boolean takeInstancesChanged() {
        boolean changed = instancesChanged;
        instancesChanged = false;
        return changed;
    }
}
