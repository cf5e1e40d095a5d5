package dev.lucent.backend.cuda;

import static dev.lucent.core.Layout.LC_BVH2_STACK_SIZE;

import dev.lucent.bvh.gpu.BlasLayout;
import dev.lucent.bvh.gpu.Bvh2GpuLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout.LcBvh2Node;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.NativeBuffer;
import dev.lucent.denoise.DeviceDenoiseInput;
import dev.lucent.denoise.OptixPixelFormat;
import dev.lucent.image.Film;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The CUDA megakernel path tracer (shaders/cuda/pathtrace.cu) on one device: uploads a compiled scene (BVH2
 * traversal pools plus the shading pools and the {@link GpuLightTable}), runs sample passes over row ranges,
 * and merges the GPU's per-pixel accumulation into a {@link Film}. Every value of a pixel is a pure function of
 * (scene, settings, pixel, sample index), so any split of rows over launches or devices gives the same image.
 *
 * <p>Differences from the CPU integrator, all unbiased or stated: box pixel filter, alpha MASK/BLEND ignored,
 * per-pixel accumulation in float (Welford) before the merge into the film's doubles.
 *
 * <p>Must be used on the thread whose current context is {@code ctx}. Owns its device memory; close it.
 */
public final class CudaPathTracer implements AutoCloseable {
    /** Bytes of one LcPixelState record (pathtrace.cu). */
    public static final int PIXEL_STATE_BYTES = 64;
    private static final int BLOCK = 128;

    private final CudaContext ctx;
    private final CompiledScene scene;
    private final int width, height, maxDepth;
    private final float clamp;
    private final long seed;
    private final CUfunction pass;
    private final CudaSceneBuffers traversal;
    private final List<DeviceBuffer> owned = new ArrayList<>();
    private final DeviceBuffer camera, state, counters, lightTable;
    /** Device copies of {@link #shadingPools} in that order. */
    private final DeviceBuffer[] shading = new DeviceBuffer[15];
    private final int maxBlasDepth;
    private final double uploadMillis;
    private final long deviceBytes;

    /**
     * Uploads {@code scene} for width x height images.
     *
     * @throws GpuMemoryException before allocating when the scene and film state do not fit
     */
    public CudaPathTracer(CudaContext ctx, CompiledScene scene, int width, int height, int maxDepth, float clamp,
            long seed) {
        this.ctx = ctx;
        this.scene = scene;
        this.width = width;
        this.height = height;
        this.maxDepth = maxDepth;
        this.clamp = clamp;
        this.seed = seed;
        GpuLightTable.requireSortedEmitters(scene);
        CUmodule module = ctx.loadModule("pathtrace");
        pass = ctx.function(module, "pathtracePass");
        CUfunction setPools = ctx.function(module, "setShadingPools");
        long t0 = System.nanoTime();
        long stateBytes = (long) width * height * PIXEL_STATE_BYTES;
        long shadingBytes = 0;
        for (NativeBuffer b : shadingPools(scene)) shadingBytes += b == null ? 16 : b.size();
        shadingBytes += 4L * GpuEnvironmentTable.of(scene).length;
        CudaSceneBuffers tr = null;
        try (GpuSceneLayout layout = GpuSceneLayout.fromCompiledScene(scene, BlasLayout.BVH2)) {
            ctx.requireFree(CudaSceneBuffers.requiredBytes(layout) + shadingBytes + stateBytes,
                    "scene and film (" + scene.instancedTriangleCount + " triangles, " + width + "x" + height + ")");
            tr = CudaSceneBuffers.upload(ctx, layout);
            maxBlasDepth = layout.maxBlasDepth();
            List<Pointer> params = new ArrayList<>();
            NativeBuffer[] pools = shadingPools(scene);
            for (int k = 0; k < pools.length; k++) {
                shading[k] = keep(pools[k] == null ? DeviceBuffer.allocate(16) : DeviceBuffer.of(pools[k]));
                params.add(shading[k].param());
            }
            float[] table = GpuLightTable.of(scene);
            try (NativeBuffer t = NativeBuffer.allocate(4L * table.length)) {
                t.putFloats(0, table, 0, table.length);
                lightTable = keep(DeviceBuffer.of(t));
                params.add(params.size() - 1, lightTable.param()); // lightTable precedes globals
            }
            float[] env = GpuEnvironmentTable.of(scene);
            try (NativeBuffer t = NativeBuffer.allocate(4L * env.length)) {
                t.putFloats(0, env, 0, env.length);
                params.add(keep(DeviceBuffer.of(t)).param());
            }
            ctx.launch(setPools, "setShadingPools", 1, 1, params.toArray(new Pointer[0]));
            try (NativeBuffer cam = NativeBuffer.allocate(LcCamera.BYTES)) {
                long o = (long) scene.selectedCamera * LcCamera.BYTES;
                for (int k = 0; k < LcCamera.BYTES; k += 4) cam.putInt(k, scene.cameras.getInt(o + k));
                camera = keep(DeviceBuffer.of(cam));
            }
            state = keep(DeviceBuffer.allocate(stateBytes));
            counters = keep(DeviceBuffer.allocate(24));
            ctx.synchronize();
        } catch (RuntimeException e) {
            if (tr != null) tr.close();
            for (DeviceBuffer b : owned) b.close();
            throw e;
        }
        traversal = tr;
        uploadMillis = (System.nanoTime() - t0) / 1e6;
        long bytes = traversal.bytes();
        for (DeviceBuffer b : owned) bytes += b.size();
        deviceBytes = bytes;
    }

