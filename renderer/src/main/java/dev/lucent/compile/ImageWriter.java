package dev.lucent.compile;

import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcImage;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneException;
import dev.lucent.scene.Texture;

/**
 * Writes {@code images} (LcImage, one per scene texture, same index, the environment map included) and the
 * texel pool. LDR texels are one 4-byte word each, bytes R, G, B, A in memory order (a little-endian uint
 * with R in the low byte), values exactly as stored in the file (the material slot says whether they are
 * sRGB). HDR texels are four linear floats RGBA. Rows top first. Each image starts at a 16-byte boundary.
 */
final class ImageWriter {
    private ImageWriter() {}

    /** LcImage.offsetWords is a uint: the pool holds at most 2^32 words (16 GiB). */
    static final long MAX_WORDS = 0xFFFF_FFFFL;

    static void write(CompiledScene cs, Scene scene) {
        int n = scene.textures.size();
        long words = 0;
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            Texture t = scene.textures.get(i);
            long texels = (long) t.width * t.height;
            long expected = texels * 4;
            long actual = t.isHdr() ? t.rgba32f.length : t.rgba8 == null ? -1 : t.rgba8.length;
            if (t.width <= 0 || t.height <= 0 || actual != expected) {
                throw new SceneException(t.source != null ? t.source : scene.source, "texture '" + t.name + "' is "
                        + t.width + "x" + t.height + " but holds " + actual + " channel values, expected " + expected);
            }
            offsets[i] = words;
            words += (t.isHdr() ? 4 : 1) * texels;
            words = (words + 3) & ~3L;
        }
        if (words > MAX_WORDS) {
            throw new SceneException(scene.source, "textures need " + words * 4
                    + " bytes; the texel pool holds at most " + MAX_WORDS * 4);
        }
        cs.imageCount = n;
        cs.images = PoolIo.table(n, LcImage.BYTES);
        cs.texels = NativeBuffer.allocate(Math.max(4, words * 4));
        for (int i = 0; i < n; i++) {
            Texture t = scene.textures.get(i);
            long o = (long) i * LcImage.BYTES;
            cs.images.putInt(o + LcImage.OFFSET_WORDS, (int) offsets[i]);
            cs.images.putInt(o + LcImage.WIDTH, t.width);
            cs.images.putInt(o + LcImage.HEIGHT, t.height);
            cs.images.putInt(o + LcImage.FORMAT, t.isHdr() ? Layout.LC_IMAGE_RGBA32F : Layout.LC_IMAGE_RGBA8);
            long at = offsets[i] * 4;
            if (t.isHdr()) {
                cs.texels.putFloats(at, t.rgba32f, 0, t.rgba32f.length);
            } else {
                for (int from = 0; from < t.rgba8.length; from += NativeBuffer.MAX_SLICE) {
                    int len = Math.min(NativeBuffer.MAX_SLICE, t.rgba8.length - from);
                    cs.texels.slice(at + from, len).put(t.rgba8, from, len);
                }
            }
        }
    }
}
