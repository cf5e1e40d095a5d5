package dev.lucent.core;

/**
 * Byte offsets and sizes of the structs in {@code shaders/common/lucent_layout.h}, the single definition
 * shared with CUDA and GLSL. {@code LayoutHeaderTest} parses the header and checks every constant here
 * (field {@code fooBar} is constant {@code FOO_BAR}; {@code BYTES} is the struct size), and the type tags.
 */
public final class Layout {
    private Layout() {}

    public static final int LC_LIGHT_POINT = 0;
    public static final int LC_LIGHT_SPOT = 1;
    public static final int LC_LIGHT_DIRECTIONAL = 2;
    public static final int LC_MATERIAL_DOUBLE_SIDED = 1;
    public static final int LC_MATERIAL_ALPHA_MASK = 2;
    public static final int LC_MATERIAL_ALPHA_BLEND = 4;
    public static final int LC_IMAGE_RGBA8 = 0;
    public static final int LC_IMAGE_RGBA32F = 1;
    public static final int LC_CAMERA_PERSPECTIVE = 0;
    public static final int LC_CAMERA_ORTHOGRAPHIC = 1;
    public static final int LC_NONE = -1;
    public static final int LC_BSDF_REFLECTION = 1;
    public static final int LC_BSDF_TRANSMISSION = 2;
    public static final int LC_BSDF_DIFFUSE = 4;
    public static final int LC_BSDF_GLOSSY = 8;
    public static final int LC_BSDF_DELTA = 16;
    public static final int LC_BVH2_LEAF_COUNT_BITS = 4;
    public static final int LC_BVH2_STACK_SIZE = 64;
    public static final int LC_CWBVH_STACK_SIZE = 32;

    public static final class LcMaterial {
        public static final int BASE_COLOR = 0, EMISSION = 16, METALLIC = 32, ROUGHNESS = 36,
                TRANSMISSION = 40, IOR = 44, ALPHA_CUTOFF = 48, NORMAL_SCALE = 52, FLAGS = 56,
                BASE_COLOR_TEX = 60, METALLIC_ROUGHNESS_TEX = 64, NORMAL_TEX = 68, EMISSIVE_TEX = 72,
                TRANSMISSION_TEX = 76, PAD0 = 80, PAD1 = 84, PAD2 = 88, PAD3 = 92, BYTES = 96;
    }

    public static final class LcTextureView {
        public static final int M00 = 0, M01 = 4, M02 = 8, M10 = 12, M11 = 16, M12 = 20, IMAGE = 24,
                TEX_COORD = 28, BYTES = 32;
    }

    public static final class LcImage {
        public static final int OFFSET_WORDS = 0, WIDTH = 4, HEIGHT = 8, FORMAT = 12, BYTES = 16;
    }

    public static final class LcMesh {
        public static final int FIRST_TRIANGLE = 0, TRIANGLE_COUNT = 4, FIRST_VERTEX = 8, VERTEX_COUNT = 12,
                FIRST_NODE = 16, NODE_COUNT = 20, HAS_TANGENTS = 24, PAD0 = 28, BYTES = 32;
    }

    public static final class LcInstance {
        public static final int OBJECT_TO_WORLD0 = 0, OBJECT_TO_WORLD1 = 16, OBJECT_TO_WORLD2 = 32,
                WORLD_TO_OBJECT0 = 48, WORLD_TO_OBJECT1 = 64, WORLD_TO_OBJECT2 = 80, MESH = 96,
                MATERIAL_OVERRIDE = 100, PAD0 = 104, PAD1 = 108, BYTES = 112;
    }

    public static final class LcBvhNode {
        public static final int MIN_X = 0, MIN_Y = 4, MIN_Z = 8, LEFT_FIRST = 12, MAX_X = 16, MAX_Y = 20,
                MAX_Z = 24, COUNT = 28, BYTES = 32;
    }

    public static final class LcLight {
        public static final int POSITION = 0, DIRECTION = 16, RADIANCE = 32, TYPE = 48, COS_INNER = 52,
                COS_OUTER = 56, RANGE = 60, BYTES = 64;
    }

    public static final class LcEmitter {
        public static final int INSTANCE = 0, TRIANGLE = 4, POWER = 8, CDF = 12, BYTES = 16;
    }

    public static final class LcCamera {
        public static final int POSITION = 0, RIGHT = 16, UP = 32, FORWARD = 48, TYPE = 64, LENS_RADIUS = 68,
                FOCUS_DISTANCE = 72, PAD0 = 76, BYTES = 80;
    }

    public static final class LcSceneGlobals {
        public static final int BACKGROUND = 0, BBOX_MIN = 16, BBOX_MAX = 32, ENV_IMAGE = 48,
                ENV_INTENSITY = 52, ENV_ROTATION = 56, LIGHT_COUNT = 60, BYTES = 64;
    }

    public static final class LcBvh2Node {
        public static final int C0_MIN_X = 0, C0_MAX_X = 4, C0_MIN_Y = 8, C0_MAX_Y = 12, C1_MIN_X = 16,
                C1_MAX_X = 20, C1_MIN_Y = 24, C1_MAX_Y = 28, C0_MIN_Z = 32, C0_MAX_Z = 36, C1_MIN_Z = 40,
                C1_MAX_Z = 44, CHILD0 = 48, CHILD1 = 52, PAD0 = 56, PAD1 = 60, BYTES = 64;
    }

    public static final class LcTriangle {
        public static final int V0 = 0, E1 = 16, E2 = 32, BYTES = 48;
    }

    public static final class LcCwbvhNode {
        public static final int PX = 0, PY = 4, PZ = 8, EXYZ_IMASK = 12, CHILD_BASE = 16, TRIANGLE_BASE = 20,
                META0 = 24, META1 = 28, QLO_X0 = 32, QLO_X1 = 36, QHI_X0 = 40, QHI_X1 = 44, QLO_Y0 = 48,
                QLO_Y1 = 52, QHI_Y0 = 56, QHI_Y1 = 60, QLO_Z0 = 64, QLO_Z1 = 68, QHI_Z0 = 72, QHI_Z1 = 76,
                BYTES = 80;
    }

    public static final class LcRay {
        public static final int ORIGIN = 0, DIRECTION = 16, BYTES = 32;
    }

    public static final class LcHit {
        public static final int T = 0, U = 4, V = 8, TRIANGLE = 12, INSTANCE = 16, PRIMITIVE = 20, PAD1 = 24,
                PAD2 = 28, BYTES = 32;
    }
}
