/*
 * lc_bindings.h — descriptor bindings (set 0) and push-constant byte offsets of Lucent's ray-tracing pipeline,
 * defined once: the GLSL of shaders/vulkan uses these names; dev.lucent.backend.vulkan.VulkanBindings states the
 * same numbers for Java and VulkanBindingsTest parses this file and fails if the two disagree.
 * Every binding but LC_BINDING_TLAS (an acceleration structure) is a storage buffer holding the compiled scene's
 * pool of the same name (dev.lucent.compile.CompiledScene), a table, or per-pixel state.
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

#endif /* LC_BINDINGS_H */
