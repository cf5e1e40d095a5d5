package dev.lucent.backend.cuda;

import static dev.lucent.core.Layout.LC_BVH2_STACK_SIZE;
import static dev.lucent.core.Layout.LC_MATERIAL_ALPHA_BLEND;
import static dev.lucent.core.Layout.LC_MATERIAL_ALPHA_MASK;

import dev.lucent.bvh.gpu.Bvh2GpuLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcBvh2Node;
import dev.lucent.core.Layout.LcCamera;
import dev.lucent.core.Layout.LcMaterial;
import dev.lucent.core.NativeBuffer;
import dev.lucent.denoise.DeviceDenoiseInput;
import dev.lucent.denoise.OptixPixelFormat;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.integrator.MotionProjector;
import static dev.lucent.backend.cuda.CudaCallException.check;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntSupplier;
import jcuda.Pointer;
import jcuda.driver.CUDA_MEMCPY2D;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmemorytype;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA path tracer on one device: uploads a compiled scene (BVH2 traversal pools plus the shading pools and
 * the {@link GpuLightTable}), runs sample passes over row ranges or the bands of a {@link CudaBandPlan} (row
 * groups at a stride, for interleaved multi-GPU plans) with the megakernel (shaders/cuda/pathtrace.cu)
 * or, on the "wavefront" module after {@link #useWavefront}, the wavefront kernels (wavefront.cu; same per-path
 * code, images equal to float rounding), and merges the GPU's per-pixel accumulation into a {@link Film}. Every
 * value of a pixel is a pure function of (scene, settings, schedule, pixel, sample index), so any split of rows
 * over launches or devices gives the same image.
 *
 * <p>Same sampling rules as the CPU integrator: the pixel filter is importance-sampled from a {@link
 * GpuFilterTable} (the same film offsets bit for bit) and alpha MASK/BLEND materials are filtered in closest-hit
 * and shadow traversal as {@code AlphaHitFilter} does. The film's AOVs follow PathIntegrator's rules: albedo,
 * normal, depth, first-hit emission (clamped with the radiance) and, after {@link #setMotion}, the motion from the
 * previous frame and the previous camera distance (shaders/cuda/motion_vectors.cuh, MotionProjector's rules).
 * Difference, stated: per-pixel accumulation in float (Welford) before the merge into the film's doubles.
 *
 * <p>Must be used on the thread whose current context is {@code ctx}. Owns its device memory; close it.
 */
public final class CudaPathTracer implements AutoCloseable {
    /** Bytes of one LcPixelState record (shaders/cuda/pixel_state.cuh; PixelStateHeaderTest checks the mirror). */
    public static final int PIXEL_STATE_BYTES = 96;
    /** Byte offsets of LcPixelState fields. */
    static final int STATE_COUNT = 0, STATE_MEAN = 4, STATE_M2 = 16, STATE_ALBEDO = 28, STATE_NORMAL = 40,
            STATE_DEPTH = 52, STATE_DEPTH_HITS = 56, STATE_PREVIOUS_DEPTH = 60, STATE_EMISSION = 64, STATE_MOTION = 76;
    private static final int BLOCK = 128;

    private final CudaContext ctx;
    private final CompiledScene scene;
    private final int width, height, maxDepth;
    private final float clamp;
    private final long seed;
    private final CUfunction pass;
    private final CUmodule module;
    /** renderRows and renderBands run the wavefront kernels instead of the megakernel ({@link #useWavefront}). */
    private boolean wavefrontSchedule;
    private final CudaSceneBuffers traversal;
    private final List<DeviceBuffer> owned = new ArrayList<>();
    private final DeviceBuffer camera, state, counters, lightTable, filterTable;
    /** 1 when some material is alpha-tested (MASK or BLEND), else 0: the kernel then skips the hit filter. */
    private final int alphaMaterials;
    /** Device copies of {@link #shadingPools} in that order. */
    private final DeviceBuffer[] shading = new DeviceBuffer[15];
    private final int maxBlasDepth;
    private final double uploadMillis;
    private final long deviceBytes;

    /** {@link #CudaPathTracer(CudaContext, CompiledScene, int, int, int, float, long, PixelFilter)} with the default filter. */
    public CudaPathTracer(CudaContext ctx, CompiledScene scene, int width, int height, int maxDepth, float clamp,
            long seed) {
        this(ctx, scene, width, height, maxDepth, clamp, seed, PixelFilter.defaultFilter());
    }

    /**
     * Uploads {@code scene} for width x height images sampled with pixel filter {@code filter}.
     *
     * @throws GpuMemoryException before allocating when the scene and film state do not fit
     */
    public CudaPathTracer(CudaContext ctx, CompiledScene scene, int width, int height, int maxDepth, float clamp,
            long seed, PixelFilter filter) {
        this(ctx, scene, width, height, maxDepth, clamp, seed, filter, "pathtrace");
    }

    /**
     * As {@link #CudaPathTracer(CudaContext, CompiledScene, int, int, int, float, long, PixelFilter)} with the
     * kernels of PTX module {@code module}: "pathtrace", or "wavefront" (which also holds the megakernel) for
     * {@link #renderWavefront}.
     */
    public CudaPathTracer(CudaContext ctx, CompiledScene scene, int width, int height, int maxDepth, float clamp,
            long seed, PixelFilter filter, String module) {
        this(ctx, scene, null, width, height, maxDepth, clamp, seed, filter, module);
    }

    /**
     * As {@link #CudaPathTracer(CudaContext, CompiledScene, int, int, int, float, long, PixelFilter, String)}
     * with the host-side tables of {@code host} (computed once for several devices); the caller keeps {@code
     * host} and closes it.
     */
    public CudaPathTracer(CudaContext ctx, CudaHostScene host, int width, int height, int maxDepth, float clamp,
            long seed, PixelFilter filter, String module) {
        this(ctx, host.scene(), host, width, height, maxDepth, clamp, seed, filter, module);
    }

    /** With {@code shared} null the tracer computes its own {@link CudaHostScene} (timed in the upload). */
    private CudaPathTracer(CudaContext ctx, CompiledScene scene, CudaHostScene shared, int width, int height,
            int maxDepth, float clamp, long seed, PixelFilter filter, String module) {
        this.ctx = ctx;
        this.scene = scene;
        this.width = width;
        this.height = height;
        this.maxDepth = maxDepth;
        this.clamp = clamp;
        this.seed = seed;
        GpuLightTable.requireSortedEmitters(scene);
        this.module = ctx.loadModule(module);
        pass = ctx.function(this.module, "pathtracePass");
        CUfunction setPools = ctx.function(this.module, "setShadingPools");
        long t0 = System.nanoTime();
        boolean ownsHost = shared == null;
        CudaHostScene host = ownsHost ? new CudaHostScene(scene) : shared;
        long stateBytes = (long) width * height * PIXEL_STATE_BYTES;
        long shadingBytes = 0;
        for (NativeBuffer b : shadingPools(scene)) shadingBytes += b == null ? 16 : b.size();
        float[] env = host.environmentTable();
        shadingBytes += 4L * env.length;
        CudaSceneBuffers tr = null;
        try {
            GpuSceneLayout layout = host.layout();
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
            float[] table = host.lightTable();
            try (NativeBuffer t = NativeBuffer.allocate(4L * table.length)) {
                t.putFloats(0, table, 0, table.length);
                lightTable = keep(DeviceBuffer.of(t));
                params.add(params.size() - 1, lightTable.param()); // lightTable precedes globals
            }
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
            double[] ft = GpuFilterTable.of(filter);
            try (NativeBuffer t = NativeBuffer.allocate(8L * ft.length)) {
                for (int k = 0; k < ft.length; k++) {
                    long bits = Double.doubleToRawLongBits(ft[k]); // little-endian: low word first
                    t.putInt(8L * k, (int) bits);
                    t.putInt(8L * k + 4, (int) (bits >>> 32));
                }
                filterTable = keep(DeviceBuffer.of(t));
            }
            state = keep(DeviceBuffer.allocate(stateBytes));
            counters = keep(DeviceBuffer.allocate(24));
            ctx.synchronize();
        } catch (RuntimeException e) {
            if (tr != null) tr.close();
            for (DeviceBuffer b : owned) b.close();
            throw e;
        } finally {
            if (ownsHost) host.close();
        }
        traversal = tr;
        alphaMaterials = hasAlphaMaterials(scene) ? 1 : 0;
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

    /** Whether some material of {@code s} has alpha MASK or BLEND. */
    static boolean hasAlphaMaterials(CompiledScene s) {
        for (int m = 0; m < s.materialCount; m++) {
            int flags = s.materials.getInt((long) m * LcMaterial.BYTES + LcMaterial.FLAGS);
            if ((flags & (LC_MATERIAL_ALPHA_MASK | LC_MATERIAL_ALPHA_BLEND)) != 0) return true;
        }
        return false;
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
     * The per-pixel accumulation: row-major LcPixelState records (shaders/cuda/pixel_state.cuh),
     * {@value #PIXEL_STATE_BYTES} bytes each.
     */
    public jcuda.driver.CUdeviceptr statePointer() { return state.pointer(); }

    /**
     * Re-uploads what {@link CompiledScene#updateInstances} rewrote (instances, TLAS, lights, emitters, camera,
     * world globals, light table) for the next frame of a batch; meshes, BLASes and textures stay on the device.
     * Returns the wall time in milliseconds (TLAS conversion included).
     */
    public double updateInstances() {
        long t0 = System.nanoTime();
        destroyWavefrontGraphs(); // they baked in the TLAS pointer and the light and emitter counts
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
     * LcPixelState record, FLOAT3, no flow (the motion mean at byte 76 is interleaved, and OptiX's flow input
     * here is packed). It holds the samples this
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
        int rows = rowEnd - rowBegin;
        launchRows(rowBegin, rows, rows, rows, firstSample, sampleCount, countRays, null, 0);
    }

    /**
     * Sample passes over band {@code band} of {@code plan} (its rows as {@link CudaBandPlan#row} maps them) on
     * {@code stream}; the wavefront uses queue set {@code queues} (0 or 1).
     */
    private void launchBand(CudaBandPlan plan, int band, int firstSample, int sampleCount, boolean countRays,
            CUstream stream, int queues) {
        if (plan.height() != height) {
            throw new IllegalArgumentException("band plan of " + plan.height() + " rows for " + height);
        }
        launchRows(plan.rowBegin(band), plan.rowCount(band), plan.rowGroup(band), plan.rowStride(band), firstSample,
                sampleCount, countRays, stream, queues);
    }

    /**
     * Sample passes over the rowCount launch rows rowBegin + (r / rowGroup) * rowStride + r % rowGroup
     * ({@link CudaBandPlan#row}) on {@code stream} (null: the default stream); the wavefront uses queue set
     * {@code queues} (0 or 1: launches that may run at the same time need different sets).
     */
    private void launchRows(int rowBegin, int rowCount, int rowGroup, int rowStride, int firstSample,
            int sampleCount, boolean countRays, CUstream stream, int queues) {
        int lastRow = rowBegin + ((rowCount - 1) / rowGroup) * rowStride + (rowCount - 1) % rowGroup;
        if (rowBegin < 0 || rowCount < 1 || rowGroup < 1 || rowStride < rowGroup || lastRow >= height) {
            throw new IllegalArgumentException("launch rows from " + rowBegin + ", " + rowCount + " rows in groups of "
                    + rowGroup + " every " + rowStride + " rows, for " + height + " rows");
        }
        if (wavefrontSchedule) {
            launchWavefront(rowBegin, rowCount, rowGroup, rowStride, firstSample, sampleCount, countRays, stream,
                    queues);
            return;
        }
        int tilesX = (width + 7) / 8, tilesY = (rowCount + 3) / 4;
        long threads = (long) tilesX * tilesY * 32;
        Pointer cnt = countRays ? counters.param() : Pointer.to(new long[] {0});
        List<Pointer> sceneParams = traversal.params();
        for (int s = 0; s < sampleCount; s++) {
            List<Pointer> p = new ArrayList<>(sceneParams);
            p.add(camera.param());
            p.add(Pointer.to(new int[] {width}));
            p.add(Pointer.to(new int[] {height}));
            p.add(Pointer.to(new int[] {rowBegin}));
            p.add(Pointer.to(new int[] {rowCount}));
            p.add(Pointer.to(new int[] {rowGroup}));
            p.add(Pointer.to(new int[] {rowStride}));
            p.add(Pointer.to(new int[] {firstSample + s}));
            p.add(Pointer.to(new int[] {(int) seed}));
            p.add(Pointer.to(new int[] {(int) (seed >>> 32)}));
            p.add(Pointer.to(new int[] {maxDepth}));
            p.add(Pointer.to(new float[] {clamp}));
            p.add(Pointer.to(new int[] {scene.lightCount}));
            p.add(Pointer.to(new int[] {scene.emitterCount}));
            p.add(state.param());
            p.add(cnt);
            p.add(filterTable.param());
            p.add(Pointer.to(new int[] {alphaMaterials}));
            ctx.launch(pass, "pathtracePass", threads, BLOCK, stream, p.toArray(new Pointer[0]));
        }
    }

    /** Bytes per path and per shadow ray of the wavefront queues (static_asserts in wavefront.cu). */
    static final int WAVEFRONT_PATH_BYTES = 144, WAVEFRONT_SHADOW_BYTES = 64;
    /** Queue sets of the wavefront (paths, pixelOf, queue A, queue B, hits, shadow rays, counts), made on use. */
    private final DeviceBuffer[][] wavefront = new DeviceBuffer[2][];
    /** The wavefront kernels, loaded on first use: wfGenerate, wfExtend, wfShade, wfShadow, wfAccumulate. */
    private CUfunction[] wfKernels;

    /**
     * Adds samples firstSample .. firstSample + sampleCount - 1 to every pixel with the wavefront kernels
     * (wavefront.cu: generate, then maxDepth + 1 rounds of extend, shade and shadow over device-side queues,
     * then accumulate), on the default stream. The tracer must have been built on the "wavefront" module. The
     * image equals {@link #renderRows} over the whole frame bit for bit; only the schedule differs.
     */
    public void renderWavefront(int firstSample, int sampleCount) {
        launchWavefront(0, height, height, height, firstSample, sampleCount, false, null, 0);
    }

    /**
     * {@link #renderWavefront} for the launch rows of {@link #launchRows} on {@code stream} with queue set {@code
     * queues}, optionally counting rays.
     */
    private void launchWavefront(int rowBegin, int rowCount, int rowGroup, int rowStride, int firstSample,
            int sampleCount, boolean countRays, CUstream stream, int queues) {
        int n = wavefrontSlots(rowCount);
        if (wfKernels == null) {
            String[] names = {"wfGenerate", "wfExtend", "wfShade", "wfShadow", "wfAccumulate"};
            CUfunction[] f = new CUfunction[names.length];
            for (int k = 0; k < names.length; k++) f[k] = ctx.function(module, names[k]);
            wfKernels = f;
            long sms = ctx.multiprocessors();
            wfRoundThreads = new long[names.length];
            for (int k = 1; k <= 3; k++) {
                int[] perSm = new int[1];
                check(JCudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor(perSm, f[k], BLOCK, 0),
                        "cuOccupancyMaxActiveBlocksPerMultiprocessor(" + names[k] + ")");
                wfRoundThreads[k] = (long) Math.max(1, perSm[0]) * sms * BLOCK;
            }
        }
        int perWave = samplesPerWave(n, sampleCount);
        DeviceBuffer[] q;
        try {
            q = wavefrontQueues(queues, (long) n * perWave);
        } catch (GpuMemoryException e) {
            if (perWave == 1) throw e;
            perWave = 1; // no room for waves of several samples: one sample per wave, in the whole-frame queues
            q = wavefrontQueues(queues, n);
        }
        DeviceBuffer[] qs = q;
        int kMax = perWave;
        jcuda.driver.CUdeviceptr sampleAt = q[6].pointer().withByteOffset(12);
        WavefrontGraph[] graphs = new WavefrontGraph[kMax + 1];
        for (int s = 0; s < sampleCount; s += kMax) {
            int k = Math.min(kMax, sampleCount - s);
            // Grid of the round kernels (grid-stride loops over the queue): a few waves of resident blocks, or one
            // thread per path when that is fewer (or with waves 0).
            long paths = (long) n * k;
            long[] threads = {roundThreads(1, paths), roundThreads(2, paths), roundThreads(3, paths)};
            Runnable pass = () -> enqueueWavefrontPass(rowBegin, rowCount, rowGroup, rowStride, n, k, threads,
                    countRays, stream, qs);
            if (graphs[k] == null && stream != null && wavefrontGraphs) {
                graphs[k] = wavefrontGraph(new WavefrontGraphKey(rowBegin, rowCount, rowGroup, rowStride, queues,
                        countRays, k, threads[0], threads[1], threads[2]), stream, pass);
            }
            check(JCudaDriver.cuMemsetD32Async(sampleAt, firstSample + s, 1, stream), "cuMemsetD32Async");
            if (graphs[k] != null) {
                check(JCudaDriver.cuGraphLaunch(graphs[k].exec(), stream), "cuGraphLaunch");
            } else {
                pass.run();
            }
        }
    }

    /** Path slots of one sample of {@code rowCount} launch rows: whole 8x4-pixel tiles, 32 slots each. */
    private int wavefrontSlots(int rowCount) {
        return ((width + 7) / 8) * ((rowCount + 3) / 4) * 32;
    }

    /**
     * Samples per pixel that one wavefront wave traces for a launch of {@code slots} path slots per sample and
     * {@code sampleCount} samples ({@link #samplesPerWave(long, int, int)} with {@link #wavefrontWavePaths()}). A
     * band smaller than the frame then still runs waves as large as one device's whole-frame wave, so the
     * per-wave cost that does not shrink with the wave (the (maxDepth + 1) x 3 dependent launches of the rounds,
     * the late ones over nearly empty queues) is paid once per k samples, not once per sample.
     */
    int samplesPerWave(int slots, int sampleCount) {
        return samplesPerWave(wavefrontWavePaths(), slots, sampleCount);
    }

    /**
     * Samples per wave for waves of about {@code targetPaths} paths over {@code slots} path slots per sample: the
     * most samples k with k x slots <= 1.05 x targetPaths, at least 1 and at most {@code sampleCount}, then evened
     * out over the waves that k needs (ceil(sampleCount / waves)), so the last wave is not much smaller than the
     * others (each wave pays the same fixed cost of its rounds).
     */
    static int samplesPerWave(long targetPaths, int slots, int sampleCount) {
        if (slots < 1 || sampleCount < 1) {
            throw new IllegalArgumentException(slots + " slots, " + sampleCount + " samples");
        }
        long k = Math.min(sampleCount, Math.max(1, (long) Math.floor(targetPaths * 1.05 / slots)));
        long waves = (sampleCount + k - 1) / k;
        return (int) ((sampleCount + waves - 1) / waves);
    }

    /**
     * Paths per wavefront wave that {@link #samplesPerWave} aims at: {@link #setWavefrontWavePaths}'s value, or by
     * default {@link #WAVEFRONT_WAVE_PATHS} or the path slots of one sample over the whole frame, whichever is more.
     */
    long wavefrontWavePaths() {
        return wavefrontWavePaths > 0 ? wavefrontWavePaths
                : Math.max(WAVEFRONT_WAVE_PATHS, CudaRayCaster.primaryRayCount(width, height));
    }

    /**
     * Default paths per wavefront wave: 2^23, four samples of a 1920x1080 frame (1.9 GiB of queues per queue
     * set). Every wave pays (maxDepth + 1) x 3 dependent launches whose late rounds, over nearly empty queues,
     * cost about the same whatever the wave's size; on an H200 at 1080p, 4 samples per wave instead of 1 made a
     * whole-frame pass 1.05-1.17x faster (docs/benchmarks.md, branch split3). Where the queues do not fit, a launch
     * falls back to one sample per wave in whole-frame queues.
     */
    public static final long WAVEFRONT_WAVE_PATHS = 1L << 23;

    /**
     * Paths per wavefront wave ({@link #samplesPerWave}); 0: the default ({@link #wavefrontWavePaths()}); 1: one
     * sample per wave whatever the band (the schedule before samples per wave). The image is the same bits for
     * any value; memory for the queues grows with it (236 bytes per path and queue set).
     */
    public void setWavefrontWavePaths(long paths) {
        if (paths < 0) throw new IllegalArgumentException("wavefront wave paths " + paths);
        wavefrontWavePaths = paths;
    }

    /** System property setting {@link #setWavefrontWavePaths}'s default (for benchmarks). */
    public static final String WAVEFRONT_WAVE_PATHS_PROPERTY = "lucent.cuda.wavefrontWavePaths";
    private long wavefrontWavePaths = Long.getLong(WAVEFRONT_WAVE_PATHS_PROPERTY, 0L);

    /**
     * Enqueues one wavefront wave of {@code k} samples per pixel on {@code stream} with queue set {@code q}:
     * wfGenerate, maxDepth + 1 rounds of wfExtend, wfShade and wfShadow ({@code threads} each), wfAccumulate;
     * 3 x (maxDepth + 1) + 2 launches. The wave's first sample index is read from the queue set's counts[3],
     * written before each wave; {@code n} is the path slots of one sample.
     */
    private void enqueueWavefrontPass(int rowBegin, int rowCount, int rowGroup, int rowStride, int n, int k,
            long[] threads, boolean countRays, CUstream stream, DeviceBuffer[] q) {
        DeviceBuffer paths = q[0], pixelOf = q[1], queueA = q[2], queueB = q[3], hits = q[4], shadows = q[5],
                counts = q[6];
        Pointer countA = Pointer.to(counts.pointer()), countB = Pointer.to(counts.pointer().withByteOffset(4)),
                shadowCount = Pointer.to(counts.pointer().withByteOffset(8)),
                sampleIndex = Pointer.to(counts.pointer().withByteOffset(12));
        Pointer none = Pointer.to(new long[] {0});
        Pointer cameraCounter = countRays ? Pointer.to(counters.pointer()) : none;
        Pointer extensionCounter = countRays ? Pointer.to(counters.pointer().withByteOffset(8)) : none;
        Pointer shadowCounter = countRays ? Pointer.to(counters.pointer().withByteOffset(16)) : none;
        List<Pointer> sceneParams = traversal.params();
        Pointer alpha = Pointer.to(new int[] {alphaMaterials});
        ctx.launch(wfKernels[0], "wfGenerate", (long) n * k, BLOCK, stream, camera.param(),
                Pointer.to(new int[] {width}), Pointer.to(new int[] {height}), Pointer.to(new int[] {rowBegin}),
                Pointer.to(new int[] {rowCount}), Pointer.to(new int[] {rowGroup}), Pointer.to(new int[] {rowStride}),
                sampleIndex,
                Pointer.to(new int[] {(int) seed}), Pointer.to(new int[] {(int) (seed >>> 32)}), filterTable.param(),
                paths.param(), pixelOf.param(), queueA.param(), counts.param(), Pointer.to(new int[] {n}),
                Pointer.to(new int[] {k}));
        DeviceBuffer qIn = queueA, qOut = queueB;
        Pointer cIn = countA, cOut = countB;
        for (int depth = 0; depth <= maxDepth; depth++) {
            List<Pointer> p = new ArrayList<>(sceneParams);
            p.addAll(List.of(paths.param(), qIn.param(), cIn, hits.param(), Pointer.to(new int[] {2 * depth}),
                    alpha, depth == 0 ? cameraCounter : extensionCounter, cOut, shadowCount));
            ctx.launch(wfKernels[1], "wfExtend", threads[0], BLOCK, stream, p.toArray(new Pointer[0]));
            ctx.launch(wfKernels[2], "wfShade", threads[1], BLOCK, stream, qIn.param(), cIn, paths.param(),
                    hits.param(), Pointer.to(new int[] {maxDepth}), Pointer.to(new int[] {scene.lightCount}),
                    Pointer.to(new int[] {scene.emitterCount}), qOut.param(), cOut, shadows.param(), shadowCount);
            p = new ArrayList<>(sceneParams);
            p.addAll(List.of(shadows.param(), shadowCount, paths.param(), Pointer.to(new int[] {2 * depth + 1}),
                    alpha, shadowCounter));
            ctx.launch(wfKernels[3], "wfShadow", threads[2], BLOCK, stream, p.toArray(new Pointer[0]));
            DeviceBuffer tq = qIn;
            qIn = qOut;
            qOut = tq;
            Pointer tc = cIn;
            cIn = cOut;
            cOut = tc;
        }
        ctx.launch(wfKernels[4], "wfAccumulate", n, BLOCK, stream, paths.param(), pixelOf.param(),
                Pointer.to(new int[] {n}), state.param(), Pointer.to(new float[] {clamp}), camera.param(),
                Pointer.to(new int[] {width}), Pointer.to(new int[] {height}), sampleIndex,
                Pointer.to(new int[] {(int) seed}), Pointer.to(new int[] {(int) (seed >>> 32)}),
                filterTable.param(), Pointer.to(new int[] {k}));
    }

    /** What a captured wavefront pass depends on besides the tracer's fixed buffers and settings. */
    private record WavefrontGraphKey(int rowBegin, int rowCount, int rowGroup, int rowStride, int queues,
            boolean countRays, int samplesPerWave, long extendThreads, long shadeThreads, long shadowThreads) {}

    /** A captured wavefront pass: the graph and its executable instance. */
    private record WavefrontGraph(jcuda.driver.CUgraph graph, jcuda.driver.CUgraphExec exec) {}

    /** Captured passes by key; cleared when a kernel parameter they baked in changes ({@link #updateInstances}). */
    private final java.util.Map<WavefrontGraphKey, WavefrontGraph> wavefrontGraphCache = new java.util.HashMap<>();
    private static final int MAX_WAVEFRONT_GRAPHS = 16;

    /**
     * Whether band launches on a stream run each wavefront pass as one captured CUDA graph (the pass's launches
     * recorded once per band shape by stream capture, then replayed per pass with one cuGraphLaunch) instead of
     * 3 x (maxDepth + 1) + 2 separate launches. Same kernels and parameters, so the same image bits.
     */
    public static final String WAVEFRONT_GRAPHS_PROPERTY = "lucent.cuda.wavefrontGraphs";
    private boolean wavefrontGraphs = Boolean.parseBoolean(System.getProperty(WAVEFRONT_GRAPHS_PROPERTY, "false"));

    /** Runs band launches' wavefront passes as captured CUDA graphs (true) or separate launches (false). */
    public void setWavefrontGraphs(boolean on) {
        wavefrontGraphs = on;
    }

    /**
     * The captured pass of {@code key}, capturing {@code pass} on {@code stream} when there is none yet. If
     * capture or instantiation fails, graphs are turned off for this tracer and null is returned (the caller
     * launches directly).
     */
    private WavefrontGraph wavefrontGraph(WavefrontGraphKey key, CUstream stream, Runnable pass) {
        WavefrontGraph g = wavefrontGraphCache.get(key);
        if (g != null) return g;
        if (wavefrontGraphCache.size() >= MAX_WAVEFRONT_GRAPHS) destroyWavefrontGraphs();
        jcuda.driver.CUgraph graph = new jcuda.driver.CUgraph();
        check(JCudaDriver.cuStreamBeginCapture(stream, jcuda.driver.CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL),
                "cuStreamBeginCapture");
        boolean captured = false;
        try {
            pass.run();
        } finally {
            int r = JCudaDriver.cuStreamEndCapture(stream, graph);
            captured = r == CUresult.CUDA_SUCCESS;
        }
        if (!captured) {
            wavefrontGraphs = false;
            return null;
        }
        jcuda.driver.CUgraphExec exec = new jcuda.driver.CUgraphExec();
        if (JCudaDriver.cuGraphInstantiate(exec, graph, 0) != CUresult.CUDA_SUCCESS) {
            JCudaDriver.cuGraphDestroy(graph);
            wavefrontGraphs = false;
            return null;
        }
        g = new WavefrontGraph(graph, exec);
        wavefrontGraphCache.put(key, g);
        return g;
    }

    /** Captured wavefront passes held now (0 when graphs are off or their capture failed). */
    int wavefrontGraphCount() {
        return wavefrontGraphCache.size();
    }

    /** Destroys every captured wavefront pass (the next band launch captures again). */
    private void destroyWavefrontGraphs() {
        for (WavefrontGraph g : wavefrontGraphCache.values()) {
            JCudaDriver.cuGraphExecDestroy(g.exec());
            JCudaDriver.cuGraphDestroy(g.graph());
        }
        wavefrontGraphCache.clear();
    }

    /**
     * Waves of resident blocks in the grid of the wavefront's round kernels (wfExtend, wfShade, wfShadow), which
     * loop over their queue up to its device-side length; 0 launches one thread per path. The image is the same
     * bits for any value (CudaPathTracerGpuTest). Default 0: a grid of a few waves makes a nearly empty round
     * cost a few waves of blocks instead of one block per 128 paths, but its speed has not been measured yet
     * (docs/benchmarks.md, branch split2), so the default keeps the grid the kernels always had.
     */
    public static final int WAVEFRONT_WAVES = 0;
    /** System property overriding {@link #WAVEFRONT_WAVES} (an integer >= 0), for benchmarks. */
    public static final String WAVEFRONT_WAVES_PROPERTY = "lucent.cuda.wavefrontWaves";
    private int wavefrontWaves = Integer.getInteger(WAVEFRONT_WAVES_PROPERTY, WAVEFRONT_WAVES);
    /** Per wavefront kernel: threads of one wave of resident blocks (occupancy x multiprocessors x block). */
    private long[] wfRoundThreads;

    /** Sets the waves of resident blocks of the wavefront's round kernels ({@link #WAVEFRONT_WAVES}; 0: one thread per path). */
    public void setWavefrontWaves(int waves) {
        if (waves < 0) throw new IllegalArgumentException("wavefront waves " + waves);
        wavefrontWaves = waves;
    }

    /** Threads of a round kernel's launch over at most {@code n} queued items. */
    private long roundThreads(int kernel, long n) {
        long t = wavefrontWaves == 0 ? n : Math.min(n, wavefrontWaves * wfRoundThreads[kernel]);
        return roundThreadCap > 0 ? Math.min(t, roundThreadCap) : t;
    }

    /** Test hook: at most this many threads per round kernel (0: no cap), to make every thread loop. */
    void capWavefrontRoundThreads(long threads) {
        roundThreadCap = threads;
    }

    private long roundThreadCap;

    /**
     * Wavefront queue set {@code set} (0 or 1) for at least {@code paths} paths per wave and at least the whole
     * frame's path slots of one sample, allocated on first use and reallocated larger when a wave needs more
     * (captured graphs, which hold the old buffers' addresses, are then destroyed).
     *
     * @throws GpuMemoryException before allocating when the set does not fit
     */
    private DeviceBuffer[] wavefrontQueues(int set, long paths) {
        long need = Math.max(paths, CudaRayCaster.primaryRayCount(width, height));
        if (wavefront[set] != null && wavefrontCapacity[set] >= need) return wavefront[set];
        if (need > Integer.MAX_VALUE / 4) throw new IllegalArgumentException(need + " wavefront paths per wave");
        long[] sizes = {need * WAVEFRONT_PATH_BYTES, 4L * need, 4L * need, 4L * need, need * Layout.LcHit.BYTES,
            need * WAVEFRONT_SHADOW_BYTES, 16};
        long total = 0;
        for (long b : sizes) total += b;
        if (wavefront[set] != null) {
            destroyWavefrontGraphs();
            for (DeviceBuffer b : wavefront[set]) {
                owned.remove(b);
                b.close();
            }
            wavefront[set] = null;
            wavefrontCapacity[set] = 0;
        }
        ctx.requireFree(total, "wavefront queues (" + width + "x" + height + ", " + need + " paths per wave)");
        DeviceBuffer[] q = new DeviceBuffer[sizes.length];
        for (int k = 0; k < sizes.length; k++) q[k] = keep(DeviceBuffer.allocate(sizes[k]));
        wavefront[set] = q;
        wavefrontCapacity[set] = need;
        return q;
    }

    /** Paths per wave each queue set holds. */
    private final long[] wavefrontCapacity = new long[2];

    /**
     * Makes {@link #renderRows} and {@link #renderBands} run the wavefront kernels (true) or the megakernel
     * (false, the default); the image is the same bits either way. Needs the "wavefront" module.
     */
    public void useWavefront(boolean on) {
        wavefrontSchedule = on;
    }

    /** Whether renderRows and renderBands run the wavefront kernels. */
    public boolean wavefrontSchedule() { return wavefrontSchedule; }

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

    /**
     * Renders bands of {@code bandRows} rows handed out by {@code nextBand} (a band index, or a negative value
     * when none is left) and merges each into {@code film}; see {@link #renderBands(Film, IntSupplier,
     * CudaBandPlan, int, int, boolean, ForkJoinPool)}.
     */
    public List<Integer> renderBands(Film film, IntSupplier nextBand, int bandRows, int firstSample, int sampleCount,
            boolean countRays, ForkJoinPool mergeThreads) {
        if (bandRows < 1) throw new IllegalArgumentException("bandRows " + bandRows);
        return renderBands(film, nextBand, CudaBandPlan.equal(height, bandRows), firstSample, sampleCount, countRays,
                mergeThreads);
    }

    /**
     * Renders the bands of {@code plan} handed out by {@code nextBand} (a band index, or a negative value when
     * none is left) and merges each into {@code film}: the accumulation is cleared, then up to two bands are in
     * flight on this device while the host downloads the oldest finished band (copy stream, pinned memory, after
     * that band's event; a band of row groups by one pitched copy), launches the next band in its place, and then
     * merges it on {@code mergeThreads} threads ({@link BandMerge}), so merging overlaps the GPU's work on the two
     * bands in flight after it and no band waits for a whole-device synchronisation.
     * With {@link #setBandStreams}(2) the two bands in flight run on two compute streams (the wavefront then with
     * a second set of queues, 236 bytes per pixel, or on one stream when that does not fit), so the tail of one
     * band's launches overlaps the other band's work. Every band gets samples firstSample ..
     * firstSample + sampleCount - 1. Returns the bands this device took, in order.
     */
    public List<Integer> renderBands(Film film, IntSupplier nextBand, CudaBandPlan plan, int firstSample,
            int sampleCount, boolean countRays, ForkJoinPool mergeThreads) {
        checkFilm(film);
        if (plan.height() != height) throw new IllegalArgumentException("band plan of " + plan.height() + " rows for "
                + height);
        long a0 = System.nanoTime();
        BandPipeline pipe = pipeline(plan.maxRows());
        int streams = bandStreams;
        if (streams > 1 && wavefrontSchedule && plan.bandCount() > 1) {
            long paths = 0;
            for (int b = 0; b < plan.bandCount(); b++) {
                int slots = wavefrontSlots(plan.rowCount(b));
                paths = Math.max(paths, (long) slots * samplesPerWave(slots, sampleCount));
            }
            try {
                wavefrontQueues(0, paths);
                wavefrontQueues(1, paths);
            } catch (GpuMemoryException e) {
                streams = 1; // no room for a second queue set: the bands run one after another on one stream
            }
        }
        lastAllocMillis = (System.nanoTime() - a0) / 1e6;
        lastMergeMillis = 0;
        check(JCudaDriver.cuMemsetD8Async(state.pointer(), (byte) 0, state.size(), pipe.compute[0]), "cuMemsetD8Async");
        if (countRays) {
            check(JCudaDriver.cuMemsetD8Async(counters.pointer(), (byte) 0, counters.size(), pipe.compute[0]),
                    "cuMemsetD8Async");
        }
        if (streams > 1) {
            check(JCudaDriver.cuEventRecord(pipe.cleared, pipe.compute[0]), "cuEventRecord");
            check(JCudaDriver.cuStreamWaitEvent(pipe.compute[1], pipe.cleared, 0), "cuStreamWaitEvent");
        }
        int bands = plan.bandCount();
        List<Integer> mine = new ArrayList<>();
        ArrayDeque<int[]> inFlight = new ArrayDeque<>(); // {band, slot}
        ArrayDeque<Integer> freeSlots = new ArrayDeque<>(List.of(0, 1));
        boolean[] more = {true};
        int launchStreams = streams;
        Runnable launchWhileFree = () -> {
            while (more[0] && !freeSlots.isEmpty()) {
                int b = nextBand.getAsInt();
                if (b < 0 || b >= bands) {
                    more[0] = false;
                    break;
                }
                int slot = freeSlots.poll();
                CUstream compute = pipe.compute[launchStreams > 1 ? slot : 0];
                launchBand(plan, b, firstSample, sampleCount, countRays, compute, launchStreams > 1 ? slot : 0);
                check(JCudaDriver.cuEventRecord(pipe.done[slot], compute), "cuEventRecord");
                inFlight.add(new int[] {b, slot});
            }
        };
        launchWhileFree.run();
        for (int[] f; (f = inFlight.poll()) != null; ) {
            int b = f[0], slot = f[1];
            check(JCudaDriver.cuStreamWaitEvent(pipe.copy, pipe.done[slot], 0), "cuStreamWaitEvent");
            downloadBand(plan, b, pipe.host(slot), pipe.copy);
            check(JCudaDriver.cuStreamSynchronize(pipe.copy), "cuStreamSynchronize");
            // The next band goes to the GPU before this one's merge, so the device keeps two bands in flight
            // while the host merges. Its slot's host buffer is written only by its own download, which this
            // thread issues after the merge below has returned; its rows are not this band's.
            freeSlots.add(slot);
            launchWhileFree.run();
            long m0 = System.nanoTime();
            BandMerge.merge(film, pipe.hostBytes[slot], plan, b, mergeThreads);
            lastMergeMillis += (System.nanoTime() - m0) / 1e6;
            mine.add(b);
        }
        for (CUstream s : pipe.compute) check(JCudaDriver.cuStreamSynchronize(s), "cuStreamSynchronize");
        return mine;
    }

    /** Compute streams {@link #renderBands} runs a device's two in-flight bands on: 1 (default) or 2. */
    public void setBandStreams(int streams) {
        if (streams != 1 && streams != 2) throw new IllegalArgumentException("band streams " + streams + " (1 or 2)");
        bandStreams = streams;
    }

    private int bandStreams = 1;
    private double lastAllocMillis, lastMergeMillis;

    /**
     * Of the last {@link #renderBands} call, on this device's thread: milliseconds spent allocating its pinned
     * host buffers and wavefront queues (first use only) and milliseconds merging bands into the film (all
     * bands; only the last band's merge is not overlapped by GPU work).
     */
    public double[] lastBandTimes() {
        return new double[] {lastAllocMillis, lastMergeMillis};
    }

    /**
     * Enqueues on {@code stream} the copies ({@link BandCopy#of}) of band {@code band}'s pixel states into {@code
     * host}, launch row r at host row r.
     */
    private void downloadBand(CudaBandPlan plan, int band, Pointer host, CUstream stream) {
        for (BandCopy c : BandCopy.of(plan, band, (long) width * PIXEL_STATE_BYTES)) {
            if (c.linear()) {
                check(JCudaDriver.cuMemcpyDtoHAsync(host.withByteOffset(c.dstOffset()),
                        state.pointer().withByteOffset(c.srcOffset()), c.rows() * c.widthBytes(), stream),
                        "cuMemcpyDtoHAsync");
                continue;
            }
            CUDA_MEMCPY2D m = new CUDA_MEMCPY2D();
            m.srcMemoryType = CUmemorytype.CU_MEMORYTYPE_DEVICE;
            m.srcDevice = state.pointer().withByteOffset(c.srcOffset());
            m.srcPitch = c.srcPitch();
            m.dstMemoryType = CUmemorytype.CU_MEMORYTYPE_HOST;
            m.dstHost = host.withByteOffset(c.dstOffset());
            m.dstPitch = c.dstPitch();
            m.WidthInBytes = c.widthBytes();
            m.Height = c.rows();
            if (JCudaDriver.cuMemcpy2DAsync(m, stream) != CUresult.CUDA_SUCCESS) {
                // A driver that refuses the pitches (over CU_DEVICE_ATTRIBUTE_MAX_PITCH): one copy per block.
                for (int k = 0; k < c.rows(); k++) {
                    check(JCudaDriver.cuMemcpyDtoHAsync(host.withByteOffset(c.dstOffset() + k * c.dstPitch()),
                            state.pointer().withByteOffset(c.srcOffset() + k * c.srcPitch()), c.widthBytes(), stream),
                            "cuMemcpyDtoHAsync");
                }
            }
        }
    }

    /**
     * Streams, events and pinned host buffers of {@link #renderBands}: two compute streams (the second used with
     * {@link #setBandStreams}(2)), a copy stream, one event and one host buffer per in-flight slot (each buffer
     * pinned on its slot's first use), and the event after the clear; made on first use, freed on close.
     */
    private static final class BandPipeline implements AutoCloseable {
        final CUstream[] compute = {new CUstream(), new CUstream()};
        final CUstream copy = new CUstream();
        final CUevent[] done = {new CUevent(), new CUevent()};
        final CUevent cleared = new CUevent();
        final Pointer[] host = {new Pointer(), new Pointer()};
        final ByteBuffer[] hostBytes = new ByteBuffer[2];
        final long capacity;
        private final List<Runnable> release = new ArrayList<>();

        BandPipeline(long bytesPerSlot) {
            capacity = bytesPerSlot;
            try {
                for (CUstream s : new CUstream[] {compute[0], compute[1], copy}) {
                    check(JCudaDriver.cuStreamCreate(s, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
                    release.add(() -> JCudaDriver.cuStreamDestroy(s));
                }
                check(JCudaDriver.cuEventCreate(cleared, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
                release.add(() -> JCudaDriver.cuEventDestroy(cleared));
                for (int k = 0; k < 2; k++) {
                    CUevent e = done[k];
                    check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
                    release.add(() -> JCudaDriver.cuEventDestroy(e));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /**
         * Slot {@code k}'s pinned host buffer, allocated on first use (a one-band render, such as one device's
         * whole frame, never pins the second slot's memory).
         */
        Pointer host(int k) {
            if (hostBytes[k] == null) {
                Pointer h = host[k];
                check(JCudaDriver.cuMemAllocHost(h, capacity), "cuMemAllocHost(" + capacity + ")");
                release.add(() -> JCudaDriver.cuMemFreeHost(h));
                hostBytes[k] = h.getByteBuffer(0, capacity).order(ByteOrder.nativeOrder());
            }
            return host[k];
        }

        @Override
        public void close() {
            for (int k = release.size() - 1; k >= 0; k--) release.get(k).run();
            release.clear();
        }
    }

    private BandPipeline pipeline(int bandRows) {
        long bytes = (long) Math.min(bandRows, height) * width * PIXEL_STATE_BYTES;
        if (bytes > Integer.MAX_VALUE) throw new IllegalArgumentException(bandRows + "-row bands are too large");
        if (pipeline != null && pipeline.capacity >= bytes) return pipeline;
        if (pipeline != null) pipeline.close();
        pipeline = null;
        pipeline = new BandPipeline(bytes);
        return pipeline;
    }

    private BandPipeline pipeline;

    private DeviceBuffer motionCameras, motionInstances;
    private CUfunction setMotionKernel;

    /**
     * Motion vectors from the previous frame for the passes that follow (the film's motion and previous-depth
     * AOVs, by {@link MotionProjector}'s rules), or null for none (motion 0, previous depth unknown). Uploads the
     * previous and current cameras and the previous frame's instance transforms; the current instance transforms
     * are the scene's as last uploaded ({@link #updateInstances}). Call once per frame, after updateInstances.
     */
    public void setMotion(MotionProjector motion) {
        if (setMotionKernel == null) setMotionKernel = ctx.function(module, "setMotion");
        if (motion == null) {
            ctx.launch(setMotionKernel, "setMotion", 1, 1, Pointer.to(new long[] {0}), Pointer.to(new long[] {0}),
                    Pointer.to(new long[] {0}), Pointer.to(new int[] {0}), Pointer.to(new int[] {width}),
                    Pointer.to(new int[] {height}), Pointer.to(new int[] {0}));
            ctx.synchronize();
            return;
        }
        if (motion.width() != width || motion.height() != height) {
            throw new IllegalArgumentException("motion for a " + motion.width() + "x" + motion.height() + " film, tracer "
                    + width + "x" + height);
        }
        if (motionCameras == null) motionCameras = keep(DeviceBuffer.allocate(2L * LcCamera.BYTES));
        try (NativeBuffer cams = NativeBuffer.allocate(2L * LcCamera.BYTES)) {
            motion.putPreviousCamera(cams, 0);
            motion.putCurrentCamera(cams, LcCamera.BYTES);
            motionCameras.upload(cams, 0, 0, cams.size());
        }
        int n = motion.previousInstanceCount();
        long bytes = Math.max(16L, 48L * n);
        if (motionInstances == null || motionInstances.size() < bytes) {
            if (motionInstances != null) {
                owned.remove(motionInstances);
                motionInstances.close();
                motionInstances = null;
            }
            motionInstances = keep(DeviceBuffer.allocate(bytes));
        }
        if (n > 0) {
            try (NativeBuffer m = NativeBuffer.allocate(48L * n)) {
                motion.putPreviousObjectToWorld(m, 0);
                motionInstances.upload(m, 0, 0, m.size());
            }
        }
        ctx.launch(setMotionKernel, "setMotion", 1, 1, Pointer.to(motionCameras.pointer()),
                Pointer.to(motionCameras.pointer().withByteOffset(LcCamera.BYTES)), motionInstances.param(),
                Pointer.to(new int[] {n}), Pointer.to(new int[] {width}), Pointer.to(new int[] {height}),
                Pointer.to(new int[] {1}));
        // The passes run on non-blocking streams, which do not wait for the default stream's launch.
        ctx.synchronize();
    }

    private void checkFilm(Film film) {
        if (film.width() != width || film.height() != height) {
            throw new IllegalArgumentException("film " + film.width() + "x" + film.height() + " for a " + width + "x"
                    + height + " tracer");
        }
    }

    /** Downloads rows [rowBegin, rowEnd) of the accumulation and merges them into {@code film} (same size). */
    public void mergeRows(Film film, int rowBegin, int rowEnd) {
        checkFilm(film);
        ctx.synchronize();
        int rowBytes = width * PIXEL_STATE_BYTES;
        long offset = (long) rowBegin * rowBytes, bytes = (long) (rowEnd - rowBegin) * rowBytes;
        try (NativeBuffer b = NativeBuffer.allocate(bytes)) {
            state.download(b, 0, offset, bytes);
            for (int y = rowBegin; y < rowEnd; y++) {
                film.mergeSummaries(y * width, width, b.slice((long) (y - rowBegin) * rowBytes, rowBytes), 0,
                        BandMerge.PIXEL_STATE);
            }
        }
    }

    @Override
    public void close() {
        destroyWavefrontGraphs();
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
        for (DeviceBuffer b : owned) b.close();
        owned.clear();
        traversal.close();
    }
}
