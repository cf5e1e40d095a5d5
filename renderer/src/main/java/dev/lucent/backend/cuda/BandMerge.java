package dev.lucent.backend.cuda;

import static dev.lucent.backend.cuda.CudaPathTracer.PIXEL_STATE_BYTES;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_ALBEDO;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_COUNT;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_DEPTH;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_DEPTH_HITS;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_EMISSION;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_M2;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_MEAN;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_MOTION;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_NORMAL;
import static dev.lucent.backend.cuda.CudaPathTracer.STATE_PREVIOUS_DEPTH;

import dev.lucent.core.Futures;
import dev.lucent.image.Film;
import dev.lucent.image.SampleSummaryLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Merges a downloaded band of LcPixelState records ({@link CudaPathTracer#PIXEL_STATE_BYTES} bytes each,
 * shaders/cuda/pixel_state.cuh; native byte order; launch row r of the band at host row r) into a {@link Film},
 * rows in parallel. No CUDA call: the host side of {@link CudaPathTracer#renderBands}, on its own so that it can
 * be measured and tested without a device.
 */
final class BandMerge {
    private BandMerge() {}

    /** Scratch film rounds of {@link #warmUp}: 160 x 16 rows of 128 pixels (327,680 merges, 2,560 row calls). */
    static final int WARM_UP_ROUNDS = 160;
    private static final AtomicBoolean WARM_UP_STARTED = new AtomicBoolean();

    /**
     * Starts {@link #warmUp} once per JVM on a daemon thread of minimum priority (later calls do nothing). A
     * renderer calls it when it is built, a few hundred milliseconds or more before its first band is merged, so
     * that the bulk merge is compiled by then: in a fresh JVM, measured on 32 host cores, the first band of a
     * 1080p frame took 180-270 ms to merge with interpreted code against 1-6 ms compiled (docs/benchmarks.md,
     * branch split5).
     */
    static void warmUpAsync() {
        if (!WARM_UP_STARTED.compareAndSet(false, true)) return;
        Thread t = new Thread(BandMerge::warmUp, "lucent-band-merge-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Merges {@link #WARM_UP_ROUNDS} rounds of synthetic records ({@link #syntheticRecords}, in a direct buffer
     * like the pinned download buffers) into fresh 128 x 16 scratch films, row by row as {@link #merge} does, so
     * the JIT compiles {@link Film#mergeSummaries} with the profile of a render's merges. Touches no shared state.
     */
    static void warmUp() {
        int width = 128, rows = 16;
        ByteBuffer records = syntheticRecords(width * rows, 1);
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Film film = new Film(width, rows);
            for (int r = 0; r < rows; r++) {
                film.mergeSummaries(r * width, width, records, r * width * PIXEL_STATE_BYTES, PIXEL_STATE);
            }
        }
    }

    /**
     * {@code pixels} synthetic LcPixelState records in a direct buffer of native byte order: 256 samples each,
     * random RGB means in [0, 2), M2 in [0, 50), albedo, normal and depth; one pixel in 16 with no hit (depth
     * +infinity, 0 hits, some emission); previous depth unknown, motion 0. Deterministic for a seed.
     */
    static ByteBuffer syntheticRecords(int pixels, long seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(pixels * PIXEL_STATE_BYTES).order(ByteOrder.nativeOrder());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int p = 0; p < pixels; p++) {
            int o = p * PIXEL_STATE_BYTES;
            boolean hit = rnd.nextInt(16) != 0;
            b.putInt(o + STATE_COUNT, 256);
            for (int c = 0; c < 3; c++) {
                b.putFloat(o + STATE_MEAN + 4 * c, (float) rnd.nextDouble(0, 2));
                b.putFloat(o + STATE_M2 + 4 * c, (float) rnd.nextDouble(0, 50));
                b.putFloat(o + STATE_ALBEDO + 4 * c, (float) rnd.nextDouble());
                b.putFloat(o + STATE_NORMAL + 4 * c, (float) rnd.nextDouble(-1, 1));
                b.putFloat(o + STATE_EMISSION + 4 * c, hit ? 0f : (float) rnd.nextDouble());
            }
            b.putFloat(o + STATE_DEPTH, hit ? (float) rnd.nextDouble(1, 10) : Float.POSITIVE_INFINITY);
            b.putInt(o + STATE_DEPTH_HITS, hit ? 256 : 0);
            b.putFloat(o + STATE_PREVIOUS_DEPTH, Float.POSITIVE_INFINITY);
            b.putFloat(o + STATE_MOTION, 0f);
            b.putFloat(o + STATE_MOTION + 4, 0f);
        }
        return b;
    }

    /** LcPixelState's fields for {@link Film#mergeSummaries}. */
    static final SampleSummaryLayout PIXEL_STATE = new SampleSummaryLayout(PIXEL_STATE_BYTES, STATE_COUNT,
            STATE_MEAN, STATE_M2, STATE_ALBEDO, STATE_NORMAL, STATE_DEPTH, STATE_DEPTH_HITS, STATE_PREVIOUS_DEPTH,
            STATE_EMISSION, STATE_MOTION);

    /**
     * Merges band {@code band} of {@code plan} from {@code host} into {@code film}, on {@code threads} (or here):
     * each row by one {@link Film#mergeSummaries} call.
     */
    static void merge(Film film, ByteBuffer host, CudaBandPlan plan, int band, ForkJoinPool threads) {
        merge(film, host, plan, band, threads, false);
    }

    /**
     * {@link #merge(Film, ByteBuffer, CudaBandPlan, int, ForkJoinPool)}, or with {@code perRecord} each record
     * read field by field through a {@link PixelStateReader} into {@link Film#mergeSamples} (the same bits,
     * slower; kept as the reference the bulk path is tested and timed against).
     */
    static void merge(Film film, ByteBuffer host, CudaBandPlan plan, int band, ForkJoinPool threads,
            boolean perRecord) {
        int width = film.width();
        Runnable all = () -> IntStream.range(0, plan.rowCount(band)).parallel().forEach(r -> {
            int y = plan.row(band, r);
            if (!perRecord) {
                film.mergeSummaries(y * width, width, host, r * width * PIXEL_STATE_BYTES, PIXEL_STATE);
                return;
            }
            PixelStateReader reader = new PixelStateReader();
            for (int x = 0; x < width; x++) {
                int o = (r * width + x) * PIXEL_STATE_BYTES;
                reader.merge(film, y * width + x, k -> host.getInt(o + k), k -> host.getFloat(o + k));
            }
        });
        if (threads == null) {
            all.run();
            return;
        }
        Futures.join(threads.submit(all), "a band's merge");
    }

    /**
     * Reads one LcPixelState record (fields by byte offset) and merges it into a film pixel with {@link
     * Film#mergeSamples}; scratch arrays reused across pixels, one reader per thread.
     */
    static final class PixelStateReader {
        private final double[] mean = new double[3], m2 = new double[3];
        private final float[] albedo = new float[3], normal = new float[3], emission = new float[3];

        interface IntAt { int at(int byteOffset); }
        interface FloatAt { float at(int byteOffset); }

        void merge(Film film, int pixel, IntAt ints, FloatAt floats) {
            for (int c = 0; c < 3; c++) {
                mean[c] = floats.at(STATE_MEAN + 4 * c);
                m2[c] = floats.at(STATE_M2 + 4 * c);
                albedo[c] = floats.at(STATE_ALBEDO + 4 * c);
                normal[c] = floats.at(STATE_NORMAL + 4 * c);
                emission[c] = floats.at(STATE_EMISSION + 4 * c);
            }
            film.mergeSamples(pixel, ints.at(STATE_COUNT), mean, m2, albedo, normal, floats.at(STATE_DEPTH),
                    ints.at(STATE_DEPTH_HITS), emission, floats.at(STATE_MOTION), floats.at(STATE_MOTION + 4),
                    floats.at(STATE_PREVIOUS_DEPTH));
        }
    }
}
