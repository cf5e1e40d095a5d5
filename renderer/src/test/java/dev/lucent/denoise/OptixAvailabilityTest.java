package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs everywhere: the one-line reason on a machine without a usable GPU, and the mapping of start-up failures. */
class OptixAvailabilityTest {
    @Test
    void reasonIsOneLineAndOpenReportsIt() {
        OptixAvailability a = OptixAvailability.check();
        assumeFalse(a.available(), "OptiX is available here; the GPU tests cover this machine");
        assertTrue(a.reason().startsWith("not available: "), a.reason());
        assertTrue(a.reason().length() > "not available: ".length() + 5, a.reason());
        assertFalse(a.reason().contains("\n"), a.reason());
        assertEquals("", a.deviceName());
        IllegalStateException e = assertThrows(IllegalStateException.class, OptixDenoiser::open);
        assertTrue(e.getMessage().endsWith(a.reason()), e.getMessage());
    }

    @Test
    void noDriverOnThisMachineIsNamed() {
        boolean driver = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1"))
                || Files.exists(Path.of("/usr/lib64/libcuda.so.1")) || Files.exists(Path.of("/usr/lib/libcuda.so.1"))
                || System.getenv("LD_LIBRARY_PATH") != null;
        assumeFalse(driver, "a libcuda.so.1 may be present");
        assumeFalse(OptixNativeLibrary.failure() != null, "the bridge is not built here");
        assertEquals("not available: no NVIDIA driver (libcuda.so.1 not found)", OptixAvailability.check().reason());
    }

    @Test
    void singleImageModelIsAovUnlessHdrIsNamed() {
        String before = System.getProperty(OptixBridge.MODEL_PROPERTY);
        try {
            System.clearProperty(OptixBridge.MODEL_PROPERTY);
            if (System.getenv("LUCENT_OPTIX_MODEL") == null) {
                assertEquals(0x2324, OptixBridge.singleImageModel());
            }
            System.setProperty(OptixBridge.MODEL_PROPERTY, "hdr");
            assertEquals(0x2323, OptixBridge.singleImageModel());
            System.setProperty(OptixBridge.MODEL_PROPERTY, " HDR ");
            assertEquals(0x2323, OptixBridge.singleImageModel());
            System.setProperty(OptixBridge.MODEL_PROPERTY, "aov");
            assertEquals(0x2324, OptixBridge.singleImageModel());
            for (String bad : new String[] {"temporal-aov", "ldr", "hdr2"}) {
                System.setProperty(OptixBridge.MODEL_PROPERTY, bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        OptixBridge::singleImageModel);
                assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("aov and hdr"),
                        e.getMessage());
            }
        } finally {
            if (before == null) System.clearProperty(OptixBridge.MODEL_PROPERTY);
            else System.setProperty(OptixBridge.MODEL_PROPERTY, before);
        }
    }

    @Test
    void modelNamesMatchOptixModelKinds() {
        assertEquals("aov", OptixBridge.modelName(OptixBridge.MODEL_AOV));
        assertEquals("hdr", OptixBridge.modelName(OptixBridge.MODEL_HDR));
        assertEquals("temporal-aov", OptixBridge.modelName(OptixBridge.MODEL_TEMPORAL_AOV));
        assertEquals("temporal", OptixBridge.modelName(OptixBridge.MODEL_TEMPORAL));
        assertEquals("kind 0x2322", OptixBridge.modelName(0x2322));
    }

    @Test
    void abiOrderIsNewestFirstUnlessOneIsNamed() {
        String before = System.getProperty(OptixBridge.ABI_PROPERTY);
        try {
            System.clearProperty(OptixBridge.ABI_PROPERTY);
            if (System.getenv("LUCENT_OPTIX_ABI") == null) {
                assertArrayEquals(new int[] {105, 87, 55}, OptixBridge.abiOrder());
            }
            System.setProperty(OptixBridge.ABI_PROPERTY, " 55 ");
            assertArrayEquals(new int[] {55}, OptixBridge.abiOrder());
            System.setProperty(OptixBridge.ABI_PROPERTY, "87");
            assertArrayEquals(new int[] {87}, OptixBridge.abiOrder());
            System.setProperty(OptixBridge.ABI_PROPERTY, "68");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OptixBridge::abiOrder);
            assertTrue(e.getMessage().contains("'68'") && e.getMessage().contains("105, 87 and 55"), e.getMessage());
            System.setProperty(OptixBridge.ABI_PROPERTY, "new");
            assertThrows(IllegalArgumentException.class, OptixBridge::abiOrder);
        } finally {
            if (before == null) System.clearProperty(OptixBridge.ABI_PROPERTY);
            else System.setProperty(OptixBridge.ABI_PROPERTY, before);
        }
    }

    @Test
    void startupFailuresAreExplainedInUserTerms() {
        assertEquals("no NVIDIA driver (libcuda.so.1 not found)",
                OptixAvailability.explain("dlopen(libcuda.so.1) failed: no NVIDIA driver (libcuda.so.1: cannot open)"));
        assertEquals("no GPU (cuInit failed: CUDA_ERROR_NO_DEVICE (100))",
                OptixAvailability.explain("cuInit failed: CUDA_ERROR_NO_DEVICE (100)"));
        assertEquals("the NVIDIA driver has no OptiX (libnvoptix.so.1 not found)",
                OptixAvailability.explain("dlopen(libnvoptix.so.1) failed: the driver has no OptiX library (x)"));
        String missing = OptixAvailability.explain("optixDenoiserCreate failed: OPTIX_ERROR_INTERNAL_ERROR (7990): "
                + "Internal error; OptiX log: [DENOISER] Unable to load denoiser weights: Could not open optix "
                + "denoiser weights file /usr/share/nvidia/nvoptix.bin");
        assertTrue(missing.startsWith("the driver's OptiX denoiser weights /usr/share/nvidia/nvoptix.bin are missing"),
                missing);
        assertTrue(missing.contains("fetch-optix-weights"), missing);
        assertFalse(missing.contains("\n"), missing);
        String branch = OptixAvailability.explain("optixDenoiserCreate failed: OPTIX_ERROR_INTERNAL_ERROR (7990): "
                + "Internal error; OptiX log: [DENOISER] Unable to load denoiser weights: Header file version 20000 "
                + "wrong, expected 31000");
        assertTrue(branch.startsWith("the driver's OptiX denoiser weights /usr/share/nvidia/nvoptix.bin are from "
                + "another driver branch"), branch);
        assertTrue(branch.endsWith("expected 31000"), branch);
        assertEquals("optixDeviceContextCreate failed: X (7001): y",
                OptixAvailability.explain("optixDeviceContextCreate failed: X (7001):\n y"));
    }
}
