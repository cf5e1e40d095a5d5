package dev.lucent.image;

import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRHeader;
import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRImage;
import static org.lwjgl.util.tinyexr.TinyEXR.SaveEXRImageToMemory;

import dev.lucent.scene.SceneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.libc.LibCStdlib;
import org.lwjgl.util.tinyexr.EXRAttribute;
import org.lwjgl.util.tinyexr.EXRChannelInfo;
import org.lwjgl.util.tinyexr.EXRHeader;
import org.lwjgl.util.tinyexr.EXRImage;
import org.lwjgl.util.tinyexr.TinyEXR;

/**
 * Writes an {@link ExrImage} as one single-part scanline OpenEXR file through tinyexr: every channel in
 * one part (so AOVs sit beside the beauty as {@code layer.channel} channels), ZIP compression (16 scanlines
 * per block) unless another {@link ExrCompression} is asked for, the channel list sorted by name as OpenEXR
 * requires, and each attribute as an OpenEXR
 * {@code string} attribute. Float channels are written bit-exact; HALF channels are converted by tinyexr.
 * The file is written through {@link AtomicFiles}.
 */
public final class ExrWriter {
    /**
     * Names tinyexr writes itself (the OpenEXR required and tiling attributes); a custom attribute with one
     * of these names would corrupt the header.
     */
    static final Set<String> RESERVED_ATTRIBUTES = Set.of("channels", "compression", "dataWindow",
            "displayWindow", "lineOrder", "pixelAspectRatio", "screenWindowCenter", "screenWindowWidth",
            "tiles", "name", "type", "version", "chunkCount", "maxSamplesPerPixel");

    private ExrWriter() {}

    /** Encodes {@code image} with ZIP and writes it to {@code target} atomically; SceneException on failure. */
    public static void write(Path target, ExrImage image) {
        write(target, image, ExrCompression.ZIP);
    }

    /** Encodes {@code image} with {@code compression} and writes it to {@code target} atomically. */
    public static void write(Path target, ExrImage image, ExrCompression compression) {
        byte[] exr = encode(image, compression);
        try {
            AtomicFiles.write(target, exr);
        } catch (IOException e) {
            throw new SceneException(target, "cannot write EXR: " + e.getMessage(), e);
        }
    }

    /** The complete EXR file for {@code image}, ZIP-compressed. */
    public static byte[] encode(ExrImage image) {
        return encode(image, ExrCompression.ZIP);
    }

    /** The complete EXR file for {@code image} with the given compression. */
    public static byte[] encode(ExrImage image, ExrCompression compression) {
        List<String> names = sortedChannelNames(image);
        int n = names.size();
        if (n == 0) throw new IllegalArgumentException("EXR image has no channels");
        for (String key : image.attributes().keySet()) {
            if (RESERVED_ATTRIBUTES.contains(key)) {
                throw new IllegalArgumentException("attribute name '" + key + "' is reserved by OpenEXR");
            }
        }
        int pixels = image.pixelCount();
        boolean longNames = names.stream().anyMatch(s -> utf8(s).length > 31)
                || image.attributes().keySet().stream().anyMatch(s -> utf8(s).length > 31);

        List<ByteBuffer> owned = new ArrayList<>();
        EXRChannelInfo.Buffer infos = EXRChannelInfo.calloc(n);
        EXRAttribute.Buffer attributes = EXRAttribute.calloc(Math.max(1, image.attributes().size()));
        try (MemoryStack stack = MemoryStack.stackPush()) {
            EXRHeader header = EXRHeader.calloc(stack);
            InitEXRHeader(header);
            EXRImage exr = EXRImage.calloc(stack);
            InitEXRImage(exr);

            IntBuffer pixelTypes = stack.mallocInt(n);
            IntBuffer requestedTypes = stack.mallocInt(n);
            PointerBuffer planes = stack.mallocPointer(n);
            for (int i = 0; i < n; i++) {
                String name = names.get(i);
                ExrImage.Channel ch = image.channelRecord(name);
                ByteBuffer plane = MemoryUtil.memAlloc(pixels * 4);
                owned.add(plane);
                if (ch.type() == ExrPixelType.UINT) {
                    plane.asIntBuffer().put((int[]) ch.samples());
                    pixelTypes.put(i, ExrPixelType.UINT.code);
                } else {
                    plane.asFloatBuffer().put((float[]) ch.samples());
                    pixelTypes.put(i, ExrPixelType.FLOAT.code); // in-memory type; tinyexr converts to HALF
                }
                requestedTypes.put(i, ch.type().code);
                planes.put(i, plane);
                infos.get(i).name(stack.UTF8(name)).pixel_type(ch.type().code).x_sampling(1).y_sampling(1);
            }

            int a = 0;
            for (Map.Entry<String, String> e : image.attributes().entrySet()) {
                byte[] bytes = utf8(e.getValue());
                ByteBuffer value = MemoryUtil.memAlloc(Math.max(1, bytes.length));
                owned.add(value);
                value.put(bytes).flip();
                attributes.get(a++).name(stack.UTF8(e.getKey())).type(stack.ASCII("string")).value(value);
            }

            header.channels(infos)
                    .pixel_types(pixelTypes)
                    .requested_pixel_types(requestedTypes)
                    .compression_type(compression.code)
                    .pixel_aspect_ratio(1f)
                    .screen_window_width(1f)
                    .line_order(0)
                    .long_name(longNames)
                    .custom_attributes(image.attributes().isEmpty() ? null : attributes);
            // The buffer setters also write the counts from the buffers' sizes; state them explicitly.
            header.num_channels(n);
            header.num_custom_attributes(image.attributes().size());
            header.data_window().set(0, 0, image.width() - 1, image.height() - 1);
            header.display_window().set(0, 0, image.width() - 1, image.height() - 1);

            exr.images(planes).width(image.width()).height(image.height()).num_channels(n);

            PointerBuffer out = stack.callocPointer(1);
            PointerBuffer err = stack.callocPointer(1);
            long size = SaveEXRImageToMemory(exr, header, out, err);
            long memory = out.get(0);
            try {
                if (size <= 0 || memory == 0) {
                    throw new IllegalStateException("SaveEXRImageToMemory failed: " + takeError(err));
                }
                if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException("EXR larger than 2 GiB");
                byte[] bytes = new byte[(int) size];
                MemoryUtil.memByteBuffer(memory, (int) size).get(bytes);
                return bytes;
            } finally {
                if (memory != 0) LibCStdlib.nfree(memory); // tinyexr allocates the output with malloc
            }
        } finally {
            for (ByteBuffer b : owned) MemoryUtil.memFree(b);
            infos.free();
            attributes.free();
        }
    }

    /** Channel names in OpenEXR order: ascending by the bytes of their UTF-8 encoding (strcmp). */
    static List<String> sortedChannelNames(ExrImage image) {
        List<String> names = new ArrayList<>(image.channelNames());
        names.sort((x, y) -> Arrays.compareUnsigned(utf8(x), utf8(y)));
        return names;
    }

    /** The tinyexr error message in {@code err} (freed here), or "no message". */
    static String takeError(PointerBuffer err) {
        long p = err.get(0);
        if (p == 0) return "no message";
        String message = MemoryUtil.memUTF8(p);
        TinyEXR.nFreeEXRErrorMessage(p);
        err.put(0, 0L);
        return message;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
