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

import dev.lucent.image.Film;
import dev.lucent.image.SampleSummaryLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Merges a downloaded band of LcPixelState records ({@link CudaPathTracer#PIXEL_STATE_BYTES} bytes each,
 * shaders/cuda/pixel_state.cuh; native byte order; launch row r of the band at host row r) into a {@link Film},
 * rows in parallel. No CUDA call: the host side of {@link CudaPathTracer#renderBands}, on its own so that it can
 * be measured and tested without a device.
 */
final class BandMerge {
    private BandMerge() {}

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
        try {
            threads.submit(all).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while merging", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            throw new IllegalStateException(c);
        }
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
