package dev.lucent.backend.vulkan;

import static dev.lucent.backend.vulkan.VulkanCallException.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.EXTDebugUtils.*;
import static org.lwjgl.vulkan.KHRAccelerationStructure.*;
import static org.lwjgl.vulkan.KHRDeferredHostOperations.VK_KHR_DEFERRED_HOST_OPERATIONS_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRRayTracingPipeline.*;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.*;
import static org.lwjgl.vulkan.VK12.*;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.Vma;
import org.lwjgl.util.vma.VmaAllocatorCreateInfo;
import org.lwjgl.util.vma.VmaTotalStatistics;
import org.lwjgl.util.vma.VmaVulkanFunctions;
import org.lwjgl.vulkan.*;

/**
 * One Vulkan instance and logical device with ray tracing (VK_KHR_acceleration_structure,
 * VK_KHR_ray_tracing_pipeline, buffer device address), its compute-capable queue, a command pool and a VMA
 * allocator. {@link #open} picks the first physical device that has all of it, discrete GPUs first. Where the
 * device offers them, VK_KHR_external_memory_fd, VK_KHR_external_semaphore_fd and timeline semaphores are enabled
 * too, for sharing buffers and semaphores with CUDA ({@link #hasExternalMemoryFd} and the like say which).
 *
 * <p>With {@code debug} the Khronos validation layer is enabled and every warning or error it reports is printed to
 * stderr and counted ({@link #validationMessages}). Closing destroys, in order: allocator, command pool, device,
 * debug messenger, instance. Contexts still open when the JVM exits are closed by a shutdown hook (a JVM that
 * exits with a live instance can crash inside the driver). Not thread-safe: one thread uses a context.
 */
