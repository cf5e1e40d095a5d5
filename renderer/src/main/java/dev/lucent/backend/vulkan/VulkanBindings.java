package dev.lucent.backend.vulkan;

/**
 * Descriptor bindings (set 0) and push-constant byte offsets of the ray-tracing pipeline, the Java side of
 * shaders/vulkan/lc_bindings.h (same names without the LC_ prefix; VulkanBindingsTest checks they agree).
 * Binding {@link #TLAS} is the top-level acceleration structure; every other binding is a storage buffer.
 * {@link #GGX_ALBEDO} holds GgxAlbedoTable.values() (lc_bsdf.h's energy-compensation tables, read through a buffer
 * rather than as 67k GLSL constants); {@link #FILTER_TABLE} the pixel filter's sampling table (GpuFilterTable,
 * doubles).
 */
public final class VulkanBindings {
    private VulkanBindings() {}

    public static final int TLAS = 0, POSITIONS = 1, NORMALS = 2, UVS = 3, TANGENTS = 4, TRIANGLES = 5,
            TRIANGLE_MATERIALS = 6, MESHES = 7, INSTANCES = 8, MATERIALS = 9, TEXTURE_VIEWS = 10, IMAGES = 11,
            TEXELS = 12, LIGHTS = 13, EMITTERS = 14, LIGHT_TABLE = 15, GLOBALS = 16, ENV_TABLE = 17, CAMERA = 18,
            STATE = 19, COUNTERS = 20, GGX_ALBEDO = 21, FILTER_TABLE = 22,
            COUNT = 23;

    /** Push-constant byte offsets (raygen.rgen's LcPassConstants). */
    public static final int PUSH_WIDTH = 0, PUSH_HEIGHT = 4, PUSH_SAMPLE_INDEX = 8, PUSH_SEED_LO = 12,
            PUSH_SEED_HI = 16, PUSH_MAX_DEPTH = 20, PUSH_CLAMP = 24, PUSH_LIGHT_COUNT = 28, PUSH_EMITTER_COUNT = 32,
            PUSH_COUNT_RAYS = 36, PUSH_BYTES = 40;

    /**
     * The per-pixel state record at binding {@link #STATE} (lc_bindings.h's LC_STATE_*): {@link #STATE_WORDS} 32-bit
     * words per pixel, pixels row-major, rows top to bottom; the other constants are word indices within a record
     * (byte offset = 4 x index): sample count (int), mean radiance RGB, Welford M2 RGB, mean first-hit albedo RGB,
     * mean first-hit shading normal RGB (world space), mean first-hit distance over the hitting samples (world
     * units), samples that hit (int); word 15 is padding.
     */
    public static final int STATE_WORDS = 16, STATE_COUNT = 0, STATE_MEAN = 1, STATE_M2 = 4, STATE_ALBEDO = 7,
            STATE_NORMAL = 10, STATE_DEPTH = 13, STATE_DEPTH_HITS = 14;
}