    private static final int INSTANCES = 7, LIGHTS = 12, EMITTERS = 13, GLOBALS = 14;

    /** Shading pools in setShadingPools' parameter order, less the light table (inserted before globals). */
    private static NativeBuffer[] shadingPools(CompiledScene s) {
        return new NativeBuffer[] {s.positions, s.normals, s.uvs, s.tangents, s.triangles, s.triangleMaterials,
            s.meshes, s.instances, s.materials, s.textureViews, s.images, s.texels, s.lights, s.emitters, s.globals};
    }

    private DeviceBuffer keep(DeviceBuffer b) {
        owned.add(b);
        return b;
    }

    public int width() { return width; }
    public int height() { return height; }
    /** Wall time of the upload (BVH2 conversion included), milliseconds. */
    public double uploadMillis() { return uploadMillis; }
    /** Device memory this tracer holds (scene, film state, tables), bytes. */
    public long deviceBytes() { return deviceBytes; }
    public CudaContext context() { return ctx; }

    /**
     * Re-uploads what {@link CompiledScene#updateInstances} rewrote (instances, TLAS, lights, emitters, camera,
     * world globals, light table) for the next frame of a batch; meshes, BLASes and textures stay on the device.
     * Returns the wall time in milliseconds (TLAS conversion included).
     */
    public double updateInstances() {
        long t0 = System.nanoTime();
        Bvh2GpuLayout.Shape shape = scene.instanceCount > 0 ? Bvh2GpuLayout.shape(scene.tlasNodes, 0)
                : new Bvh2GpuLayout.Shape(0, 0);
        if (shape.depth() + maxBlasDepth + 2 > LC_BVH2_STACK_SIZE) {
            throw new IllegalArgumentException("TLAS depth " + shape.depth() + " + BLAS depth " + maxBlasDepth
                    + " exceed the GPU traversal stack of " + LC_BVH2_STACK_SIZE + " entries");
        }
        long tlasBytes = (long) Math.max(1, shape.nodeCount()) * LcBvh2Node.BYTES;
        try (NativeBuffer tlas = NativeBuffer.allocate(tlasBytes)) {
            if (scene.instanceCount > 0) Bvh2GpuLayout.convert(scene.tlasNodes, 0, 0, tlas, 0);
            traversal.updateInstances(tlas, tlasBytes, scene.instances, scene.tlasInstances, scene.instanceCount);
        }
        NativeBuffer[] pools = shadingPools(scene);
        for (int k : new int[] {INSTANCES, LIGHTS, EMITTERS, GLOBALS}) {
            if (pools[k] == null) continue;
            if (pools[k].size() > shading[k].size()) {
                throw new IllegalStateException("shading pool " + k + " grew in an instance update");
            }
            shading[k].upload(pools[k], 0, 0, pools[k].size());
        }
        uploadLightTable(GpuLightTable.of(scene));
        try (NativeBuffer cam = NativeBuffer.allocate(LcCamera.BYTES)) {
            long o = (long) scene.selectedCamera * LcCamera.BYTES;
            for (int k = 0; k < LcCamera.BYTES; k += 4) cam.putInt(k, scene.cameras.getInt(o + k));
            camera.upload(cam, 0, 0, LcCamera.BYTES);
        }
        ctx.synchronize();
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Replaces the light-selection table (same length); for tests that compare sampling strategies, e.g. an
     * all-zero table turns next-event estimation off so paths find lights by BSDF sampling alone.
     */
    void uploadLightTable(float[] table) {
        if (4L * table.length != lightTable.size()) {
            throw new IllegalArgumentException(table.length + " floats for a table of " + lightTable.size() / 4);
        }
        try (NativeBuffer t = NativeBuffer.allocate(4L * table.length)) {
            t.putFloats(0, table, 0, table.length);
            lightTable.upload(t, 0, 0, t.size());
        }
    }

    /**
     * The per-pixel accumulation in GPU memory as OptiX denoiser input, read in place with no host copy: the
     * running mean colour (byte 4), albedo (28) and normal (40) of each {@value #PIXEL_STATE_BYTES}-byte
     * LcPixelState record, FLOAT3, no flow (motion is not computed on the GPU). It holds the samples this
     * tracer added since {@link #clearState}, on its rows: a film resumed from a file, or split over several
     * devices, holds more, and needs the host path. Synchronize before the denoiser reads it.
     */
    public DeviceDenoiseInput accumulationForDenoiser() {
        long base = state.address();
        return new DeviceDenoiseInput(width, height, base + 4, base + 28, base + 40, 0, OptixPixelFormat.FLOAT3,
                PIXEL_STATE_BYTES, PIXEL_STATE_BYTES * width);
    }

    /** Clears the per-pixel accumulation (every pixel back to 0 samples). */
    public void clearState() {
        state.zero();
    }

    /**
     * Adds samples firstSample .. firstSample + sampleCount - 1 to every pixel of rows [rowBegin, rowEnd), one
     * launch per sample index, in order. With {@code countRays} the launches also count camera, extension and
     * shadow rays ({@link #rayCounts}), which costs atomics: time passes without it.
     */
    public void renderRows(int rowBegin, int rowEnd, int firstSample, int sampleCount, boolean countRays) {
        if (rowBegin < 0 || rowEnd > height || rowBegin >= rowEnd) {
            throw new IllegalArgumentException("rows [" + rowBegin + ", " + rowEnd + ") of " + height);
        }
        int tilesX = (width + 7) / 8, tilesY = (rowEnd - rowBegin + 3) / 4;
        long threads = (long) tilesX * tilesY * 32;
        Pointer cnt = countRays ? counters.param() : Pointer.to(new long[] {0});
        List<Pointer> sceneParams = traversal.params();
        for (int s = 0; s < sampleCount; s++) {
            List<Pointer> p = new ArrayList<>(sceneParams);
            p.add(camera.param());
            p.add(Pointer.to(new int[] {width}));
            p.add(Pointer.to(new int[] {height}));
            p.add(Pointer.to(new int[] {rowBegin}));
            p.add(Pointer.to(new int[] {rowEnd}));
            p.add(Pointer.to(new int[] {firstSample + s}));
            p.add(Pointer.to(new int[] {(int) seed}));
            p.add(Pointer.to(new int[] {(int) (seed >>> 32)}));
            p.add(Pointer.to(new int[] {maxDepth}));
            p.add(Pointer.to(new float[] {clamp}));
            p.add(Pointer.to(new int[] {scene.lightCount}));
            p.add(Pointer.to(new int[] {scene.emitterCount}));
            p.add(state.param());
            p.add(cnt);
            ctx.launch(pass, "pathtracePass", threads, BLOCK, p.toArray(new Pointer[0]));
        }
    }

    /** Zeroes the ray counters. */
    public void clearRayCounts() {
        counters.zero();
    }

    /** {camera, extension, shadow} rays counted since {@link #clearRayCounts}. */
    public long[] rayCounts() {
        ctx.synchronize();
        try (NativeBuffer b = NativeBuffer.allocate(24)) {
            counters.download(b, 0, 0, 24);
            long[] r = new long[3];
            for (int k = 0; k < 3; k++) r[k] = (b.getInt(8L * k) & 0xFFFF_FFFFL) | ((long) b.getInt(8L * k + 4) << 32);
            return r;
        }
    }

    /** Downloads rows [rowBegin, rowEnd) of the accumulation and merges them into {@code film} (same size). */
    public void mergeRows(Film film, int rowBegin, int rowEnd) {
        if (film.width() != width || film.height() != height) {
            throw new IllegalArgumentException("film " + film.width() + "x" + film.height() + " for a " + width + "x"
                    + height + " tracer");
        }
        ctx.synchronize();
        long offset = (long) rowBegin * width * PIXEL_STATE_BYTES, bytes = (long) (rowEnd - rowBegin) * width * PIXEL_STATE_BYTES;
        double[] mean = new double[3], m2 = new double[3];
        float[] albedo = new float[3], normal = new float[3];
        try (NativeBuffer b = NativeBuffer.allocate(bytes)) {
            state.download(b, 0, offset, bytes);
            for (int y = rowBegin; y < rowEnd; y++) {
                for (int x = 0; x < width; x++) {
                    long o = ((long) (y - rowBegin) * width + x) * PIXEL_STATE_BYTES;
                    int n = b.getInt(o);
                    for (int c = 0; c < 3; c++) {
                        mean[c] = b.getFloat(o + 4 + 4 * c);
                        m2[c] = b.getFloat(o + 16 + 4 * c);
                        albedo[c] = b.getFloat(o + 28 + 4 * c);
                        normal[c] = b.getFloat(o + 40 + 4 * c);
                    }
                    film.mergeSamples(y * width + x, n, mean, m2, albedo, normal, b.getFloat(o + 52), b.getInt(o + 56));
                }
            }
        }
    }

    @Override
    public void close() {
        for (DeviceBuffer b : owned) b.close();
        owned.clear();
        traversal.close();
    }
}
