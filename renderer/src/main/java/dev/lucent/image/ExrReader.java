package dev.lucent.image;

import static org.lwjgl.util.tinyexr.TinyEXR.FreeEXRHeader;
import static org.lwjgl.util.tinyexr.TinyEXR.FreeEXRImage;
import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRHeader;
import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRImage;
import static org.lwjgl.util.tinyexr.TinyEXR.LoadEXRImageFromMemory;
import static org.lwjgl.util.tinyexr.TinyEXR.ParseEXRHeaderFromMemory;
import static org.lwjgl.util.tinyexr.TinyEXR.ParseEXRVersionFromMemory;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_SUCCESS;

import dev.lucent.scene.SceneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.tinyexr.EXRAttribute;
import org.lwjgl.util.tinyexr.EXRChannelInfo;
import org.lwjgl.util.tinyexr.EXRHeader;
import org.lwjgl.util.tinyexr.EXRImage;
import org.lwjgl.util.tinyexr.EXRTile;
import org.lwjgl.util.tinyexr.EXRVersion;

/**
 * Reads a single-part OpenEXR file (scanline or tiled; for tiled files the full-resolution level) through
 * tinyexr into an {@link ExrImage}: every channel by name in file order, FLOAT and HALF channels as floats
 * (half widened exactly), UINT channels as raw ints; width and height are the data window's. Attributes:
 * {@code string} ones verbatim, {@code int}, {@code float} and {@code double} ones as decimal text; other
 * attribute types and tinyexr's own header fields are not returned. Multi-part and deep files are refused
 * with a SceneException, as is anything tinyexr cannot parse.
 */
public final class ExrReader {
    private ExrReader() {}

