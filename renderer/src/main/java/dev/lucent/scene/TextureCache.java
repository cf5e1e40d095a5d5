package dev.lucent.scene;

import dev.lucent.image.ImageDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Decodes each image of a scene once, however many materials use it, into {@link Scene#textures}. Keys are
 * the image's identity in its file: the absolute normalized path for image files, a loader-chosen key (such
 * as "bufferView 3") for embedded images.
 *
 * <p>Requests return the texture index at once and reserve its slot; {@link #decodeAll} then decodes every
 * requested image, in parallel (the calling thread takes part), and must be called before the scene is
 * returned. Indices and warnings come out in request order whatever the thread timing.
 *
 * <p>Documented fallback: an image that is missing or cannot be decoded becomes {@link Texture#missing} (a
 * magenta checker) and a warning naming the scene file, the image and the reason goes to
 * {@link Scene#warnings}. Loading goes on.
 */
public final class TextureCache {
    private final Scene scene;
    private final Map<String, Integer> indices = new HashMap<>();
    private final List<Request> pending = new ArrayList<>();

    public TextureCache(Scene scene) { this.scene = scene; }

    /** Encoded image bytes, fetched when the image is decoded (possibly on another thread). */
    @FunctionalInterface
    public interface EncodedSource {
        ByteBuffer get() throws IOException;
    }

    /** One reserved slot: where the texture goes and how to make it. */
    private record Request(int index, String name, Path file, EncodedSource bytes) {}

    /** The texture index of the image file {@code file}. */
    public int file(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String key = "file:" + abs;
        Integer known = indices.get(key);
        if (known != null) return known;
        return reserve(key, new Request(scene.textures.size(), abs.getFileName().toString(), abs, null));
    }

    /**
     * The texture index of an embedded image; {@code bytes} gives the encoded image or throws an
     * {@link IOException} saying why it cannot be had.
     */
    public int embedded(String key, String name, EncodedSource bytes) {
        Integer known = indices.get("embedded:" + key);
        if (known != null) return known;
        return reserve("embedded:" + key, new Request(scene.textures.size(), name, null, bytes));
    }

    /** The texture index for an image known to be unusable (unsupported format, remote URI, ...). */
    public int unusable(String key, String name, String reason) {
        Integer known = indices.get("unusable:" + key);
        if (known != null) return known;
        scene.textures.add(fallback(name, null, reason));
        indices.put("unusable:" + key, scene.textures.size() - 1);
        return scene.textures.size() - 1;
    }

    /**
     * Adds an already decoded texture (from a model loaded into another scene), sharing the index of an
     * earlier texture from the same file.
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

    /** Decodes every requested image into its slot; warnings for failures follow in request order. */
    public void decodeAll() {
        List<Request> work = List.copyOf(pending);
        pending.clear();
        String[] problems = new String[work.size()];
        Texture[] done = new Texture[work.size()];
        IntStream.range(0, work.size()).parallel().forEach(i -> {
            Request r = work.get(i);
            try {
                if (r.file != null && !Files.isRegularFile(r.file)) {
                    throw new IOException("image file not found: " + r.file);
                }
                done[i] = r.file != null ? ImageDecoder.decode(r.file)
                        : ImageDecoder.decode(r.bytes.get(), r.name, null);
            } catch (IOException | RuntimeException e) {
                problems[i] = e.getMessage();
            }
        });
        for (int i = 0; i < work.size(); i++) {
            Request r = work.get(i);
            scene.textures.set(r.index, done[i] != null ? done[i] : fallback(r.name, r.file, problems[i]));
        }
    }

    private int reserve(String key, Request r) {
        scene.textures.add(null);
        indices.put(key, r.index);
        pending.add(r);
        return r.index;
    }

    private Texture fallback(String name, Path source, String reason) {
        scene.warnings.add(scene.source + ": texture '" + name + "' replaced by a magenta checker: " + reason);
        return Texture.missing(name, source);
    }
}
