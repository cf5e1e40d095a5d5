package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.image.ExrImage;
import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The first-hit roughness AOV from the film to {@code cpu-regression}'s features. */
class RoughnessFeatureTest {
    private static final int W = 40, H = 32;

    @Test
    void theFilmAveragesTheRoughnessAndTheExrCarriesIt() {
        Film film = new Film(2, 1);
        film.addSample(0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 2f, 0, 0, 0, 0, 0, 2f, 0.2f);
        film.addSample(0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 2f, 0, 0, 0, 0, 0, 2f, 0.6f);
        film.addSample(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, Float.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 2f, 0f);
        assertTrue(film.hasRoughness());
        assertArrayEquals(new float[] {0.4f, 0f}, film.roughnessValues(), 1e-7f);
        ExrImage out = FilmIo.stateImage(film, ImageMetadata.lucent());
        assertArrayEquals(film.roughnessValues(), out.channel(FilmIo.ROUGHNESS), 0f);
        assertArrayEquals(film.roughnessValues(), FilmIo.fromState(out, null).roughnessValues(), 0f);
        assertArrayEquals(film.roughnessValues(), DenoiseInput.fromExr(out).roughness(), 0f);
        // A sample without a roughness (another backend's summary) leaves the film without the AOV.
        film.mergeSamples(1, 2, new double[3], new double[3], new float[3], new float[3], 0f, 0);
        assertFalse(film.hasRoughness());
        assertNull(DenoiseInput.fromFilm(film).roughness());
        assertFalse(FilmIo.outputImage(film, ImageMetadata.lucent()).hasChannel(FilmIo.ROUGHNESS));
    }

    /** Grey floor, same normal and albedo everywhere; columns alternate rough (lit 0.3) and smooth (lit 0.9). */
    private static SyntheticRender stripes(float[] roughness) {
        SyntheticRender s = new SyntheticRender(W, H);
        float[] grey = {0.5f, 0.5f, 0.5f}, up = {0, 1, 0};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean smooth = (x / 2) % 2 == 0;
                s.set(x, y, grey, up, smooth ? 0.9f : 0.3f);
                roughness[y * W + x] = smooth ? 0.1f : 0.8f;
            }
        }
        return s;
    }

    private static DenoiseInput with(DenoiseInput in, float[] roughness) {
        return new DenoiseInput(in.width(), in.height(), in.color(), in.albedo(), in.normal(), in.depth(),
                in.variance(), in.spp(), in.emission(), null, null, null, roughness);
    }

    @Test
    void aConstantRoughnessChangesNothingAndAVaryingOneKeepsWhatOnlyItExplains() {
        float[] roughness = new float[W * H];
        SyntheticRender s = stripes(roughness);
        DenoiseInput in = s.noisy(0.3, 11);
        RegressionFilter f = new RegressionFilter(RegressionFilter.DEFAULT_RADIUS, 2f, 2);
        float[] without = f.denoise(in);
        float[] constant = new float[W * H];
        Arrays.fill(constant, 0.5f);
        assertArrayEquals(without, f.denoise(with(in, constant)), 0f);
        float[] withRoughness = f.denoise(with(in, roughness));
        assertNotNull(withRoughness);
        double mseWithout = s.mse(without), mseWith = s.mse(withRoughness);
        assertTrue(mseWith < 0.5 * mseWithout, "MSE with roughness " + mseWith + ", without " + mseWithout);
        // The stripes survive: smooth columns stay near 0.45, rough ones near 0.15.
        assertEquals(0.45, SyntheticRender.columnMean(withRoughness, W, H, 20, 0), 0.03);
        assertEquals(0.15, SyntheticRender.columnMean(withRoughness, W, H, 22, 0), 0.03);
    }
}