    /** Reads {@code file}. Throws SceneException naming the file and the problem. */
    public static ExrImage read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SceneException(file, "no such file");
        } catch (IOException e) {
            throw new SceneException(file, "cannot read: " + e.getMessage(), e);
        }
        return decode(bytes, file);
    }

    /** Decodes EXR bytes; {@code source} only names the data in error messages (may be null). */
    public static ExrImage decode(byte[] bytes, Path source) {
        ByteBuffer memory = MemoryUtil.memAlloc(Math.max(1, bytes.length));
        memory.put(bytes).flip();
        EXRHeader header = EXRHeader.calloc();
        EXRImage exr = EXRImage.calloc();
        boolean headerParsed = false;
        boolean imageLoaded = false;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            EXRVersion version = EXRVersion.calloc(stack);
            if (bytes.length == 0 || ParseEXRVersionFromMemory(version, memory) != TINYEXR_SUCCESS) {
                throw new SceneException(source, "not an OpenEXR file (bad magic number or version)");
            }
            if (version.multipart()) throw new SceneException(source, "multi-part EXR files are not supported");
            if (version.non_image()) throw new SceneException(source, "deep EXR files are not supported");

            InitEXRHeader(header);
            PointerBuffer err = stack.callocPointer(1);
            int rc = ParseEXRHeaderFromMemory(header, version, memory, err);
            if (rc != TINYEXR_SUCCESS) {
                throw new SceneException(source, "bad EXR header (tinyexr " + rc + "): " + ExrWriter.takeError(err));
            }
            headerParsed = true;

            int n = header.num_channels();
            ExrPixelType[] stored = new ExrPixelType[n];
            IntBuffer requested = header.requested_pixel_types();
            IntBuffer pixelTypes = header.pixel_types();
            EXRChannelInfo.Buffer infos = header.channels();
            for (int i = 0; i < n; i++) {
                EXRChannelInfo info = infos.get(i);
                if (info.x_sampling() != 1 || info.y_sampling() != 1) {
                    throw new SceneException(source, "channel " + info.nameString()
                            + " is subsampled; only full-resolution channels are supported");
                }
                stored[i] = ExrPixelType.ofCode(pixelTypes.get(i));
                if (stored[i] == ExrPixelType.HALF) requested.put(i, ExrPixelType.FLOAT.code);
            }

            InitEXRImage(exr);
            rc = LoadEXRImageFromMemory(exr, header, memory, err);
            if (rc != TINYEXR_SUCCESS) {
                throw new SceneException(source, "bad EXR pixel data (tinyexr " + rc + "): "
                        + ExrWriter.takeError(err));
            }
            imageLoaded = true;

            int width = header.data_window().max_x() - header.data_window().min_x() + 1;
            int height = header.data_window().max_y() - header.data_window().min_y() + 1;
            if (width <= 0 || height <= 0 || (long) width * height > ExrImage.MAX_PIXELS) {
                throw new SceneException(source, "unsupported EXR data window " + width + "x" + height);
            }
            ExrImage image = new ExrImage(width, height);
            for (int i = 0; i < n; i++) {
                String name = infos.get(i).nameString();
                boolean uint = stored[i] == ExrPixelType.UINT;
                Object samples = uint ? new int[width * height] : new float[width * height];
                if (header.tiled()) {
                    copyTiles(exr, header, i, width, height, samples);
                } else {
                    ByteBuffer plane = MemoryUtil.memByteBuffer(exr.images().get(i), width * height * 4)
                            .order(ByteOrder.nativeOrder());
                    copyPlane(plane, samples);
                }
                if (uint) image.putUintChannel(name, (int[]) samples);
                else image.putChannel(name, (float[]) samples, stored[i]);
            }
            readAttributes(header, image);
            return image;
        } finally {
            if (imageLoaded) FreeEXRImage(exr);
            if (headerParsed) FreeEXRHeader(header);
            exr.free();
            header.free();
            MemoryUtil.memFree(memory);
        }
    }

    private static void copyPlane(ByteBuffer plane, Object samples) {
        if (samples instanceof int[] ints) plane.asIntBuffer().get(ints);
        else plane.asFloatBuffer().get((float[]) samples);
    }

    /** Assembles channel {@code c} of the full-resolution level from tinyexr's tiles. */
    private static void copyTiles(EXRImage exr, EXRHeader header, int c, int width, int height, Object samples) {
        int tw = header.tile_size_x();
        int th = header.tile_size_y();
        EXRTile.Buffer tiles = exr.tiles();
        for (int t = 0; t < exr.num_tiles(); t++) {
            EXRTile tile = tiles.get(t);
            if (tile.level_x() != 0 || tile.level_y() != 0) continue;
            ByteBuffer plane = MemoryUtil.memByteBuffer(tile.images(exr.num_channels()).get(c), tw * th * 4)
                    .order(ByteOrder.nativeOrder());
            int x0 = tile.offset_x() * tw;
            int y0 = tile.offset_y() * th;
            for (int y = 0; y < tile.height() && y0 + y < height; y++) {
                for (int x = 0; x < tile.width() && x0 + x < width; x++) {
                    int src = (y * tw + x) * 4;
                    int dst = (y0 + y) * width + x0 + x;
                    if (samples instanceof int[] ints) ints[dst] = plane.getInt(src);
                    else ((float[]) samples)[dst] = plane.getFloat(src);
                }
            }
        }
    }

    private static void readAttributes(EXRHeader header, ExrImage image) {
        int count = header.num_custom_attributes();
        if (count == 0) return;
        EXRAttribute.Buffer attributes = header.custom_attributes();
        for (int i = 0; i < count; i++) {
            EXRAttribute a = attributes.get(i);
            String name = a.nameString();
            String type = a.typeString();
            int size = a.size();
            ByteBuffer v = size > 0 ? a.value().order(ByteOrder.LITTLE_ENDIAN) : null;
            String text = switch (type) {
                case "string" -> {
                    byte[] b = new byte[size];
                    if (v != null) v.get(b);
                    int end = b.length;
                    while (end > 0 && b[end - 1] == 0) end--; // some writers include a terminator
                    yield new String(b, 0, end, StandardCharsets.UTF_8);
                }
                case "int" -> size == 4 ? Integer.toString(v.getInt(0)) : null;
                case "float" -> size == 4 ? Float.toString(v.getFloat(0)) : null;
                case "double" -> size == 8 ? Double.toString(v.getDouble(0)) : null;
                default -> null;
            };
            if (text != null && !ExrWriter.RESERVED_ATTRIBUTES.contains(name)) {
                try {
                    image.putAttribute(name, text);
                } catch (IllegalArgumentException ignored) {
                    // A value with an embedded NUL cannot be represented as text; it is skipped.
                }
            }
        }
    }
}
