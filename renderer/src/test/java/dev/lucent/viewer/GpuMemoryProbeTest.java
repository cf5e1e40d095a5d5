package dev.lucent.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GpuMemoryProbeTest {
    @Test
    void parsesNvidiaSmiCsvPerGpu() {
        assertEquals("1.0 / 140.0 GiB used on GPU 0; 0.5 / 140.0 GiB used on GPU 1",
                GpuMemoryProbe.parse("1024, 143360\n512, 143360\n"));
        assertTrue(GpuMemoryProbe.parse("No devices were found").startsWith("unknown (nvidia-smi said"));
    }

    @Test
    void queryNeverThrows() {
        String r = GpuMemoryProbe.query(); // "unknown (no nvidia-smi)" on machines without the driver
        assertTrue(r.startsWith("unknown") || r.contains("GiB used on GPU 0"), r);
    }
}
