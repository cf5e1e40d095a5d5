package dev.lucent.image;

import org.lwjgl.util.tinyexr.TinyEXR;

/** How an OpenEXR channel stores its samples; {@link #code} is the tinyexr / OpenEXR pixel-type number. */
public enum ExrPixelType {
    /** 32-bit unsigned integer; Lucent stores raw bit patterns and counts in these. */
    UINT(TinyEXR.TINYEXR_PIXELTYPE_UINT),
    /** IEEE 754 binary16; values are converted from/to float on write/read. */
    HALF(TinyEXR.TINYEXR_PIXELTYPE_HALF),
    /** IEEE 754 binary32; written and read back bit-exact. */
    FLOAT(TinyEXR.TINYEXR_PIXELTYPE_FLOAT);

    public final int code;

    ExrPixelType(int code) { this.code = code; }

    static ExrPixelType ofCode(int code) {
        for (ExrPixelType t : values()) if (t.code == code) return t;
        throw new IllegalArgumentException("unknown EXR pixel type " + code);
    }
}
