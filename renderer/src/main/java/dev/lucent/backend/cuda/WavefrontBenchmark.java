package dev.lucent.backend.cuda;

import dev.lucent.bench.BenchScene;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.Film;
import dev.lucent.image.PixelFilter;
import dev.lucent.scene.RenderSettings;
import dev.lucent.scene.Scene;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Megakernel versus wavefront on the same tracer (module "wavefront", which holds both): per scene, GPU time per
 * sample pass of {@link CudaPathTracer#renderRows} over the whole frame and of {@link
 * CudaPathTracer#renderWavefront} (CUDA events, {@code passes} passes after 2 warm-up passes each), and whether
 * the two films are identical bit for bit (they must be: same per-path code, different schedule).
 *
 * <p>Usage: {@code WavefrontBenchmark SHARED_SCENES_DIR PROJECT_ROOT OUT_DIR [width height passes triangles]};
 * scenes: scenes/cornell-box.json, scenes/helmet-sky.json and {@link BenchScene#procedural} of {@code
 * triangles} (default 10M).
 */
public final class WavefrontBenchmark {
    private WavefrontBenchmark() {}

    public static void main(String[] args) {
        Path root = Path.of(args[1]);
        int width = args.length > 3 ? Integer.parseInt(args[3]) : 1920;
        int height = args.length > 4 ? Integer.parseInt(args[4]) : 1080;
        int passes = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        long triangles = args.length > 6 ? Long.parseLong(args[6]) : 10_000_000;
        List<BenchScene> scenes = new ArrayList<>(List.of(BenchScene.file(root.resolve("scenes/cornell-box.json")),
                BenchScene.file(root.resolve("scenes/helmet-sky.json")), BenchScene.procedural(triangles)));
        System.out.printf(Locale.ROOT, "| scene | megakernel ms/pass | wavefront ms/pass | wavefront / megakernel | "
                + "identical image |%n|---|---:|---:|---:|---|%n");
        try (CudaContext ctx = CudaContext.open(0)) {
            for (BenchScene bs : scenes) run(ctx, bs, width, height, passes);
        }
    }

    static void run(CudaContext ctx, BenchScene bs, int width, int height, int passes) {
        Scene scene = bs.loader().get();
        RenderSettings s = RenderSettings.defaults().overlay(scene.settings);
        try (CompiledScene cs = SceneCompiler.compile(scene,
                new CompileOptions(0, width, height, BvhOptions.defaults(), s.camera));
                CudaPathTracer t = new CudaPathTracer(ctx, cs, width, height, s.maxDepth, 0, s.seed,
                        PixelFilter.defaultFilter(), "wavefront");
                CudaEventTimer timer = new CudaEventTimer()) {
            Film mega = new Film(width, height), wave = new Film(width, height);
            t.clearState();
            t.renderRows(0, height, 0, 2, false);
            timer.start();
            t.renderRows(0, height, 2, passes, false);
            double megaMs = timer.stopMillis() / passes;
            t.mergeRows(mega, 0, height);
            t.clearState();
            t.renderWavefront(0, Math.max(2, Math.min(passes, 8))); // sizes the queues for the timed waves
            t.clearState();
            t.renderWavefront(0, 2);
            timer.start();
            t.renderWavefront(2, passes);
            double waveMs = timer.stopMillis() / passes;
            t.mergeRows(wave, 0, height);
            long differ = 0;
            double worst = 0;
            for (int p = 0; p < width * height; p++) {
                if (mega.sampleCount(p) != wave.sampleCount(p)) differ++;
                for (int c = 0; c < 3; c++) {
                    double a = mega.mean(p, c), b = wave.mean(p, c);
                    if (a != b) {
                        differ++;
                        worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-6, Math.abs(a)));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.2f | %s |%n", bs.name(), megaMs, waveMs,
                    waveMs / megaMs, differ == 0 ? "yes"
                            : String.format(Locale.ROOT, "no: %d values differ, worst relative %.2g", differ, worst));
        }
    }
}
