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
        // The helmet under the sky (0.30 bounce rays per camera ray): the megakernel; the wavefront's whole renders
        // on two H200s take 7-9% longer (per pass it is 2-3% faster).
        assertEquals(CudaSchedule.MEGAKERNEL, CudaSchedule.choose(new long[] {2073600, 617721, 527732}));
        // A small white sphere in a 48x48 frame of sky (CPU backend, 16 samples): 0.24.
        assertEquals(CudaSchedule.MEGAKERNEL, CudaSchedule.choose(new long[] {36864, 8846, 4359}));
        assertEquals(CudaSchedule.MEGAKERNEL, CudaSchedule.choose(new long[] {0, 0, 0}), "nothing traced");
    }

    @Test
    void thresholdCanBeOverriddenForMeasurements() {
        long[] helmet = {2073600, 617721, 527732};
        try {
            System.setProperty(CudaSchedule.BOUNCES_PROPERTY, "0.28");
            assertEquals(0.28, CudaSchedule.wavefrontBouncesPerCameraRay());
            assertEquals(CudaSchedule.WAVEFRONT, CudaSchedule.choose(helmet));
            System.setProperty(CudaSchedule.BOUNCES_PROPERTY, "0.31");
            assertEquals(CudaSchedule.MEGAKERNEL, CudaSchedule.choose(helmet));
            System.setProperty(CudaSchedule.BOUNCES_PROPERTY, " 0.1 ");
            assertEquals(0.1, CudaSchedule.wavefrontBouncesPerCameraRay());
            System.setProperty(CudaSchedule.BOUNCES_PROPERTY, "many");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CudaSchedule.choose(helmet));
            assertEquals("-Dlucent.cuda.wavefrontBounces=many: not a number", e.getMessage());
            System.setProperty(CudaSchedule.BOUNCES_PROPERTY, "NaN");
            assertThrows(IllegalArgumentException.class, CudaSchedule::wavefrontBouncesPerCameraRay);
        } finally {
            System.clearProperty(CudaSchedule.BOUNCES_PROPERTY);
        }
        assertEquals(CudaSchedule.WAVEFRONT_BOUNCES_PER_CAMERA_RAY, CudaSchedule.wavefrontBouncesPerCameraRay());
    }
}
