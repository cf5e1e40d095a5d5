package dev.lucent.image;

import dev.lucent.scene.RenderSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Text key/value pairs written into every output image: PNG {@code tEXt} chunks (iTXt when a value is not
 * Latin-1) and OpenEXR {@code string} attributes, with the same keys in both. Insertion order is kept.
 *
 * <p>Keys follow the stricter of the two formats (PNG keywords): 1 to 79 printable Latin-1 characters, no
 * leading, trailing or doubled spaces. Values are any text without NUL characters.
 */
public final class ImageMetadata {
    /** PNG's registered keyword for the producing program; Lucent writes "Lucent". */
    public static final String SOFTWARE = "Software";
    /** Render settings as {@code key=value} pairs separated by spaces (see {@link #describe(RenderSettings)}). */
    public static final String SETTINGS = "lucent.settings";
    /** Master seed of the sampler, decimal. */
    public static final String SEED = "lucent.seed";
    /** Name of the backend that rendered the image ("cpu", "cuda", "vulkan"). */
    public static final String BACKEND = "lucent.backend";
    /** Samples per pixel accumulated in the image, decimal. */
    public static final String SAMPLES = "lucent.spp";
    /** Wall-clock render time in seconds, decimal. */
    public static final String RENDER_SECONDS = "lucent.renderSeconds";
    /** Name of the scene file that was rendered. */
    public static final String SCENE = "lucent.scene";

    private final LinkedHashMap<String, String> entries = new LinkedHashMap<>();

    /** Metadata holding only {@code Software = Lucent}. */
    public static ImageMetadata lucent() {
        return new ImageMetadata().put(SOFTWARE, "Lucent");
    }

    /** {@link #lucent()} plus the settings, seed, backend and render time of one render. */
    public static ImageMetadata forRender(RenderSettings settings, String backend, double renderSeconds) {
        ImageMetadata m = lucent().put(SETTINGS, describe(settings));
        if (settings.seed != null) m.put(SEED, Long.toString(settings.seed));
        if (settings.spp != null) m.put(SAMPLES, Integer.toString(settings.spp));
        if (backend != null) m.put(BACKEND, backend);
        m.put(RENDER_SECONDS, String.format(Locale.ROOT, "%.3f", renderSeconds));
        return m;
    }

    /** The set fields of {@code s} as {@code key=value} pairs separated by single spaces, in a fixed order. */
    public static String describe(RenderSettings s) {
        StringBuilder b = new StringBuilder();
        append(b, "width", s.width);
        append(b, "height", s.height);
        append(b, "spp", s.spp);
        append(b, "maxDepth", s.maxDepth);
        append(b, "threads", s.threads);
        append(b, "seed", s.seed);
        append(b, "clamp", s.clamp);
        append(b, "camera", s.camera);
        append(b, "exposure", s.exposure);
        append(b, "toneMap", s.toneMap);
        return b.toString();
    }

    private static void append(StringBuilder b, String key, Object value) {
        if (value == null) return;
        if (b.length() > 0) b.append(' ');
        b.append(key).append('=').append(value);
    }

    /** Sets {@code key} (replacing an earlier value, keeping its position); returns this. */
    public ImageMetadata put(String key, String value) {
        checkKey(key);
        if (value == null) throw new IllegalArgumentException("metadata '" + key + "': null value");
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("metadata '" + key + "': NUL in value");
        entries.put(key, value);
        return this;
    }

    /** Copies every entry of {@code other} into this; returns this. */
    public ImageMetadata putAll(ImageMetadata other) {
        entries.putAll(other.entries);
        return this;
    }

    public String get(String key) { return entries.get(key); }

    /** Read-only view in insertion order. */
    public Map<String, String> entries() { return Collections.unmodifiableMap(entries); }

    /** Checks the PNG keyword rules (which also satisfy OpenEXR attribute names). */
    static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 79) {
            throw new IllegalArgumentException("metadata key must be 1 to 79 characters: '" + key + "'");
        }
        if (key.startsWith(" ") || key.endsWith(" ") || key.contains("  ")) {
            throw new IllegalArgumentException("metadata key has leading, trailing or double spaces: '" + key + "'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean printableLatin1 = (c >= 32 && c <= 126) || (c >= 161 && c <= 255);
            if (!printableLatin1) {
                throw new IllegalArgumentException("metadata key has a character outside printable Latin-1: '"
                        + key + "'");
            }
        }
    }

    @Override
    public String toString() { return entries.toString(); }
}
