package dev.lucent.scene;

import dev.lucent.image.ImageDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes each image of a scene once, however many materials use it, and appends it to
 * {@link Scene#textures}. Keys are the image's identity in its file: the absolute normalized path for image
 * files, a loader-chosen key (such as "bufferView 3") for embedded images.
 *
 * <p>Documented fallback: an image that is missing or cannot be decoded becomes {@link Texture#missing} (a
 * magenta checker) and a warning naming the scene file, the image and the reason goes to
 * {@link Scene#warnings}. Loading goes on.
 */
public final class TextureCache {
    private final Scene scene;
    private final Map<String, Integer> indices = new HashMap<>();

    public TextureCache(Scene scene) { this.scene = scene; }

    /** The texture index of the image file {@code file}, decoding it on first use. */
    public int file(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String key = "file:" + abs;
        Integer known = indices.get(key);
        if (known != null) return known;
        Texture t;
        if (!Files.isRegularFile(abs)) {
            t = fallback(abs.getFileName().toString(), abs, "image file not found: " + abs);
        } else {
            try {
                t = ImageDecoder.decode(abs);
            } catch (IOException | RuntimeException e) {
                t = fallback(abs.getFileName().toString(), abs, e.getMessage());
            }
        }
        return put(key, t);
    }

    /**
     * The texture index of an embedded image, decoding it on first use of {@code key}. The supplier gives the
     * encoded bytes, or throws an {@link IOException} saying why they cannot be had.
     */
    public int embedded(String key, String name, EncodedSource bytes) {
        Integer known = indices.get("embedded:" + key);
        if (known != null) return known;
        Texture t;
        try {
            t = ImageDecoder.decode(bytes.get(), name, null);
        } catch (IOException | RuntimeException e) {
            t = fallback(name, null, e.getMessage());
        }
        return put("embedded:" + key, t);
    }

    /** The texture index for an image known to be unusable (unsupported format, remote URI, ...). */
    public int unusable(String key, String name, String reason) {
        Integer known = indices.get("unusable:" + key);
        if (known != null) return known;
        return put("unusable:" + key, fallback(name, null, reason));
    }

    /**
     * Adds an already decoded texture (from a model loaded into another scene), sharing the index of an
     * earlier texture decoded from the same file.
     */
    public int adopt(Texture t) {
        String key = t.source != null ? "file:" + t.source.toAbsolutePath().normalize() : null;
        if (key != null) {
            Integer known = indices.get(key);
            if (known != null) return known;
        }
        scene.textures.add(t);
        int index = scene.textures.size() - 1;
        if (key != null) indices.put(key, index);
        return index;
    }

    private int put(String key, Texture t) {
        scene.textures.add(t);
        int index = scene.textures.size() - 1;
        indices.put(key, index);
        return index;
    }

    private Texture fallback(String name, Path source, String reason) {
        scene.warnings.add(scene.source + ": texture '" + name + "' replaced by a magenta checker: " + reason);
        return Texture.missing(name, source);
    }

    /** Encoded image bytes, fetched only when the image is first decoded. */
    @FunctionalInterface
    public interface EncodedSource {
        ByteBuffer get() throws IOException;
    }
}
