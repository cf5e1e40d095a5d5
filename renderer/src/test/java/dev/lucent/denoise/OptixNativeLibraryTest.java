package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Runs everywhere: the gateway's search order and messages, and the JNI surface's linkage without a driver. */
class OptixNativeLibraryTest {
    private static boolean builtIntoJar() {
        return OptixNativeLibrary.class.getResource(OptixNativeLibrary.RESOURCE) != null;
    }

    @Test
    void loadsFromTheJarOrSaysWhatToDo() {
        String why = OptixNativeLibrary.failure();
        if (builtIntoJar()) {
            assertNull(why, "the jar carries the bridge, so it must load");
        } else {
            assertTrue(why.startsWith("bridge not built: liblucent_optix.so"), why);
            assertTrue(why.contains("-D" + OptixNativeLibrary.PROPERTY + "=PATH"), why);
        }
    }

    @Test
    void explicitPathThatDoesNotExistIsReportedAndNotSkipped() {
        String why = OptixNativeLibrary.load("/nonexistent/liblucent_optix.so", null);
        assertTrue(why.startsWith("bridge not loaded: -Dlucent.optix.library=/nonexistent/liblucent_optix.so failed"),
                why);
        assertTrue(why.contains("no /nonexistent/liblucent_optix.so"), why);
    }

    @Test
    void bundleDirectoryWithoutTheLibraryFallsThroughToTheJar() {
        String why = OptixNativeLibrary.load(null, "/nonexistent-bundle");
        if (builtIntoJar()) {
            assertNull(why);
        } else {
            assertTrue(why.contains("bundle: no /nonexistent-bundle/natives/linux-x64/liblucent_optix.so"), why);
        }
    }

    @Test
    void nativeMethodsAreLinkedAndRefuseWorkBeforeOpen() {
        assumeTrue(builtIntoJar() && OptixNativeLibrary.failure() == null, "bridge not built here");
        assertArrayEquals(OptixBridge.ABIS, OptixBridge.supportedAbis(), "Java and C agree on the ABIs");
        assumeTrue(!OptixAvailability.check().available(), "a GPU is present; the bridge is open");
        assertEquals(0, OptixBridge.abiVersion(), "no ABI before the bridge opens");
        OptixCallException e = assertThrows(OptixCallException.class, () -> OptixBridge.create(true, true, OptixBridge.MODEL_AOV));
        assertTrue(e.getMessage().contains("not opened"), e.getMessage());
        assertThrows(OptixCallException.class, () -> OptixBridge.memAlloc(16));
        assertThrows(OptixCallException.class, OptixBridge::synchronize);
        assertThrows(OptixCallException.class, OptixBridge::eventCreate);
        assertNull(OptixBridge.errorString(7001));
        OptixBridge.destroy(0);
        OptixCallException open = assertThrows(OptixCallException.class, () -> OptixBridge.open(OptixBridge.ABIS[0]));
        assertTrue(open.getMessage().startsWith("dlopen(libcuda.so.1) failed")
                || open.getMessage().startsWith("cuInit failed")
                || open.getMessage().startsWith("dlopen(libnvoptix.so.1) failed"), open.getMessage());
    }
}
