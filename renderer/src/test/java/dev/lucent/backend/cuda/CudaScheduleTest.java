package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schedule property and AUTO's rule (no GPU needed). */
class CudaScheduleTest {
    @AfterEach
    void clear() {
        System.clearProperty(CudaSchedule.PROPERTY);
    }

    @Test
    void propertyNamesTheSchedule() {
        assertEquals(CudaSchedule.AUTO, CudaSchedule.fromProperty());
        System.setProperty(CudaSchedule.PROPERTY, "Wavefront");
        assertEquals(CudaSchedule.WAVEFRONT, CudaSchedule.fromProperty());
        System.setProperty(CudaSchedule.PROPERTY, "megakernel");
        assertEquals(CudaSchedule.MEGAKERNEL, CudaSchedule.fromProperty());
        System.setProperty(CudaSchedule.PROPERTY, "fast");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CudaSchedule::fromProperty);
        assertEquals("-Dlucent.cuda.schedule=fast: use auto, megakernel or wavefront", e.getMessage());
    }

    @Test
    void autoPicksTheWavefrontForLongPaths() {
        // {camera, extension, shadow} rays of one 1080p pass, measured: Cornell box, procedural 10M, helmet.
        assertEquals(CudaSchedule.WAVEFRONT, CudaSchedule.choose(new long[] {2073600, 2010633, 1865168}));
        assertEquals(CudaSchedule.WAVEFRONT, CudaSchedule.choose(new long[] {2073600, 3915059, 2160488}));
        assertEquals(CudaSchedule.MEGAKERNEL, CudaSchedule.choose(new long[] {2073600, 617721, 527732}));
        assertEquals(CudaSchedule.MEGAKERNEL, CudaSchedule.choose(new long[] {0, 0, 0}), "nothing traced");
    }
}
