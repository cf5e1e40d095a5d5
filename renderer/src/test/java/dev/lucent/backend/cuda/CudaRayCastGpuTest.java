package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.bvh.BvhOptions;
import dev.lucent.bvh.gpu.BlasLayout;
import dev.lucent.bvh.gpu.GpuSceneLayout;
import dev.lucent.bvh.gpu.InstancedMeshPools;
import dev.lucent.bvh.gpu.InstancedMeshPools.Placement;
import dev.lucent.core.Layout.LcHit;
import dev.lucent.core.Layout.LcRay;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.ProceduralMeshes;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CUDA ray casting against the Java reference traversal, on a GPU. Tagged "gpu" (excluded from the default
 * build) and skipped with CudaAvailability's reason where CUDA cannot run.
 */
@Tag("gpu")
class CudaRayCastGpuTest {
    @RegisterExtension
    static final CudaContextExtension cuda = new CudaContextExtension();

    @Test
    void deviceBufferRoundTripsBytes() {
        long n = 3_000_001;
        try (NativeBuffer src = NativeBuffer.allocate(n); NativeBuffer back = NativeBuffer.allocate(n);
                DeviceBuffer d = DeviceBuffer.allocate(n)) {
            for (long i = 0; i + 4 <= n; i += 4) src.putInt(i, (int) (i * 2654435761L));
            d.upload(src, 0, 0, n);
            d.download(back, 0, 0, n);
            for (long i = 0; i + 4 <= n; i += 4) assertEquals(src.getInt(i), back.getInt(i), "byte " + i);
        }
    }

    @Test
    void uploadsBeyondOneSliceArriveWhole() {
        long n = (3L << 29) + 4096; // 1.5 GiB + 4 KiB: two 1 GiB-limited chunks each way
        try (NativeBuffer src = NativeBuffer.allocate(n); NativeBuffer back = NativeBuffer.allocate(n);
                DeviceBuffer d = DeviceBuffer.allocate(n)) {
            for (long i = 0; i < n; i += 4096) src.putInt(i, (int) (i >>> 12) ^ 0x5a5a5a5a);
            src.putInt(n - 4, 0x12345678);
            d.upload(src, 0, 0, n);
            d.download(back, 0, 0, n);
            for (long i = 0; i < n; i += 4096) assertEquals(src.getInt(i), back.getInt(i), "byte " + i);
            assertEquals(0x12345678, back.getInt(n - 4));
        }
    }

    @Test
    void tooLargeRequestIsRefusedBeforeAllocating() {
        long total = cuda.context().memoryInfo()[1];
        GpuMemoryException e = assertThrows(GpuMemoryException.class,
                () -> cuda.context().requireFree(total + (1L << 30), "test scene"));
        assertTrue(e.getMessage().startsWith("test scene needs "), e.getMessage());
        assertTrue(e.getMessage().endsWith("free on " + cuda.context().deviceName()), e.getMessage());
    }

    @Test
    void randomRaysThroughTransformedInstancesMatchJava() {
        randomRaysMatchJava("raycast", BlasLayout.BVH2);
    }

    /** The alternative compressed 8-wide BLAS kernel, where the carry provides its PTX build. */
    @Test
    void wideBlasKernelMatchesJava() {
        Assumptions.assumeTrue(CudaRayCastGpuTest.class.getResource("/ptx/raycast-cwbvh8.ptx") != null,
                "raycast-cwbvh8.ptx not on the class path (built by tools/make-cuda-carry)");
        randomRaysMatchJava("raycast-cwbvh8", BlasLayout.CWBVH8);
    }

