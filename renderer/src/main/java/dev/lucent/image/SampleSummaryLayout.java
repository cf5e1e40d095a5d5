package dev.lucent.image;

/**
 * Byte layout of one per-pixel sample summary record as a GPU backend downloads it, for {@link
 * Film#mergeSummaries}: every field at a byte offset from the record's start, in the buffer's byte order. Ints:
 * {@code count} (samples n) and {@code depthHits}; floats: {@code mean} and {@code m2} (3 each, RGB, linear
 * Rec.709), {@code albedo}, {@code normal} and {@code emission} (3 each), {@code depth} (mean over the hitting
 * samples), {@code previousDepth}, and {@code motion} (2: x, y in pixels). The meanings are {@link
 * Film#mergeSamples}' arguments of the same names.
 *
 * @param bytes record size in bytes (the stride between consecutive pixels' records)
 */
public record SampleSummaryLayout(int bytes, int count, int mean, int m2, int albedo, int normal, int depth,
        int depthHits, int previousDepth, int emission, int motion) {
    public SampleSummaryLayout {
        int[] fields4 = {count, depth, depthHits, previousDepth};
        int[] fields12 = {mean, m2, albedo, normal, emission};
        for (int f : fields4) check(f, 4, bytes);
        for (int f : fields12) check(f, 12, bytes);
        check(motion, 8, bytes);
    }

    private static void check(int offset, int size, int bytes) {
        if (offset < 0 || offset + size > bytes) {
            throw new IllegalArgumentException("field at byte " + offset + " (" + size + " bytes) outside a " + bytes
                    + "-byte record");
        }
    }
}
