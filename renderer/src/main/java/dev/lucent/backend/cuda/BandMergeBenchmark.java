package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaPathTracer.PIXEL_STATE_BYTES;

import dev.lucent.image.Film;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Host cost of merging downloaded bands into a film ({@link BandMerge}), without a GPU: synthetic LcPixelState
 * records (96 bytes each, 256 samples per pixel, random means, M2, AOVs, one pixel in 16 with no hit) for a frame
 * cut as {@link CudaRenderer#defaultPlan} cuts it for {@code devices} devices; one thread per simulated device
 * merges its bands in order into one shared film on one shared {@link ForkJoinPool} of all processors, as the
 * devices' threads do. Meant to be run in a fresh JVM: round 1 is what {@code lucent render} pays (JIT-cold code);
 * later rounds merge into fresh films with warm code.
 *
 * <p>Arguments: width height devices chunksPerDevice rounds [per-record] (the last: {@link BandMerge}'s reference
 * path, each record's fields read one by one into {@link Film#mergeSamples}). Prints per band and per device milliseconds of merge,
 * and the round's wall time.
 */
public final class BandMergeBenchmark {
    private BandMergeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int width = args.length > 0 ? Integer.parseInt(args[0]) : 1920;
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 1080;
        int devices = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int chunks = args.length > 3 ? Integer.parseInt(args[3]) : CudaRenderer.WAVEFRONT_CHUNKS_PER_DEVICE;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        boolean perRecord = args.length > 5 && args[5].equals("per-record");
        CudaBandPlan plan = devices <= 1 ? CudaBandPlan.equal(height, height)
                : CudaBandPlan.interleaved(height, devices, CudaRenderer.INTERLEAVE_ROWS, chunks);
        ByteBuffer[] hosts = new ByteBuffer[devices];
        for (int d = 0; d < devices; d++) hosts[d] = records(plan.maxRows() * width, 17 + d);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "band merge (%s): %dx%d, %s, %d processors, %s%n", perRecord ? "per record" : "bulk", width, height, plan,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        for (int round = 1; round <= rounds; round++) {
            Film film = new Film(width, height);
            double[][] bandMs = new double[devices][];
            List<Thread> threads = new ArrayList<>();
            long w0 = System.nanoTime();
            for (int d = 0; d < devices; d++) {
                int slot = d;
                int[] mine = devices <= 1 ? new int[] {0} : plan.bandsOf(d);
                bandMs[d] = new double[mine.length];
                Thread t = new Thread(() -> {
                    for (int k = 0; k < mine.length; k++) {
                        long m0 = System.nanoTime();
                        BandMerge.merge(film, hosts[slot], plan, mine[k], pool, perRecord);
                        bandMs[slot][k] = (System.nanoTime() - m0) / 1e6;
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) t.join();
            double wall = (System.nanoTime() - w0) / 1e6;
            StringBuilder sb = new StringBuilder();
            for (int d = 0; d < devices; d++) {
                double sum = 0;
                sb.append(" | device ").append(d).append(':');
                for (double m : bandMs[d]) {
                    sb.append(String.format(Locale.ROOT, " %.1f", m));
                    sum += m;
                }
                sb.append(String.format(Locale.ROOT, " = %.1f ms", sum));
            }
            System.out.printf(Locale.ROOT, "round %d: wall %.1f ms (%.1f ns per pixel)%s; check %.6f%n", round, wall,
                    wall * 1e6 / ((double) width * height), sb, film.mean(width * height / 2 + 7, 1));
        }
        pool.shutdown();
    }

    /** {@code pixels} synthetic LcPixelState records in native byte order. */
    static ByteBuffer records(int pixels, long seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(pixels * PIXEL_STATE_BYTES).order(ByteOrder.nativeOrder());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int p = 0; p < pixels; p++) {
            int o = p * PIXEL_STATE_BYTES;
            boolean hit = rnd.nextInt(16) != 0;
            b.putInt(o + CudaPathTracer.STATE_COUNT, 256);
            for (int c = 0; c < 3; c++) {
                b.putFloat(o + CudaPathTracer.STATE_MEAN + 4 * c, (float) rnd.nextDouble(0, 2));
                b.putFloat(o + CudaPathTracer.STATE_M2 + 4 * c, (float) rnd.nextDouble(0, 50));
                b.putFloat(o + CudaPathTracer.STATE_ALBEDO + 4 * c, (float) rnd.nextDouble());
                b.putFloat(o + CudaPathTracer.STATE_NORMAL + 4 * c, (float) rnd.nextDouble(-1, 1));
                b.putFloat(o + CudaPathTracer.STATE_EMISSION + 4 * c, hit ? 0f : (float) rnd.nextDouble());
            }
            b.putFloat(o + CudaPathTracer.STATE_DEPTH, hit ? (float) rnd.nextDouble(1, 10) : Float.POSITIVE_INFINITY);
            b.putInt(o + CudaPathTracer.STATE_DEPTH_HITS, hit ? 256 : 0);
            b.putFloat(o + CudaPathTracer.STATE_PREVIOUS_DEPTH, Float.POSITIVE_INFINITY);
            b.putFloat(o + CudaPathTracer.STATE_MOTION, 0f);
            b.putFloat(o + CudaPathTracer.STATE_MOTION + 4, 0f);
        }
        return b;
    }
}