    private static void randomRaysMatchJava(String module, BlasLayout blasLayout) {
        Mesh quad = new Mesh("quad");
        quad.positions = new float[] {-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0};
        quad.indices = new int[] {0, 1, 2, 0, 2, 3};
        quad.materials = new int[2];
        List<Mesh> meshes = List.of(ProceduralMeshes.blobs(50_000, 5), quad);
        List<Placement> placements = List.of(Placement.identity(0),
                new Placement(0, new float[] {0.5f, 0, 0.3f, 8, 0, 0.6f, 0, 1, -0.3f, 0, 0.5f, -4}),
                new Placement(1, new float[] {0, 0, 6, -9, 0, 6, 0, 2, -6, 0, 0, 1}),
                new Placement(1, new float[] {4, 0, 0, 0, 0, 0, 4, 3, 0, -4, 0, 0}));
        int n = 200_000;
        try (InstancedMeshPools pools = InstancedMeshPools.build(meshes, placements, new BvhOptions(2, 16, 0));
                GpuSceneLayout layout = pools.toGpuLayout(BlasLayout.BVH2);
                GpuSceneLayout traced = pools.toGpuLayout(blasLayout);
                CudaSceneBuffers scene = CudaSceneBuffers.upload(cuda.context(), traced);
                NativeBuffer rays = NativeBuffer.allocate((long) n * LcRay.BYTES);
                NativeBuffer hits = NativeBuffer.allocate((long) n * LcHit.BYTES);
                DeviceBuffer dRays = DeviceBuffer.allocate(rays.size());
                DeviceBuffer dHits = DeviceBuffer.allocate(hits.size())) {
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < n; i++) {
                long o = (long) i * LcRay.BYTES;
                float[] p = {(float) r.nextDouble(-12, 12), (float) r.nextDouble(-2, 8), (float) r.nextDouble(-12, 12)};
                float[] q = {(float) r.nextDouble(-8, 8), (float) r.nextDouble(-1, 3), (float) r.nextDouble(-8, 8)};
                for (int a = 0; a < 3; a++) {
                    rays.putFloat(o + 4L * a, p[a]);
                    rays.putFloat(o + 16 + 4L * a, i % 7 == 3 && a == 1 ? 0f : q[a] - p[a]);
                }
                rays.putFloat(o + 12, 0f);
                rays.putFloat(o + 28, i % 5 == 0 ? -1f : i % 2 == 0 ? 0.8f : Float.POSITIVE_INFINITY);
            }
            dRays.upload(rays, 0, 0, rays.size());
            CudaRayCaster caster = new CudaRayCaster(cuda.context(), module);
            for (boolean any : new boolean[] {false, true}) {
                if (any) caster.traceAny(scene, dRays, dHits, n);
                else caster.traceClosest(scene, dRays, dHits, n);
                dHits.download(hits, 0, 0, hits.size());
                GpuHitChecker.Result res = GpuHitChecker.check(layout, rays, hits, n, n, any);
                assertTrue(res.gpuHits() > n / 20, res.toString());
                assertTrue(res.passed(1e-4), module + (any ? " any: " : " closest: ") + res);
            }
            // Inactive rays (tMax < 0) report a miss.
            for (int i = 0; i < n; i += 5) assertEquals(-1, hits.getInt((long) i * LcHit.BYTES + LcHit.TRIANGLE));
        }
    }

    @Test
    void generatedCameraShadowAndDiffuseRaysMatchJava() {
        int w = 320, h = 180, n = CudaRayCaster.primaryRayCount(w, h);
        float size = (float) Math.sqrt(200_000) * 0.05f;
        try (InstancedMeshPools pools = InstancedMeshPools.build(List.of(ProceduralMeshes.blobs(200_000, 1)),
                        List.of(Placement.identity(0)), BvhOptions.defaults());
                GpuSceneLayout layout = pools.toGpuLayout(BlasLayout.BVH2);
                CudaSceneBuffers scene = CudaSceneBuffers.upload(cuda.context(), layout);
                NativeBuffer camHost = RayCastBenchmark.camera(size, w, h);
                NativeBuffer lightHost = RayCastBenchmark.light(size);
                DeviceBuffer cam = DeviceBuffer.of(camHost);
                DeviceBuffer light = DeviceBuffer.of(lightHost);
                DeviceBuffer prim = DeviceBuffer.allocate((long) n * LcRay.BYTES);
                DeviceBuffer primHits = DeviceBuffer.allocate((long) n * LcHit.BYTES);
                DeviceBuffer rays = DeviceBuffer.allocate((long) n * LcRay.BYTES);
                DeviceBuffer hits = DeviceBuffer.allocate((long) n * LcHit.BYTES);
                NativeBuffer raysHost = NativeBuffer.allocate((long) n * LcRay.BYTES);
                NativeBuffer hitsHost = NativeBuffer.allocate((long) n * LcHit.BYTES)) {
            CudaRayCaster caster = new CudaRayCaster(cuda.context(), "raycast");
            caster.generatePrimary(cam, w, h, prim);
            caster.traceClosest(scene, prim, primHits, n);
            prim.download(raysHost, 0, 0, raysHost.size());
            primHits.download(hitsHost, 0, 0, hitsHost.size());
            GpuHitChecker.Result primary = GpuHitChecker.check(layout, raysHost, hitsHost, n, n, false);
            assertEquals(w * h, primary.active(), primary.toString());
            assertTrue(primary.gpuHits() > 0.95 * w * h, "the camera looks down at the terrain: " + primary);
            assertTrue(primary.passed(1e-4), "primary: " + primary);

            caster.generateShadow(scene, prim, primHits, n, light, 5, rays);
            caster.traceAny(scene, rays, hits, n);
            rays.download(raysHost, 0, 0, raysHost.size());
            hits.download(hitsHost, 0, 0, hitsHost.size());
            GpuHitChecker.Result shadow = GpuHitChecker.check(layout, raysHost, hitsHost, n, n, true);
            assertTrue(shadow.gpuHits() > 0 && shadow.gpuHits() < shadow.active(), "some shadowed, some lit: " + shadow);
            assertTrue(shadow.passed(1e-4), "shadow: " + shadow);

            caster.generateDiffuse(scene, prim, primHits, n, 9, rays);
            caster.traceClosest(scene, rays, hits, n);
            rays.download(raysHost, 0, 0, raysHost.size());
            hits.download(hitsHost, 0, 0, hitsHost.size());
            GpuHitChecker.Result diffuse = GpuHitChecker.check(layout, raysHost, hitsHost, n, n, false);
            assertTrue(diffuse.passed(1e-4), "diffuse: " + diffuse);
            // Cosine-distributed about the normal facing the camera: no diffuse ray points into its surface.
            assertTrue(diffuse.gpuHits() < diffuse.active(), "some bounce rays escape: " + diffuse);
        }
    }
}
