package dev.lucent.scene.gltf;

import de.javagl.jgltf.impl.v2.Accessor;
import de.javagl.jgltf.impl.v2.AccessorSparse;
import de.javagl.jgltf.impl.v2.BufferView;
import de.javagl.jgltf.impl.v2.GlTF;
import dev.lucent.scene.SceneException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads glTF accessors (specification section 3.6) into flat Java arrays: component types BYTE, UNSIGNED_BYTE,
 * SHORT, UNSIGNED_SHORT, UNSIGNED_INT and FLOAT, the normalized flag (section 3.11: c/127, c/255, c/32767,
 * c/65535, signed values clamped to -1), interleaved buffer views (byteStride), accessors without a buffer
 * view (all zeros) and sparse substitution (section 3.6.2.3). Every byte range is checked against the buffer
 * view and the buffer before it is read; a violation is a {@link SceneException} naming the accessor, its
 * use, and the sizes involved.
 */
final class GltfAccessorReader {
    static final int BYTE = 5120, UNSIGNED_BYTE = 5121, SHORT = 5122, UNSIGNED_SHORT = 5123, UNSIGNED_INT = 5125,
            FLOAT = 5126;

    private final Path file;
    private final GlTF gltf;
    /** Buffer data by glTF buffer index, little-endian, position 0. */
    private final ByteBuffer[] buffers;

    GltfAccessorReader(Path file, GlTF gltf, ByteBuffer[] buffers) {
        this.file = file;
        this.gltf = gltf;
        this.buffers = buffers;
    }

    /**
     * All elements of a SCALAR/VECn accessor as floats, {@code components} per element. Integer components are
     * normalized when the accessor says so, else converted as they are (KHR_mesh_quantization).
     */
    float[] floats(int index, String usage, int components) {
        Accessor a = accessor(index, usage);
        String what = describe(index, usage);
        int n = components(a, what);
        if (n != components) {
            throw new SceneException(file, what + " has type " + a.getType() + ", expected " + typeName(components));
        }
        int ct = a.getComponentType();
        boolean normalized = Boolean.TRUE.equals(a.isNormalized()) && ct != FLOAT;
        int count = a.getCount();
        float[] out = new float[Math.multiplyExact(count, n)];
        if (a.getBufferView() != null) {
            Range r = range(a, what, n);
            for (int i = 0; i < count; i++) {
                int base = r.offset + i * r.stride;
                for (int c = 0; c < n; c++) {
                    out[i * n + c] = component(r.data, base + c * r.componentSize, ct, normalized);
                }
            }
        }
        AccessorSparse sparse = a.getSparse();
        if (sparse != null) {
            int[] targets = sparseIndices(sparse, what, count);
            String vWhat = what + " sparse values";
            int componentSize = componentSize(ct, what);
            View v = view(sparse.getValues().getBufferView(), vWhat);
            int offset = orZero(sparse.getValues().getByteOffset());
            check(vWhat, offset, (long) targets.length * n * componentSize, v);
            for (int k = 0; k < targets.length; k++) {
                for (int c = 0; c < n; c++) {
                    out[targets[k] * n + c] = component(v.data, v.offset + offset + (k * n + c) * componentSize, ct,
                            normalized);
                }
            }
        }
        return out;
    }

    /** A SCALAR accessor of unsigned integers (vertex indices), as ints. */
    int[] indices(int index, String usage) {
        Accessor a = accessor(index, usage);
        String what = describe(index, usage);
        int ct = a.getComponentType();
        if (!"SCALAR".equals(a.getType()) || (ct != UNSIGNED_BYTE && ct != UNSIGNED_SHORT && ct != UNSIGNED_INT)) {
            throw new SceneException(file, what + " must be SCALAR of UNSIGNED_BYTE/SHORT/INT, is " + a.getType()
                    + " of component type " + ct);
        }
        int count = a.getCount();
        int[] out = new int[count];
        if (a.getBufferView() != null) {
            Range r = range(a, what, 1);
            for (int i = 0; i < count; i++) out[i] = unsignedIndex(r.data, r.offset + i * r.stride, ct, what);
        }
        AccessorSparse sparse = a.getSparse();
        if (sparse != null) {
            int[] targets = sparseIndices(sparse, what, count);
            String vWhat = what + " sparse values";
            int size = componentSize(ct, what);
            View v = view(sparse.getValues().getBufferView(), vWhat);
            int offset = orZero(sparse.getValues().getByteOffset());
            check(vWhat, offset, (long) targets.length * size, v);
            for (int k = 0; k < targets.length; k++) {
                out[targets[k]] = unsignedIndex(v.data, v.offset + offset + k * size, ct, vWhat);
            }
        }
        return out;
    }

