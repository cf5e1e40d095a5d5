package dev.lucent.material;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.core.Layout;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.TextureRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TextureSamplerTest {
    /** Builds LcImage/LcTextureView/texel pools in native memory, as the scene compiler lays them out. */
    static final class Pools implements AutoCloseable {
        final NativeBuffer views, images, texels;

        Pools(int viewCount, int imageCount, int texelWords) {
            views = NativeBuffer.allocate((long) viewCount * Layout.LcTextureView.BYTES);
            images = NativeBuffer.allocate((long) imageCount * Layout.LcImage.BYTES);
            texels = NativeBuffer.allocate(texelWords * 4L);
        }

        void image(int index, int offsetWords, int w, int h, int format) {
            long o = (long) index * Layout.LcImage.BYTES;
            images.putInt(o + Layout.LcImage.OFFSET_WORDS, offsetWords);
            images.putInt(o + Layout.LcImage.WIDTH, w);
            images.putInt(o + Layout.LcImage.HEIGHT, h);
            images.putInt(o + Layout.LcImage.FORMAT, format);
        }

        void view(int index, int image, float[] m) {
            long o = (long) index * Layout.LcTextureView.BYTES;
            views.putFloats(o, m, 0, 6);
            views.putInt(o + Layout.LcTextureView.IMAGE, image);
        }

        static int rgba8(int r, int g, int b, int a) {
            return r | g << 8 | b << 16 | a << 24;
        }

        @Override
        public void close() {
            views.close();
            images.close();
            texels.close();
        }
    }

    static final float[] IDENTITY = {1, 0, 0, 0, 1, 0};
    Pools pools;
    TextureSampler sampler;
    final float[] rgba = new float[4];

    @BeforeEach
    void setUp() {
        // Image 0: 2x2 RGBA8, rows top first: (0, 1) / (2, 3) in red = 0, 100, 200, 40; green = 255 - red.
        // Image 1: 2x1 RGBA32F at word 4: (1, 2, 3, 4), (5, 6, 7, 8).
        pools = new Pools(3, 2, 4 + 8);
        int[] red = {0, 100, 200, 40};
        for (int i = 0; i < 4; i++) pools.texels.putInt(i * 4L, Pools.rgba8(red[i], 255 - red[i], 128, 255 - i));
        pools.texels.putFloats(16, new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
        pools.image(0, 0, 2, 2, Layout.LC_IMAGE_RGBA8);
        pools.image(1, 4, 2, 1, Layout.LC_IMAGE_RGBA32F);
        pools.view(0, 0, IDENTITY);
        TextureRef ref = new TextureRef(0);
        ref.offsetU = 0.25f;
        ref.scaleV = 2;
        pools.view(1, 0, ref.matrix());
        TextureRef rot = new TextureRef(0);
        rot.rotation = (float) (Math.PI / 2);
        pools.view(2, 0, rot.matrix());
        sampler = new TextureSampler(pools.views, pools.images, pools.texels);
    }

    @AfterEach
    void tearDown() {
        pools.close();
    }

    @Test
    void texelCentresReturnTheTexel() {
        float[][] centres = {{0.25f, 0.25f}, {0.75f, 0.25f}, {0.25f, 0.75f}, {0.75f, 0.75f}};
        int[] red = {0, 100, 200, 40};
        for (int i = 0; i < 4; i++) {
            sampler.sampleImage(0, centres[i][0], centres[i][1], false, rgba);
            assertEquals(red[i] / 255f, rgba[0], 1e-6, "texel " + i); // v down: v = 0.25 is the first row
            assertEquals((255 - red[i]) / 255f, rgba[1], 1e-6);
            assertEquals((255 - i) / 255f, rgba[3], 1e-6);
        }
    }

    @Test
    void bilinearBetweenCentresAndWrapAtEdges() {
        sampler.sampleImage(0, 0.5f, 0.5f, false, rgba); // all four equally
        assertEquals((0 + 100 + 200 + 40) / 4f / 255, rgba[0], 1e-6);
        sampler.sampleImage(0, 0.5f, 0.25f, false, rgba); // between texels 0 and 1
        assertEquals(50 / 255f, rgba[0], 1e-6);
        sampler.sampleImage(0, 0f, 0.25f, false, rgba); // left edge: half texel 0, half texel 1 (repeat)
        assertEquals(50 / 255f, rgba[0], 1e-6);
        sampler.sampleImage(0, 0.375f, 0.25f, false, rgba); // a quarter of the way from centre 0 to centre 1
        assertEquals(25 / 255f, rgba[0], 1e-6);
        sampler.sampleImage(0, 3.25f, -1.75f, false, rgba); // repeat: same as (0.25, 0.25)
        assertEquals(0, rgba[0], 1e-6);
        sampler.sampleImage(0, 0.25f, 0f, false, rgba); // top edge wraps to the bottom row
        assertEquals(100 / 255f, rgba[0], 1e-6);
    }

    @Test
    void srgbDecodeUsesTheExactTransferFunction() {
        assertEquals(0.21404114f, TextureSampler.srgbToLinear(0.5f), 1e-6);
        assertEquals(0, TextureSampler.srgbToLinear(0), 0);
        assertEquals(1, TextureSampler.srgbToLinear(1), 1e-6);
        assertEquals(0.04045f / 12.92f, TextureSampler.srgbToLinear(0.04045f), 1e-9); // linear segment
        sampler.sampleImage(0, 0.25f, 0.25f, true, rgba); // texel 0: red 0, green 255, blue 128
        assertEquals(0, rgba[0], 0);
        assertEquals(1, rgba[1], 1e-6);
        assertEquals(0.21586050f, rgba[2], 1e-6); // 128/255 decoded
        assertEquals(1, rgba[3], 1e-6); // alpha is never decoded
        // Decoding happens per texel before filtering: the mean of decoded values, not decode of the mean.
        sampler.sampleImage(0, 0.5f, 0.25f, true, rgba);
        assertEquals((TextureSampler.srgbToLinear(0) + TextureSampler.srgbToLinear(100 / 255f)) / 2, rgba[0], 1e-6);
    }

    @Test
    void floatImagesAreReadLinearly() {
        sampler.sampleImage(1, 0.25f, 0.5f, true, rgba); // sRGB flag ignored for float images
        assertEquals(1, rgba[0], 1e-6);
        assertEquals(4, rgba[3], 1e-6);
        sampler.sampleImage(1, 0.5f, 0.5f, false, rgba);
        assertEquals(3, rgba[0], 1e-6);
        assertEquals(4, rgba[1], 1e-6);
    }

    @Test
    void textureTransformIsApplied() {
        sampler.sampleView(0, 0.25f, 0.75f, false, rgba);
        assertEquals(200 / 255f, rgba[0], 1e-6);
        // offset u + 0.25, scale v x2: (0.5, 0.125) -> (0.75, 0.25) = texel 1.
        sampler.sampleView(1, 0.5f, 0.125f, false, rgba);
        assertEquals(100 / 255f, rgba[0], 1e-6);
        // Rotation by 90 degrees (KHR_texture_transform): (u, v) -> (v, -u); (0.75, 0.25) -> (0.25, -0.75),
        // which wraps to (0.25, 0.25) = texel 0; (0.25, 0.75) -> (0.75, -0.25), which wraps to texel 3.
        sampler.sampleView(2, 0.75f, 0.25f, false, rgba);
        assertEquals(0, rgba[0], 1e-5);
        sampler.sampleView(2, 0.25f, 0.75f, false, rgba);
        assertEquals(40 / 255f, rgba[0], 1e-5);
    }
}
