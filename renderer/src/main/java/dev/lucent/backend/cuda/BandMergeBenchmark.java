package dev.lucent.backend.cuda;

import dev.lucent.image.Film;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * Host cost of merging downloaded bands into a film ({@link BandMerge}), without a GPU: synthetic LcPixelState
 * records (96 bytes each, 256 samples per pixel, random means, M2, AOVs, one pixel in 16 with no hit) for a frame
 * cut as {@link CudaRenderer#defaultPlan} cuts it for {@code devices} devices; one thread per simulated device
 * merges its bands in order into one shared film on one shared {@link ForkJoinPool} of all processors, as the
 * devices' threads do. Meant to be run in a fresh JVM: round 1 is what {@code lucent render} pays (JIT-cold code);
 * later rounds merge into fresh films with warm code.
 *
 * <p>Arguments: width height devices chunksPerDevice rounds [bulk|per-record [warm-up]] (per-record: {@link
 * BandMerge}'s reference path, each record's fields read one by one into {@link Film#mergeSamples}; warm-up:
 * {@link BandMerge#warmUp} first, as a renderer starts it when built). Prints per band and per device milliseconds of merge,
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
        boolean warmUp = args.length > 6 && args[6].equals("warm-up");
        CudaBandPlan plan = devices <= 1 ? CudaBandPlan.equal(height, height)
                : CudaBandPlan.interleaved(height, devices, CudaRenderer.INTERLEAVE_ROWS, chunks);
        ByteBuffer[] hosts = new ByteBuffer[devices];
        for (int d = 0; d < devices; d++) hosts[d] = BandMerge.syntheticRecords(plan.maxRows() * width, 17 + d);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "band merge (%s): %dx%d, %s, %d processors, %s%n", perRecord ? "per record" : "bulk", width, height, plan,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        if (warmUp) {
            long u0 = System.nanoTime();
            BandMerge.warmUp();
            System.out.printf(Locale.ROOT, "warm-up (BandMerge.warmUp, on this thread): %.1f ms%n",
                    (System.nanoTime() - u0) / 1e6);
        }
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
}
