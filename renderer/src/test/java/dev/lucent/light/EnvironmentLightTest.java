package dev.lucent.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.TestSceneBuilder;
import dev.lucent.core.TestPaths;
import dev.lucent.scene.SceneException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lwjgl.stb.STBImage;
import org.lwjgl.system.MemoryStack;

class EnvironmentLightTest {
    static final double FOUR_PI = 4 * Math.PI;

    /** W x H RGBA32F map: random sky with zero texels and one bright texel at (sunX, sunY). */
    static float[] randomMap(int w, int h, int sunX, int sunY, long seed) {
        float[] rgba = new float[w * h * 4];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < w * h; i++) {
            boolean zero = rng.nextDouble() < 0.15;
            for (int c = 0; c < 3; c++) rgba[4 * i + c] = zero ? 0f : (float) rng.nextDouble(0.05, 1.0);
            rgba[4 * i + 3] = 1;
        }
        int s = 4 * (sunY * w + sunX);
        rgba[s] = 300;
        rgba[s + 1] = 250;
        rgba[s + 2] = 200;
        return rgba;
    }

    static float[] constantMap(int w, int h, float value) {
        float[] rgba = new float[w * h * 4];
        for (int i = 0; i < w * h; i++) {
            rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = value;
            rgba[4 * i + 3] = 1;
        }
        return rgba;
    }

    static float[] rotateY(float[] d, double r) {
        return new float[] {(float) (d[0] * Math.cos(r) + d[2] * Math.sin(r)), d[1],
            (float) (-d[0] * Math.sin(r) + d[2] * Math.cos(r))};
    }

    @Test
    void uvConventionIsAsDocumented() {
        float[] uv = new float[2];
        EnvironmentLight.directionToUv(0, 0, -1, uv);
        assertEquals(0.5f, uv[0], 1e-6);
        assertEquals(0.5f, uv[1], 1e-6);
        EnvironmentLight.directionToUv(1, 0, 0, uv);
        assertEquals(0.75f, uv[0], 1e-6);
        EnvironmentLight.directionToUv(-1, 0, 0, uv);
        assertEquals(0.25f, uv[0], 1e-6);
        EnvironmentLight.directionToUv(0, 2, 0, uv);
        assertEquals(0f, uv[1], 1e-6);
        EnvironmentLight.directionToUv(0, -1, 0, uv);
        assertEquals(1f, uv[1], 1e-6);
        float[] d = new float[3];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            float u = (float) rng.nextDouble(), v = (float) rng.nextDouble(0.01, 0.99);
            EnvironmentLight.uvToDirection(u, v, d);
            assertEquals(1f, d[0] * d[0] + d[1] * d[1] + d[2] * d[2], 1e-5);
            EnvironmentLight.directionToUv(d[0], d[1], d[2], uv);
            assertEquals(u, uv[0], 1e-5);
            assertEquals(v, uv[1], 1e-5);
        }
    }

    @Test
    void evalReadsTheNearestTexelTopRowFirst() {
        int w = 8, h = 4;
        float[] rgba = new float[w * h * 4];
        for (int i = 0; i < w * h; i++) rgba[4 * i] = i;
        try (CompiledScene s = new TestSceneBuilder().environment(w, h, rgba, 2f, 0f).build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            float[] d = new float[3], rgb = new float[3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    EnvironmentLight.uvToDirection((x + 0.5f) / w, (y + 0.5f) / h, d);
                    env.evalEnvironment(d[0], d[1], d[2], rgb);
                    assertEquals(2f * (y * w + x), rgb[0], 1e-4, "texel " + x + "," + y);
                }
            }
            env.evalEnvironment(0, 1, 0, rgb);
            assertTrue(rgb[0] < 2f * w, "+y reads the top row");
        }
    }

    @Test
    void constantMapHasPdfOneOverFourPi() {
        try (CompiledScene s = new TestSceneBuilder().environment(16, 8, constantMap(16, 8, 0.7f), 1f, 0.4f)
                .build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            SplittableRandom rng = new SplittableRandom(4);
            LightSample ls = new LightSample();
            for (int i = 0; i < 2000; i++) {
                float[] d = randomDirection(rng);
                assertEquals(1 / FOUR_PI, env.pdfEnvironment(d[0], d[1], d[2]), 1e-6);
                assertTrue(env.sampleEnvironment((float) rng.nextDouble(), (float) rng.nextDouble(), ls));
                assertEquals(1 / FOUR_PI, ls.pdf, 1e-6);
                assertEquals(0.7f, ls.leG, 1e-6);
            }
            assertEquals(0.7f, env.averageLuminance(), 1e-5);
        }
    }

    @Test
    void pdfIntegratesToOneOverTheSphere() {
        int w = 16, h = 8;
        try (CompiledScene s = new TestSceneBuilder().environment(w, h, randomMap(w, h, 5, 2, 7), 1.5f, 2.1f)
                .build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            // midpoint rule in (phi, cos theta), where d omega = d phi d z, on a 1024 x 1024 grid
            int nphi = 1024, nz = 1024;
            double integral = 0;
            for (int j = 0; j < nz; j++) {
                double z = 1 - 2 * (j + 0.5) / nz, r = Math.sqrt(1 - z * z);
                for (int i = 0; i < nphi; i++) {
                    double phi = 2 * Math.PI * (i + 0.5) / nphi;
                    integral += env.pdfEnvironment((float) (r * Math.cos(phi)), (float) z, (float) (r * Math.sin(phi)));
                }
            }
            integral *= FOUR_PI / ((double) nphi * nz);
            assertEquals(1.0, integral, 2e-3);
        }
    }

    @Test
    void sampledDirectionsFollowPdfEnvironment() {
        int w = 16, h = 8, n = 400_000;
        float rotation = 0.9f;
        try (CompiledScene s = new TestSceneBuilder().environment(w, h, randomMap(w, h, 11, 3, 9), 1f, rotation)
                .build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            // bins: each texel split in two along phi and in two equal-solid-angle halves along cos(theta)
            long[] observed = new long[w * h * 4];
            double[] expected = new double[w * h * 4];
            float[] d = new float[3];
            for (int y = 0; y < h; y++) {
                double z0 = Math.cos(Math.PI * y / h), z1 = Math.cos(Math.PI * (y + 1) / h);
                for (int x = 0; x < w; x++) {
                    EnvironmentLight.uvToDirection((x + 0.5f) / w, (y + 0.5f) / h, d);
                    float[] world = rotateY(d, rotation);
                    double texelProbability = env.pdfEnvironment(world[0], world[1], world[2])
                            * (2 * Math.PI / w) * (z0 - z1);
                    for (int k = 0; k < 4; k++) expected[4 * (y * w + x) + k] = n * texelProbability / 4;
                }
            }
            SplittableRandom rng = new SplittableRandom(10);
            LightSample ls = new LightSample();
            float[] uv = new float[2];
            double probability = 0;
            for (double e : expected) probability += e / n;
            assertEquals(1.0, probability, 1e-4);
            for (int i = 0; i < n; i++) {
                assertTrue(env.sampleEnvironment((float) rng.nextDouble(), (float) rng.nextDouble(), ls));
                assertEquals(env.pdfEnvironment(ls.wiX, ls.wiY, ls.wiZ), ls.pdf, 0f);
                assertEquals(Float.POSITIVE_INFINITY, ls.distance);
                float[] local = rotateY(new float[] {ls.wiX, ls.wiY, ls.wiZ}, -rotation);
                EnvironmentLight.directionToUv(local[0], local[1], local[2], uv);
                int x = Math.min((int) (uv[0] * w), w - 1), y = Math.min((int) (uv[1] * h), h - 1);
                double z0 = Math.cos(Math.PI * y / h), z1 = Math.cos(Math.PI * (y + 1) / h);
                int halfPhi = uv[0] * w - x < 0.5f ? 0 : 1;
                int halfZ = (z0 - local[1]) / (z0 - z1) < 0.5 ? 0 : 1;
                observed[4 * (y * w + x) + 2 * halfZ + halfPhi]++;
            }
            ChiSquare.assertFits(observed, expected, "environment directions");
        }
    }

    @Test
    void sampleRadianceIsWhatEvalReturns() {
        int w = 16, h = 8;
        try (CompiledScene s = new TestSceneBuilder().environment(w, h, randomMap(w, h, 2, 6, 12), 3f, -0.7f)
                .build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            SplittableRandom rng = new SplittableRandom(13);
            LightSample ls = new LightSample();
            float[] rgb = new float[3];
            for (int i = 0; i < 10_000; i++) {
                env.sampleEnvironment((float) rng.nextDouble(), (float) rng.nextDouble(), ls);
                env.evalEnvironment(ls.wiX, ls.wiY, ls.wiZ, rgb);
                assertEquals(rgb[0], ls.leR, 0f);
                assertEquals(rgb[1], ls.leG, 0f);
                assertEquals(rgb[2], ls.leB, 0f);
                assertTrue(ls.leR + ls.leG + ls.leB > 0, "zero-radiance texels are never sampled");
                assertEquals(1f, ls.wiX * ls.wiX + ls.wiY * ls.wiY + ls.wiZ * ls.wiZ, 1e-5);
            }
        }
    }

    @Test
    void rotationMovesTheSun() {
        int w = 32, h = 16, sunX = 20, sunY = 5;
        float[] rgba = constantMap(w, h, 0.01f);
        int o = 4 * (sunY * w + sunX);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = 1e4f;
        float[] sun = new float[3];
        EnvironmentLight.uvToDirection((sunX + 0.5f) / w, (sunY + 0.5f) / h, sun);
        float rotation = 1.3f;
        try (CompiledScene s = new TestSceneBuilder().environment(w, h, rgba, 1f, rotation).build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            float[] moved = rotateY(sun, rotation), rgb = new float[3];
            env.evalEnvironment(moved[0], moved[1], moved[2], rgb);
            assertEquals(1e4f, rgb[0], 1e-1);
            env.evalEnvironment(sun[0], sun[1], sun[2], rgb);
            assertEquals(0.01f, rgb[0], 1e-6);
            SplittableRandom rng = new SplittableRandom(14);
            LightSample ls = new LightSample();
            int nearSun = 0, n = 5000;
            for (int i = 0; i < n; i++) {
                env.sampleEnvironment((float) rng.nextDouble(), (float) rng.nextDouble(), ls);
                if (ls.wiX * moved[0] + ls.wiY * moved[1] + ls.wiZ * moved[2] > 0.98f) nearSun++;
            }
            assertTrue(nearSun > 0.95 * n, nearSun + " of " + n + " samples near the rotated sun");
        }
    }

    @Test
    void rgba8IsDecodedFromSrgb() {
        int word = 255 | (128 << 8) | (0 << 16) | (255 << 24);
        try (CompiledScene s = new TestSceneBuilder().environment8(2, 1, new int[] {word, word}, 1f, 0f).build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            float[] rgb = new float[3];
            env.evalEnvironment(0, 0, -1, rgb);
            assertEquals(1f, rgb[0], 1e-6);
            assertEquals(0.2158605f, rgb[1], 1e-6);
            assertEquals(0f, rgb[2], 1e-6);
        }
    }

    @Test
    void uniformBackgroundWithoutMap() {
        try (CompiledScene s = new TestSceneBuilder().background(0.5f, 1f, 2f).build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            float[] rgb = new float[3];
            env.evalEnvironment(0.3f, -0.2f, 0.9f, rgb);
            assertEquals(0.5f, rgb[0]);
            assertEquals(2f, rgb[2]);
            assertEquals(1 / FOUR_PI, env.pdfEnvironment(0, 1, 0), 1e-7);
            LightSample ls = new LightSample();
            SplittableRandom rng = new SplittableRandom(15);
            double meanY = 0;
            int n = 20_000;
            long[] observed = new long[8];
            for (int i = 0; i < n; i++) {
                assertTrue(env.sampleEnvironment((float) rng.nextDouble(), (float) rng.nextDouble(), ls));
                assertEquals(1 / FOUR_PI, ls.pdf, 1e-7);
                meanY += ls.wiY;
                observed[(ls.wiX > 0 ? 1 : 0) + (ls.wiY > 0 ? 2 : 0) + (ls.wiZ > 0 ? 4 : 0)]++;
            }
            double[] expected = new double[8];
            java.util.Arrays.fill(expected, n / 8.0);
            ChiSquare.assertFits(observed, expected, "uniform background octants");
            float lum = 0.2126f * 0.5f + 0.7152f + 0.0722f * 2f;
            assertEquals(lum, env.averageLuminance(), 1e-6);
            assertEquals(lum * Math.PI * FOUR_PI * 4, env.power(2f), 1e-3);
        }
    }

    @Test
    void badImageReferenceIsASceneException() {
        try (CompiledScene s = new TestSceneBuilder().environment(4, 2, constantMap(4, 2, 1), 1, 0).build()) {
            s.images.putInt(dev.lucent.core.Layout.LcImage.WIDTH, 4000);
            assertThrows(SceneException.class, () -> EnvironmentLight.fromScene(s));
        }
    }

    /**
     * On the shared sky map (2048 x 1024), sampling is proportional to luminance, so every sample's
     * luminance(Le) / pdf equals the luminance integral over the sphere, which is 4 pi x averageLuminance.
     */
    @Test
    void realSkyMapSamplesHaveConstantLuminanceOverPdf() {
        Path hdr = TestPaths.sharedScenes().resolve("environments/sky-afternoon.hdr");
        int w, h;
        float[] rgba;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer pw = stack.mallocInt(1), ph = stack.mallocInt(1), pc = stack.mallocInt(1);
            FloatBuffer data = STBImage.stbi_loadf(hdr.toString(), pw, ph, pc, 4);
            assertTrue(data != null, "stb could not read " + hdr);
            w = pw.get(0);
            h = ph.get(0);
            rgba = new float[w * h * 4];
            data.get(0, rgba); // absolute get: stbi_image_free frees at the buffer's position
                        STBImage.stbi_image_free(data);
                    }
        try (CompiledScene s = new TestSceneBuilder().environment(w, h, rgba, 1f, 0.25f).build()) {
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            double integral = FOUR_PI * env.averageLuminance();
            SplittableRandom rng = new SplittableRandom(16);
            LightSample ls = new LightSample();
            for (int i = 0; i < 20_000; i++) {
                assertTrue(env.sampleEnvironment((float) rng.nextDouble(), (float) rng.nextDouble(), ls));
                double ratio = Luminance.of(ls.leR, ls.leG, ls.leB) / ls.pdf;
                assertEquals(integral, ratio, 2e-3 * integral, "sample " + i);
            }
        }
    }

    static float[] randomDirection(SplittableRandom rng) {
        double z = 1 - 2 * rng.nextDouble(), phi = 2 * Math.PI * rng.nextDouble(), r = Math.sqrt(1 - z * z);
        return new float[] {(float) (r * Math.cos(phi)), (float) z, (float) (r * Math.sin(phi))};
    }
}
