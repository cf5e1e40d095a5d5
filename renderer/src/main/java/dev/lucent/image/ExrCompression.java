package dev.lucent.image;

import org.lwjgl.util.tinyexr.TinyEXR;

/**
 * Lossless OpenEXR compressions tinyexr can write; {@link #code} is the OpenEXR compression number. ZIP
 * (zlib over 16-scanline blocks) is Lucent's default; NONE trades size for speed, PIZ (wavelet + Huffman)
 * usually compresses noisy renders better than ZIP.
 */
public enum ExrCompression {
    NONE(TinyEXR.TINYEXR_COMPRESSIONTYPE_NONE),
    ZIP(TinyEXR.TINYEXR_COMPRESSIONTYPE_ZIP),
    PIZ(TinyEXR.TINYEXR_COMPRESSIONTYPE_PIZ);

    public final int code;

    ExrCompression(int code) { this.code = code; }
}