    private int[] sparseIndices(AccessorSparse sparse, String what, int count) {
        String iWhat = what + " sparse indices";
        int ct = sparse.getIndices().getComponentType();
        int size = componentSize(ct, iWhat);
        if (ct != UNSIGNED_BYTE && ct != UNSIGNED_SHORT && ct != UNSIGNED_INT) {
            throw new SceneException(file, iWhat + " must be UNSIGNED_BYTE/SHORT/INT, is component type " + ct);
        }
        View v = view(sparse.getIndices().getBufferView(), iWhat);
        int offset = orZero(sparse.getIndices().getByteOffset());
        int n = sparse.getCount();
        check(iWhat, offset, (long) n * size, v);
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = unsignedIndex(v.data, v.offset + offset + k * size, ct, iWhat);
            if (out[k] >= count) {
                throw new SceneException(file, iWhat + " [" + k + "] = " + out[k] + " is out of range (" + count
                        + " elements)");
            }
        }
        return out;
    }

    private Accessor accessor(int index, String usage) {
        List<Accessor> list = gltf.getAccessors();
        if (list == null || index < 0 || index >= list.size()) {
            throw new SceneException(file, usage + " refers to accessor " + index + ", but the file has "
                    + (list == null ? 0 : list.size()) + " accessors");
        }
        return list.get(index);
    }

    private String describe(int index, String usage) { return "accessors[" + index + "] (" + usage + ")"; }

    /** The checked byte range of a non-sparse accessor's elements. */
    private Range range(Accessor a, String what, int components) {
        int ct = a.getComponentType();
        int componentSize = componentSize(ct, what);
        int elementSize = componentSize * components;
        View v = view(a.getBufferView(), what);
        int stride = v.stride != null ? v.stride : elementSize;
        if (stride < elementSize) {
            throw new SceneException(file, what + ": bufferViews[" + a.getBufferView() + "].byteStride " + stride
                    + " is smaller than the element size " + elementSize);
        }
        int offset = orZero(a.getByteOffset());
        long needed = (long) stride * (a.getCount() - 1) + elementSize;
        check(what, offset, needed, v);
        return new Range(v.data, v.offset + offset, stride, componentSize);
    }

    private void check(String what, long offset, long bytes, View v) {
        if (offset < 0 || offset + bytes > v.length) {
            throw new SceneException(file, what + " reads bytes " + offset + " to " + (offset + bytes)
                    + " of bufferViews[" + v.index + "], which has " + v.length + " bytes (accessor out of bounds)");
        }
    }

    /** A buffer view, checked against its buffer. */
    private View view(Integer index, String what) {
        List<BufferView> views = gltf.getBufferViews();
        if (index == null || views == null || index < 0 || index >= views.size()) {
            throw new SceneException(file, what + " refers to bufferView " + index + ", but the file has "
                    + (views == null ? 0 : views.size()) + " buffer views");
        }
        BufferView bv = views.get(index);
        int b = bv.getBuffer();
        if (b < 0 || b >= buffers.length) {
            throw new SceneException(file, "bufferViews[" + index + "] refers to buffer " + b + ", but the file has "
                    + buffers.length + " buffers");
        }
        long offset = orZero(bv.getByteOffset());
        long end = offset + bv.getByteLength();
        if (end > buffers[b].limit()) {
            throw new SceneException(file, "bufferViews[" + index + "] (bytes " + offset + " to " + end
                    + ") runs past the end of buffers[" + b + "] (" + buffers[b].limit() + " bytes)");
        }
        return new View(index, buffers[b], (int) offset, bv.getByteLength(), bv.getByteStride());
    }

    private int componentSize(int ct, String what) {
        switch (ct) {
            case BYTE: case UNSIGNED_BYTE: return 1;
            case SHORT: case UNSIGNED_SHORT: return 2;
            case UNSIGNED_INT: case FLOAT: return 4;
            default: throw new SceneException(file, what + " has unknown component type " + ct);
        }
    }

    private int components(Accessor a, String what) {
        switch (a.getType()) {
            case "SCALAR": return 1;
            case "VEC2": return 2;
            case "VEC3": return 3;
            case "VEC4": return 4;
            default: throw new SceneException(file, what + " has type " + a.getType() + ", which is not read here");
        }
    }

    private static String typeName(int components) { return components == 1 ? "SCALAR" : "VEC" + components; }

    private static float component(ByteBuffer b, int at, int ct, boolean normalized) {
        switch (ct) {
            case FLOAT: return b.getFloat(at);
            case BYTE: return normalized ? Math.max(b.get(at) / 127f, -1f) : b.get(at);
            case UNSIGNED_BYTE: return normalized ? (b.get(at) & 0xFF) / 255f : (b.get(at) & 0xFF);
            case SHORT: return normalized ? Math.max(b.getShort(at) / 32767f, -1f) : b.getShort(at);
            case UNSIGNED_SHORT: return normalized ? (b.getShort(at) & 0xFFFF) / 65535f : (b.getShort(at) & 0xFFFF);
            default: return (float) Integer.toUnsignedLong(b.getInt(at)); // UNSIGNED_INT, never normalized
        }
    }

    private int unsignedIndex(ByteBuffer b, int at, int ct, String what) {
        long v = ct == UNSIGNED_BYTE ? b.get(at) & 0xFF
                : ct == UNSIGNED_SHORT ? b.getShort(at) & 0xFFFF : Integer.toUnsignedLong(b.getInt(at));
        if (v > Integer.MAX_VALUE) throw new SceneException(file, what + ": index " + v + " is out of range");
        return (int) v;
    }

    private static int orZero(Integer i) { return i == null ? 0 : i; }

    private record View(int index, ByteBuffer data, int offset, int length, Integer stride) {
        View {
            data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private record Range(ByteBuffer data, int offset, int stride, int componentSize) {}
}
