package dev.lucent.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * Host side of shaders/cuda/raycast.cu: launches ray generation (camera, shadow, diffuse bounce) and closest-hit
 * / any-hit tracing over LcRay and LcHit device buffers, one thread per ray. Asynchronous on the default
 * stream; time with {@link CudaEventTimer} or call {@link CudaContext#synchronize}. Owns the work counter of the
 * persistent-threads kernels (close it; the module belongs to the context).
 */
public final class CudaRayCaster implements AutoCloseable {
    /** Default threads per block of every launch. */
    public static final int BLOCK = 128;

    private final CudaContext ctx;
    private final int block;
    private final CUfunction primary, shadow, diffuse, closest, any, closestPersistent, anyPersistent;
    private final boolean persistent;
    private DeviceBuffer workCounter;

    /** Loads module {@code ptxName} ("raycast", or "raycast.fastmath" for the fast-math build) into {@code ctx}. */
    public CudaRayCaster(CudaContext ctx, String ptxName) {
        this(ctx, ptxName, BLOCK);
    }

    /** As {@link #CudaRayCaster(CudaContext, String)} with {@code block} threads per block for the trace kernels. */
    public CudaRayCaster(CudaContext ctx, String ptxName, int block) {
        this(ctx, ptxName, block, false);
    }

    /**
     * As {@link #CudaRayCaster(CudaContext, String, int)}; with {@code persistent} the trace calls launch the
     * persistent-threads kernels (a resident-sized grid whose warps fetch 32 rays at a time from a counter).
     */
    public CudaRayCaster(CudaContext ctx, String ptxName, int block, boolean persistent) {
        this.ctx = ctx;
        this.block = block;
        this.persistent = persistent;
        CUmodule m = ctx.loadModule(ptxName);
        primary = ctx.function(m, "generatePrimaryRays");
        shadow = ctx.function(m, "generateShadowRays");
        diffuse = ctx.function(m, "generateDiffuseRays");
        closest = ctx.function(m, "traceClosest");
        any = ctx.function(m, "traceAny");
        closestPersistent = persistent ? ctx.function(m, "traceClosestPersistent") : null;
        anyPersistent = persistent ? ctx.function(m, "traceAnyPersistent") : null;
        if (persistent) workCounter = DeviceBuffer.allocate(4);
    }

    /** Ray slots of a width x height camera launch: 8x4 pixel tiles, 32 slots each (raycast.cu). */
    public static int primaryRayCount(int width, int height) {
        return ((width + 7) / 8) * ((height + 3) / 4) * 32;
    }

    /** Pixel (x, y) of primary ray slot {@code i}, or null for a slot outside the image. */
    public static int[] primaryPixel(int i, int width, int height) {
        int tilesX = (width + 7) / 8, tile = i >> 5, lane = i & 31;
        int x = (tile % tilesX) * 8 + (lane % 8), y = (tile / tilesX) * 4 + lane / 8;
        return x < width && y < height ? new int[] {x, y} : null;
    }

    /** Camera rays for every pixel; {@code camera} holds one LcCamera. */
    public void generatePrimary(DeviceBuffer camera, int width, int height, DeviceBuffer rays) {
        ctx.launch(primary, "generatePrimaryRays", primaryRayCount(width, height), BLOCK, camera.param(),
                Pointer.to(new int[] {width}), Pointer.to(new int[] {height}), rays.param());
    }

    /** Shadow rays from the hits of {@code primaryRays} to random points of the parallelogram light (3 float4). */
    public void generateShadow(CudaSceneBuffers scene, DeviceBuffer primaryRays, DeviceBuffer primaryHits, int count,
            DeviceBuffer light, int seed, DeviceBuffer rays) {
        ctx.launch(shadow, "generateShadowRays", count, BLOCK, scene.triangles().param(), scene.instances().param(),
                primaryRays.param(), primaryHits.param(), Pointer.to(new int[] {count}), light.param(),
                Pointer.to(new int[] {seed}), rays.param());
    }

    /** Cosine-distributed bounce rays from the hits of {@code primaryRays}. */
    public void generateDiffuse(CudaSceneBuffers scene, DeviceBuffer primaryRays, DeviceBuffer primaryHits, int count,
            int seed, DeviceBuffer rays) {
        ctx.launch(diffuse, "generateDiffuseRays", count, BLOCK, scene.triangles().param(), scene.instances().param(),
                primaryRays.param(), primaryHits.param(), Pointer.to(new int[] {count}), Pointer.to(new int[] {seed}),
                rays.param());
    }

    /** Closest hit of {@code count} rays. */
    public void traceClosest(CudaSceneBuffers scene, DeviceBuffer rays, DeviceBuffer hits, int count) {
        if (persistent) tracePersistent(closestPersistent, "traceClosestPersistent", scene, rays, hits, count);
        else trace(closest, "traceClosest", scene, rays, hits, count);
    }

    /** Any hit (occlusion) of {@code count} rays. */
    public void traceAny(CudaSceneBuffers scene, DeviceBuffer rays, DeviceBuffer hits, int count) {
        if (persistent) tracePersistent(anyPersistent, "traceAnyPersistent", scene, rays, hits, count);
        else trace(any, "traceAny", scene, rays, hits, count);
    }

    private void tracePersistent(CUfunction f, String name, CudaSceneBuffers scene, DeviceBuffer rays,
            DeviceBuffer hits, int count) {
        workCounter.zero();
        List<Pointer> p = new ArrayList<>(scene.params());
        p.add(rays.param());
        p.add(hits.param());
        p.add(Pointer.to(new int[] {count}));
        p.add(workCounter.param());
        ctx.launch(f, name, Math.min(count, ctx.residentThreads()), block, p.toArray(new Pointer[0]));
    }

    private void trace(CUfunction f, String name, CudaSceneBuffers scene, DeviceBuffer rays, DeviceBuffer hits,
            int count) {
        List<Pointer> p = new ArrayList<>(scene.params());
        p.add(rays.param());
        p.add(hits.param());
        p.add(Pointer.to(new int[] {count}));
        ctx.launch(f, name, count, block, p.toArray(new Pointer[0]));
    }

    @Override
    public void close() {
        if (workCounter != null) workCounter.close();
        workCounter = null;
    }
}