public final class VulkanContext implements AutoCloseable {
    static final String VALIDATION_LAYER = "VK_LAYER_KHRONOS_validation";
    private static final List<String> REQUIRED_EXTENSIONS = List.of(VK_KHR_ACCELERATION_STRUCTURE_EXTENSION_NAME,
            VK_KHR_RAY_TRACING_PIPELINE_EXTENSION_NAME, VK_KHR_DEFERRED_HOST_OPERATIONS_EXTENSION_NAME);
    /** Device extensions enabled where present, for sharing memory and semaphores with CUDA or OpenGL. */
    private static final List<String> EXTERNAL_EXTENSIONS = List.of(
            KHRExternalMemoryFd.VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME,
            KHRExternalSemaphoreFd.VK_KHR_EXTERNAL_SEMAPHORE_FD_EXTENSION_NAME);
    private static final Set<VulkanContext> OPEN = Collections.synchronizedSet(new HashSet<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<VulkanContext> left;
            synchronized (OPEN) {
                left = new ArrayList<>(OPEN);
            }
            for (VulkanContext c : left) c.close();
        }, "lucent-vulkan-shutdown"));
    }

    private VkInstance instance;
    private long debugMessenger;
    private VkDebugUtilsMessengerCallbackEXT debugCallback;
    private VkPhysicalDevice physical;
    private VkDevice device;
    private VkQueue queue;
    private int queueFamily;
    private long commandPool;
    private long allocator;
    private final List<String> validationMessages = Collections.synchronizedList(new ArrayList<>());

    private String deviceName = "";
    private int vendorId, deviceType;
    private String driverName = "", driverInfo = "";
    private int shaderGroupHandleSize, shaderGroupBaseAlignment, shaderGroupHandleAlignment;
    private int scratchAlignment;
    private float timestampPeriod;
    private boolean timestamps;
    private boolean externalMemoryFd, externalSemaphoreFd, timelineSemaphores;
    private final byte[] deviceUuid = new byte[VK_UUID_SIZE];

    private VulkanContext() {}

    /**
     * Opens the first ray-tracing-capable device.
     *
     * @throws VulkanUnavailableException with one line saying why when there is no loader, no driver or no device
     *     with ray tracing (or, with {@code debug}, no validation layer)
     */
    public static VulkanContext open(boolean debug) {
        VulkanLoader.require();
        VulkanContext c = new VulkanContext();
        try {
            c.createInstance(debug);
            c.pickDevice();
            c.createDevice();
            c.createAllocator();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        OPEN.add(c);
        return c;
    }

    private void createInstance(boolean debug) {
        try (MemoryStack stack = stackPush()) {
            if (debug && !layerPresent(stack, VALIDATION_LAYER)) {
                throw new VulkanUnavailableException("--vk-debug: the validation layer " + VALIDATION_LAYER
                        + " is not installed (Debian: vulkan-validationlayers; or set VK_LAYER_PATH)");
            }
            VkApplicationInfo app = VkApplicationInfo.calloc(stack).sType$Default()
                    .pApplicationName(stack.UTF8("Lucent")).pEngineName(stack.UTF8("Lucent"))
                    .apiVersion(VK_API_VERSION_1_2);
            PointerBuffer layers = null, extensions = null;
            if (debug) {
                layers = stack.pointers(stack.UTF8(VALIDATION_LAYER));
                extensions = stack.pointers(stack.UTF8(VK_EXT_DEBUG_UTILS_EXTENSION_NAME));
            }
            VkInstanceCreateInfo ci = VkInstanceCreateInfo.calloc(stack).sType$Default().pApplicationInfo(app)
                    .ppEnabledLayerNames(layers).ppEnabledExtensionNames(extensions);
            PointerBuffer p = stack.mallocPointer(1);
            int r = vkCreateInstance(ci, null, p);
            if (r != VK_SUCCESS) {
                throw new VulkanUnavailableException("no Vulkan driver (vkCreateInstance: " + VulkanResults.name(r)
                        + "; install the GPU's Vulkan ICD, or lavapipe via tools/fetch-lavapipe)");
            }
            instance = new VkInstance(p.get(0), ci);
            if (debug) {
                debugCallback = VkDebugUtilsMessengerCallbackEXT.create((severity, types, data, user) -> {
                    VkDebugUtilsMessengerCallbackDataEXT d = VkDebugUtilsMessengerCallbackDataEXT.create(data);
                    String msg = d.pMessageString();
                    validationMessages.add(msg);
                    System.err.println("vulkan validation: " + msg);
                    return VK_FALSE;
                });
                VkDebugUtilsMessengerCreateInfoEXT mi = VkDebugUtilsMessengerCreateInfoEXT.calloc(stack)
                        .sType$Default()
                        .messageSeverity(VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT
                                | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
                        .messageType(VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT
                                | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT
                                | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT)
                        .pfnUserCallback(debugCallback);
                long[] m = new long[1];
                check(vkCreateDebugUtilsMessengerEXT(instance, mi, null, m), "vkCreateDebugUtilsMessengerEXT");
                debugMessenger = m[0];
            }
        }
    }

    private static boolean layerPresent(MemoryStack stack, String name) {
        IntBuffer n = stack.mallocInt(1);
        vkEnumerateInstanceLayerProperties(n, null);
        if (n.get(0) == 0) return false;
        try (MemoryStack s = stackPush()) {
            VkLayerProperties.Buffer props = VkLayerProperties.malloc(n.get(0), s);
            vkEnumerateInstanceLayerProperties(n, props);
            for (VkLayerProperties p : props) {
                if (p.layerNameString().equals(name)) return true;
            }
        }
        return false;
    }

    /** Why {@code pd} cannot render ("" when it can). */
    private static String unsuitable(VkPhysicalDevice pd) {
        try (MemoryStack stack = stackPush()) {
            VkPhysicalDeviceProperties props = VkPhysicalDeviceProperties.malloc(stack);
            vkGetPhysicalDeviceProperties(pd, props);
            if (VK_API_VERSION_MAJOR(props.apiVersion()) == 1 && VK_API_VERSION_MINOR(props.apiVersion()) < 2) {
                return "Vulkan " + VK_API_VERSION_MAJOR(props.apiVersion()) + "."
                        + VK_API_VERSION_MINOR(props.apiVersion()) + " (1.2 needed)";
            }
            Set<String> have = deviceExtensions(pd);
            List<String> missing = new ArrayList<>();
            for (String r : REQUIRED_EXTENSIONS) if (!have.contains(r)) missing.add(r);
            if (!missing.isEmpty()) return "no " + String.join(", ", missing);
            VkPhysicalDeviceRayTracingPipelineFeaturesKHR rt = VkPhysicalDeviceRayTracingPipelineFeaturesKHR
                    .calloc(stack).sType$Default();
            VkPhysicalDeviceAccelerationStructureFeaturesKHR as = VkPhysicalDeviceAccelerationStructureFeaturesKHR
                    .calloc(stack).sType$Default();
            VkPhysicalDeviceVulkan12Features v12 = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default();
            VkPhysicalDeviceFeatures2 f2 = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default();
            f2.pNext(rt).pNext(as).pNext(v12);
            vkGetPhysicalDeviceFeatures2(pd, f2);
            if (!rt.rayTracingPipeline()) return "rayTracingPipeline feature off";
            if (!f2.features().shaderFloat64()) return "no shaderFloat64 (the pixel filter's sampling is in double)";
            if (!as.accelerationStructure()) return "accelerationStructure feature off";
            if (!v12.bufferDeviceAddress()) return "bufferDeviceAddress feature off";
            if (computeQueueFamily(pd) < 0) return "no compute queue";
            return "";
        }
    }

    /** Names of the device extensions {@code pd} offers. */
    private static Set<String> deviceExtensions(VkPhysicalDevice pd) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer n = stack.mallocInt(1);
            vkEnumerateDeviceExtensionProperties(pd, (String) null, n, null);
            VkExtensionProperties.Buffer ext = VkExtensionProperties.malloc(n.get(0), stack);
            vkEnumerateDeviceExtensionProperties(pd, (String) null, n, ext);
            Set<String> have = new HashSet<>();
            for (VkExtensionProperties e : ext) have.add(e.extensionNameString());
            return have;
        }
    }

    private static int computeQueueFamily(VkPhysicalDevice pd) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer n = stack.mallocInt(1);
            vkGetPhysicalDeviceQueueFamilyProperties(pd, n, null);
            VkQueueFamilyProperties.Buffer q = VkQueueFamilyProperties.malloc(n.get(0), stack);
            vkGetPhysicalDeviceQueueFamilyProperties(pd, n, q);
            for (int i = 0; i < q.capacity(); i++) {
                if ((q.get(i).queueFlags() & VK_QUEUE_COMPUTE_BIT) != 0) return i;
            }
            return -1;
        }
    }

    private void pickDevice() {
        try (MemoryStack stack = stackPush()) {
            IntBuffer n = stack.mallocInt(1);
            check(vkEnumeratePhysicalDevices(instance, n, null), "vkEnumeratePhysicalDevices");
            if (n.get(0) == 0) throw new VulkanUnavailableException("no Vulkan device");
            PointerBuffer handles = stack.mallocPointer(n.get(0));
            check(vkEnumeratePhysicalDevices(instance, n, handles), "vkEnumeratePhysicalDevices");
            List<String> reasons = new ArrayList<>();
            VkPhysicalDevice best = null;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i < handles.capacity(); i++) {
                VkPhysicalDevice pd = new VkPhysicalDevice(handles.get(i), instance);
                VkPhysicalDeviceProperties props = VkPhysicalDeviceProperties.malloc(stack);
                vkGetPhysicalDeviceProperties(pd, props);
                String why = unsuitable(pd);
                if (!why.isEmpty()) {
                    reasons.add(props.deviceNameString() + ": " + why);
                    continue;
                }
                int rank = switch (props.deviceType()) {
                    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU -> 0;
                    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU -> 1;
                    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU -> 2;
                    default -> 3;
                };
                if (rank < bestRank) {
                    best = pd;
                    bestRank = rank;
                }
            }
            if (best == null) {
                throw new VulkanUnavailableException("no Vulkan device with ray tracing ("
                        + String.join("; ", reasons) + ")");
            }
            physical = best;
            queueFamily = computeQueueFamily(best);
            readProperties();
        }
    }

    private void readProperties() {
        try (MemoryStack stack = stackPush()) {
            VkPhysicalDeviceRayTracingPipelinePropertiesKHR rt = VkPhysicalDeviceRayTracingPipelinePropertiesKHR
                    .calloc(stack).sType$Default();
            VkPhysicalDeviceAccelerationStructurePropertiesKHR as = VkPhysicalDeviceAccelerationStructurePropertiesKHR
                    .calloc(stack).sType$Default();
            VkPhysicalDeviceDriverProperties drv = VkPhysicalDeviceDriverProperties.calloc(stack).sType$Default();
            VkPhysicalDeviceIDProperties id = VkPhysicalDeviceIDProperties.calloc(stack).sType$Default();
            VkPhysicalDeviceProperties2 p2 = VkPhysicalDeviceProperties2.calloc(stack).sType$Default();
            p2.pNext(rt).pNext(as).pNext(drv).pNext(id);
            vkGetPhysicalDeviceProperties2(physical, p2);
            id.deviceUUID().get(0, deviceUuid);
            VkPhysicalDeviceProperties p = p2.properties();
            deviceName = p.deviceNameString();
            vendorId = p.vendorID();
            deviceType = p.deviceType();
            driverName = drv.driverNameString();
            driverInfo = drv.driverInfoString();
            shaderGroupHandleSize = rt.shaderGroupHandleSize();
            shaderGroupBaseAlignment = rt.shaderGroupBaseAlignment();
            shaderGroupHandleAlignment = rt.shaderGroupHandleAlignment();
            scratchAlignment = Math.max(1, as.minAccelerationStructureScratchOffsetAlignment());
            timestampPeriod = p.limits().timestampPeriod();
            IntBuffer n = stack.mallocInt(1);
            vkGetPhysicalDeviceQueueFamilyProperties(physical, n, null);
            VkQueueFamilyProperties.Buffer q = VkQueueFamilyProperties.malloc(n.get(0), stack);
            vkGetPhysicalDeviceQueueFamilyProperties(physical, n, q);
            timestamps = q.get(queueFamily).timestampValidBits() > 0 && timestampPeriod > 0;
        }
    }

    private void createDevice() {
        try (MemoryStack stack = stackPush()) {
            VkDeviceQueueCreateInfo.Buffer qi = VkDeviceQueueCreateInfo.calloc(1, stack);
            qi.get(0).sType$Default().queueFamilyIndex(queueFamily).pQueuePriorities(stack.floats(1f));
            Set<String> have = deviceExtensions(physical);
            externalMemoryFd = have.contains(KHRExternalMemoryFd.VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME);
            externalSemaphoreFd = have.contains(KHRExternalSemaphoreFd.VK_KHR_EXTERNAL_SEMAPHORE_FD_EXTENSION_NAME);
            VkPhysicalDeviceVulkan12Features supported = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default();
            vkGetPhysicalDeviceFeatures2(physical, VkPhysicalDeviceFeatures2.calloc(stack).sType$Default()
                    .pNext(supported));
            timelineSemaphores = supported.timelineSemaphore();
            List<String> enabled = new ArrayList<>(REQUIRED_EXTENSIONS);
            for (String e : EXTERNAL_EXTENSIONS) if (have.contains(e)) enabled.add(e);
            PointerBuffer ext = stack.mallocPointer(enabled.size());
            for (String e : enabled) ext.put(stack.UTF8(e));
            ext.flip();
            VkPhysicalDeviceRayTracingPipelineFeaturesKHR rt = VkPhysicalDeviceRayTracingPipelineFeaturesKHR
                    .calloc(stack).sType$Default().rayTracingPipeline(true);
            VkPhysicalDeviceAccelerationStructureFeaturesKHR as = VkPhysicalDeviceAccelerationStructureFeaturesKHR
                    .calloc(stack).sType$Default().accelerationStructure(true);
            VkPhysicalDeviceVulkan12Features v12 = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default()
                    .bufferDeviceAddress(true).timelineSemaphore(timelineSemaphores);
            VkPhysicalDeviceFeatures2 f2 = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default();
            f2.features().shaderFloat64(true);
            VkDeviceCreateInfo ci = VkDeviceCreateInfo.calloc(stack).sType$Default().pQueueCreateInfos(qi)
                    .ppEnabledExtensionNames(ext);
            ci.pNext(rt).pNext(as).pNext(v12).pNext(f2);
            PointerBuffer p = stack.mallocPointer(1);
            check(vkCreateDevice(physical, ci, null, p), "vkCreateDevice");
            device = new VkDevice(p.get(0), physical, ci, VK_API_VERSION_1_2);
            vkGetDeviceQueue(device, queueFamily, 0, p);
            queue = new VkQueue(p.get(0), device);
            VkCommandPoolCreateInfo pi = VkCommandPoolCreateInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT).queueFamilyIndex(queueFamily);
            long[] pool = new long[1];
            check(vkCreateCommandPool(device, pi, null, pool), "vkCreateCommandPool");
            commandPool = pool[0];
        }
    }

    private void createAllocator() {
        try (MemoryStack stack = stackPush()) {
            VmaVulkanFunctions fns = VmaVulkanFunctions.calloc(stack).set(instance, device);
            VmaAllocatorCreateInfo ai = VmaAllocatorCreateInfo.calloc(stack)
                    .flags(Vma.VMA_ALLOCATOR_CREATE_BUFFER_DEVICE_ADDRESS_BIT).physicalDevice(physical)
                    .device(device).instance(instance).pVulkanFunctions(fns).vulkanApiVersion(VK_API_VERSION_1_2);
            PointerBuffer p = stack.mallocPointer(1);
            check(Vma.vmaCreateAllocator(ai, p), "vmaCreateAllocator");
            allocator = p.get(0);
        }
    }

    /**
     * Records commands with {@code record} into a one-time command buffer, submits it and waits for it to finish.
     */
    public void submitAndWait(Consumer<VkCommandBuffer> record) {
        submitAndWait(record, VK_NULL_HANDLE, null, null);
    }

    /**
     * As {@link #submitAndWait(Consumer)}, with semaphores on the submission: the batch first waits binary semaphore
     * {@code waitBinary} (VK_NULL_HANDLE: none; its signal must be pending) before any of its commands run, and
     * once its commands are done signals {@code signal[i]} (binary or timeline) to {@code signalValues[i]} (ignored
     * for binary semaphores; {@code signal} null or empty: none).
     */
    public void submitAndWait(Consumer<VkCommandBuffer> record, long waitBinary, long[] signal, long[] signalValues) {
        int signals = signal == null ? 0 : signal.length;
        if (signals > 0 && (signalValues == null || signalValues.length != signals)) {
            throw new IllegalArgumentException("one signal value per signalled semaphore");
        }
        try (MemoryStack stack = stackPush()) {
            VkCommandBufferAllocateInfo ai = VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
                    .commandPool(commandPool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1);
            PointerBuffer p = stack.mallocPointer(1);
            check(vkAllocateCommandBuffers(device, ai, p), "vkAllocateCommandBuffers");
            VkCommandBuffer cmd = new VkCommandBuffer(p.get(0), device);
            long[] fence = {VK_NULL_HANDLE};
            try {
                check(vkBeginCommandBuffer(cmd, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                        .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
                record.accept(cmd);
                check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
                check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, fence),
                        "vkCreateFence");
                VkSubmitInfo si = VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(stack.pointers(cmd));
                if (waitBinary != VK_NULL_HANDLE) {
                    si.waitSemaphoreCount(1).pWaitSemaphores(stack.longs(waitBinary))
                            .pWaitDstStageMask(stack.ints(VK_PIPELINE_STAGE_ALL_COMMANDS_BIT));
                }
                if (signals > 0) {
                    si.pSignalSemaphores(stack.longs(signal));
                    if (timelineSemaphores) {
                        si.pNext(VkTimelineSemaphoreSubmitInfo.calloc(stack).sType$Default()
                                .pSignalSemaphoreValues(stack.longs(signalValues)));
                    }
                }
                check(vkQueueSubmit(queue, si, fence[0]), "vkQueueSubmit");
                check(vkWaitForFences(device, fence, true, Long.MAX_VALUE), "vkWaitForFences");
            } finally {
                if (fence[0] != VK_NULL_HANDLE) vkDestroyFence(device, fence[0], null);
                vkFreeCommandBuffers(device, commandPool, cmd);
            }
        }
    }

    /** Contexts opened and not yet closed in this JVM. */
    public static int openCount() {
        return OPEN.size();
    }

    /** Bytes VMA has allocated from the device for this context's buffers (all heaps). */
    public long allocatedBytes() {
        try (MemoryStack stack = stackPush()) {
            VmaTotalStatistics s = VmaTotalStatistics.calloc(stack);
            Vma.vmaCalculateStatistics(allocator, s);
            return s.total().statistics().allocationBytes();
        }
    }

    public VkDevice device() { return device; }
    public VkPhysicalDevice physicalDevice() { return physical; }
    public long allocator() { return allocator; }
    public String deviceName() { return deviceName; }
    /** PCI vendor id (0x10DE NVIDIA, 0x1002 AMD, 0x8086 Intel; 0x10005 Mesa for lavapipe). */
    public int vendorId() { return vendorId; }
    /** VK_PHYSICAL_DEVICE_TYPE_*. */
    public int deviceType() { return deviceType; }
    /** Driver name and version string, e.g. "NVIDIA 580.159.04" or "llvmpipe Mesa 25.0.7". */
    public String driverDescription() { return (driverName + " " + driverInfo).trim(); }
    public int shaderGroupHandleSize() { return shaderGroupHandleSize; }
    public int shaderGroupBaseAlignment() { return shaderGroupBaseAlignment; }
    public int shaderGroupHandleAlignment() { return shaderGroupHandleAlignment; }
    public int scratchAlignment() { return scratchAlignment; }
    /** Nanoseconds per timestamp tick. */
    public float timestampPeriod() { return timestampPeriod; }
    /** Whether the queue writes timestamps (GPU timers available). */
    public boolean hasTimestamps() { return timestamps; }
    public int queueFamily() { return queueFamily; }
    /** Whether device memory can be exported as a POSIX file descriptor (VK_KHR_external_memory_fd enabled). */
    public boolean hasExternalMemoryFd() { return externalMemoryFd; }
    /** Whether semaphores can be exported as file descriptors (VK_KHR_external_semaphore_fd enabled). */
    public boolean hasExternalSemaphoreFd() { return externalSemaphoreFd; }
    /** Whether the timelineSemaphore feature is enabled. */
    public boolean hasTimelineSemaphores() { return timelineSemaphores; }
    /** The device's UUID (VkPhysicalDeviceIDProperties.deviceUUID), equal to CUDA's cuDeviceGetUuid for its GPU. */
    public byte[] deviceUuid() { return deviceUuid.clone(); }
    public VkQueue queue() { return queue; }
    public long commandPool() { return commandPool; }

    /** Whether the GPU has ray-tracing cores, and how that was decided. */
    public RtCoreInfo rtCores() {
        return RtCoreInfo.of(vendorId, deviceType, deviceName);
    }

    /** Validation warnings and errors reported so far (only with debug). */
    public List<String> validationMessages() {
        synchronized (validationMessages) {
            return new ArrayList<>(validationMessages);
        }
    }

    @Override
    public String toString() {
        return deviceName.isEmpty() ? "Vulkan context" : deviceName;
    }

    /** Waits for the device to go idle, then destroys everything in reverse order of creation. Idempotent. */
    @Override
    public void close() {
        OPEN.remove(this);
        if (device != null) vkDeviceWaitIdle(device);
        if (allocator != NULL) {
            Vma.vmaDestroyAllocator(allocator);
            allocator = NULL;
        }
        if (commandPool != VK_NULL_HANDLE) {
            vkDestroyCommandPool(device, commandPool, null);
            commandPool = VK_NULL_HANDLE;
        }
        if (device != null) {
            vkDestroyDevice(device, null);
            device = null;
        }
        if (debugMessenger != VK_NULL_HANDLE) {
            vkDestroyDebugUtilsMessengerEXT(instance, debugMessenger, null);
            debugMessenger = VK_NULL_HANDLE;
        }
        if (instance != null) {
            vkDestroyInstance(instance, null);
            instance = null;
        }
        if (debugCallback != null) {
            debugCallback.free();
            debugCallback = null;
        }
    }
}
