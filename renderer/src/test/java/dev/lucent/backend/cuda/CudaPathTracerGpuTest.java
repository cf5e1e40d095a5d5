package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.Film;
import dev.lucent.scene.Material;
import dev.lucent.scene.Mesh;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Shapes;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CUDA megakernel path tracer on known answers: a white furnace, directly seen emission, and the same
 * image whatever the row split. Tagged "gpu"; skipped with the reason where CUDA cannot run.
 */
@Tag("gpu")
class CudaPathTracerGpuTest {
    @RegisterExtension
    static final CudaContextExtension cuda = new CudaContextExtension();

    /** One mesh, one material, one node, and the uniform background {@code env}; the default camera frames it. */
    static CompiledScene scene(Mesh mesh, Material material, float env, int size) {
        Scene s = new Scene(Path.of("gpu-test.json"));
        s.materials.add(material);
        mesh.materials = new int[mesh.triangleCount()];
        s.meshes.add(mesh);
        Node n = new Node("object");
        n.mesh = 0;
        s.addNode(n);
        s.environment.color = new float[] {env, env, env};
        return SceneCompiler.compile(s, CompileOptions.defaults().withSize(size, size));
    }

    @Test
    void whiteFurnaceSphereReflectsTheEnvironment() {
        // A white, smooth, non-metallic sphere is exactly energy conserving (GltfBsdf: the mirror coat reflects F,
        // the normalised diffuse base returns 1 - F) and convex, so under a uniform environment L every pixel
        // converges to L, hit or miss. This exercises the delta coat, the diffuse lobe, light sampling of the
        // environment and MIS together. Rough coats are not a furnace: GGX single scattering loses energy (at roughness
        // 0.6 the Java BSDF's cosine-weighted albedo is 0.957).
        Material m = new Material("white");
        m.metallic = 0;
        m.roughness = 0;
        int size = 64;
        try (CompiledScene cs = scene(Shapes.sphere(1, 96), m, 0.5f, size);
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 32, 0, 0)) {
            t.clearState();
            t.renderRows(0, size, 0, 256, false);
            Film film = new Film(size, size);
            t.mergeRows(film, 0, size);
            double sum = 0;
            int hits = 0;
            for (int p = 0; p < size * size; p++) {
                assertEquals(256, film.sampleCount(p));
                if (film.depthHits(p) == 0) {
                    for (int c = 0; c < 3; c++) assertEquals(0.5, film.mean(p, c), 0, "miss pixel " + p);
                } else {
                    hits++;
                    sum += film.mean(p, 0) + film.mean(p, 1) + film.mean(p, 2);
                }
            }
            assertTrue(hits > size * size / 4, "sphere covers " + hits + " pixels");
            double mean = sum / (3.0 * hits);
            System.out.printf("furnace: %d hit pixels, mean radiance %.5f (expected 0.5)%n", hits, mean);
            assertEquals(0.5, mean, 0.0025, "furnace mean");
        }
    }

    @Test
    void directlySeenEmissionIsExact() {
        Material m = new Material("lamp");
        m.baseColor = new float[] {0, 0, 0, 1};
        m.emissive = new float[] {2, 3, 4};
        m.doubleSided = true;
        int size = 32;
        try (CompiledScene cs = scene(Shapes.box(1, 1, 1), m, 0, size);
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 0, 0, 0)) {
            t.clearState();
            t.renderRows(0, size, 0, 4, false);
            Film film = new Film(size, size);
            t.mergeRows(film, 0, size);
            int hits = 0;
            for (int p = 0; p < size * size; p++) {
                if (film.depthHits(p) == 4) {
                    hits++;
                    assertEquals(2, film.mean(p, 0), 0);
                    assertEquals(3, film.mean(p, 1), 0);
                    assertEquals(4, film.mean(p, 2), 0);
                    assertEquals(0, film.m2(p, 0), 0);
                }
            }
            assertTrue(hits > 0, "the quad is not seen");
        }
    }

    @Test
    void rowSplitsGiveTheSameBits() {
        Material m = new Material("grey");
        m.baseColor = new float[] {0.7f, 0.5f, 0.3f, 1};
        m.metallic = 0.2f;
        m.roughness = 0.4f;
        int size = 48;
        try (CompiledScene cs = scene(Shapes.box(1, 1.5f, 0.7f), m, 1, size);
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 8, 0, 42)) {
            Film whole = new Film(size, size), split = new Film(size, size);
            t.clearState();
            t.renderRows(0, size, 0, 8, false);
            t.mergeRows(whole, 0, size);
            t.clearState();
            t.renderRows(20, size, 0, 3, false);
            t.renderRows(0, 20, 0, 8, false);
            t.renderRows(20, size, 3, 5, false);
            t.mergeRows(split, 0, size);
            double[] a = new double[3 * size * size], b = new double[a.length];
            for (int p = 0; p < size * size; p++) {
                for (int c = 0; c < 3; c++) {
                    a[3 * p + c] = whole.mean(p, c);
                    b[3 * p + c] = split.mean(p, c);
                }
            }
            assertTrue(Arrays.equals(a, b), "row splits changed the image");
            assertTrue(Arrays.stream(a).sum() > 0, "black image");
        }
    }

    @Test
    void rendererBandsAndProgressiveCallsGiveTheSameFilmAsOneTracer() {
        Material m = new Material("grey");
        m.baseColor = new float[] {0.6f, 0.6f, 0.6f, 1};
        m.metallic = 0;
        m.roughness = 0.3f;
        int size = 40;
        try (CompiledScene cs = scene(Shapes.sphere(1, 32), m, 0.7f, size)) {
            Film direct = new Film(size, size), banded = new Film(size, size);
            try (CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 6, 0, 9)) {
                t.clearState();
                t.renderRows(0, size, 0, 6, false);
                t.mergeRows(direct, 0, size);
            }
            // The renderer opens its own context on a worker thread; the test's context stays current here.
            try (CudaRenderer r = new CudaRenderer(new int[] {0}, cs, size, size, 6, 0, 9)) {
                int[] bands = r.render(banded, 0, 2, 7);
                assertEquals(6, bands[0], "40 rows in bands of 7");
                r.render(banded, 2, 4, 16);
            }
            cuda.context().synchronize();
            for (int p = 0; p < size * size; p++) {
                assertEquals(6, banded.sampleCount(p));
                for (int c = 0; c < 3; c++) {
                    // Film merges in double: progressive halves agree with one pass to double rounding of float data.
                    assertEquals(direct.mean(p, c), banded.mean(p, c), 1e-6 * Math.max(1, Math.abs(direct.mean(p, c))));
                }
            }
        }
    }

    @Test
    void interleavedBandsGiveTheWholeFramesBits() {
        // The multi-GPU default cuts a frame into interleaved row groups (CudaBandPlan.interleaved); here one tracer
        // renders every band of a 3-device plan (46 rows: 12 groups of 4, the last of 2 rows), on one and on two
        // compute streams, with both schedules, and every film channel must equal the whole-frame render's bits
        // (same schedule). The alpha-test scene covers emitters, NEE, an environment and both alpha modes.
        var scene = dev.lucent.scene.SceneLoader.load(
                dev.lucent.core.TestPaths.projectRoot().resolve("scenes/alpha-test.json"));
        int w = 40, h = 46;
        CudaBandPlan plan = CudaBandPlan.interleaved(h, 3, 4, 2);
        assertTrue(!plan.consecutive(0), plan.toString());
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h));
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, w, h, 8, 0, 5,
                        dev.lucent.image.PixelFilter.defaultFilter(), "wavefront")) {
            for (boolean wave : new boolean[] {false, true}) {
                t.useWavefront(wave);
                Film whole = new Film(w, h);
                t.clearState();
                t.renderRows(0, h, 0, 6, false);
                t.mergeRows(whole, 0, h);
                double sum = 0;
                for (int streams = 1; streams <= 2; streams++) {
                    t.setBandStreams(streams);
                    Film banded = new Film(w, h);
                    int[] next = {0};
                    var taken = t.renderBands(banded, () -> next[0]++, plan, 0, 6, false, null);
                    t.setBandStreams(1);
                    assertEquals(plan.bandCount(), taken.size());
                    String what = (wave ? "wavefront" : "megakernel") + ", " + streams + " stream(s)";
                    for (int p = 0; p < w * h; p++) {
                        String at = what + ", pixel " + p;
                        assertEquals(6, banded.sampleCount(p), at);
                        assertEquals(whole.depth(p), banded.depth(p), at);
                        assertEquals(whole.depthHits(p), banded.depthHits(p), at);
                        for (int c = 0; c < 3; c++) {
                            assertEquals(whole.mean(p, c), banded.mean(p, c), at);
                            assertEquals(whole.m2(p, c), banded.m2(p, c), at);
                            assertEquals(whole.albedo(p, c), banded.albedo(p, c), at);
                            assertEquals(whole.normal(p, c), banded.normal(p, c), at);
                            assertEquals(whole.emission(p, c), banded.emission(p, c), at);
                            sum += banded.mean(p, c);
                        }
                    }
                }
                assertTrue(sum > 0, "black image");
            }
        }
    }

    @Test
    void wavefrontGridsAndGraphsGiveTheSameBits() {
        // The wavefront's round kernels loop over their queue (grid-stride), so any grid gives the same paths; and a
        // captured CUDA graph per pass replays the same launches. Every film channel of: a 2-wave grid; a grid
        // of one block per round kernel (every thread loops over many paths); graphs, captured on the first call
        // and replayed by a second call and by a call at other sample indices; graphs on the one-block grid, must
        // equal the bits of one thread per path launched directly (the kernels' grid before they looped).
        var scene = dev.lucent.scene.SceneLoader.load(
                dev.lucent.core.TestPaths.projectRoot().resolve("scenes/alpha-test.json"));
        int w = 40, h = 46;
        CudaBandPlan plan = CudaBandPlan.interleaved(h, 2, 4, 2);
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h));
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, w, h, 8, 0, 5,
                        dev.lucent.image.PixelFilter.defaultFilter(), "wavefront")) {
            t.useWavefront(true);
            t.setBandStreams(2);
            t.setWavefrontWaves(0);
            t.setWavefrontGraphs(false);
            Film base = bands(t, plan, 0, 6), later = bands(t, plan, 6, 3);
            double sum = 0;
            for (int p = 0; p < w * h; p++) sum += base.mean(p, 0) + base.mean(p, 1) + base.mean(p, 2);
            assertTrue(sum > 0, "black image");
            t.setWavefrontWaves(2);
            assertSameBits(base, bands(t, plan, 0, 6), "a 2-wave grid");
            t.capWavefrontRoundThreads(128);
            assertSameBits(base, bands(t, plan, 0, 6), "one block per round kernel");
            t.capWavefrontRoundThreads(0);
            t.setWavefrontGraphs(true);
            assertSameBits(base, bands(t, plan, 0, 6), "graphs, captured");
            assertTrue(t.wavefrontGraphCount() > 0, "no pass was captured (graphs fell back to launches)");
            assertSameBits(base, bands(t, plan, 0, 6), "graphs, replayed");
            assertSameBits(later, bands(t, plan, 6, 3), "graphs, replayed at samples 6-8");
            t.capWavefrontRoundThreads(128);
            assertSameBits(base, bands(t, plan, 0, 6), "graphs on one block per round kernel");
        }
    }

    @Test
    void samplesPerWaveGiveTheSameBitsAndRayCounts() {
        // A wavefront wave may trace k samples per pixel (path k * slots + i is slot i's sample first + k); each
        // pixel's k paths are accumulated in sample order by one thread, so the film must be the bits of one sample
        // per wave, for any k, with a last wave of fewer samples, on the whole frame and on interleaved bands
        // (whose default waves hold several samples), with the round kernels' grid capped so that threads loop.
        // The ray counters (summed per warp) must count the same rays: every camera ray once per sample, and the
        // same extension and shadow rays as one sample per wave; the megakernel's counts agree to 1%.
        var scene = dev.lucent.scene.SceneLoader.load(
                dev.lucent.core.TestPaths.projectRoot().resolve("scenes/alpha-test.json"));
        int w = 40, h = 46, spp = 7;
        long full = CudaRayCaster.primaryRayCount(w, h);
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h));
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, w, h, 8, 0, 5,
                        dev.lucent.image.PixelFilter.defaultFilter(), "wavefront")) {
            t.useWavefront(true);
            t.setWavefrontWavePaths(1);
            Film base = new Film(w, h);
            t.clearState();
            t.clearRayCounts();
            t.renderRows(0, h, 0, spp, true);
            long[] baseRays = t.rayCounts();
            t.mergeRows(base, 0, h);
            assertEquals((long) w * h * spp, baseRays[0], "camera rays");
            assertTrue(baseRays[1] > 0 && baseRays[2] > 0, java.util.Arrays.toString(baseRays));
            for (long waves : new long[] {3, 7, 100}) {
                t.setWavefrontWavePaths(waves * full);
                assertEquals((int) Math.min(waves, spp), t.samplesPerWave((int) full, spp));
                Film f = new Film(w, h);
                t.clearState();
                t.clearRayCounts();
                t.renderRows(0, h, 0, spp, true);
                long[] rays = t.rayCounts();
                t.mergeRows(f, 0, h);
                String what = waves + " samples per wave";
                assertSameBits(base, f, what);
                assertEquals(java.util.Arrays.toString(baseRays), java.util.Arrays.toString(rays), what);
            }
            t.setWavefrontWavePaths(0);
            CudaBandPlan plan = CudaBandPlan.interleaved(h, 2, 4, 2);
            t.setBandStreams(2);
            assertSameBits(base, bands(t, plan, 0, spp), "interleaved bands, default waves");
            t.capWavefrontRoundThreads(128);
            assertSameBits(base, bands(t, plan, 0, spp), "interleaved bands, one block per round kernel");
            t.capWavefrontRoundThreads(0);
            t.setBandStreams(1);
            t.useWavefront(false);
            t.clearState();
            t.clearRayCounts();
            t.renderRows(0, h, 0, spp, true);
            long[] mega = t.rayCounts();
            assertEquals(baseRays[0], mega[0], "megakernel camera rays");
            for (int k = 1; k < 3; k++) assertEquals(mega[k], baseRays[k], 0.01 * mega[k], "ray kind " + k);
        }
    }

    /** Samples first .. first + count - 1 of every band of {@code plan}, rendered by {@code t} into a new film. */
    private static Film bands(CudaPathTracer t, CudaBandPlan plan, int first, int count) {
        Film f = new Film(t.width(), t.height());
        int[] next = {0};
        var taken = t.renderBands(f, () -> next[0]++, plan, first, count, false, null);
        assertEquals(plan.bandCount(), taken.size());
        return f;
    }

    private static void assertSameBits(Film a, Film b, String what) {
        for (int p = 0; p < a.width() * a.height(); p++) {
            String at = what + ", pixel " + p;
            assertEquals(a.sampleCount(p), b.sampleCount(p), at);
            assertEquals(a.depth(p), b.depth(p), at);
            assertEquals(a.depthHits(p), b.depthHits(p), at);
            for (int c = 0; c < 3; c++) {
                assertEquals(a.mean(p, c), b.mean(p, c), at);
                assertEquals(a.m2(p, c), b.m2(p, c), at);
                assertEquals(a.albedo(p, c), b.albedo(p, c), at);
                assertEquals(a.normal(p, c), b.normal(p, c), at);
                assertEquals(a.emission(p, c), b.emission(p, c), at);
            }
        }
    }

    /** Sum of every pixel's mean over the channels of a maxDepth-0 render of {@code m} on a sphere under sky 1. */
    static double alphaImageSum(Material m, int size, int spp, Film out) {
        try (CompiledScene cs = scene(Shapes.sphere(1, 48), m, 1, size);
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 0, 0, 3)) {
            t.clearState();
            t.renderRows(0, size, 0, spp, false);
            Film film = out != null ? out : new Film(size, size);
            t.mergeRows(film, 0, size);
            double sum = 0;
            for (int p = 0; p < size * size; p++) sum += film.mean(p, 0) + film.mean(p, 1) + film.mean(p, 2);
            return sum;
        }
    }

    static Material black(Material.AlphaMode mode, float alpha) {
        Material m = new Material("black");
        m.baseColor = new float[] {0, 0, 0, alpha};
        m.metallic = 0;
        m.alphaMode = mode;
        m.doubleSided = true;
        return m;
    }

    @Test
    void alphaMaskBelowTheCutoffIsInvisible() {
        int size = 32;
        Film film = new Film(size, size);
        alphaImageSum(black(Material.AlphaMode.MASK, 0.3f), size, 4, film);
        for (int p = 0; p < size * size; p++) {
            assertEquals(0, film.depthHits(p), "pixel " + p + " sees the masked sphere");
            for (int c = 0; c < 3; c++) assertEquals(1, film.mean(p, c), 0, "pixel " + p);
        }
        Film opaque = new Film(size, size);
        alphaImageSum(black(Material.AlphaMode.MASK, 0.7f), size, 4, opaque);
        int hits = 0;
        for (int p = 0; p < size * size; p++) hits += opaque.depthHits(p) > 0 ? 1 : 0;
        assertTrue(hits > size * size / 8, "above the cutoff the sphere stands: " + hits + " pixels");
    }

    @Test
    void alphaBlendLetsTheExpectedFractionThrough() {
        // A black double-sided sphere of alpha 0.5 at max depth 0: a camera ray crosses two triangles, each there
        // with probability 0.5 (independent hashes), so a quarter of the covered samples see the sky of 1.
        int size = 64, spp = 64;
        double clear = alphaImageSum(black(Material.AlphaMode.BLEND, 0), size, spp, null);
        double opaque = alphaImageSum(black(Material.AlphaMode.BLEND, 1), size, spp, null);
        double half = alphaImageSum(black(Material.AlphaMode.BLEND, 0.5f), size, spp, null);
        double expected = opaque + 0.25 * (clear - opaque);
        System.out.printf("alpha blend: clear %.1f, opaque %.1f, half %.1f, expected %.1f%n", clear, opaque, half,
                expected);
        assertTrue(clear - opaque > 0.1 * clear, "the sphere covers part of the image");
        assertEquals(expected, half, 0.03 * (clear - opaque));
        assertEquals(half, alphaImageSum(black(Material.AlphaMode.BLEND, 0.5f), size, spp, null), 0,
                "stochastic transparency is deterministic");
    }

    @Test
    void wavefrontGivesTheMegakernelsImage() {
        // Same per-path code (lcPathBounce), different schedule. The compiler may fuse multiply-adds differently
        // in the two kernels, so values may differ by float rounding (measured: 1 ulp of a pixel mean), and a
        // rounding difference can rarely send a path another way; nearly every value must still agree to 1e-5
        // and the whole image to 1e-3. The alpha-test scene covers emitters, NEE, an environment and both alpha
        // modes (the ray keys of extension and shadow rays).
        var scene = dev.lucent.scene.SceneLoader.load(
                dev.lucent.core.TestPaths.projectRoot().resolve("scenes/alpha-test.json"));
        int w = 48, h = 32;
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(w, h));
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, w, h, 8, 0, 11,
                        dev.lucent.image.PixelFilter.defaultFilter(), "wavefront")) {
            Film mega = new Film(w, h), wave = new Film(w, h);
            t.clearState();
            t.renderRows(0, h, 0, 16, false);
            t.mergeRows(mega, 0, h);
            t.clearState();
            t.useWavefront(true);
            t.renderRows(0, 20, 0, 16, false); // two row bands: the wavefront's row ranges too
            t.renderRows(20, h, 0, 16, false);
            t.mergeRows(wave, 0, h);
            double sumMega = 0, sumWave = 0;
            int close = 0;
            for (int p = 0; p < w * h; p++) {
                assertEquals(16, wave.sampleCount(p));
                for (int c = 0; c < 3; c++) {
                    double a = mega.mean(p, c), b = wave.mean(p, c);
                    sumMega += a;
                    sumWave += b;
                    if (Math.abs(a - b) <= 1e-5 * Math.max(1e-3, Math.abs(a))) close++;
                }
            }
            System.out.printf("wavefront vs megakernel: %d of %d values within 1e-5, sums %.6f / %.6f%n", close,
                    3 * w * h, sumMega, sumWave);
            assertTrue(sumMega > 0, "black image");
            assertTrue(close >= 0.99 * 3 * w * h, close + " of " + 3 * w * h + " values agree");
            assertEquals(sumMega, sumWave, 1e-3 * sumMega);
        }
    }

    @Test
    void autoScheduleFollowsPathLength() {
        // A closed box seen from inside keeps every path bouncing: the wavefront. A small sphere in a large frame
        // of sky ends most paths at the camera ray: the megakernel. Both renders must still converge to the
        // furnace answer where it applies: a white sphere under a sky of 0.5 gives 0.5 in every pixel.
        Material white = new Material("white");
        white.metallic = 0;
        white.roughness = 0;
        int size = 48;
        try (CompiledScene cs = scene(Shapes.sphere(1, 64), white, 0.5f, size);
                CudaBackend b = new CudaBackend("0")) {
            b.prepare(cs, dev.lucent.backend.RenderOptions.defaults());
            Film film = new Film(size, size);
            b.render(film, 0, 64, null);
            double sum = 0;
            for (int p = 0; p < size * size; p++) sum += film.mean(p, 0) + film.mean(p, 1) + film.mean(p, 2);
            assertEquals(0.5, sum / (3.0 * size * size), 0.003, "furnace mean");
            assertEquals(CudaSchedule.MEGAKERNEL, b.schedule(), "most camera rays escape or end in one bounce");
        }
        Material grey = new Material("grey");
        grey.baseColor = new float[] {0.8f, 0.8f, 0.8f, 1};
        grey.metallic = 0;
        grey.doubleSided = true;
        Scene room = new Scene(Path.of("gpu-room.json"));
        room.materials.add(grey);
        Mesh box = Shapes.box(4, 4, 4);
        box.materials = new int[box.triangleCount()];
        room.meshes.add(box);
        Node n = new Node("room");
        n.mesh = 0;
        room.addNode(n);
        room.cameras.add(new dev.lucent.scene.Camera("inside"));
        Node c = new Node("inside");
        c.camera = 0;
        room.addNode(c);
        room.environment.color = new float[] {1, 1, 1};
        try (CompiledScene cs = SceneCompiler.compile(room, CompileOptions.defaults().withSize(size, size));
                CudaBackend b = new CudaBackend("0")) {
            b.prepare(cs, dev.lucent.backend.RenderOptions.defaults());
            Film film = new Film(size, size);
            b.render(film, 0, 8, null);
            assertEquals(CudaSchedule.WAVEFRONT, b.schedule(), "every path bounces inside the closed box");
            for (int p = 0; p < size * size; p++) {
                assertEquals(8, film.sampleCount(p));
                assertEquals(0, film.mean(p, 0), 0, "a closed room without lights is black");
            }
        }
    }

    @Test
    void tooLittleMemoryGivesNeededAndFree() {
        System.setProperty(CudaContext.MEMORY_LIMIT_PROPERTY, "1m");
        try (CompiledScene cs = scene(Shapes.sphere(1, 16), new Material("m"), 1, 64);
                dev.lucent.backend.RenderBackend b = new CudaBackend("0")) {
            b.prepare(cs, dev.lucent.backend.RenderOptions.defaults());
            GpuMemoryException e = org.junit.jupiter.api.Assertions.assertThrows(GpuMemoryException.class,
                    () -> b.render(new Film(64, 64), 0, 1, null));
            System.out.println("out of memory: " + e.getMessage());
            assertTrue(e.getMessage().matches(".* needs \\d+\\.\\d\\d [GM]iB of GPU memory, 1\\.00 MiB free on .*"
                    + "\\(limited by -Dlucent\\.cuda\\.memoryLimit\\)"), e.getMessage());
            assertTrue(e.neededBytes() > 64L * 64 * CudaPathTracer.PIXEL_STATE_BYTES);
        } finally {
            System.clearProperty(CudaContext.MEMORY_LIMIT_PROPERTY);
        }
    }

    /** A box at {@code x} seen by a camera at (0, 0, 6) under a uniform sky of 0.8. */
    static Scene movingBoxScene(float x) {
        Scene s = new Scene(Path.of("gpu-batch-test.json"));
        Material m = new Material("orange");
        m.baseColor = new float[] {0.9f, 0.5f, 0.2f, 1};
        m.metallic = 0;
        m.roughness = 0.5f;
        s.materials.add(m);
        Mesh box = Shapes.box(1, 1, 1);
        box.materials = new int[box.triangleCount()];
        s.meshes.add(box);
        Node n = new Node("box");
        n.mesh = 0;
        n.translation.set(x, 0, 0);
        s.addNode(n);
        s.cameras.add(new dev.lucent.scene.Camera("cam"));
        Node c = new Node("cam");
        c.camera = 0;
        c.translation.set(0, 0, 6);
        s.addNode(c);
        s.environment.color = new float[] {0.8f, 0.8f, 0.8f};
        return s;
    }

    @Test
    void batchInstanceUpdateEqualsAFreshUpload() {
        int size = 40;
        CompileOptions opts = CompileOptions.defaults().withSize(size, size);
        Scene moving = movingBoxScene(-1);
        Film updated = new Film(size, size), fresh = new Film(size, size);
        try (CompiledScene cs = SceneCompiler.compile(moving, opts);
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 4, 0, 5)) {
            moving.nodes.get(0).translation.set(1.2f, 0, 0);
            cs.updateInstances(moving, 0);
            t.updateInstances();
            t.clearState();
            t.renderRows(0, size, 0, 4, false);
            t.mergeRows(updated, 0, size);
        }
        try (CompiledScene cs = SceneCompiler.compile(movingBoxScene(1.2f), opts);
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 4, 0, 5)) {
            t.clearState();
            t.renderRows(0, size, 0, 4, false);
            t.mergeRows(fresh, 0, size);
        }
        int hits = 0;
        for (int p = 0; p < size * size; p++) {
            assertEquals(fresh.depthHits(p), updated.depthHits(p), "pixel " + p);
            hits += fresh.depthHits(p) > 0 ? 1 : 0;
            for (int c = 0; c < 3; c++) assertEquals(fresh.mean(p, c), updated.mean(p, c), 0, "pixel " + p);
        }
        assertTrue(hits > 0, "the box is not in view");
    }

    /** A 64x32 HDR sky: a dim gradient with a small bright "sun" patch, so importance sampling matters. */
    static dev.lucent.scene.Texture sunSky() {
        int w = 64, h = 32;
        float[] px = new float[4 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = 4 * (y * w + x);
                float base = 0.2f + 0.6f * (1 - y / (float) h);
                boolean sun = x >= 40 && x < 43 && y >= 8 && y < 10;
                px[o] = sun ? 400 : base;
                px[o + 1] = sun ? 380 : base * 0.9f;
                px[o + 2] = sun ? 300 : base * 1.2f;
                px[o + 3] = 1;
            }
        }
        return dev.lucent.scene.Texture.hdr("sun-sky", null, w, h, px);
    }

    @Test
    void environmentLightSamplingAgreesWithBsdfSamplingAlone() {
        // Two unbiased estimators of the same image: next-event estimation of the importance-sampled map with MIS,
        // and BSDF sampling alone (an all-zero light table). Their means must agree within the noise; a wrong
        // density or MIS weight in either shows up as a bias over whole regions.
        Scene s = new Scene(Path.of("gpu-env-test.json"));
        Material m = new Material("grey");
        m.baseColor = new float[] {0.7f, 0.7f, 0.7f, 1};
        m.metallic = 0;
        m.roughness = 0.5f;
        s.materials.add(m);
        Mesh sphere = Shapes.sphere(1, 48);
        sphere.materials = new int[sphere.triangleCount()];
        s.meshes.add(sphere);
        Node n = new Node("sphere");
        n.mesh = 0;
        s.addNode(n);
        s.textures.add(sunSky());
        s.environment.texture = 0;
        int size = 32, spp = 1024;
        Film nee = new Film(size, size), bsdfOnly = new Film(size, size);
        try (CompiledScene cs = SceneCompiler.compile(s, CompileOptions.defaults().withSize(size, size));
                CudaPathTracer t = new CudaPathTracer(cuda.context(), cs, size, size, 4, 0, 3)) {
            assertTrue(GpuEnvironmentTable.of(cs).length > 2, "the map is importance-sampled");
            t.clearState();
            t.renderRows(0, size, 0, spp, false);
            t.mergeRows(nee, 0, size);
            t.uploadLightTable(new float[GpuLightTable.of(cs).length]);
            t.clearState();
            t.renderRows(0, size, 0, spp, false);
            t.mergeRows(bsdfOnly, 0, size);
        }
        double worst = 0;
        for (int ry = 0; ry < size; ry += 8) {
            for (int rx = 0; rx < size; rx += 8) {
                double a = 0, b = 0, va = 0, vb = 0;
                for (int y = ry; y < ry + 8; y++) {
                    for (int x = rx; x < rx + 8; x++) {
                        int p = y * size + x;
                        for (int c = 0; c < 3; c++) {
                            a += nee.mean(p, c);
                            b += bsdfOnly.mean(p, c);
                            va += nee.varianceOfMean(p, c);
                            vb += bsdfOnly.varianceOfMean(p, c);
                        }
                    }
                }
                double z = (a - b) / Math.sqrt(va + vb + 1e-30);
                worst = Math.max(worst, Math.abs(z));
                assertTrue(Math.abs(z) < 5, "8x8 region at (" + rx + "," + ry + "): NEE " + a + " vs BSDF-only " + b
                        + ", z = " + z);
            }
        }
        System.out.printf("environment NEE vs BSDF-only: worst 8x8-region |z| %.2f%n", worst);
    }
}
