package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.lwjgl.vulkan.VK10;

/** The RT-core decision by device name and by CUDA compute capability. */
class RtCoreInfoTest {
    private static final int NVIDIA = 0x10DE, DISCRETE = VK10.VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;

    @Test
    void datacentreHopperAndAmpereHaveNone() {
        assertEquals(false, RtCoreInfo.of(NVIDIA, DISCRETE, "NVIDIA H200").present());
        assertEquals(false, RtCoreInfo.of(NVIDIA, DISCRETE, "NVIDIA H100 80GB HBM3").present());
        assertEquals(false, RtCoreInfo.of(NVIDIA, DISCRETE, "NVIDIA A100-SXM4-40GB").present());
        assertEquals(false, RtCoreInfo.ofComputeCapability(9, 0).present());
        assertEquals(false, RtCoreInfo.ofComputeCapability(8, 0).present());
    }

    @Test
    void rtxAndGraphicsPartsHaveThem() {
        assertEquals(true, RtCoreInfo.of(NVIDIA, DISCRETE, "NVIDIA GeForce RTX 4090").present());
        assertEquals(true, RtCoreInfo.of(NVIDIA, DISCRETE, "NVIDIA L40S").present());
        assertEquals(true, RtCoreInfo.ofComputeCapability(8, 9).present());
        assertEquals(true, RtCoreInfo.ofComputeCapability(7, 5).present());
    }

    @Test
    void cpuDriversHaveNoneAndUnknownPartsSaySo() {
        assertEquals(false, RtCoreInfo.of(0x10005, VK10.VK_PHYSICAL_DEVICE_TYPE_CPU, "llvmpipe (LLVM 15.0.6)").present());
        assertNull(RtCoreInfo.of(0x1234, DISCRETE, "Some GPU").present());
        assertEquals("unknown", RtCoreInfo.of(0x1234, DISCRETE, "Some GPU").label());
    }
}
