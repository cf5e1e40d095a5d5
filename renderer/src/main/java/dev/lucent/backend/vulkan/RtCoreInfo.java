package dev.lucent.backend.vulkan;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a GPU has ray-tracing cores (hardware BVH traversal and triangle tests), and how that was decided.
 * Vulkan exposes no such property, so the decision reads the CUDA compute capability where it is known
 * ({@link #ofComputeCapability}) and the device name otherwise ({@link #of}):
 * <ul>
 * <li>NVIDIA compute capability 7.5 (Turing), 8.6 / 8.7 / 8.9 (Ampere and Ada graphics parts) and 12.x (Blackwell
 *     graphics parts) have RT cores; 8.0 (A100, A30), 9.0 (H100, H200, GH200), 10.x (B100/B200) and anything
 *     before 7.5 do not;
 * <li>by name: NVIDIA parts named RTX, Quadro RTX, T4, A2/A10/A16/A40, L4/L40 have RT cores; the compute-only data
 *     centre parts (A100, A800, A30, H100, H200, H800, H20, GH200, B100, B200, V100, P100) do not;
 * <li>CPU implementations (lavapipe, SwiftShader) have none; anything else is "unknown".
 * </ul>
 *
 * @param present true, false, or null when unknown
 * @param basis how it was decided, for reports
 */
public record RtCoreInfo(Boolean present, String basis) {
    private static final Pattern NVIDIA_COMPUTE_ONLY = Pattern.compile(
            "\\b(A100|A800|A30|H100|H200|H800|H20|GH200|GB200|B100|B200|V100|P100|P40|K80)\\b");
    private static final Pattern NVIDIA_RT = Pattern.compile("\\b(RTX|T4|A2|A10|A16|A40|L4|L40S?)\\b");

    /** From the Vulkan device's vendor id, VkPhysicalDeviceType and name. */
    public static RtCoreInfo of(int vendorId, int deviceType, String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (deviceType == org.lwjgl.vulkan.VK10.VK_PHYSICAL_DEVICE_TYPE_CPU) {
            return new RtCoreInfo(false, "CPU implementation (" + name + ")");
        }
        if (vendorId == 0x10DE) {
            if (NVIDIA_COMPUTE_ONLY.matcher(n).find()) {
                return new RtCoreInfo(false, "by name: NVIDIA compute-only data-centre part");
            }
            if (NVIDIA_RT.matcher(n).find()) return new RtCoreInfo(true, "by name: NVIDIA RTX-class part");
        }
        return new RtCoreInfo(null, "unknown: no rule for " + name);
    }

    /** From a CUDA compute capability (major, minor). */
    public static RtCoreInfo ofComputeCapability(int major, int minor) {
        boolean rt = (major == 7 && minor == 5) || (major == 8 && minor >= 6) || major == 12;
        return new RtCoreInfo(rt, "CUDA compute capability " + major + "." + minor
                + (rt ? " (graphics part with RT cores)" : " (no RT cores)"));
    }

    /** "yes", "no" or "unknown". */
    public String label() {
        return present == null ? "unknown" : present ? "yes" : "no";
    }
}
