package dev.lucent.denoise;

/**
 * Pixel formats the OptiX bridge passes to the denoiser: 32-bit or 16-bit float RGB(A) (OptixPixelFormat values of
 * the OptiX ABI). Colour, albedo, normal and output of one invocation share a format, a pixel stride and a row
 * stride.
 */
public enum OptixPixelFormat {
    /** 3 floats per pixel, 12 bytes packed. */
    FLOAT3(0x2203, 12),
    /** 4 floats per pixel, 16 bytes packed; the 4th (alpha) is passed through. */
    FLOAT4(0x2204, 16),
    /** 3 IEEE half floats per pixel, 6 bytes packed. */
    HALF3(0x2201, 6),
    /** 4 IEEE half floats per pixel, 8 bytes packed; the 4th (alpha) is passed through. */
    HALF4(0x2202, 8);

    private final int code;
    private final int bytes;

    OptixPixelFormat(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The OptixPixelFormat enum value. */
    int code() { return code; }

    /** Bytes of one tightly packed pixel. */
    public int pixelBytes() { return bytes; }
}
