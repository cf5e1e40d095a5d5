package dev.lucent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Which batches put whole frames on separate devices. */
class MultiGpuModeTest {
    @Test
    void autoGivesWholeFramesWhenThereAreAtLeastAsManyFramesAsDevices() {
        assertEquals(2, MultiGpuMode.AUTO.frameSlots(2, 16));
        assertEquals(2, MultiGpuMode.AUTO.frameSlots(2, 2));
        assertEquals(0, MultiGpuMode.AUTO.frameSlots(2, 1), "one frame left: split it over both");
        assertEquals(0, MultiGpuMode.AUTO.frameSlots(4, 3));
        assertEquals(0, MultiGpuMode.AUTO.frameSlots(1, 16), "one device: nothing to choose");
    }

    @Test
    void forcedModesIgnoreTheCounts() {
        assertEquals(2, MultiGpuMode.FRAMES.frameSlots(2, 16));
        assertEquals(1, MultiGpuMode.FRAMES.frameSlots(2, 1), "never more slots than frames");
        assertEquals(1, MultiGpuMode.FRAMES.frameSlots(1, 5), "one device still takes the per-device path");
        assertEquals(0, MultiGpuMode.SPLIT.frameSlots(8, 100));
    }

    @Test
    void parsesNamesCaseInsensitively() {
        assertEquals(MultiGpuMode.FRAMES, MultiGpuMode.parse("Frames"));
        assertEquals(MultiGpuMode.SPLIT, MultiGpuMode.parse(" split"));
        assertEquals(MultiGpuMode.AUTO, MultiGpuMode.parse("auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiGpuMode.parse("tiles"));
        assertEquals("'tiles' is not a mode (auto, frames, split)", e.getMessage());
    }
}
