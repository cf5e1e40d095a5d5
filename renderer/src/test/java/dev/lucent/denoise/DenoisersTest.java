package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.ExrImage;
import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import dev.lucent.scene.SceneException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DenoisersTest {

    @Test
    void namesResolveToTheirDenoisers() {
        assertEquals(java.util.List.of("none", "cpu", "cpu-regression", "optix"), Denoisers.names());
        assertInstanceOf(IdentityDenoiser.class, Denoisers.byName("none"));
        CpuDenoiser cpu = assertInstanceOf(CpuDenoiser.class, Denoisers.byName("CPU", 3));
        assertEquals(3, cpu.threads());
        assertEquals("cpu", cpu.name());
        assertEquals("cpu-regression", assertInstanceOf(RegressionFilter.class, Denoisers.byName("cpu-regression", 2))
                .name());
    }

    @Test
    void sequenceModes() {
        try (SequenceDenoiser cpu = Denoisers.sequence("CPU", 1)) {
            assertTrue(cpu instanceof TemporalDenoiser);
            assertEquals("cpu", cpu.name());
            assertFalse(cpu.hasHistory());
        }
        assertThrows(IllegalArgumentException.class, () -> Denoisers.sequence("none", 1));
        assertThrows(IllegalArgumentException.class, () -> Denoisers.sequence("bogus", 1));
        OptixAvailability optix = OptixAvailability.check();
        if (!optix.available()) {
            DenoiserUnavailableException e = assertThrows(DenoiserUnavailableException.class,
                    () -> Denoisers.sequence("optix", 1));
            assertEquals("denoiser 'optix' " + optix.reason(), e.getMessage());
        }
    }

    @Test
    void optixUnavailableSaysWhyInOneLine() {
        OptixAvailability optix = OptixAvailability.check();
        Assumptions.assumeFalse(optix.available(), "OptiX is available on this machine");
        DenoiserUnavailableException e = assertThrows(DenoiserUnavailableException.class,
                () -> Denoisers.byName("optix"));
        assertEquals("denoiser 'optix' " + optix.reason(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals("optix", e.denoiser());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Denoisers.byName("oidn"));
        assertTrue(e.getMessage().contains("none, cpu, cpu-regression, optix"), e.getMessage());
    }

    @Test
    void identityReturnsACopy() {
        DenoiseInput in = smallInput();
        float[] out = new IdentityDenoiser().denoise(in);
        assertArrayEquals(in.color(), out);
        assertNotSame(in.color(), out);
    }

    @Test
    void fromFilmTakesEveryLayerOfTheFilm() {
        Film film = new Film(2, 1);
        film.addSample(0, 1, 2, 3, 0.5f, 0.25f, 0.125f, 0, 0, 1, 7);
        film.addSample(0, 3, 2, 1, 0.5f, 0.25f, 0.125f, 0, 0, 1, 9);
        film.addSample(1, 1, 1, 1, 0.1f, 0.1f, 0.1f, 1, 0, 0, Float.POSITIVE_INFINITY);
        DenoiseInput in = DenoiseInput.fromFilm(film);
        assertArrayEquals(new float[] {2, 2, 2, 1, 1, 1}, in.color());
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.125f, 0.1f, 0.1f, 0.1f}, in.albedo());
        assertArrayEquals(new float[] {8, Float.POSITIVE_INFINITY}, in.depth());
        // Pixel 0, red: samples 1 and 3, sample variance 2, variance of the mean 1.
        assertEquals(1f, in.variance()[0]);
        assertEquals(0f, in.variance()[1]);
        assertEquals(1, in.spp());
    }

    @Test
    void fromExrReadsTheLayersFilmIoWrites() {
        Film film = new Film(3, 2);
        for (int p = 0; p < 6; p++) {
            film.addSample(p, p, 1, 2, 0.5f, 0.5f, 0.5f, 0, 1, 0, 3);
            film.addSample(p, p + 1, 1, 2, 0.5f, 0.5f, 0.5f, 0, 1, 0, 3);
        }
        ExrImage img = FilmIo.outputImage(film, ImageMetadata.lucent().put(ImageMetadata.SAMPLES, "2"));
        DenoiseInput fromExr = DenoiseInput.fromExr(img);
        DenoiseInput fromFilm = DenoiseInput.fromFilm(film);
        assertArrayEquals(fromFilm.color(), fromExr.color());
        assertArrayEquals(fromFilm.normal(), fromExr.normal());
        assertArrayEquals(fromFilm.variance(), fromExr.variance());
        assertArrayEquals(fromFilm.depth(), fromExr.depth());
        assertEquals(2, fromExr.spp());
    }

    @Test
    void missingChannelIsASceneExceptionNamingIt() {
        ExrImage img = new ExrImage(1, 1).putChannel("R", new float[1]).putChannel("G", new float[1])
                .putChannel("B", new float[1]);
        SceneException e = assertThrows(SceneException.class, () -> DenoiseInput.fromExr(img, Path.of("x.exr")));
        assertTrue(e.getMessage().startsWith("x.exr: cannot denoise: missing channel 'albedo.R'"), e.getMessage());
    }

    @Test
    void wrongArrayLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DenoiseInput(2, 2, new float[12], new float[12],
                new float[12], new float[3], new float[12], 0));
    }

    private static DenoiseInput smallInput() {
        return new DenoiseInput(1, 1, new float[] {1, 2, 3}, new float[3], new float[3], new float[1],
                new float[3], 4);
    }
}
