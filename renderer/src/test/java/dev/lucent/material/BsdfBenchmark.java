package dev.lucent.material;

import dev.lucent.core.Layout;
import dev.lucent.core.NativeBuffer;
import java.util.SplittableRandom;
import org.joml.Vector3f;

/**
 * Throughput of the material hot paths (not a test: run by hand, figures go to docs/benchmarks.md).
 * <pre>mvn -q -o -pl renderer test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.lucent.material.BsdfBenchmark</pre>
 * Reports nanoseconds per sampleBsdf, evalBsdf and MaterialEvaluator.evaluate (all textures bound, 1024^2
 * RGBA8 images) for a few material kinds, best of several rounds after warm-up, in thread CPU time (the
 * benchmark machine is shared).
 */
public final class BsdfBenchmark {
    private BsdfBenchmark() {}

    private static final int N = 1 << 18;
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] u = new float[3 * N];
        for (int i = 0; i < u.length; i++) u[i] = (float) rng.nextDouble();
        Vector3f[] wo = new Vector3f[1024], wi = new Vector3f[1024];
        for (int i = 0; i < wo.length; i++) {
            float c = 0.05f + 0.9f * (float) rng.nextDouble(), s = (float) Math.sqrt(1 - c * c);
            float phi = (float) (2 * Math.PI * rng.nextDouble());
            wo[i] = new Vector3f(s * (float) Math.cos(phi), s * (float) Math.sin(phi), c);
            wi[i] = new Vector3f(-wo[i].y, wo[i].x, wo[i].z).normalize();
        }
        Object[][] kinds = {
            {"rough plastic", new BsdfParams().set(0.8f, 0.3f, 0.2f, 0, 0.5f, 0, 1.5f)},
            {"rough metal", new BsdfParams().set(0.9f, 0.7f, 0.4f, 1, 0.3f, 0, 1.5f)},
            {"rough glass", new BsdfParams().set(1, 1, 1, 0, 0.3f, 1, 1.5f)},
            {"smooth glass (delta)", new BsdfParams().set(1, 1, 1, 0, 0, 1, 1.5f)},
            {"mixed", new BsdfParams().set(0.8f, 0.5f, 0.2f, 0.3f, 0.4f, 0.5f, 1.33f)}};
        GltfBsdf bsdf = new GltfBsdf();
        BsdfSample s = new BsdfSample();
        BsdfEval e = new BsdfEval();
        System.out.printf("%-22s %14s %14s%n", "material", "sampleBsdf ns", "evalBsdf ns");
        for (Object[] k : kinds) {
            BsdfParams p = (BsdfParams) k[1];
            double bestSample = Double.MAX_VALUE, bestEval = Double.MAX_VALUE;
            float sink = 0;
            for (int round = 0; round < 8; round++) {
                long t0 = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < N; i++) {
                    if (bsdf.sampleBsdf(p, wo[i & 1023], u[3 * i], u[3 * i + 1], u[3 * i + 2], s)) sink += s.weight.x;
                }
                long t1 = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < N; i++) {
                    bsdf.evalBsdf(p, wo[i & 1023], wi[(i * 7) & 1023], e);
                    sink += e.pdf;
                }
                long t2 = CPU.getCurrentThreadCpuTime();
                if (round >= 3) {
                    bestSample = Math.min(bestSample, (t1 - t0) / (double) N);
                    bestEval = Math.min(bestEval, (t2 - t1) / (double) N);
                }
            }
            System.out.printf("%-22s %14.1f %14.1f   (checksum %.3g)%n", k[0], bestSample, bestEval, sink);
        }
        materialEvaluation(u);
    }

    /** One material with all five texture slots bound to 1024x1024 RGBA8 images of random texels. */
    private static void materialEvaluation(float[] u) {
        int size = 1024, images = 3;
        try (NativeBuffer materials = NativeBuffer.allocate(Layout.LcMaterial.BYTES);
                NativeBuffer views = NativeBuffer.allocate((long) images * Layout.LcTextureView.BYTES);
                NativeBuffer imageBuf = NativeBuffer.allocate((long) images * Layout.LcImage.BYTES);
                NativeBuffer texels = NativeBuffer.allocate((long) images * size * size * 4)) {
            SplittableRandom rng = new SplittableRandom(2);
            for (long w = 0; w < (long) images * size * size; w++) texels.putInt(w * 4, rng.nextInt());
            for (int i = 0; i < images; i++) {
                imageBuf.putInt((long) i * Layout.LcImage.BYTES + Layout.LcImage.OFFSET_WORDS, i * size * size);
                imageBuf.putInt((long) i * Layout.LcImage.BYTES + Layout.LcImage.WIDTH, size);
                imageBuf.putInt((long) i * Layout.LcImage.BYTES + Layout.LcImage.HEIGHT, size);
                imageBuf.putInt((long) i * Layout.LcImage.BYTES + Layout.LcImage.FORMAT, Layout.LC_IMAGE_RGBA8);
                views.putFloats((long) i * Layout.LcTextureView.BYTES, new float[] {1, 0, 0, 0, 1, 0}, 0, 6);
                views.putInt((long) i * Layout.LcTextureView.BYTES + Layout.LcTextureView.IMAGE, i);
            }
            materials.putFloats(Layout.LcMaterial.BASE_COLOR, new float[] {1, 1, 1, 1}, 0, 4);
            materials.putFloats(Layout.LcMaterial.EMISSION, new float[] {1, 1, 1}, 0, 3);
            materials.putFloat(Layout.LcMaterial.METALLIC, 1);
            materials.putFloat(Layout.LcMaterial.ROUGHNESS, 1);
            materials.putFloat(Layout.LcMaterial.IOR, 1.5f);
            materials.putFloat(Layout.LcMaterial.NORMAL_SCALE, 1);
            materials.putFloat(Layout.LcMaterial.TRANSMISSION, 1);
            materials.putInt(Layout.LcMaterial.BASE_COLOR_TEX, 0);
            materials.putInt(Layout.LcMaterial.METALLIC_ROUGHNESS_TEX, 1);
            materials.putInt(Layout.LcMaterial.NORMAL_TEX, 2);
            materials.putInt(Layout.LcMaterial.EMISSIVE_TEX, 0);
            materials.putInt(Layout.LcMaterial.TRANSMISSION_TEX, 1);
            MaterialEvaluator ev = new MaterialEvaluator(materials, 1, views, images, imageBuf, images, texels);
            MaterialPoint mp = new MaterialPoint();
            double best = Double.MAX_VALUE;
            float sink = 0;
            for (int round = 0; round < 8; round++) {
                long t0 = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < N; i++) {
                    ev.evaluate(0, u[2 * i], u[2 * i + 1], mp);
                    sink += mp.bsdf.roughness + mp.normalTs.x;
                }
                long t1 = CPU.getCurrentThreadCpuTime();
                if (round >= 3) best = Math.min(best, (t1 - t0) / (double) N);
            }
            System.out.printf("%-22s %14.1f ns per evaluate (5 slots, random uv)   (checksum %.3g)%n",
                    "MaterialEvaluator", best, sink);
        }
    }
}
