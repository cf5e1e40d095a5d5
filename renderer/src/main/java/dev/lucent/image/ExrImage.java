package dev.lucent.image;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A multi-channel OpenEXR image in memory: named channels of width x height samples (rows top to bottom,
 * pixels left to right) plus string attributes. Channel names follow the OpenEXR layer convention
 * {@code layer.channel}: the beauty is {@code R, G, B, A} with no layer, AOVs are e.g. {@code albedo.R},
 * {@code normal.X}, {@code depth.Z}; {@link #putLayer} adds any further layer by name (for example a
 * {@code denoised} beauty). Float and half channels hold floats, UINT channels hold raw 32-bit ints.
 * Written by {@link ExrWriter}, read by {@link ExrReader}.
 */
public final class ExrImage {
    /** Channel suffixes of an RGB layer. */
    public static final String[] RGB = {"R", "G", "B"};
    /** Channel suffixes of a vector layer. */
    public static final String[] XYZ = {"X", "Y", "Z"};

    /** Largest pixel count: one channel's bytes must fit a Java array and a ByteBuffer (2^31 - 1). */
    public static final long MAX_PIXELS = Integer.MAX_VALUE / 4;

    /** One channel: its stored pixel type and its samples (float[] for FLOAT/HALF, int[] for UINT). */
    public record Channel(ExrPixelType type, Object samples) {}

    private final int width;
    private final int height;
    private final LinkedHashMap<String, Channel> channels = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> attributes = new LinkedHashMap<>();

    public ExrImage(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("EXR size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    public int width() { return width; }
    public int height() { return height; }
    public int pixelCount() { return width * height; }

    /** Adds or replaces a float channel stored as 32-bit float; returns this. */
    public ExrImage putChannel(String name, float[] samples) {
        return putChannel(name, samples, ExrPixelType.FLOAT);
    }

    /** Adds or replaces a float channel stored as {@code type} (FLOAT or HALF); returns this. */
    public ExrImage putChannel(String name, float[] samples, ExrPixelType type) {
        if (type == ExrPixelType.UINT) throw new IllegalArgumentException(name + ": float samples cannot be UINT");
        checkName(name);
        checkLength(name, samples.length);
        channels.put(name, new Channel(type, samples));
        return this;
    }

    /** Adds or replaces a 32-bit unsigned integer channel (raw int bit patterns); returns this. */
    public ExrImage putUintChannel(String name, int[] samples) {
        checkName(name);
        checkLength(name, samples.length);
        channels.put(name, new Channel(ExrPixelType.UINT, samples));
        return this;
    }

    /**
     * Adds the layer {@code layer} from interleaved samples ({@code suffixes.length} per pixel) as channels
     * {@code layer.suffix}; an empty layer name gives bare suffixes (the default layer). Returns this.
     */
    public ExrImage putLayer(String layer, String[] suffixes, float[] interleaved, ExrPixelType type) {
        int k = suffixes.length;
        checkLength(layer, interleaved.length / Math.max(k, 1));
        if (interleaved.length != pixelCount() * k) {
            throw new IllegalArgumentException(layer + ": expected " + pixelCount() * k + " samples");
        }
        for (int c = 0; c < k; c++) {
            float[] plane = new float[pixelCount()];
            for (int p = 0; p < plane.length; p++) plane[p] = interleaved[p * k + c];
            putChannel(channelName(layer, suffixes[c]), plane, type);
        }
        return this;
    }

    /** The layer's channels interleaved ({@code suffixes.length} floats per pixel). */
    public float[] layer(String layer, String... suffixes) {
        int k = suffixes.length;
        float[] out = new float[pixelCount() * k];
        for (int c = 0; c < k; c++) {
            float[] plane = channel(channelName(layer, suffixes[c]));
            for (int p = 0; p < plane.length; p++) out[p * k + c] = plane[p];
        }
        return out;
    }

    /** {@code layer.suffix}, or {@code suffix} for the default (empty) layer. */
    public static String channelName(String layer, String suffix) {
        return layer == null || layer.isEmpty() ? suffix : layer + "." + suffix;
    }

    public boolean hasChannel(String name) { return channels.containsKey(name); }

    /** Channel names in insertion order (file order, which OpenEXR sorts, for images read from disk). */
    public Set<String> channelNames() { return Collections.unmodifiableSet(channels.keySet()); }

    public ExrPixelType pixelType(String name) { return require(name).type(); }

    /** Samples of a FLOAT or HALF channel. IllegalArgumentException if absent or UINT. */
    public float[] channel(String name) {
        Channel c = require(name);
        if (!(c.samples() instanceof float[] f)) throw new IllegalArgumentException("channel " + name + " is UINT");
        return f;
    }

    /** Samples of a UINT channel. IllegalArgumentException if absent or not UINT. */
    public int[] uintChannel(String name) {
        Channel c = require(name);
        if (!(c.samples() instanceof int[] i)) throw new IllegalArgumentException("channel " + name + " is not UINT");
        return i;
    }

    /** The channel record, for writers. */
    Channel channelRecord(String name) { return require(name); }

    private Channel require(String name) {
        Channel c = channels.get(name);
        if (c == null) throw new IllegalArgumentException("no channel '" + name + "'; have " + channels.keySet());
        return c;
    }

    /** Sets a string attribute; returns this. */
    public ExrImage putAttribute(String name, String value) {
        checkName(name);
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("attribute " + name + ": NUL in value");
        attributes.put(name, value);
        return this;
    }

    /** Copies every metadata entry as a string attribute; returns this. */
    public ExrImage putAttributes(ImageMetadata metadata) {
        metadata.entries().forEach(this::putAttribute);
        return this;
    }

    /** String attributes in insertion order (read images: custom attributes in file order). */
    public Map<String, String> attributes() { return Collections.unmodifiableMap(attributes); }

    public String attribute(String name) { return attributes.get(name); }

    private void checkLength(String name, int length) {
        if (length != pixelCount()) {
            throw new IllegalArgumentException("channel " + name + ": " + length + " samples, expected "
                    + pixelCount());
        }
    }

    /** OpenEXR names are non-empty, at most 255 UTF-8 bytes, without NUL. */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("invalid EXR channel/attribute name '" + name + "'");
        }
    }
}
