/*
 * lc_bindings.h — descriptor bindings (set 0) and push-constant byte offsets of Lucent's ray-tracing pipeline,
 * defined once: the GLSL of shaders/vulkan uses these names; dev.lucent.backend.vulkan.VulkanBindings states the
 * same numbers for Java and VulkanBindingsTest parses this file and fails if the two disagree.
 * Every binding but LC_BINDING_TLAS (an acceleration structure) is a storage buffer holding the compiled scene's
 * pool of the same name (dev.lucent.compile.CompiledScene), a table, or per-pixel state (LC_STATE_* below).
 */
#ifndef LC_BINDINGS_H
#define LC_BINDINGS_H

#define LC_BINDING_TLAS 0
#define LC_BINDING_POSITIONS 1
#define LC_BINDING_NORMALS 2
#define LC_BINDING_UVS 3
#define LC_BINDING_TANGENTS 4
#define LC_BINDING_TRIANGLES 5
#define LC_BINDING_TRIANGLE_MATERIALS 6
#define LC_BINDING_MESHES 7
#define LC_BINDING_INSTANCES 8
#define LC_BINDING_MATERIALS 9
#define LC_BINDING_TEXTURE_VIEWS 10
#define LC_BINDING_IMAGES 11
#define LC_BINDING_TEXELS 12
#define LC_BINDING_LIGHTS 13
#define LC_BINDING_EMITTERS 14
#define LC_BINDING_LIGHT_TABLE 15
#define LC_BINDING_GLOBALS 16
#define LC_BINDING_ENV_TABLE 17
#define LC_BINDING_CAMERA 18
#define LC_BINDING_STATE 19
#define LC_BINDING_COUNTERS 20
#define LC_BINDING_GGX_ALBEDO 21
#define LC_BINDING_FILTER_TABLE 22
#define LC_BINDING_COUNT 23

/* Push constants (LcPassConstants in lc_vulkan.glsl), byte offsets; 40 bytes in all. */
#define LC_PUSH_WIDTH 0
#define LC_PUSH_HEIGHT 4
#define LC_PUSH_SAMPLE_INDEX 8
#define LC_PUSH_SEED_LO 12
#define LC_PUSH_SEED_HI 16
#define LC_PUSH_MAX_DEPTH 20
#define LC_PUSH_CLAMP 24
#define LC_PUSH_LIGHT_COUNT 28
#define LC_PUSH_EMITTER_COUNT 32
#define LC_PUSH_COUNT_RAYS 36
#define LC_PUSH_BYTES 40

/*
 * Per-pixel state (binding LC_BINDING_STATE; raygen.rgen writes it, display_resolve.comp and the Java readers read
 * it): LC_STATE_WORDS 32-bit words per pixel, pixels row-major with rows top to bottom; pixel p's record starts at
 * word LC_STATE_WORDS * p (byte 4 * that). Word indices of the fields within a record:
 *   LC_STATE_COUNT       samples added, int bits
 *   LC_STATE_MEAN        running mean radiance RGB (Welford), 3 floats
 *   LC_STATE_M2          sum of squared deviations from the mean RGB (Welford's M2), 3 floats
 *   LC_STATE_ALBEDO      running mean first-hit albedo RGB, 3 floats
 *   LC_STATE_NORMAL      running mean first-hit shading normal (world space), 3 floats
 *   LC_STATE_DEPTH       running mean first-hit distance over the samples that hit, world units
 *   LC_STATE_DEPTH_HITS  samples that hit (those LC_STATE_DEPTH averages), int bits
 * Word 15 is padding (a 64-byte record). The shaders read and write the count at the record's first word.
 */
#define LC_STATE_WORDS 16
#define LC_STATE_COUNT 0
#define LC_STATE_MEAN 1
#define LC_STATE_M2 4
#define LC_STATE_ALBEDO 7
#define LC_STATE_NORMAL 10
#define LC_STATE_DEPTH 13
#define LC_STATE_DEPTH_HITS 14
#if LC_STATE_COUNT != 0
#error "raygen.rgen and display_resolve.comp read the sample count at the record's first word"
#endif

#endif /* LC_BINDINGS_H */
