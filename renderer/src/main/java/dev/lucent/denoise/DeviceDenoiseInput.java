package dev.lucent.denoise;

/**
 * A render's denoiser inputs already in GPU memory: CUDA device addresses (in the context the OptiX bridge uses,
 * device 0's primary context, which the CUDA backend shares) of width x height images, rows top to bottom. Colour
 * (mean radiance, linear RGB), albedo and normal are in {@code format} and share {@code pixelStrideBytes} and
 * {@code rowStrideBytes}, so they may be fields of one interleaved per-pixel record (the CUDA backend's
 * accumulation: colour at byte 4, albedo at 28, normal at 40 of a 96-byte record). {@code flow} is FLOAT2
 * motion, 8 bytes per pixel packed, or 0 when there is none. {@link OptixDenoiser#denoiseDevice} reads them
 * without a host copy.
 */
public record DeviceDenoiseInput(int width, int height, long color, long albedo, long normal, long flow,
                                 OptixPixelFormat format, int pixelStrideBytes, int rowStrideBytes) {
    public DeviceDenoiseInput {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size " + width + "x" + height);
        if (color == 0) throw new IllegalArgumentException("no colour buffer");
        if (format == null) throw new IllegalArgumentException("no pixel format");
        if (pixelStrideBytes < format.pixelBytes() || (long) rowStrideBytes < (long) pixelStrideBytes * width) {
            throw new IllegalArgumentException("strides " + pixelStrideBytes + "/" + rowStrideBytes + " too small for "
                    + width + " " + format + " pixels");
        }
    }
}
