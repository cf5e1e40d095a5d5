package dev.lucent.light;

import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.TestSceneBuilder;
import dev.lucent.core.Layout;
import dev.lucent.light.LightTestGeometry.ConstantEmission;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.lwjgl.stb.STBImage;
import org.lwjgl.system.MemoryStack;

/**
 * Single-threaded timings of the light-sampling hot paths; figures go to docs/benchmarks.md. Run with
 * {@code java -cp target/classes:target/test-classes:<dependencies>
 * dev.lucent.light.LightSamplingBenchmark [path/to/map.hdr]} from {@code renderer/} (default: the shared
 * sky-afternoon.hdr beside the checkout).
 * Each timing is the best of 15 rounds after a warm-up round (the best filters out time lost to other
 * processes on a shared machine).
 */
public final class LightSamplingBenchmark {
    private static volatile float sink;

    public static void main(String[] args) {
        Path hdr = Path.of(args.length > 0 ? args[0] : "../../shared/scenes/environments/sky-afternoon.hdr");
        int w, h;
        float[] rgba;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer pw = stack.mallocInt(1), ph = stack.mallocInt(1), pc = stack.mallocInt(1);
            FloatBuffer data = STBImage.stbi_loadf(hdr.toString(), pw, ph, pc, 4);
            if (data == null) throw new IllegalStateException(hdr + ": " + STBImage.stbi_failure_reason());
            w = pw.get(0);
            h = ph.get(0);
            rgba = new float[w * h * 4];
            data.get(0, rgba);
            STBImage.stbi_image_free(data);
        }
        System.out.printf("environment %s: %d x %d%n", hdr.getFileName(), w, h);

        // 10 000 emissive triangles facing down at y = 10 (instances of one triangle), 8 point/spot lights, the map
        TestSceneBuilder b = new TestSceneBuilder().environment(w, h, rgba, 1f, 0.3f).bounds(-50, -1, -50, 50, 20, 50);
        int mesh = b.mesh(TriangleLightTest.UNIT_TRIANGLE, TriangleLightTest.ONE_TRIANGLE);
        ConstantEmission emission = new ConstantEmission();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            float x = (float) rng.nextDouble(-40, 40), z = (float) rng.nextDouble(-40, 40);
            int inst = b.instance(mesh, new float[] {1, 0, 0, x, 0, 0, -1, 10, 0, 1, 0, z});
            float power = (float) rng.nextDouble(0.1, 10);
            b.emitter(inst, 0, power * 0.5f * (float) Math.PI);
            emission.set(inst, 0, power, power, power, false);
        }
        for (int i = 0; i < 8; i++) {
            b.light(i % 2 == 0 ? Layout.LC_LIGHT_POINT : Layout.LC_LIGHT_SPOT,
                    new float[] {i * 3 - 12, 5, 0}, new float[] {0, -1, 0}, new float[] {50, 50, 50}, 0.9f, 0.7f, 0);
        }
        try (CompiledScene s = b.build()) {
            best("EnvironmentLight build (distribution over all texels)", 1, () -> {
                sink += EnvironmentLight.fromScene(s).averageLuminance();
            });
            EnvironmentLight env = EnvironmentLight.fromScene(s);
            LightSampler sampler = new LightSampler(s, emission);
            LightSample out = new LightSample();
            float[] rgb = new float[3];
            int n = 500_000;
            float[] u = new float[3 * n];
            for (int i = 0; i < u.length; i++) u[i] = (float) rng.nextDouble();
            best("sampleEnvironment", n, () -> {
                for (int i = 0; i < n; i++) {
                    env.sampleEnvironment(u[3 * i], u[3 * i + 1], out);
                    sink += out.pdf;
                }
            });
            best("pdfEnvironment", n, () -> {
                for (int i = 0; i < n; i++) {
                    float z = 2 * u[3 * i] - 1, r = (float) Math.sqrt(1 - z * z), phi = 6.2831853f * u[3 * i + 1];
                    sink += env.pdfEnvironment(r * (float) Math.cos(phi), z, r * (float) Math.sin(phi));
                }
            });
            best("evalEnvironment", n, () -> {
                for (int i = 0; i < n; i++) {
                    float z = 2 * u[3 * i] - 1, r = (float) Math.sqrt(1 - z * z), phi = 6.2831853f * u[3 * i + 1];
                    env.evalEnvironment(r * (float) Math.cos(phi), z, r * (float) Math.sin(phi), rgb);
                    sink += rgb[0];
                }
            });
            best("sampleLight (10k emitters + 8 punctual + map)", n, () -> {
                for (int i = 0; i < n; i++) {
                    sampler.sampleLight(0.5f, 0f, -0.5f, u[3 * i], u[3 * i + 1], u[3 * i + 2], out);
                    sink += out.pdf;
                }
            });
            TriangleLight tris = sampler.emitters();
            best("pdfLight (emitter hit, hash look-up)", n, () -> {
                for (int i = 0; i < n; i++) {
                    int e = i % tris.count();
                    sink += sampler.pdfLight(0.5f, 0f, -0.5f, tris.instance(e), tris.triangle(e), 0.3f, 10f, 0.2f,
                            0, -1, 0);
                }
            });
            System.out.printf("group pmf: punctual %.4f, emitters %.4f, environment %.4f%n",
                    sampler.groupPmf(0), sampler.groupPmf(1), sampler.groupPmf(2));
        }
    }

    private static void best(String what, int operations, Runnable r) {
        r.run();
        long bestNs = Long.MAX_VALUE;
        for (int round = 0; round < 15; round++) {
            long t0 = System.nanoTime();
            r.run();
            bestNs = Math.min(bestNs, System.nanoTime() - t0);
        }
        if (operations == 1) System.out.printf("%-55s %10.1f ms%n", what, bestNs / 1e6);
        else System.out.printf("%-55s %10.1f ns/op%n", what, (double) bestNs / operations);
    }
}
